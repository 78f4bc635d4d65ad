import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatRupiah,
  mulDivRupiah,
  parseRupiah,
  Rupiah,
  RupiahString,
  rupiahToJson,
  SignedRupiah,
  sumRupiah,
} from '../src/index.js';

function message(schema: z.ZodType, input: unknown): string | undefined {
  const result = schema.safeParse(input);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('Rupiah', () => {
  it('decodes decimal strings to bigint', () => {
    expect(Rupiah.parse('0')).toBe(0n);
    expect(Rupiah.parse('1500000')).toBe(1_500_000n);
    expect(RupiahString.parse('1500000')).toBe('1500000');
  });

  it('accepts the largest PostgreSQL bigint and rejects one more', () => {
    expect(Rupiah.parse('9223372036854775807')).toBe(9223372036854775807n);
    expect(message(Rupiah, '9223372036854775808')).toMatch(/outside the allowed range/);
    expect(message(Rupiah, '99999999999999999999')).toMatch(/outside the allowed range/);
    // a user-facing message names no part of the machinery behind it
    expect(message(Rupiah, '99999999999999999999')).not.toMatch(/postgres|bigint/i);
  });

  it('rejects JSON numbers with a message asking for a string', () => {
    expect(message(Rupiah, 1500000)).toMatch(/money must be a string of whole rupiah/);
    expect(message(Rupiah, 15.5)).toMatch(/string/);
  });

  it('rejects leading zeros, negatives, decimals, separators and empty strings', () => {
    expect(message(Rupiah, '01')).toMatch(/leading zeros/);
    expect(message(Rupiah, '-5')).toMatch(/negative/);
    expect(message(Rupiah, '1500000.50')).toMatch(/without separators or decimals/);
    expect(message(Rupiah, '1.500.000')).toMatch(/without separators or decimals/);
    expect(message(Rupiah, '')).toMatch(/empty/);
    expect(message(Rupiah, ' 5')).toBeDefined();
    expect(message(Rupiah, '1e6')).toBeDefined();
  });

  it('encodes bigint back to JSON and refuses negatives when encoding', () => {
    expect(z.encode(Rupiah, 1_500_000n)).toBe('1500000');
    expect(() => z.encode(Rupiah, -1n)).toThrow(/negative/);
  });
});

describe('SignedRupiah', () => {
  it('allows a leading minus down to the smallest bigint', () => {
    expect(SignedRupiah.parse('-250000')).toBe(-250_000n);
    expect(SignedRupiah.parse('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(message(SignedRupiah, '-9223372036854775809')).toMatch(/outside the allowed range/);
  });

  it('rejects "-0" and "-01"', () => {
    expect(message(SignedRupiah, '-0')).toMatch(/"-0"/);
    expect(message(SignedRupiah, '-01')).toMatch(/leading zeros/);
  });
});

describe('money helpers', () => {
  it('parseRupiah throws on invalid input and takes negatives only when asked', () => {
    expect(parseRupiah('42')).toBe(42n);
    expect(() => parseRupiah('4,2')).toThrow(RangeError);
    expect(() => parseRupiah('-42')).toThrow(/negative/);
    expect(parseRupiah('-42', { allowNegative: true })).toBe(-42n);
  });

  it('rupiahToJson writes the string form within bigint range', () => {
    expect(rupiahToJson(7_780_000_000_000n)).toBe('7780000000000');
    expect(rupiahToJson(-5n)).toBe('-5');
    expect(() => rupiahToJson(2n ** 63n)).toThrow(/outside/);
  });

  it('formats with Indonesian thousands dots', () => {
    expect(formatRupiah(0n)).toBe('Rp 0');
    expect(formatRupiah(999n)).toBe('Rp 999');
    expect(formatRupiah(1000n)).toBe('Rp 1.000');
    expect(formatRupiah(1_234_567n)).toBe('Rp 1.234.567');
    expect(formatRupiah(7_780_000_000_000n)).toBe('Rp 7.780.000.000.000');
    expect(formatRupiah(-1_234_567n)).toBe('-Rp 1.234.567');
  });

  it('sums beyond 2^53 exactly', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1, not representable as a double
    expect(sumRupiah([big, big, 1n])).toBe(18_014_398_509_481_987n);
    expect(sumRupiah([])).toBe(0n);
    expect(sumRupiah(new Set([5n, -2n]))).toBe(3n);
  });

  it('mulDiv rounds ties as each mode says', () => {
    // 10 * 1 / 4 = 2.5
    expect(mulDivRupiah(10n, 1n, 4n, 'floor')).toBe(2n);
    expect(mulDivRupiah(10n, 1n, 4n, 'ceil')).toBe(3n);
    expect(mulDivRupiah(10n, 1n, 4n, 'half-up')).toBe(3n);
    expect(mulDivRupiah(10n, 1n, 4n, 'half-even')).toBe(2n);
    // 14 / 4 = 3.5 -> even neighbour is 4
    expect(mulDivRupiah(14n, 1n, 4n, 'half-even')).toBe(4n);
    // -10 / 4 = -2.5
    expect(mulDivRupiah(-10n, 1n, 4n, 'floor')).toBe(-3n);
    expect(mulDivRupiah(-10n, 1n, 4n, 'ceil')).toBe(-2n);
    expect(mulDivRupiah(-10n, 1n, 4n, 'half-up')).toBe(-3n);
    expect(mulDivRupiah(-10n, 1n, 4n, 'half-even')).toBe(-2n);
    expect(mulDivRupiah(10n, 1n, -4n, 'floor')).toBe(-3n);
  });

  it('mulDiv rounds non-ties to the nearest and leaves exact results alone', () => {
    // 1.000.000 * 11 / 100 (PPN 11%) = 110.000 exactly
    for (const mode of ['floor', 'ceil', 'half-up', 'half-even'] as const) {
      expect(mulDivRupiah(1_000_000n, 11n, 100n, mode)).toBe(110_000n);
    }
    // 10 / 3 = 3.33..., 20 / 3 = 6.66...
    expect(mulDivRupiah(10n, 1n, 3n, 'half-up')).toBe(3n);
    expect(mulDivRupiah(10n, 1n, 3n, 'half-even')).toBe(3n);
    expect(mulDivRupiah(10n, 1n, 3n, 'ceil')).toBe(4n);
    expect(mulDivRupiah(20n, 1n, 3n, 'half-even')).toBe(7n);
    expect(mulDivRupiah(20n, 1n, 3n, 'floor')).toBe(6n);
  });

  it('mulDiv stays exact for trillions and rejects a zero denominator', () => {
    // one third of Rp 7,78 trillion, then two thirds: together exactly the whole
    const total = 7_780_000_000_001n;
    const third = mulDivRupiah(total, 1n, 3n, 'floor');
    expect(third).toBe(2_593_333_333_333n);
    expect(third + mulDivRupiah(total, 2n, 3n, 'ceil')).toBe(total);
    expect(() => mulDivRupiah(1n, 1n, 0n, 'floor')).toThrow(/zero/);
  });
});
