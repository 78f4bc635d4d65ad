/*
 * Indeks Kepuasan Masyarakat (IKM), PermenPANRB 14/2017.
 *
 *   NRR per element   = sum of the element's answers / number of answers to it
 *   weighted NRR      = NRR × 1/9          (exactly 1/9: the common 0.111 loses up to 0.1 point)
 *   IKM               = Σ weighted NRR × 25, from 25 to 100, rounded to 2 decimals only at the end
 *
 * The arithmetic is done on exact fractions of bigints so that the single rounding is the only one:
 * a value that is exactly 88.305 rounds to 88.31, which binary floating point cannot promise.
 */
import { SKM_ELEMENTS, type IkmBand } from '@sinergi/contracts';

/** The sum and the number of answers of one element. */
export interface ElementTotal {
  sum: bigint;
  count: bigint;
}

export interface IkmResult {
  /** IKM in hundredths (8831 = 88.31): the exact integer the bands are judged on. */
  hundredths: number;
  /** The same as a number with two decimals, for JSON. */
  ikm: number;
  band: IkmBand;
  performance: Performance;
  /** NRR per element in the regulated order, unrounded (display only; the IKM is not computed from these floats). */
  elements: number[];
  /** Mean of all answers (1-4), the "nilai persepsi" the bands are also stated in. */
  mean: number;
}

export type Performance = 'Sangat Baik' | 'Baik' | 'Kurang Baik' | 'Tidak Baik';

/** The lower bounds in hundredths, inclusive: 88.31 is A and 88.30 is B. */
const BANDS: readonly { from: number; band: IkmBand; performance: Performance }[] = [
  { from: 8831, band: 'A', performance: 'Sangat Baik' },
  { from: 7661, band: 'B', performance: 'Baik' },
  { from: 6500, band: 'C', performance: 'Kurang Baik' },
  { from: 2500, band: 'D', performance: 'Tidak Baik' },
];

/** Quality band (mutu pelayanan) of an IKM given in hundredths. */
export function bandOf(hundredths: number): { band: IkmBand; performance: Performance } {
  if (!Number.isInteger(hundredths) || hundredths < 2500 || hundredths > 10000) {
    throw new RangeError(`IKM must be 25.00-100.00 in hundredths (2500-10000), got ${hundredths}`);
  }
  return BANDS.find((b) => hundredths >= b.from)!;
}

/**
 * IKM from the nine element totals, or null when nobody answered. Every element must have answers
 * when any has: an element without answers has no NRR and the index would be undefined.
 */
export function ikmFromTotals(totals: readonly ElementTotal[]): IkmResult | null {
  if (totals.length !== SKM_ELEMENTS.length) {
    throw new RangeError(`IKM needs the totals of all ${SKM_ELEMENTS.length} elements, got ${totals.length}`);
  }
  if (totals.every((t) => t.count === 0n)) return null;
  for (const [i, t] of totals.entries()) {
    if (t.count <= 0n) throw new RangeError(`element ${SKM_ELEMENTS[i]} has no answers while others have`);
    if (t.sum < t.count || t.sum > 4n * t.count) {
      throw new RangeError(`element ${SKM_ELEMENTS[i]}: a sum of ${t.sum} over ${t.count} answers is outside 1-4`);
    }
  }
  // Σ sum_i / count_i as one fraction num/den
  let num = 0n;
  let den = 1n;
  for (const t of totals) {
    num = num * t.count + t.sum * den;
    den *= t.count;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  // IKM × 100 = Σ NRR × (1/9) × 25 × 100 = 2500 num / (9 den), rounded half up
  const hundredths = Number(halfUp(2500n * num, 9n * den));
  const answers = totals.reduce((a, t) => a + t.count, 0n);
  const sum = totals.reduce((a, t) => a + t.sum, 0n);
  return {
    hundredths,
    ikm: hundredths / 100,
    ...bandOf(hundredths),
    elements: totals.map((t) => Number(t.sum) / Number(t.count)),
    mean: Number(sum) / Number(answers),
  };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** numerator / denominator rounded half up, both positive. */
function halfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}
