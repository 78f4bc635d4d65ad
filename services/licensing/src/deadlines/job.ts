/**
 * Fiktif positif: applications whose service-standard deadline passed without a decision are
 * deemed granted by law and issued on that basis. Safe with several replicas: candidates are
 * locked with FOR UPDATE SKIP LOCKED and re-checked under the lock by the workflow, and the
 * status leaves the open set in the same transaction, so each application is granted exactly once.
 */
import { sql } from 'kysely';
import type { ApplicationsService } from '../applications/service.js';
import { CLOCK_RUNNING } from '../applications/workflow.js';
import type { Ctx } from '../context.js';
import type { ApplicationRow } from '../db/schema.js';

const BATCH = 200;

/** One pass over one region; `now` is a parameter so tests can travel in time. Returns how many were deemed granted. */
export async function sweepTenant(ctx: Ctx, applications: ApplicationsService, tenant: string, now = new Date()): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await ctx.db.withTenant(tenant, async (trx) => {
      // the partial index application_decision_due serves this query (the benchmark prints its plan)
      const due = await sql<ApplicationRow>`
        select * from application
         where status in (${sql.join(CLOCK_RUNNING)}) and decision_due <= ${now}
         order by decision_due
         limit ${BATCH}
         for update skip locked`.execute(trx);
      for (const row of due.rows) await applications.actLocked(trx, tenant, row, 'deem-grant', { kind: 'system', id: 'system' }, now);
      return due.rows.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/** Runs the sweep for every region in the directory every `intervalMs`; returns its stopper. */
export function startDeadlineJob(ctx: Ctx, applications: ApplicationsService, intervalMs: number): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= (async () => {
      for (const tenant of ctx.directory.tenants()) {
        try {
          const granted = await sweepTenant(ctx, applications, tenant);
          if (granted) ctx.logger.info({ tenant, granted }, 'deemed granted (fiktif positif)');
        } catch (err) {
          ctx.logger.error({ err, tenant }, 'deadline sweep failed');
        }
      }
    })().finally(() => (running = undefined));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
