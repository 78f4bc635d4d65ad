/**
 * unit-index.updated: a rating (or a new service user) marks its unit's periods as changed in the
 * same transaction; the refresh job recomputes the marked indices and announces each at most once
 * per interval, however many ratings arrived. Safe with several replicas: marks are claimed with
 * SKIP LOCKED and held until the transaction deletes them, so a rating marking the same index
 * meanwhile waits and then inserts a fresh mark for the next pass.
 */
import { unitIndexUpdated } from '@sinergi/contracts';
import { startTenantJob, type ServiceContext } from '@sinergi/service-kit';
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

/** Recomputes and announces up to one batch of marked indices of a tenant; returns how many. */
export async function refreshTenant(ctx: Ctx, tenant: string, now = new Date()): Promise<number> {
  const profile = ctx.directory.get(tenant);
  if (!profile) return 0;
  return ctx.db.withTenant(tenant, async (trx) => {
    const marks = await trx
      .selectFrom('index_refresh')
      .select(['unit', 'period'])
      .orderBy('marked_at')
      .limit(BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const m of marks) {
      await announce(ctx, trx, tenant, profile, m.unit, m.period, now);
      await trx.deleteFrom('index_refresh').where('unit', '=', m.unit).where('period', '=', m.period).execute();
    }
    return marks.length;
  });
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
      let announced = 0;
      for (let n = BATCH; n === BATCH; announced += n) n = await refreshTenant(ctx, tenant);
      return { refreshed: announced };
    },
  });
}
