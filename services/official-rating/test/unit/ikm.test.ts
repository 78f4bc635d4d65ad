import { describe, expect, it } from 'vitest';
import { bandOf, ikmFromTotals, type ElementTotal } from '../../src/skm/ikm.js';
import { minimumSample, belowMinimumSample } from '../../src/skm/sample.js';

/** Totals of `respondents` people whose answers add up to `total` over all nine elements. */
function totalsAddingUpTo(total: number, respondents: number): ElementTotal[] {
  const base = Math.floor(total / 9);
  return Array.from({ length: 9 }, (_, i) => ({
    sum: BigInt(base + (i < total - base * 9 ? 1 : 0)),
    count: BigInt(respondents),
  }));
}

function totalsOf(answers: number[][]): ElementTotal[] {
  return Array.from({ length: 9 }, (_, e) => ({
    sum: BigInt(answers.reduce((a, r) => a + r[e]!, 0)),
    count: BigInt(answers.length),
  }));
}

describe('IKM (PermenPANRB 14/2017)', () => {
  it('computes three respondents by hand: NRR per element, × 1/9, × 25, rounded once', () => {
    // element sums 11,10,8,12,10,9,11,9,8 = 88 over 3 respondents: IKM = 25 × (88/3) / 9 = 2200/27 = 81.481…
    const r = ikmFromTotals(
      totalsOf([
        [4, 3, 3, 4, 3, 3, 4, 3, 3],
        [3, 3, 2, 4, 3, 3, 3, 3, 3],
        [4, 4, 3, 4, 4, 3, 4, 3, 2],
      ]),
    )!;
    expect(r.ikm).toBe(81.48);
    expect(r.band).toBe('B');
    expect(r.performance).toBe('Baik');
    expect(r.elements.map((e) => e.toFixed(4))).toEqual([
      '3.6667',
      '3.3333',
      '2.6667',
      '4.0000',
      '3.3333',
      '3.0000',
      '3.6667',
      '3.0000',
      '2.6667',
    ]);
  });

  it('uses exactly 1/9: all answers 4 give 100.00 (the common 0.111 weight would give 99.90)', () => {
    const r = ikmFromTotals(totalsAddingUpTo(4 * 9 * 7, 7))!;
    expect(r.ikm).toBe(100);
    expect(r.band).toBe('A');
    expect(Math.round(4 * 0.111 * 9 * 25 * 100) / 100).toBe(99.9);
  });

  it('all answers 1 give 25.00, band D', () => {
    expect(ikmFromTotals(totalsAddingUpTo(9 * 5, 5))).toMatchObject({ ikm: 25, band: 'D', performance: 'Tidak Baik' });
  });

  // 1,000 respondents: IKM = 25 × total / 9,000 = total / 360
  it.each([
    [31790, 88.31, 'A'], // 88.3056
    [31789, 88.3, 'B'], // 88.3028
    [27578, 76.61, 'B'], // 76.6056
    [27577, 76.6, 'C'], // 76.6028
    [23399, 65, 'C'], // 64.9972
    [23398, 64.99, 'D'], // 64.9944
  ])('band boundary: answers adding up to %i over 1,000 respondents give %d, band %s', (total, ikm, band) => {
    expect(ikmFromTotals(totalsAddingUpTo(total, 1000))).toMatchObject({ ikm, band });
  });

  it('rounds an exact half up, on the exact fraction: 243 over 8 respondents is exactly 84.375 → 84.38', () => {
    expect(ikmFromTotals(totalsAddingUpTo(243, 8))!.ikm).toBe(84.38);
  });

  it('averages each element over its own answers when counts differ', () => {
    // NRR 4 for eight elements, 2 for one (answered by 3 of 4): IKM = 25 × (8×4 + 2) / 9 = 94.444…
    const totals = Array.from({ length: 9 }, (_, i) => (i === 8 ? { sum: 6n, count: 3n } : { sum: 16n, count: 4n }));
    expect(ikmFromTotals(totals)!.ikm).toBe(94.44);
  });

  it('gives null without respondents and refuses impossible totals', () => {
    expect(ikmFromTotals(totalsAddingUpTo(0, 0))).toBeNull();
    expect(() => ikmFromTotals(totalsAddingUpTo(9, 1).slice(0, 8))).toThrow(/all 9 elements/);
    expect(() => ikmFromTotals([{ sum: 5n, count: 1n }, ...totalsAddingUpTo(8, 1).slice(1)])).toThrow(/outside 1-4/);
    expect(() => ikmFromTotals([{ sum: 0n, count: 0n }, ...totalsAddingUpTo(8, 1).slice(1)])).toThrow(/no answers/);
  });

  it('bands are inclusive at the lower bound', () => {
    expect([10000, 8831, 8830, 7661, 7660, 6500, 6499, 2500].map((h) => bandOf(h).band)).toEqual([
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
    expect(() => bandOf(2499)).toThrow(RangeError);
    expect(() => bandOf(88.31)).toThrow(RangeError);
  });
});

describe('minimum sample (Krejcie-Morgan)', () => {
  it.each([
    [100, 80],
    [1_000, 278],
    [10_000, 370],
    [1_000_000, 384],
    [1, 1],
    [0, 0],
  ])('N = %i needs %i respondents', (n, s) => {
    expect(minimumSample(n)).toBe(s);
  });

  it('flags a period below its minimum sample', () => {
    expect(belowMinimumSample(79, 100)).toBe(true);
    expect(belowMinimumSample(80, 100)).toBe(false);
    expect(() => minimumSample(-1)).toThrow(RangeError);
    expect(() => minimumSample(1.5)).toThrow(RangeError);
  });
});
