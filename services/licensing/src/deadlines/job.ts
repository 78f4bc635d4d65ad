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
import { SYSTEM } from '../applications/access.js';
import { deemComplete, deemGrant } from '../applications/deemed.js';
import {
  claimCompletenessDue,
  claimDecisionDue,
  claimFollowUpDue,
  type FollowUpDue,
} from '../applications/repository.js';
import { act } from '../applications/transitions.js';
import type { Action } from '../applications/workflow.js';
import type { ApplicationRow, Trx } from '../db/schema.js';
import type { Ctx, Deps } from '../context.js';

/**
 * Takes `step` on each row `claim` hands out, one transaction each, until none is left. A row whose
 * step fails is rolled back to a savepoint, logged and passed over for the rest of this sweep (the
 * next sweep tries it again), so it never holds up the region's others. Returns done and failed.
 */
async function drain(
  ctx: Ctx,
  tenant: string,
  claim: (trx: Trx, except: string[]) => Promise<ApplicationRow | undefined>,
  step: { name: string; run: (trx: Trx, row: ApplicationRow) => Promise<unknown> },
): Promise<{ done: number; failed: number }> {
  const counts = { done: 0, failed: 0 };
  const failed: string[] = [];
  for (;;) {
    const outcome = await ctx.db.withTenant(tenant, async (trx) => {
      const row = await claim(trx, failed);
      if (!row) return 'none' as const;
      await sql`savepoint follow_up`.execute(trx);
      try {
        await step.run(trx, row);
        return 'done' as const;
      } catch (err) {
        await sql`rollback to savepoint follow_up`.execute(trx);
        ctx.logger.error(
          { err, tenant, registrationNumber: row.registration_number },
          `${step.name} failed; the next sweep tries again`,
        );
        failed.push(row.id);
        return 'failed' as const;
      }
    });
    if (outcome === 'none') return counts;
    counts[outcome]++;
  }
}

/** The follow-up steps by their deadline: lapses before reminders, so a file past both is not reminded first. */
const FOLLOW_UPS: { column: FollowUpDue; action: Action; counter: 'lapsed' | 'reminded' | 'objectionsGranted' }[] = [
  { column: 'return_due', action: 'lapse', counter: 'lapsed' },
  { column: 'return_remind_at', action: 'remind-completion', counter: 'reminded' },
  { column: 'objection_due', action: 'deem-grant-objection', counter: 'objectionsGranted' },
];

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
): Promise<{
  completed: number;
  granted: number;
  failed: number;
  lapsed: number;
  reminded: number;
  objectionsGranted: number;
}> {
  const counts = { completed: 0, granted: 0, failed: 0, lapsed: 0, reminded: 0, objectionsGranted: 0 };
  // returned files past their completion window lapse, and objections the office left undecided
  // are deemed granted (UU 30/2014 Art. 77(5)), before the files that became complete are swept
  for (const f of FOLLOW_UPS) {
    const r = await drain(
      ctx,
      tenant,
      (trx, except) => claimFollowUpDue(trx, { tenant, now, column: f.column, except }),
      {
        name: f.action,
        run: (trx, row) => act(trx, ctx, deps.keys, { tenant, row, action: f.action, caller: SYSTEM, now }),
      },
    );
    counts[f.counter] += r.done;
    counts.failed += r.failed;
  }
  const completeness = await drain(ctx, tenant, (trx, except) => claimCompletenessDue(trx, { tenant, now, except }), {
    name: 'deeming a file complete',
    run: (trx, row) => deemComplete(trx, ctx, deps.keys, { tenant, row, now }),
  });
  counts.completed += completeness.done;
  counts.failed += completeness.failed;
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
