/**
 * The deadline job: finds breached disposition, follow-up and deferral deadlines, escalates them
 * (escalation.ts), and closes followed-up reports nobody answered. Safe with several replicas: a breach is emitted only by the
 * transaction that inserts its deadline_breach row (the primary key makes that one transaction),
 * and auto-closing locks its rows with SKIP LOCKED.
 */
import { reportDeadlineBreached } from '@sinergi/contracts';
import { startTenantJob } from '@sinergi/service-kit';
import type { Trx } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { takeAction } from '../reports/actions.js';
import { SYSTEM_ACTOR } from '../reports/actors.js';
import { escalateToOversight, escalateToUnitHead } from './escalation.js';
import { dueForAutoClose, recordBreaches, type BreachKind } from './repository.js';

export interface ScanResult {
  breaches: number;
  /** Breaches gone on to the region's oversight in this pass (each breach reaches its unit head at once). */
  toOversight: number;
  autoClosed: number;
}

async function emitBreaches(
  ctx: Ctx,
  trx: Trx,
  scan: { tenant: string; kind: BreachKind; now: Date },
): Promise<number> {
  const { tenant, kind, now } = scan;
  const inserted = await recordBreaches(trx, scan);
  for (const r of inserted) {
    await ctx.outbox.emit(trx, reportDeadlineBreached, {
      tenant,
      subject: r.tracking_id,
      data: {
        trackingId: r.tracking_id,
        category: r.category,
        at: now.toISOString(),
        kind,
        unit: r.unit,
        dueAt: r.due_at.toISOString(),
      },
    });
  }
  await escalateToUnitHead(ctx, trx, { tenant, kind, breaches: inserted, now });
  return inserted.length;
}

/** One pass over one region. `now` is a parameter so tests can travel in time. */
export async function scanTenant(ctx: Ctx, tenant: string, now = new Date()): Promise<ScanResult> {
  return ctx.db.withTenant(tenant, async (trx) => {
    const breaches =
      (await emitBreaches(ctx, trx, { tenant, kind: 'disposition', now })) +
      (await emitBreaches(ctx, trx, { tenant, kind: 'follow-up', now })) +
      (await emitBreaches(ctx, trx, { tenant, kind: 'deferral', now }));
    const toOversight = await escalateToOversight(ctx, trx, { tenant, now });
    const due = await dueForAutoClose(trx, now);
    for (const r of due) {
      const input = { note: 'Ditutup otomatis: 10 hari kerja tanpa balasan dari pelapor maupun administrator' };
      await takeAction(ctx, trx, {
        tenant,
        trackingId: r.tracking_id,
        action: 'auto-close',
        actor: SYSTEM_ACTOR,
        input,
        now,
      });
    }
    return { breaches, toOversight, autoClosed: due.length };
  });
}

/** Runs the scan for every region in the directory every `intervalMs`; returns its stopper. */
export function startDeadlineJob(ctx: Ctx, intervalMs: number): () => Promise<void> {
  return startTenantJob(ctx, {
    name: 'deadline scan',
    intervalMs,
    run: async (tenant) => ({ ...(await scanTenant(ctx, tenant)) }),
  });
}
