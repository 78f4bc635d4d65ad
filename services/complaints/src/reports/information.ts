/**
 * Information requests (permintaan informasi) follow UU 14/2008 on public information (KIP),
 * Art. 22(7)-(8): answered within 10 working days of receipt, extendable once by at most 7 more
 * working days with a written reason. The deadline is set at submission (`information_due`) and is
 * the unit's follow-up deadline once the request is disposed.
 */
import { reportDeadlineExtended } from '@sinergi/contracts';
import { kitProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { extendedInformationDue } from '../deadlines/rules.js';
import { P } from '../problems.js';
import type { ReportActor } from './actors.js';
import { loadReport, renderReport } from './reading.js';
import { assertOpenForReplies } from './replies.js';
import { insertTimeline, updateReport } from './repository.js';
import type { Reader } from './views.js';

export interface Extension {
  tenant: string;
  trackingId: string;
  actor: ReportActor;
  reader: Reader;
  reason: string;
  now?: Date;
}

/** Extends an information request's deadline by 7 working days, once, with the reason on the timeline. */
export function extendInformationDeadline(ctx: Ctx, e: Extension) {
  return ctx.db.withTenant(e.tenant, async (trx) => {
    const now = e.now ?? new Date();
    const report = await loadReport(trx, e.trackingId, { lock: true });
    if (e.actor.kind === 'unit' && report.unit !== e.actor.unit)
      throw kitProblems.forbidden_unit('This report is not with your unit.');
    if (report.type !== 'permintaan-informasi' || !report.information_due)
      throw P.not_information_request('Only an information request has a deadline to extend.');
    assertOpenForReplies(report);
    if (report.information_extended_at)
      throw P.already_extended('This information request was already extended once.', {
        extensions: { dueAt: report.information_due.toISOString() },
      });
    const due = extendedInformationDue(report.information_due, ctx.calendar(e.tenant));
    const updated = await updateReport(trx, report.id, {
      information_due: due,
      information_extended_at: now,
      // once disposed, the unit answers against the statutory deadline
      ...(report.followup_due ? { followup_due: due } : {}),
      updated_at: now,
    });
    await insertTimeline(trx, {
      tenant: e.tenant,
      reportId: report.id,
      actor: e.actor,
      action: 'extend',
      from: report.status,
      to: report.status,
      unit: report.unit,
      note: `Jangka waktu diperpanjang 7 hari kerja: ${e.reason}`,
    });
    await ctx.outbox.emit(trx, reportDeadlineExtended, {
      tenant: e.tenant,
      subject: report.tracking_id,
      data: {
        trackingId: report.tracking_id,
        category: report.category,
        at: now.toISOString(),
        previousDueAt: report.information_due.toISOString(),
        dueAt: due.toISOString(),
      },
    });
    return renderReport(trx, updated, e.reader);
  });
}
