/**
 * unit-index.updated: a rating (or a new service user) marks its unit's periods as changed in the
 * same transaction; the refresh job recomputes the marked indices and announces each at most once
 * per interval, however many ratings arrived. Safe with several replicas: marks are claimed with
 * SKIP LOCKED one at a time and held until their transaction deletes them, so a rating marking
 * the same index meanwhile waits and then inserts a fresh mark for the next pass.
 */
import { unitIndexUpdated, type RegionProfile } from '@sinergi/contracts';
import { startTenantJob } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { claimMark, deleteMark, findUnitIndex, postponeMark, saveUnitIndex } from './repository.js';
import { unitResult } from './results.js';

export { markIndexChanged } from './repository.js';

const BATCH = 50;

export interface RefreshResult {
  announced: number;
  failed: number;
}

/**
 * Recomputes and announces up to one batch of a tenant's marked indices, each in its own short
 * transaction (a rating touching the same mark waits for one index, not a batch). A mark whose
 * index cannot be computed is logged and moved to the back, so it never blocks the others.
 */
export async function refreshTenant(ctx: Ctx, tenant: string, now = new Date()): Promise<RefreshResult> {
  const profile = ctx.directory.get(tenant);
  const result: RefreshResult = { announced: 0, failed: 0 };
  if (!profile) return result;
  const failed: string[] = [];
  while (result.announced + result.failed < BATCH) {
    const outcome = await ctx.db.withTenant(tenant, async (trx) => {
      const mark = await claimMark(trx, failed);
      if (!mark) return 'none' as const;
      await sql`savepoint announce`.execute(trx);
      try {
        await announce(ctx, trx, { profile, unit: mark.unit, period: mark.period, now });
        await deleteMark(trx, mark);
        return 'announced' as const;
      } catch (err) {
        await sql`rollback to savepoint announce`.execute(trx);
        ctx.logger.error(
          { err, tenant, unit: mark.unit, period: mark.period },
          'unit index could not be computed; retried later',
        );
        await postponeMark(trx, mark);
        failed.push(`${mark.unit}/${mark.period}`);
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    result[outcome]++;
  }
  return result;
}

async function announce(ctx: Ctx, trx: Trx, a: { profile: RegionProfile; unit: string; period: string; now: Date }) {
  const { profile, unit, period, now } = a;
  const tenant = profile.code;
  const r = await unitResult(trx, { profile, unit, period });
  const snapshot = {
    ikm: r.ikm === null ? null : r.ikm.toFixed(2),
    band: r.band,
    respondents: r.respondents,
    service_users: r.serviceUsers,
    minimum_sample: r.minimumSample,
    below_minimum_sample: r.belowMinimumSample,
    elements: r.respondents ? JSON.stringify(r.elements.map((e) => e.nrr)) : null,
  };
  const previous = await findUnitIndex(trx, unit, period);
  if (previous && (Object.keys(snapshot) as (keyof typeof snapshot)[]).every((k) => previous[k] === snapshot[k]))
    return;
  await saveUnitIndex(trx, { tenant_id: tenant, unit, period, ...snapshot, computed_at: now });
  await ctx.outbox.emit(trx, unitIndexUpdated, {
    tenant,
    subject: `${unit}/${period}`,
    data: {
      unit,
      period,
      ikm: r.ikm,
      band: r.band,
      elements: r.respondents ? r.elements.map((e) => e.nrr!) : null,
      respondents: r.respondents,
      serviceUsers: r.serviceUsers,
      minimumSample: r.minimumSample,
      belowMinimumSample: r.belowMinimumSample,
      at: now.toISOString(),
    },
  });
}

/** Runs the refresh for every region every `intervalMs`; returns its stopper. */
export function startIndexRefresh(ctx: Ctx, intervalMs: number): () => Promise<void> {
  return startTenantJob(ctx, {
    name: 'index refresh',
    intervalMs,
    async run(tenant) {
      // a few batches per region and pass, so one busy region does not hold up the others
      const total = { announced: 0, failed: 0 };
      for (let pass = 0; pass < 10; pass++) {
        const r = await refreshTenant(ctx, tenant);
        total.announced += r.announced;
        total.failed += r.failed;
        if (r.announced + r.failed < BATCH || r.announced === 0) break;
      }
      return total;
    },
  });
}
