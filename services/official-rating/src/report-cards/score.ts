/*
 * Report cards for officials (rapor camat/lurah, Bandung 2015): citizens give 1-5 stars overall and,
 * optionally, per dimension the region rates on; the card shows a weighted score over them.
 *
 * Small samples lie, so every average on a card is Bayesian:
 *   WR = v/(v+m) · R + m/(v+m) · C
 * with R the official's mean, v their number of ratings, m the minimum count the tenant trusts and
 * C the mean over all items: the mean of the rated officials' own means for the same dimension and
 * period, each official counting once.
 */

export interface Dimension {
  key: string;
  label: string;
  /** Whole-number weight; the weights of a tenant add up to 100. */
  weight: number;
}

export interface ReportCardConfig {
  dimensions: Dimension[];
  /** Scores from yellowFrom are yellow, from greenFrom green, below yellowFrom red (1-5 scale). */
  bands: { yellowFrom: number; greenFrom: number };
  /** m of the Bayesian average: how many ratings count as much as the tenant-wide mean. */
  minimumRatings: number;
}

/**
 * What a region gets until it sets its own, chosen by Sinergi and said to be so (no regulation sets
 * colours or weights for citizens' stars): the score is the Bayesian average of the overall stars,
 * with no weighted dimensions; red below 3 (the middle of the 1-5 scale), yellow from 3, green
 * from 4; m = 10 ratings.
 */
export const DEFAULT_REPORT_CARD: ReportCardConfig = {
  dimensions: [],
  bands: { yellowFrom: 3, greenFrom: 4 },
  minimumRatings: 10,
};
export const DEFAULT_REPORT_CARD_BASIS =
  'Sinergi default, not from any regulation: score = Bayesian average of the overall stars (m = 10), no weighted dimensions; red below 3, yellow from 3, green from 4 on the 1-5 scale.';

/**
 * Bandung's 2015 dimensions and weights (total 100), for a region that chooses them. They weighted
 * Bandung's composite report card (verified performance indicators, a LAPOR! recap and citizens'
 * stars, news.detik.com d-2959695), not stars alone; the colour bands and m here are Sinergi's.
 */
export const BANDUNG_2015_DIMENSIONS: ReportCardConfig = {
  dimensions: [
    { key: 'pelayanan-publik', label: 'Pelayanan publik', weight: 38 },
    { key: 'ketertiban', label: 'Ketertiban', weight: 14 },
    { key: 'kebersihan', label: 'Kebersihan', weight: 16 },
    { key: 'keindahan', label: 'Keindahan', weight: 12 },
    { key: 'inovasi', label: 'Inovasi', weight: 20 },
  ],
  bands: { yellowFrom: 3, greenFrom: 4 },
  minimumRatings: 10,
};

export type Colour = 'red' | 'yellow' | 'green';

/** The sum and the count of stars: one dimension (or the overall rating) of one official. */
export interface StarTotal {
  sum: number;
  count: number;
}

export function bayesianAverage(own: StarTotal, prior: number, minimumRatings: number): number | null {
  if (own.count === 0 && minimumRatings === 0) return null;
  const v = own.count;
  const m = minimumRatings;
  const r = v === 0 ? 0 : own.sum / v;
  return (v / (v + m)) * r + (m / (v + m)) * prior;
}

export function colourOf(score: number, bands: ReportCardConfig['bands']): Colour {
  if (score >= bands.greenFrom) return 'green';
  if (score >= bands.yellowFrom) return 'yellow';
  return 'red';
}

export interface ReportCard {
  overall: { ratings: number; mean: number | null; bayesian: number | null };
  dimensions: {
    key: string;
    label: string;
    weight: number;
    ratings: number;
    mean: number | null;
    bayesian: number | null;
  }[];
  /**
   * Weighted Bayesian score over the dimensions this official has ratings on (weights rescaled to
   * those; the queries count every rating on every dimension, so that is all of them once rated);
   * the overall Bayesian average when the tenant has no dimensions; null for an official without
   * ratings.
   */
  score: number | null;
  colour: Colour | null;
}

/**
 * One official's card. `own` and `tenantMean` are keyed by dimension key; `overall` is the star
 * rating every rating of the official carries.
 */
export function reportCard(
  config: ReportCardConfig,
  overall: { own: StarTotal; tenantMean: number | null },
  dimensions: { own: ReadonlyMap<string, StarTotal>; tenantMean: ReadonlyMap<string, number> },
): ReportCard {
  const overallBayes =
    overall.tenantMean === null ? null : bayesianAverage(overall.own, overall.tenantMean, config.minimumRatings);
  const rows = config.dimensions.map((d) => {
    const own = dimensions.own.get(d.key) ?? { sum: 0, count: 0 };
    const prior = dimensions.tenantMean.get(d.key);
    return {
      key: d.key,
      label: d.label,
      weight: d.weight,
      ratings: own.count,
      mean: own.count === 0 ? null : round2(own.sum / own.count),
      bayesian: prior === undefined ? null : bayesianAverage(own, prior, config.minimumRatings),
    };
  });
  // a dimension nobody rated this official on says nothing about them: the region's mean there
  // would decide their colour, e.g. green for an official everyone gave one star
  const scored = rows.filter((r): r is typeof r & { bayesian: number } => r.bayesian !== null && r.ratings > 0);
  const weights = scored.reduce((a, r) => a + r.weight, 0);
  // an official nobody rated has no score: a colour from the prior alone would be invented
  const score =
    overall.own.count === 0
      ? null
      : weights > 0
        ? scored.reduce((a, r) => a + r.weight * r.bayesian, 0) / weights
        : overallBayes;
  return {
    overall: {
      ratings: overall.own.count,
      mean: overall.own.count === 0 ? null : round2(overall.own.sum / overall.own.count),
      bayesian: overallBayes === null ? null : round2(overallBayes),
    },
    dimensions: rows.map((r) => ({ ...r, bayesian: r.bayesian === null ? null : round2(r.bayesian) })),
    score: score === null ? null : round2(score),
    colour: score === null ? null : colourOf(round2(score), config.bands),
  };
}

/** Checks a tenant's configuration; returns the problems, empty when valid. */
export function configProblems(config: ReportCardConfig): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const total = config.dimensions.reduce((a, d) => a + d.weight, 0);
  if (config.dimensions.length > 0 && total !== 100)
    problems.push({ field: 'dimensions', message: `weights must add up to 100, they add up to ${total}` });
  const seen = new Set<string>();
  config.dimensions.forEach((d, i) => {
    if (seen.has(d.key)) problems.push({ field: `dimensions.${i}.key`, message: `dimension ${d.key} appears twice` });
    seen.add(d.key);
  });
  if (config.bands.yellowFrom >= config.bands.greenFrom) {
    problems.push({
      field: 'bands',
      message: `yellowFrom (${config.bands.yellowFrom}) must be below greenFrom (${config.bands.greenFrom})`,
    });
  }
  return problems;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
