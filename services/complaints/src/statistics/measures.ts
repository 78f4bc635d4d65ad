/**
 * The measures behind the public statistics, as plain functions: no I/O, no clock.
 * Each returns null where the measure is undefined (nothing to measure), never NaN.
 */

/** The median of the values: the middle one, or the mean of the two middle ones; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The Gini coefficient of non-negative loads (reports per unit): 0 when every unit carries the
 * same load, (n-1)/n when one of n units carries all of it. Units with no load count: they are
 * part of the population the load could have spread over. Null when there are no units or no
 * load at all (evenness of nothing is undefined).
 *
 * G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), computed in O(n log n) over the sorted loads as
 * G = 2 sum_i i x_(i) / (n sum x) - (n + 1) / n, with i = 1..n.
 */
export function gini(loads: readonly number[]): number | null {
  const n = loads.length;
  if (n === 0) return null;
  if (loads.some((x) => !Number.isFinite(x) || x < 0)) throw new RangeError('Gini needs finite, non-negative loads');
  const sorted = [...loads].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  sorted.forEach((x, i) => {
    total += x;
    weighted += (i + 1) * x;
  });
  if (total === 0) return null;
  const g = (2 * weighted) / (n * total) - (n + 1) / n;
  // floating point can leave -1e-17 for perfectly equal loads
  return Math.max(0, g);
}

/** part / whole, or null when the whole is empty. */
export function share(part: number, whole: number): number | null {
  if (whole < 0 || part < 0) throw new RangeError('share needs non-negative counts');
  return whole === 0 ? null : part / whole;
}

/** Rounds to `digits` decimals, keeping null. */
export function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const HOUR_MS = 3_600_000;

/** Elapsed hours between two instants. */
export const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / HOUR_MS;
