/**
 * Reading reports: one report as its reader may see it (public, reporter with the secret, staff),
 * the reporter's rating invitation, and the staff lists. Privacy per reader is decided in
 * `views.ts`; here only who is which reader.
 */
import { holidaysConfirmed, kitProblems, sharedProblems, type WorkingCalendar } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { P } from '../problems.js';
import type { StaffReader } from './actors.js';
import { invitations } from '../rating/consumer.js';
import { secretMatches } from './identifiers.js';
import { listReports, type ListFilter } from './queries.js';
import { countSupporters, findEscalations, findReport, findReportRef, findTimeline } from './repository.js';
import { reportView, type Reader, type ReportRow } from './views.js';

export const reportNotFound = (trackingId: string) =>
  P.report_not_found(`There is no report ${trackingId} in this region.`);

/** A report, locked against concurrent changes when `lock`; 404 when it is not there. */
export async function loadReport(trx: Trx, trackingId: string, opts: { lock: boolean }): Promise<ReportRow> {
  const row = await findReport(trx, trackingId, opts);
  if (!row) throw reportNotFound(trackingId);
  return row;
}

/** Checks a reporter's secret. A wrong one is 403, except on a rahasia report: without its secret, it does not exist (404). */
export function assertSecret(
  row: Pick<ReportRow, 'rahasia' | 'secret_hash'>,
  trackingId: string,
  secret: string,
): void {
  if (secretMatches(secret, row.secret_hash)) return;
  throw row.rahasia
    ? reportNotFound(trackingId)
    : sharedProblems.wrong_secret('The secret does not match this report.');
}

/** The report as `reader` sees it, with its supporters, timeline and (for its reporter only) rating invitation. */
export async function renderReport(trx: Trx, row: ReportRow, reader: Reader) {
  const [supporters, timeline, supporting] = await Promise.all([
    countSupporters(trx, row.id),
    findTimeline(trx, row.id),
    row.supporting_id ? findReportRef(trx, row.supporting_id) : undefined,
  ]);
  const supportingVisible = supporting && (reader !== 'public' || !supporting.rahasia) ? supporting.tracking_id : null;
  // the invitation is read for the reporter only, so no other reader's view can ever carry it
  const ratingInvitation = reader === 'reporter' ? await invitations.read(trx, row.id) : undefined;
  const staff = reader === 'admin' || reader === 'unit' || reader === 'auditor';
  const escalations = staff ? await findEscalations(trx, row.id) : [];
  return reportView(row, reader, {
    supporters,
    supportingTrackingId: supportingVisible,
    timeline,
    ratingInvitation,
    escalations,
  });
}

export interface ViewRequest {
  tenant: string;
  trackingId: string;
  /** With the reporter's secret, the reporter's view (whoever asks). */
  secret?: string | undefined;
}

/** The tracking view: public, or the reporter's with the secret; rahasia reports are 404 without it. */
export function viewReport(ctx: Ctx, r: ViewRequest) {
  return ctx.db.withTenant(r.tenant, async (trx) => {
    const row = await loadReport(trx, r.trackingId, { lock: false });
    if (r.secret !== undefined) {
      assertSecret(row, r.trackingId, r.secret);
      return renderReport(trx, row, 'reporter');
    }
    if (row.rahasia) throw reportNotFound(r.trackingId);
    return renderReport(trx, row, 'public');
  });
}

/** A report as a staff member reads it; unit staff only the reports with their unit. */
export function staffViewReport(
  ctx: Ctx,
  r: { tenant: string; trackingId: string; reader: StaffReader; unit?: string | undefined },
) {
  return ctx.db.withTenant(r.tenant, async (trx) => {
    const row = await loadReport(trx, r.trackingId, { lock: false });
    if (r.reader === 'unit' && row.unit !== r.unit)
      throw kitProblems.forbidden_unit('This report is handled by another unit.');
    const view = await renderReport(trx, row, r.reader);
    return { ...view, deadline: withHolidayCheck(view.deadline, row.received_at, ctx.calendar(r.tenant)) };
  });
}

/**
 * Staff see whether a deadline rests only on confirmed holiday lists: one counted into a year whose
 * list is not confirmed yet (the SKB comes in the autumn before) may move when the list arrives.
 */
function withHolidayCheck<D extends { due: string } | null>(deadline: D, from: Date, cal: WorkingCalendar) {
  return deadline && { ...deadline, holidaysConfirmed: holidaysConfirmed(from, new Date(deadline.due), cal) };
}

/** The reporter's rating invitation (tracking ID + secret), or 404 `rating_invitation_not_found` before there is one. */
export function ratingInvitationFor(ctx: Ctx, r: ViewRequest & { secret: string }) {
  return ctx.db.withTenant(r.tenant, async (trx) => {
    const report = await loadReport(trx, r.trackingId, { lock: false });
    assertSecret(report, r.trackingId, r.secret);
    const invitation = await invitations.read(trx, report.id);
    if (!invitation) {
      throw sharedProblems.rating_invitation_not_found(
        `There is no rating invitation for ${report.tracking_id} yet; it comes once the report is closed.`,
      );
    }
    return invitation;
  });
}

/** A staff list (queue, inbox, overdue) of summaries as the reader may see them. */
export async function listStaffReports(ctx: Ctx, tenant: string, filter: ListFilter) {
  const items = await ctx.db.withTenant(tenant, (trx) => listReports(trx, filter));
  const cal = ctx.calendar(tenant);
  return items.map((i) => ({ ...i, deadline: withHolidayCheck(i.deadline, new Date(i.submittedAt), cal) }));
}
