/** Reading applications: each reader's view, lists, stored documents, the issued permit and the rating link. */
import { sharedProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { ApplicationRow, Trx } from '../db/schema.js';
import { findPermitType } from '../permit-types/service.js';
import { findPermitOf, permitSummaryOf } from '../permits/repository.js';
import { P } from '../problems.js';
import { invitations } from '../rating/invitations.js';
import {
  checkApplicant,
  checkReadAccess,
  checkUnit,
  loadApplication,
  type ApplicantAccess,
  type Caller,
  type ReadAccess,
} from './access.js';
import {
  documentsOf,
  findDocument,
  listByApplicant,
  listForStaff,
  timelineOf,
  type StaffListFilter,
} from './repository.js';
import { objectionUntil } from './legal-steps.js';
import { applicationView, type Reader } from './views.js';

/** The view of `row` for `reader`, with its permit type, timeline, documents and permit. */
export async function renderApplication(ctx: Ctx, trx: Trx, row: ApplicationRow, reader: Reader) {
  const [type, timeline, documents, permit] = await Promise.all([
    findPermitType(trx, row.permit_type),
    timelineOf(trx, row.id),
    documentsOf(trx, row.id),
    permitSummaryOf(trx, row.id),
  ]);
  // the rating link is a bearer capability: read for the applicant only, so no other reader's view can carry it
  const ratingInvitation = reader === 'applicant' ? await invitations.read(trx, row.id) : undefined;
  return applicationView(row, reader, {
    type,
    timeline,
    documents,
    permit: permit ?? null,
    now: new Date(),
    maxUploadBytes: ctx.config.MAX_UPLOAD_BYTES,
    ratingInvitation,
    objectionUntil: objectionUntil(row, ctx.calendar(row.tenant_id)),
    timeZone: ctx.region(row.tenant_id).timeZone,
    calendar: ctx.calendar(row.tenant_id),
  });
}

/** The application an applicant reads, and their proof that it is theirs. */
export interface ApplicantRead {
  tenant: string;
  registrationNumber: string;
  access: ApplicantAccess;
}

export const viewForApplicant = (ctx: Ctx, q: ApplicantRead) =>
  ctx.db.withTenant(q.tenant, async (trx) => {
    const row = await loadApplication(trx, q.registrationNumber, { lock: false });
    checkApplicant(row, q.access);
    return renderApplication(ctx, trx, row, 'applicant');
  });

export const viewForStaff = (
  ctx: Ctx,
  q: { tenant: string; registrationNumber: string; caller: Caller; reader: Reader },
) =>
  ctx.db.withTenant(q.tenant, async (trx) => {
    const row = await loadApplication(trx, q.registrationNumber, { lock: false });
    checkUnit(row, q.caller);
    return renderApplication(ctx, trx, row, q.reader);
  });

/** The applicant's rating invitation, or 404 `rating_invitation_not_found` before official-rating sent one. */
export const ratingInvitationFor = (ctx: Ctx, q: ApplicantRead) =>
  ctx.db.withTenant(q.tenant, async (trx) => {
    const row = await loadApplication(trx, q.registrationNumber, { lock: false });
    checkApplicant(row, q.access);
    const invitation = await invitations.read(trx, row.id);
    if (!invitation) {
      throw sharedProblems.rating_invitation_not_found(
        `There is no rating invitation for ${row.registration_number} yet; it comes once the application is decided.`,
      );
    }
    return invitation;
  });

/** A stored document, for its applicant or the handling unit; never on a public route. */
export const storedDocument = (
  ctx: Ctx,
  q: { tenant: string; registrationNumber: string; documentId: string; who: ReadAccess },
) =>
  ctx.db.withTenant(q.tenant, async (trx) => {
    const row = await loadApplication(trx, q.registrationNumber, { lock: false });
    checkReadAccess(row, q.who);
    const doc = /^[0-9a-f-]{36}$/.test(q.documentId) ? await findDocument(trx, row.id, q.documentId) : undefined;
    if (!doc) throw P.document_not_found('The application has no such document.');
    return doc;
  });

/** The issued permit of an application, for its applicant or the handling unit. */
export const issuedPermit = (ctx: Ctx, q: { tenant: string; registrationNumber: string; who: ReadAccess }) =>
  ctx.db.withTenant(q.tenant, async (trx) => {
    const row = await loadApplication(trx, q.registrationNumber, { lock: false });
    checkReadAccess(row, q.who);
    const p = await findPermitOf(trx, row.id);
    if (!p)
      throw P.permit_not_issued(`No permit has been issued for this application; it is ${row.status}.`, {
        extensions: { currentStatus: row.status },
      });
    return p;
  });

export interface ApplicationSummary {
  registrationNumber: string;
  permitType: string;
  unit: string;
  status: ApplicationRow['status'];
  submittedAt: string | null;
  completenessDue: string | null;
  decisionDue: string | null;
  /** While returned: when the file lapses; while objected: when the office must decide the objection. */
  returnDue: string | null;
  objectionDue: string | null;
  updatedAt: string;
}

function summary(r: ApplicationRow): ApplicationSummary {
  return {
    registrationNumber: r.registration_number,
    permitType: r.permit_type,
    unit: r.unit,
    status: r.status,
    submittedAt: r.submitted_at?.toISOString() ?? null,
    completenessDue: r.status === 'submitted' ? (r.completeness_due?.toISOString() ?? null) : null,
    decisionDue: r.decision_due?.toISOString() ?? null,
    returnDue: r.status === 'returned' ? (r.return_due?.toISOString() ?? null) : null,
    objectionDue: r.status === 'objected' ? (r.objection_due?.toISOString() ?? null) : null,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The applications made with a citizen account. */
export const listMine = async (ctx: Ctx, q: { tenant: string; sub: string }) =>
  (await ctx.db.withTenant(q.tenant, (trx) => listByApplicant(trx, q.sub))).map(summary);

/** The applications staff see: their unit's (`unit` undefined: region-wide). */
export const listForStaffView = async (ctx: Ctx, q: { tenant: string; filter: StaffListFilter }) =>
  (await ctx.db.withTenant(q.tenant, (trx) => listForStaff(trx, q.filter))).map(summary);
