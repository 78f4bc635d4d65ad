import { describe, expect, it } from 'vitest';
import {
  bayesianAverage,
  BANDUNG_2015_DIMENSIONS,
  colourOf,
  configProblems,
  reportCard,
} from '../../src/report-cards/score.js';

describe('Bayesian average', () => {
  it('pulls a small sample towards the region’s mean: two 5-star ratings with m = 10 and C = 3 give 3.33', () => {
    // WR = 2/12 × 5 + 10/12 × 3 = 0.8333 + 2.5 = 3.3333
    expect(bayesianAverage({ sum: 10, count: 2 }, 3, 10)).toBeCloseTo(3.3333, 4);
  });

  it('approaches the own mean as ratings grow', () => {
    expect(bayesianAverage({ sum: 500, count: 100 }, 3, 10)).toBeCloseTo((100 / 110) * 5 + (10 / 110) * 3, 10);
    expect(bayesianAverage({ sum: 8, count: 2 }, 3, 0)).toBe(4);
  });
});

describe('report cards', () => {
  const config = { ...BANDUNG_2015_DIMENSIONS, minimumRatings: 2 };

  it('weights the dimensions 38/14/16/12/20 over their Bayesian averages', () => {
    const own = new Map([
      ['pelayanan-publik', { sum: 10, count: 2 }], // WR = 2/4×5 + 2/4×3 = 4
      ['ketertiban', { sum: 4, count: 2 }], // 2/4×2 + 2/4×3 = 2.5
      ['kebersihan', { sum: 8, count: 2 }], // 2/4×4 + 2/4×3 = 3.5
      ['keindahan', { sum: 6, count: 2 }], // 3
      ['inovasi', { sum: 10, count: 2 }], // 4
    ]);
    const prior = new Map(BANDUNG_2015_DIMENSIONS.dimensions.map((d) => [d.key, 3]));
    const card = reportCard(config, { own: { sum: 9, count: 2 }, tenantMean: 3 }, { own, tenantMean: prior });
    // (38×4 + 14×2.5 + 16×3.5 + 12×3 + 20×4) / 100 = (152 + 35 + 56 + 36 + 80) / 100 = 3.59
    expect(card.score).toBe(3.59);
    expect(card.colour).toBe('yellow');
    expect(card.overall).toEqual({ ratings: 2, mean: 4.5, bayesian: 3.75 });
    expect(card.dimensions.map((d) => d.bayesian)).toEqual([4, 2.5, 3.5, 3, 4]);
  });

  it('scores only the dimensions the official was rated on: one-star ratings never turn green from the region’s mean', () => {
    // 20 ratings of 1 star, no dimension ratings for this official; the region rated every dimension 5
    const prior = new Map(BANDUNG_2015_DIMENSIONS.dimensions.map((d) => [d.key, 5]));
    const card = reportCard(
      config,
      { own: { sum: 20, count: 20 }, tenantMean: 1.5 },
      { own: new Map(), tenantMean: prior },
    );
    // 20/22 × 1 + 2/22 × 1.5 = 1.045
    expect(card.score).toBe(1.05);
    expect(card.colour).toBe('red');
    // rated on one dimension only: that dimension alone, its weight rescaled to 100
    const one = reportCard(
      config,
      { own: { sum: 8, count: 2 }, tenantMean: 3 },
      { own: new Map([['inovasi', { sum: 10, count: 2 }]]), tenantMean: prior },
    );
    // inovasi: 2/4 × 5 + 2/4 × 5 = 5
    expect(one.score).toBe(5);
  });

  it('without dimension ratings anywhere, the score is the overall Bayesian average', () => {
    const card = reportCard(
      config,
      { own: { sum: 20, count: 4 }, tenantMean: 4 },
      { own: new Map(), tenantMean: new Map() },
    );
    // 4/6 × 5 + 2/6 × 4 = 4.666…
    expect(card.score).toBe(4.67);
    expect(card.colour).toBe('green');
  });

  it('an official nobody rated has no score and no colour', () => {
    const card = reportCard(
      config,
      { own: { sum: 0, count: 0 }, tenantMean: 4 },
      { own: new Map(), tenantMean: new Map([['inovasi', 4]]) },
    );
    expect(card.score).toBeNull();
    expect(card.colour).toBeNull();
  });

  it('colours by configurable thresholds, inclusive at the lower bound', () => {
    const bands = { yellowFrom: 3, greenFrom: 4 };
    expect([2.99, 3, 3.99, 4].map((s) => colourOf(s, bands))).toEqual(['red', 'yellow', 'yellow', 'green']);
  });

  it('checks a configuration: weights add up to 100, keys unique, bands ordered', () => {
    expect(configProblems(BANDUNG_2015_DIMENSIONS)).toEqual([]);
    const bad = configProblems({
      dimensions: [
        { key: 'a', label: 'A', weight: 50 },
        { key: 'a', label: 'A again', weight: 30 },
      ],
      bands: { yellowFrom: 4, greenFrom: 3 },
      minimumRatings: 5,
    });
    expect(bad.map((p) => p.field)).toEqual(['dimensions', 'dimensions.1.key', 'bands']);
  });
});
