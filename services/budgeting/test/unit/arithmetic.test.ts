import { describe, expect, it } from 'vitest';
import { formatScaled, lineAmounts, parseFactor, parseTaxPercent } from '../../src/drafting/arithmetic.js';

const f = (...q: string[]) => q.map((x) => parseFactor(x)!);

describe('line arithmetic: exact decimals, one half-up rounding per line', () => {
  it('multiplies up to four factors exactly: 20 orang x 3 hari x 2 kali', () => {
    expect(lineAmounts(f('20', '3', '2'), 150_000n, 0n)).toEqual({
      volume: '120',
      amount: 18_000_000n,
      tax: 0n,
      total: 18_000_000n,
    });
  });

  it('keeps the lem aibon figures exact: 37,500 x 12 x Rp 184,000 = Rp 82.8 billion', () => {
    expect(lineAmounts(f('37500', '12'), 184_000n, 0n).total).toBe(82_800_000_000n);
  });

  it('never uses floats: 0.1 x 3 is 0.3, not 0.30000000000000004', () => {
    expect(lineAmounts(f('0.1', '3'), 10n, 0n)).toMatchObject({ volume: '0.3', total: 3n });
  });

  it('rounds once, half-up, on the line total; tax is the total minus the amount', () => {
    // 1.5 x Rp 333 = 499.5 -> amount 500; with 11%: 554.445 -> total 554, tax 54
    const l = lineAmounts(f('1.5'), 333n, parseTaxPercent('11')!);
    expect(l).toEqual({ volume: '1.5', amount: 500n, tax: 54n, total: 554n });
    expect(l.amount + l.tax).toBe(l.total);
    // an exact tie rounds up: 0.5 x Rp 1 = 0.5 -> 1
    expect(lineAmounts(f('0.5'), 1n, 0n).total).toBe(1n);
    // 0.0001 x Rp 4999 = 0.4999 -> 0
    expect(lineAmounts(f('0.0001'), 4999n, 0n).total).toBe(0n);
  });

  it('stays exact with four factors of four decimals each', () => {
    const l = lineAmounts(f('1.2345', '2.5', '3.0001', '4'), 1_000_000n, 0n);
    expect(l.volume).toBe('37.0362345');
    expect(l.total).toBe(37_036_235n);
  });

  it('parses factors and tax strictly', () => {
    expect(parseFactor('20')).toBe(200_000n);
    expect(parseFactor('1.5')).toBe(15_000n);
    for (const bad of ['0', '0.0000', '-1', '1.23456', '1e3', '01', '', ' 1', '1,5', '1.'])
      expect(parseFactor(bad), bad).toBeUndefined();
    expect(parseTaxPercent('11')).toBe(1100n);
    expect(parseTaxPercent('2.5')).toBe(250n);
    expect(parseTaxPercent('100')).toBe(10_000n);
    for (const bad of ['101', '100.01', '-1', '1.234', 'x']) expect(parseTaxPercent(bad), bad).toBeUndefined();
    expect(formatScaled(15_000n, 4)).toBe('1.5');
  });

  it('refuses an empty volume or more than four factors', () => {
    expect(() => lineAmounts([], 1n, 0n)).toThrow(RangeError);
    expect(() => lineAmounts(f('1', '1', '1', '1', '1'), 1n, 0n)).toThrow(RangeError);
  });
});
