/**
 * unit-index.updated: a rating (or a new service user) marks its unit's periods as changed in the
 * same transaction; the refresh job recomputes the marked indices and announces each at most once
 * per interval, however many ratings arrived. Safe with several replicas: marks are claimed with
 * SKIP LOCKED one at a time and held until their transaction deletes them, so a rating marking
 * the same index meanwhile waits and then inserts a fresh mark for the next pass.
 */
import { unitIndexUpdated } from '@sinergi/contracts';
import { startTenantJob, type ServiceContext } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { OfficialRatingConfig } from '../config.js';
import type { OfficialRatingDB, Trx } from '../db/schema.js';
import { periodsContaining } from './period.js';
import { unitResult } from './results.js';

type Ctx = ServiceContext<OfficialRatingDB, OfficialRatingConfig>;

const BATCH = 50;

export async function markIndexChanged(ctx: Ctx, trx: Trx, tenant: string, unit: string, at: Date, periods?: string[]): Promise<void> {
  const timeZone = ctx.directory.get(tenant)?.timeZone ?? 'Asia/Jakarta';
  const values = (periods ?? periodsContaining(at, timeZone)).map((period) => ({ tenant_id: tenant, unit, period }));
  await trx
    .insertInto('index_refresh')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ marked_at: new Date() }))
    .execute();
}

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
      let q = trx.selectFrom('index_refresh').select(['unit', 'period']).orderBy('marked_at').limit(1).forUpdate().skipLocked();
      if (failed.length > 0) q = q.where(sql<boolean>`unit || '/' || period not in (${sql.join(failed)})`);
      const mark = await q.executeTakeFirst();
      if (!mark) return 'none' as const;
      await sql`savepoint announce`.execute(trx);
      try {
        await announce(ctx, trx, tenant, profile, mark.unit, mark.period, now);
        await trx.deleteFrom('index_refresh').where('unit', '=', mark.unit).where('period', '=', mark.period).execute();
        return 'announced' as const;
      } catch (err) {
        await sql`rollback to savepoint announce`.execute(trx);
        ctx.logger.error({ err, tenant, unit: mark.unit, period: mark.period }, 'unit index could not be computed; retried later');
        await trx.updateTable('index_refresh').set({ marked_at: new Date() }).where('unit', '=', mark.unit).where('period', '=', mark.period).execute();
        failed.push(`${mark.unit}/${mark.period}`);
        return 'failed' as const;
      }
    });
    if (outcome === 'none') break;
    result[outcome]++;
  }
  return result;
}

async function announce(ctx: Ctx, trx: Trx, tenant: string, profile: Parameters<typeof unitResult>[1]['profile'] & { timeZone: string }, unit: string, period: string, now: Date) {
  const r = await unitResult(trx, { timeZone: profile.timeZone, profile }, unit, period);
  const snapshot = {
    ikm: r.ikm === null ? null : r.ikm.toFixed(2),
    band: r.band,
    respondents: r.respondents,
    service_users: r.serviceUsers,
    minimum_sample: r.minimumSample,
    below_minimum_sample: r.belowMinimumSample,
    elements: r.respondents ? JSON.stringify(r.elements.map((e) => e.nrr)) : null,
  };
  const previous = await trx.selectFrom('unit_index').selectAll().where('unit', '=', unit).where('period', '=', period).executeTakeFirst();
  if (previous && (Object.keys(snapshot) as (keyof typeof snapshot)[]).every((k) => previous[k] === snapshot[k])) return;
  await trx
    .insertInto('unit_index')
    .values({ tenant_id: tenant, unit, period, ...snapshot, computed_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ ...snapshot, computed_at: now }))
    .execute();
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
