/** The public read paths' use cases: the list and map of public reports, and the statistics. */
import type { z } from 'zod';
import type { Ctx } from '../context.js';
import { aggregateStatistics } from '../statistics/aggregate.js';
import { periodOrThrow, publicFilter } from './filters.js';
import { publicReports, statisticsRows } from './queries.js';
import type { PublicFilterQuery, StatisticsQuery } from './schemas.js';

/** Public reports by the query's filters and page; only located ones for the map. */
export function listPublicReports(
  ctx: Ctx,
  tenant: string,
  q: z.output<typeof PublicFilterQuery> & { limit: number; offset: number },
  opts: { located: boolean },
) {
  const filter = { ...publicFilter(q, ctx.region(tenant).timeZone), ...(opts.located ? { located: true } : {}) };
  return ctx.db.withTenant(tenant, (trx) => publicReports(trx, filter, q));
}

/** The statistics of a period (the last 30 days by default) in the region's own days. */
export async function publicStatistics(ctx: Ctx, tenant: string, query: z.output<typeof StatisticsQuery>) {
  const profile = ctx.region(tenant);
  const now = new Date();
  const period = periodOrThrow(query, profile.timeZone, now);
  const rows = await ctx.db.withTenant(tenant, (trx) => statisticsRows(trx, period));
  const stats = aggregateStatistics(
    rows,
    period,
    { units: profile.units, categories: profile.complaintCategories },
    now,
  );
  return {
    region: { code: profile.code, name: profile.name },
    period: { from: period.from, to: period.to, timeZone: period.timeZone, days: period.days },
    ...stats,
    generatedAt: now.toISOString(),
  };
}
