/**
 * Robust statistics on exact values, for comparing a line or a sub-activity with its peers.
 *
 * Money and quantities stay integers (bigint rupiah, volumes scaled by 10^4): the median of an even
 * count is the half-up mean of the two middle values, the MAD (median absolute deviation) is the
 * median of |x - median|. Comparisons come out as ratios in hundredths (`340n` = 3.40x) and robust
 * z-scores in hundredths, computed with integer division: no floating point touches a rupiah.
 */
import { mulDivRupiah } from '@sinergi/contracts';

/** The median, exact; undefined for no values. */
export function median(values: readonly bigint[]): bigint | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return mulDivRupiah(sorted[mid - 1]! + sorted[mid]!, 1n, 2n, 'half-up');
}

/** Median absolute deviation around `center` (by default the median). */
export function mad(values: readonly bigint[], center = median(values)): bigint | undefined {
  if (center === undefined) return undefined;
  return median(values.map((v) => (v >= center ? v - center : center - v)));
}

/** The summary of one group of peers; other regions contribute only this, never their lines. */
export interface PeerSummary {
  count: number;
  median: bigint;
  mad: bigint;
}

export function summarize(values: readonly bigint[]): PeerSummary | undefined {
  const m = median(values);
  if (m === undefined) return undefined;
  return { count: values.length, median: m, mad: mad(values, m)! };
}

/** `value / base` in hundredths, rounded half-up (340n = 3.40x); undefined when the base is not positive. */
export function ratioHundredths(value: bigint, base: bigint): bigint | undefined {
  if (base <= 0n) return undefined;
  return mulDivRupiah(value, 100n, base, 'half-up');
}

/**
 * The robust z-score in hundredths: (x - median) / (1.4826 x MAD), the constant making the MAD a
 * consistent estimate of the standard deviation for normal data. Undefined when MAD is 0 (every peer
 * the same): the ratio to the median says more there.
 */
export function robustZHundredths(value: bigint, peers: PeerSummary): bigint | undefined {
  if (peers.mad === 0n) return undefined;
  return mulDivRupiah(value - peers.median, 100n * 10_000n, 14_826n * peers.mad, 'half-up');
}

/**
 * Pools peer summaries (this region's lines and other regions' aggregates) into one: the count is the
 * sum, the median and MAD are the count-weighted medians of the groups' medians and MADs. An
 * approximation of the pooled median that needs no other region's rows, documented as such.
 */
export function pool(groups: readonly PeerSummary[]): PeerSummary | undefined {
  const present = groups.filter((g) => g.count > 0);
  if (present.length === 0) return undefined;
  const weighted = (pick: (g: PeerSummary) => bigint): bigint => {
    const sorted = [...present].sort((a, b) => (pick(a) < pick(b) ? -1 : pick(a) > pick(b) ? 1 : 0));
    const total = sorted.reduce((n, g) => n + g.count, 0);
    let seen = 0;
    for (const g of sorted) {
      seen += g.count;
      if (seen * 2 >= total) return pick(g);
    }
    return pick(sorted[sorted.length - 1]!);
  };
  if (present.length === 1) return present[0];
  let madValue: bigint | undefined;
  return {
    count: present.reduce((n, g) => n + g.count, 0),
    median: weighted((g) => g.median),
    get mad() {
      return (madValue ??= weighted((g) => g.mad));
    },
  };
}

/** Hundredths as Indonesian text with a decimal comma and one place: 340n → "3,4". */
export function formatHundredths(value: bigint, places: 1 | 2 = 1): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scaled = places === 1 ? mulDivRupiah(abs, 1n, 10n, 'half-up') : abs;
  const unit = places === 1 ? 10n : 100n;
  const whole = (scaled / unit).toString().replace(/\B(?=(\d{3})+$)/g, '.');
  const fraction = (scaled % unit).toString().padStart(places, '0');
  return `${negative ? '-' : ''}${whole},${fraction}`;
}

/** A whole number with Indonesian thousands dots: 37500n → "37.500". */
export function formatCount(value: bigint | number): string {
  return BigInt(value)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, '.');
}

const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
/** First index whose value is >= v (or > v when `strict`), in an ascending array. */
function bound(sorted: readonly bigint[], v: bigint, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const sortValues = (values: readonly bigint[]): bigint[] => [...values].sort(compare);

/**
 * `summarize` of `all` without `removed` (a sub-multiset of it), both sorted ascending, exactly the
 * same answer, in O(log) per order statistic instead of a sort per call: how a line's peers are every
 * line of its item except those of its own unit, for every unit, without sorting the item again.
 */
export function summarizeExcluding(all: readonly bigint[], removed: readonly bigint[]): PeerSummary | undefined {
  const m = all.length - removed.length;
  if (m <= 0) return undefined;
  // the j-th (0-based) smallest remaining value
  const kth = (j: number): bigint => {
    let lo = 0;
    let hi = all.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = all[mid]!;
      if (bound(all, v, true) - bound(removed, v, true) >= j + 1) hi = mid;
      else lo = mid + 1;
    }
    return all[lo]!;
  };
  const middle = (at: (j: number) => bigint) =>
    m % 2 === 1 ? at((m - 1) / 2) : mulDivRupiah(at(m / 2 - 1) + at(m / 2), 1n, 2n, 'half-up');
  const center = middle(kth);
  const within = (d: bigint) =>
    bound(all, center + d, true) -
    bound(all, center - d, false) -
    (bound(removed, center + d, true) - bound(removed, center - d, false));
  const widest = (() => {
    const a = center - all[0]!;
    const b = all[all.length - 1]! - center;
    return a > b ? a : b;
  })();
  // the j-th smallest deviation |x - center| among the remaining values: the least d with j+1 of them within d
  const kthDeviation = (j: number): bigint => {
    let lo = 0n;
    let hi = widest;
    while (lo < hi) {
      const mid = (lo + hi) / 2n;
      if (within(mid) >= j + 1) hi = mid;
      else lo = mid + 1n;
    }
    return lo;
  };
  // the MAD only matters for a price z-score, asked for a few lines: computed on first read
  let madValue: bigint | undefined;
  return {
    count: m,
    median: center,
    get mad() {
      return (madValue ??= middle(kthDeviation));
    },
  };
}
