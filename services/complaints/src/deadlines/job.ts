/**
 * The deadline job: finds breached disposition and follow-up deadlines and closes followed-up
 * reports nobody answered. Safe with several replicas: a breach is emitted only by the
 * transaction that inserts its deadline_breach row (the primary key makes that one transaction),
 * and auto-closing locks its rows with SKIP LOCKED.
 */
import { reportDeadlineBreached } from '@sinergi/contracts';
import { sql } from 'kysely';
import { startTenantJob } from '@sinergi/service-kit';
import type { Trx } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { takeAction } from '../reports/actions.js';
import { SYSTEM_ACTOR } from '../reports/actors.js';

const BATCH = 500;

export interface ScanResult {
  breaches: number;
  autoClosed: number;
}

async function emitBreaches(ctx: Ctx, trx: Trx, scan: { tenant: string; kind: 'disposition' | 'follow-up'; now: Date }): Promise<number> {
  const { tenant, kind, now } = scan;
  const due = kind === 'disposition' ? sql.ref('r.disposition_due') : sql.ref('r.followup_due');
  const statuses = kind === 'disposition' ? ['submitted'] : ['disposed', 'in-progress'];
  // insert-if-absent decides who emits: a concurrent scan finds the row taken and emits nothing
  const inserted = await sql<{ report_id: string; due_at: Date; tracking_id: string; category: string; unit: string | null }>`
    with candidates as (
      select r.id, r.tracking_id, r.category, r.unit, ${due} as due_at
        from report r
       where r.status in (${sql.join(statuses)}) and ${due} <= ${now}
         and not exists (select 1 from deadline_breach b where b.report_id = r.id and b.kind = ${kind} and b.due_at = ${due})
       order by ${due}
       limit ${BATCH}
    ), fresh as (
      insert into deadline_breach (tenant_id, report_id, kind, due_at)
      select ${tenant}, id, ${kind}, due_at from candidates
      on conflict do nothing
      returning report_id, due_at
    )
    select f.report_id, f.due_at, c.tracking_id, c.category, c.unit from fresh f join candidates c on c.id = f.report_id`.execute(trx);
  for (const r of inserted.rows) {
    await ctx.outbox.emit(trx, reportDeadlineBreached, {
      tenant,
      subject: r.tracking_id,
      data: { trackingId: r.tracking_id, category: r.category, at: now.toISOString(), kind, unit: r.unit, dueAt: r.due_at.toISOString() },
    });
  }
  return inserted.rows.length;
}

/** One pass over one region. `now` is a parameter so tests can travel in time. */
export async function scanTenant(ctx: Ctx, tenant: string, now = new Date()): Promise<ScanResult> {
  return ctx.db.withTenant(tenant, async (trx) => {
    const breaches = (await emitBreaches(ctx, trx, { tenant, kind: 'disposition', now })) + (await emitBreaches(ctx, trx, { tenant, kind: 'follow-up', now }));
    const due = await trx
      .selectFrom('report')
      .select('tracking_id')
      .where('status', '=', 'followed-up')
      .where('autoclose_due', '<=', now)
      .orderBy('autoclose_due')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const r of due) {
      const input = { note: 'Ditutup otomatis: 10 hari kerja tanpa tanggapan pelapor' };
      await takeAction(ctx, trx, { tenant, trackingId: r.tracking_id, action: 'auto-close', actor: SYSTEM_ACTOR, input, now });
    }
    return { breaches, autoClosed: due.length };
  });
}

/** Runs the scan for every region in the directory every `intervalMs`; returns its stopper. */
export function startDeadlineJob(ctx: Ctx, intervalMs: number): () => Promise<void> {
  return startTenantJob(ctx, { name: 'deadline scan', intervalMs, run: async (tenant) => ({ ...(await scanTenant(ctx, tenant)) }) });
}
