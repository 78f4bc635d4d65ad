import { describe, expect, it } from 'vitest';
import { prng } from '../../src/effectiveness/planted.js';
import { sortValues, summarize, summarizeExcluding } from '../../src/effectiveness/stats.js';

describe('summarizeExcluding', () => {
  it('answers exactly what summarize answers over the values left, on random multisets', () => {
    const rnd = prng(14);
    for (let round = 0; round < 300; round += 1) {
      const n = 1 + Math.floor(rnd() * 40);
      const spread = [3, 1_000, 10_000_000_000][round % 3]!;
      const values = Array.from({ length: n }, () => BigInt(Math.floor(rnd() * spread)));
      const removedAt = new Set(values.map((_, i) => i).filter(() => rnd() < 0.3));
      const kept = values.filter((_, i) => !removedAt.has(i));
      const removed = values.filter((_, i) => removedAt.has(i));
      expect(summarizeExcluding(sortValues(values), sortValues(removed))).toEqual(summarize(kept));
    }
  });

  it('is undefined when nothing is left', () => {
    expect(summarizeExcluding([1n, 2n], [1n, 2n])).toBeUndefined();
  });
});
