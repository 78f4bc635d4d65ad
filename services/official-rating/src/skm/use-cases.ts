/** IKM results (public and for the unit's staff) and the unit head's declaration of service users. */
import type { RegionProfile } from '@sinergi/contracts';
import { findUnitOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { reportCards } from '../report-cards/cards.js';
import { currentYear } from './period.js';
import { declareServiceUsers, markIndexChanged } from './repository.js';
import { rankings, unitResult } from './results.js';

/** The period asked for, or the current year in the region's time zone. */
export const periodOr = (profile: RegionProfile, period: string | undefined) =>
  period ?? currentYear(new Date(), profile.timeZone);

export async function ikmRankings(ctx: Ctx, q: { tenant: string; period?: string | undefined }) {
  const profile = ctx.region(q.tenant);
  const period = periodOr(profile, q.period);
  const items = await ctx.db.withTenant(q.tenant, (trx) => rankings(trx, profile, period));
  return { period, items };
}

export async function unitIkm(
  ctx: Ctx,
  q: { tenant: string; unit: string; period?: string | undefined; serviceType?: string | undefined },
) {
  const profile = ctx.region(q.tenant);
  findUnitOrThrow(profile, q.unit);
  const period = periodOr(profile, q.period);
  return ctx.db.withTenant(q.tenant, (trx) =>
    unitResult(trx, { profile, unit: q.unit, period, serviceType: q.serviceType }),
  );
}

/** What the unit's staff see: its IKM and its officials' report cards. */
export async function unitResults(ctx: Ctx, q: { tenant: string; unit: string; period?: string | undefined }) {
  const profile = ctx.region(q.tenant);
  findUnitOrThrow(profile, q.unit);
  const period = periodOr(profile, q.period);
  return ctx.db.withTenant(q.tenant, async (trx) => ({
    ikm: await unitResult(trx, { profile, unit: q.unit, period }),
    reportCards: await reportCards(trx, profile, { period, unit: q.unit }),
  }));
}

/** The population of the minimum sample for a period; the period's index is recomputed. */
export async function setServiceUsers(
  ctx: Ctx,
  d: { tenant: string; unit: string; period: string; count: number; by: string },
): Promise<void> {
  const profile = ctx.region(d.tenant);
  findUnitOrThrow(profile, d.unit);
  await ctx.db.withTenant(d.tenant, async (trx) => {
    await declareServiceUsers(trx, d);
    await markIndexChanged(trx, {
      tenant: d.tenant,
      unit: d.unit,
      at: new Date(),
      timeZone: profile.timeZone,
      periods: [d.period],
    });
  });
}
