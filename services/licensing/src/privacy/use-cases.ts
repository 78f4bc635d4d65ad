/**
 * A citizen's request about their personal data in permit applications (UU 27/2022 Art. 6-8:
 * access, correction, erasure), handled by an admin after checking who the citizen is. Each action is
 * one tenant transaction with its audit row: who, when, why, which applications; never the data.
 *
 * Erasure keeps what the law keeps: a decided application and its permit are official records (arsip,
 * UU 43/2009), so the applicant's name, the form data, the decision and the permit stay; the contacts
 * and uploaded documents go. An application still open is not erased (its documents are what is being
 * decided): the citizen withdraws it first, and the answer says so.
 */
import {
  contactSubjectRequests,
  listDataSubjectRequests,
  type ContactIdentifier,
  type SubjectInput,
} from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { deleteDocumentsNoted } from './documents.js';
import {
  correctContacts,
  documentsDue,
  documentsOf,
  eraseContacts,
  findSubjectApplications,
  timelineOf,
} from './repository.js';
import { FINISHED_STATUSES } from './retention.js';

type Input = SubjectInput<ContactIdentifier>;
type Apps = Awaited<ReturnType<typeof findSubjectApplications>>;

/** Finds the person's applications, runs an action on them and audits it, all in one transaction. */
const handle = contactSubjectRequests({
  prefix: 'applicant',
  invalid: P.invalid_identifier,
  notFound: () => P.data_subject_not_found('No application in this region carries the identifier given.'),
  find: (trx: Trx, match) => findSubjectApplications(trx, match),
  recordId: (a: Apps[number]) => a.registration_number,
});

const iso = (d: Date | null) => d?.toISOString() ?? null;
const summary = (a: Apps[number]) => ({
  registrationNumber: a.registration_number,
  permitType: a.permit_type,
  status: a.status,
  createdAt: a.created_at.toISOString(),
  permitNumber: a.permit_number ?? null,
  contactErasedAt: iso(a.contact_erased_at),
});

export const searchSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'search', async (_trx, apps) => ({ result: { applications: apps.map(summary) } }));

export const exportSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'export', async (trx, apps) => {
    const ids = apps.map((a) => a.id);
    const [timeline, documents] = await Promise.all([timelineOf(trx, ids), documentsOf(trx, ids)]);
    return {
      result: {
        exportedAt: new Date().toISOString(),
        applications: apps.map((a) => ({
          ...summary(a),
          applicant: {
            name: a.applicant_name,
            phone: a.applicant_phone,
            email: a.applicant_email,
            nik: a.applicant_nik_masked,
          },
          data: a.data,
          submittedAt: iso(a.submitted_at),
          decidedAt: iso(a.decided_at),
          outcome: a.outcome,
          permit: a.permit_number
            ? {
                number: a.permit_number,
                holderName: a.permit_holder_name,
                issuedAt: iso(a.permit_issued_at),
                validUntil: iso(a.permit_valid_until),
                revokedAt: iso(a.permit_revoked_at),
              }
            : null,
          // the files themselves: GET /v1/staff/applications/{registrationNumber}/documents/{documentId}
          documents: documents
            .filter((d) => d.application_id === a.id)
            .map((d) => ({
              documentId: d.id,
              requirement: d.requirement,
              version: d.version,
              fileName: d.file_name,
              mediaType: d.media_type,
              sizeBytes: d.size_bytes,
              sha256: d.sha256,
              uploadedAt: d.uploaded_at.toISOString(),
            })),
          timeline: timeline
            .filter((t) => t.application_id === a.id)
            .map((t) => ({ at: t.at.toISOString(), action: t.action, status: t.to_status, note: t.note })),
        })),
      },
    };
  });

const finished = (a: Apps[number]) => (FINISHED_STATUSES as readonly string[]).includes(a.status);

export const KEPT_ON_ERASURE =
  'Decided applications and their permits are official records (arsip, UU 43/2009): the applicant’s name, the form data, the decision, the timeline and the permit stay. Applications still open are not erased: withdraw them first.';

export const eraseSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'erase', async (trx, apps) => {
    const done = apps.filter(finished);
    const ids = done.map((a) => a.id);
    if (ids.length > 0) {
      await eraseContacts(trx, ids);
      await deleteDocumentsNoted(
        trx,
        documentsDue(ids),
        'Berkas unggahan dihapus atas permintaan pemohon (UU 27/2022)',
      );
    }
    const erased = done.map((a) => a.registration_number);
    return {
      result: {
        erased,
        open: apps
          .filter((a) => !finished(a))
          .map((a) => ({ registrationNumber: a.registration_number, status: a.status })),
        kept: KEPT_ON_ERASURE,
      },
      records: erased,
      fields: ['applicant_phone', 'applicant_email', 'applicant_nik', 'documents'],
    };
  });

export const correctSubject = (
  ctx: Ctx,
  input: Input & { set: { phone?: string | undefined; email?: string | undefined } },
) =>
  handle(ctx, input, 'correct', async (trx, apps) => {
    const set = {
      ...(input.set.phone === undefined ? {} : { applicant_phone: input.set.phone }),
      ...(input.set.email === undefined ? {} : { applicant_email: input.set.email.toLowerCase() }),
    };
    // erased contacts stay erased: a correction must not bring a person back to a closed file
    const open = apps.filter((a) => a.contact_erased_at === null);
    if (open.length > 0)
      await correctContacts(
        trx,
        open.map((a) => a.id),
        set,
      );
    const records = open.map((a) => a.registration_number);
    return { result: { corrected: records, fields: Object.keys(set) }, records, fields: Object.keys(set) };
  });

export const dataSubjectAudit = (ctx: Ctx, tenant: string, limit: number) =>
  ctx.db.withTenant(tenant, (trx) => listDataSubjectRequests(trx, limit));
