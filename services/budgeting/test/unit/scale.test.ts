/**
 * Exact sums at scale: 300,000 lines of a big-city year adding up to more than Rp 10 trillion, with
 * every rollup (per unit, per program, per account) equal to the grand total to the rupiah.
 */
import { describe, expect, it } from 'vitest';
import { lineAmounts, parseFactor, parseTaxPercent } from '../../src/drafting/arithmetic.js';

/** A small deterministic generator (mulberry32), so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('300,000 line items', () => {
  it('lose no rupiah in any rollup, and each line keeps amount + tax = total', () => {
    const next = random(13);
    const taxes = ['0', '10', '11', '2.5'].map((t) => parseTaxPercent(t)!);
    const byUnit = new Map<number, bigint>();
    const byProgram = new Map<number, bigint>();
    const byAccount = new Map<number, bigint>();
    let total = 0n;
    let amounts = 0n;
    let taxSum = 0n;
    for (let i = 0; i < 300_000; i++) {
      const factors = [
        String(1 + Math.floor(next() * 400)),
        `${Math.floor(next() * 12)}.${Math.floor(next() * 10_000)}`.replace(/^0\.0*$/, '1'),
      ].map((q) => parseFactor(q) ?? parseFactor('1')!);
      const line = lineAmounts(factors, BigInt(1_000 + Math.floor(next() * 25_000_000)), taxes[i % 4]!);
      expect(line.amount + line.tax).toBe(line.total);
      total += line.total;
      amounts += line.amount;
      taxSum += line.tax;
      for (const [map, key] of [
        [byUnit, i % 80],
        [byProgram, i % 1_000],
        [byAccount, i % 250],
      ] as const)
        map.set(key, (map.get(key) ?? 0n) + line.total);
    }
    expect(total).toBeGreaterThan(10_000_000_000_000n);
    expect(amounts + taxSum).toBe(total);
    for (const map of [byUnit, byProgram, byAccount]) expect([...map.values()].reduce((a, b) => a + b, 0n)).toBe(total);
  }, 120_000); // pure but heavy: about 10 s on a quiet machine, several times that under load
});
