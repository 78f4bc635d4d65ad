/** Report cards of a tenant's officials for a period, from the star totals in the database. */
import type { Official, RegionProfile } from '@sinergi/contracts';
import { findUnit } from '@sinergi/contracts';
import { localDate } from '@sinergi/service-kit';
import type { Trx } from '../db/schema.js';
import { periodRange } from '../skm/period.js';
import { dimensionStarTotals, officialStarTotals, reportCardConfig } from './repository.js';
import { reportCard, type StarTotal } from './score.js';

export async function reportCards(
  trx: Trx,
  profile: RegionProfile,
  filter: { period: string; unit?: string | undefined; official?: string | undefined },
) {
  const { period } = filter;
  const { from, to } = periodRange(period, profile.timeZone);
  // a period is judged with the settings in force on its last day, or today while it runs
  const lastDay = localDate(new Date(to.getTime() - 1), profile.timeZone);
  const today = localDate(new Date(), profile.timeZone);
  const config = await reportCardConfig(trx, lastDay < today ? lastDay : today);
  const overall = await officialStarTotals(trx, { from, to });
  const dims = await dimensionStarTotals(trx, { from, to, keys: config.dimensions.map((d) => d.key) });
  const ownOverall = new Map(overall.map((r) => [r.official, { sum: r.sum, count: r.count }]));
  const tenantOverall = meanOf([...ownOverall.values()]);
  const ownDims = new Map<string, Map<string, StarTotal>>();
  const perDimension = new Map<string, StarTotal[]>();
  for (const r of dims) {
    const t = { sum: r.sum, count: r.count };
    if (!ownDims.has(r.official)) ownDims.set(r.official, new Map());
    ownDims.get(r.official)!.set(r.dimension, t);
    perDimension.set(r.dimension, [...(perDimension.get(r.dimension) ?? []), t]);
  }
  const tenantDims = new Map([...perDimension.entries()].map(([k, v]) => [k, meanOf(v)!]));

  const officials = profile.officials.filter(
    (o) => (!filter.unit || o.unit === filter.unit) && (!filter.official || o.id === filter.official),
  );
  return {
    period,
    configuration: { custom: config.custom, effectiveFrom: config.effectiveFrom, basis: config.basis },
    dimensions: config.dimensions,
    bands: config.bands,
    minimumRatings: config.minimumRatings,
    tenantMean: tenantOverall === null ? null : Math.round(tenantOverall * 100) / 100,
    cards: officials.map((o) => ({
      official: officialView(profile, o),
      ...reportCard(
        config,
        { own: ownOverall.get(o.id) ?? { sum: 0, count: 0 }, tenantMean: tenantOverall },
        { own: ownDims.get(o.id) ?? new Map(), tenantMean: tenantDims },
      ),
    })),
  };
}

/** Officials are public office holders: their name and job title are public on their own card. */
export function officialView(profile: RegionProfile, o: Official) {
  return {
    id: o.id,
    name: o.name,
    jobTitle: o.jobTitle,
    unit: { code: o.unit, name: findUnit(profile, o.unit)?.name ?? o.unit },
  };
}

/**
 * C of the Bayesian average: the mean over all items (officials with ratings), each official's mean
 * counting once, so that one much-rated official does not set everyone's prior.
 */
function meanOf(totals: StarTotal[]): number | null {
  const rated = totals.filter((t) => t.count > 0);
  return rated.length === 0 ? null : rated.reduce((a, t) => a + t.sum / t.count, 0) / rated.length;
}
