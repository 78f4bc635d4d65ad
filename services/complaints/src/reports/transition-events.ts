/** The events a workflow transition emits, in the transaction that made it. */
import {
  reportClosed,
  reportDisposed,
  reportFollowedUp,
  reportHandedOver,
  reportStatusChanged,
  type HandOverDestination,
} from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { emitSupported } from './duplicates.js';
import { eventDestination } from './hand-over.js';
import { findReportRef } from './repository.js';
import type { ReportRow } from './views.js';
import type { Action } from './workflow.js';

/** Where a report came from (a social post, an Open311 app), for the consumers that answer there. */
export const sourceOf = (r: ReportRow) =>
  r.source_system
    ? { system: r.source_system, id: r.source_id!, ...(r.source_url ? { url: r.source_url } : {}) }
    : null;

export interface Transitioned {
  tenant: string;
  before: ReportRow;
  after: ReportRow;
  action: Action;
  now: Date;
}

export async function emitTransition(
  ctx: Ctx,
  trx: Trx,
  { tenant, before, after, action, now }: Transitioned,
): Promise<void> {
  const at = now.toISOString();
  const base = { trackingId: after.tracking_id, category: after.category, at };
  const source = sourceOf(after);
  const subject = after.tracking_id;
  await ctx.outbox.emit(trx, reportStatusChanged, {
    tenant,
    subject,
    data: { ...base, from: before.status, to: after.status, action, unit: after.unit, source },
  });
  if (action === 'dispose' || action === 'redispose' || action === 'hand-over') {
    await ctx.outbox.emit(trx, reportDisposed, {
      tenant,
      subject,
      data: { ...base, unit: after.unit!, previousUnit: before.unit, followUpDue: after.followup_due!.toISOString() },
    });
  }
  if (action === 'forward' || action === 'reject-not-authority' || action === 'hand-over') {
    const to = after.handed_over_to as HandOverDestination | null;
    if (!to) throw new Error(`report ${after.tracking_id} was handed over to nowhere`);
    await ctx.outbox.emit(trx, reportHandedOver, {
      tenant,
      subject,
      data: { ...base, from: before.unit, to: eventDestination(to), source },
    });
  }
  if (action === 'follow-up') {
    const withinDeadline = !!before.followup_due && now < before.followup_due;
    await ctx.outbox.emit(trx, reportFollowedUp, {
      tenant,
      subject,
      data: { ...base, unit: after.unit!, withinDeadline, autoCloseDue: after.autoclose_due!.toISOString(), source },
    });
  }
  if (after.status === 'closed') {
    await ctx.outbox.emit(trx, reportClosed, {
      tenant,
      subject,
      data: { ...base, unit: after.unit, reason: after.close_reason!, source },
    });
  }
  if (action === 'unlink' && before.supporting_id) {
    const target = await findReportRef(trx, before.supporting_id);
    if (!target) throw new Error(`report ${after.tracking_id} supported a report that is gone`);
    await emitSupported(ctx, trx, {
      tenant,
      target,
      supporterTrackingId: after.tracking_id,
      category: after.category,
      linked: false,
      now,
    });
  }
}
