/**
 * Replies on a report's thread, by its reporter or by staff. LAPOR! closes a followed-up report
 * automatically only "tanpa adanya balasan dari pelapor maupun administrator" (KemenPANRB's
 * SP4N-LAPOR! text): a reply holds the closure and the 10 working days start again from it.
 */
import { kitProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { autoCloseDue } from '../deadlines/rules.js';
import { P } from '../problems.js';
import type { ReportActor } from './actors.js';
import { loadReport, renderReport } from './reading.js';
import { insertTimeline, touchReport, updateReport } from './repository.js';
import type { Reader, ReportRow } from './views.js';
import { FINAL_STATUSES } from './workflow.js';

export interface Reply {
  tenant: string;
  report: ReportRow;
  actor: ReportActor;
  note: string | null;
  now?: Date;
}

/** Refuses a reply to a report nobody acts on any more. */
export function assertOpenForReplies(report: ReportRow) {
  if (FINAL_STATUSES.includes(report.status)) {
    throw P.report_finished(`The report is ${report.status}; submit a new report instead.`, {
      extensions: { currentStatus: report.status },
    });
  }
}

/** Records a reply on the timeline; on a followed-up report it restarts the automatic closing period. */
export async function recordReply(ctx: Ctx, trx: Trx, r: Reply): Promise<ReportRow> {
  const { report } = r;
  const now = r.now ?? new Date();
  await insertTimeline(trx, {
    tenant: r.tenant,
    reportId: report.id,
    actor: r.actor,
    action: 'reply',
    from: report.status,
    to: report.status,
    unit: report.unit,
    note: r.note,
  });
  if (report.status !== 'followed-up') {
    await touchReport(trx, report.id);
    return report;
  }
  return updateReport(trx, report.id, { autoclose_due: autoCloseDue(now, ctx.calendar(r.tenant)), updated_at: now });
}

export interface StaffReply {
  tenant: string;
  trackingId: string;
  actor: ReportActor;
  reader: Reader;
  note: string;
}

/** An admin (or the handling unit) answers on the thread; answered with the report as that staff member reads it. */
export function replyAsStaff(ctx: Ctx, r: StaffReply) {
  return ctx.db.withTenant(r.tenant, async (trx) => {
    const report = await loadReport(trx, r.trackingId, { lock: true });
    if (r.actor.kind === 'unit' && report.unit !== r.actor.unit)
      throw kitProblems.forbidden_unit('This report is not with your unit.');
    assertOpenForReplies(report);
    const updated = await recordReply(ctx, trx, { tenant: r.tenant, report, actor: r.actor, note: r.note });
    return renderReport(trx, updated, r.reader);
  });
}
