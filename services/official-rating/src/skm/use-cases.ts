/** IKM results (public and for the unit's staff) and the unit head's declaration of service users. */
import type { RegionProfile } from '@sinergi/contracts';
import { findUnitOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { publishedFollowUp } from '../follow-up/use-cases.js';
import { reportCards } from '../report-cards/cards.js';
import { currentYear, periodRange } from './period.js';
import { PROFILE_ATTRIBUTES, PROFILE_COLUMNS, PROFILE_LABELS, publishAttribute } from './profile.js';
import { declareServiceUsers, markIndexChanged, profileCounts } from './repository.js';
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
  // the results are published with the unit's follow-up plan for the period (PermenPANRB 14/2017)
  return ctx.db.withTenant(q.tenant, async (trx) => ({
    ...(await unitResult(trx, { profile, unit: q.unit, period, serviceType: q.serviceType })),
    followUp: await publishedFollowUp(trx, q.unit, period),
  }));
}

/** What the unit's staff see: its IKM and its officials' report cards. */
export async function unitResults(ctx: Ctx, q: { tenant: string; unit: string; period?: string | undefined }) {
  const profile = ctx.region(q.tenant);
  findUnitOrThrow(profile, q.unit);
  const period = periodOr(profile, q.period);
  return ctx.db.withTenant(q.tenant, async (trx) => ({
    ikm: {
      ...(await unitResult(trx, { profile, unit: q.unit, period })),
      followUp: await publishedFollowUp(trx, q.unit, period),
    },
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

/**
 * The respondents' profile of a unit and period in aggregate only: counts per attribute, cells
 * under the deployment's PROFILE_MINIMUM_CELL suppressed (profile.ts).
 */
export async function respondentProfile(
  ctx: Ctx,
  q: { tenant: string; unit: string; period?: string | undefined; serviceType?: string | undefined },
) {
  const profile = ctx.region(q.tenant);
  const unit = findUnitOrThrow(profile, q.unit);
  const period = periodOr(profile, q.period);
  const { from, to } = periodRange(period, profile.timeZone);
  const rows = await ctx.db.withTenant(q.tenant, (trx) =>
    profileCounts(trx, { unit: q.unit, from, to, serviceType: q.serviceType }),
  );
  const minimumCell = ctx.config.PROFILE_MINIMUM_CELL;
  return {
    unit: { code: unit.code, name: unit.name },
    period,
    serviceType: q.serviceType ?? null,
    respondents: rows.filter((r) => r.attribute === 'sex').reduce((a, r) => a + Number(r.n), 0),
    minimumCell,
    attributes: PROFILE_ATTRIBUTES.map((attribute) => {
      const counts = new Map(
        rows.filter((r) => r.attribute === attribute).map((r) => [r[PROFILE_COLUMNS[attribute]], Number(r.n)]),
      );
      return { attribute, label: PROFILE_LABELS[attribute], cells: publishAttribute(attribute, counts, minimumCell) };
    }),
  };
}
