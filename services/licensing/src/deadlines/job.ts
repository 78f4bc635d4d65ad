/**
 * Deemed completeness: a submitted file whose registration check ran out (neither returned nor found
 * complete by its completeness deadline) is deemed complete, once, claimed like the grants below;
 * the service-standard clock runs from that deadline.
 *
 * Fiktif positif: applications whose service-standard deadline passed without a decision are
 * deemed granted by law and issued on that basis.
 *
 * Each grant is its own transaction: one overdue application is claimed with FOR UPDATE SKIP
 * LOCKED, re-checked under the lock by the workflow and issued, and the status leaves the open set
 * in the same transaction, so each application is granted exactly once however many replicas
 * sweep. A grant that fails (data that cannot be signed, a broken permit type) is rolled back to a
 * savepoint, recorded on the row with a back-off and skipped, so the region's other grants go on.
 * One grant per transaction also keeps each permit_sequence row lock short and never takes two
 * of them in one transaction, so replicas cannot deadlock on them.
 */
import { startTenantJob } from '@sinergi/service-kit';
import { sql } from 'kysely';
import { deemComplete, deemGrant } from '../applications/deemed.js';
import { claimCompletenessDue, claimDecisionDue } from '../applications/repository.js';
import type { Ctx, Deps } from '../context.js';

/**
 * One pass over one region; `now` is a parameter so tests can travel in time. Files whose
 * registration check ran out are deemed complete first (so one whose decision is also overdue is
 * granted in the same pass). Returns how many were deemed complete, deemed granted, and how many
 * of either failed.
 */
export async function sweepTenant(
  ctx: Ctx,
  deps: Pick<Deps, 'keys'>,
  tenant: string,
  now = new Date(),
): Promise<{ completed: number; granted: number; failed: number }> {
  const counts = { completed: 0, granted: 0, failed: 0 };
  // a file that cannot be deemed complete is logged and passed over for the rest of this sweep, so
  // it never holds up the region's other files (the next sweep tries it again)
  const failed: string[] = [];
  for (;;) {
    const outcome = await ctx.db.withTenant(tenant, async (trx) => {
      const row = await claimCompletenessDue(trx, { tenant, now, except: failed });
      if (!row) return 'none' as const;
      await sql`savepoint deem_complete`.execute(trx);
      try {
        await deemComplete(trx, ctx, deps.keys, { tenant, row, now });
        return 'completed' as const;
      } catch (err) {
        await sql`rollback to savepoint deem_complete`.execute(trx);
        ctx.logger.error(
          { err, tenant, registrationNumber: row.registration_number },
          'deeming a file complete failed; the next sweep tries again',
        );
        failed.push(row.id);
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    if (outcome === 'completed') counts.completed++;
    else counts.failed++;
  }
  for (;;) {
    const result = await ctx.db.withTenant(tenant, async (trx) => {
      const row = await claimDecisionDue(trx, { tenant, now });
      if (!row) return 'none' as const;
      return (await deemGrant(trx, ctx, deps.keys, { tenant, row, now })) ? ('granted' as const) : ('failed' as const);
    });
    if (result === 'none') return counts;
    counts[result]++;
  }
}

/** Runs the sweep for every region in the directory every `intervalMs`; returns its stopper. */
export function startDeadlineJob(ctx: Ctx, deps: Pick<Deps, 'keys'>, intervalMs: number): () => Promise<void> {
  return startTenantJob(ctx, {
    name: 'deemed granted (fiktif positif)',
    intervalMs,
    run: (tenant) => sweepTenant(ctx, deps, tenant),
  });
}
