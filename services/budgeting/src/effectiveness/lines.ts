/**
 * What the anomaly pass knows about a line item, and the exact quantities derived from it.
 * Volumes are the product of up to four factors, each a decimal with at most four places; here they
 * are carried in hundredths (bigint) so that "37.500 kaleng x 12 bulan" is 45_000_000n hundredths.
 */
import { parseFactor } from '../drafting/arithmetic.js';

export interface ReviewLine {
  id: string;
  unit: string;
  subActivity: string;
  /** Six-level account code, e.g. 5.1.02.01.01.0004 (office supplies). */
  account: string;
  /** The component's name as drafted ("Lem Aibon"). */
  name: string;
  /** Catalogue item code; null for a line without one. */
  catalogueItem: string | null;
  specification: string;
  factors: readonly { quantity: string; unit: string }[];
  unitPrice: bigint;
  total: bigint;
  /** Perpres 33/2020 annex of the catalogue item, when it has one. */
  annex: 'I' | 'II' | null;
  /** The catalogue's maximum unit price for the item, when it has one. */
  catalogueMax: bigint | null;
  excessReason: string | null;
}

const MONTH_UNITS = new Set(['bulan', 'bln', 'bl', 'bulanan', 'month', 'months', 'ob', 'o-b']);
const LUMP_SUM_UNITS = new Set(['paket', 'pkt', 'ls', 'lumpsum', 'lump sum', 'kegiatan', 'keg', 'unit kerja']);

const FACTOR_SCALE = 10_000n;

function hundredths(factors: readonly { quantity: string }[]): bigint {
  let product = 1n;
  let scale = 1n;
  for (const f of factors) {
    const parsed = parseFactor(f.quantity);
    if (parsed === undefined) throw new RangeError(`not a volume factor: ${f.quantity}`);
    product *= parsed;
    scale *= FACTOR_SCALE;
  }
  return (product * 100n) / scale;
}

const normalUnit = (unit: string): string => unit.trim().toLowerCase().replace(/\.$/, '');

type Factors = ReviewLine['factors'];
/** Quantities derived from a line's factors, computed once per factors array (the rules ask several times). */
function perFactors<T>(fn: (factors: Factors) => T): (line: Pick<ReviewLine, 'factors'>) => T {
  const cache = new WeakMap<Factors, { value: T }>();
  return (line) => {
    let held = cache.get(line.factors);
    if (!held) cache.set(line.factors, (held = { value: fn(line.factors) }));
    return held.value;
  };
}

/** The line's whole volume in hundredths of the item's unit. */
export const volumeHundredths = perFactors((factors): bigint => hundredths(factors));

/** How many months the line covers (the product of its month factors), or undefined without one. */
export const monthsOf = perFactors((factors): bigint | undefined => {
  const months = factors.filter((f) => MONTH_UNITS.has(normalUnit(f.unit)));
  return months.length === 0 ? undefined : hundredths(months) / 100n;
});

/** The quantity per month in hundredths (the factors other than months), when the line has months. */
export const perMonthHundredths = perFactors((factors): bigint | undefined => {
  if (!factors.some((f) => MONTH_UNITS.has(normalUnit(f.unit)))) return undefined;
  return hundredths(factors.filter((f) => !MONTH_UNITS.has(normalUnit(f.unit))));
});

/** The unit of the first factor that is not a month: what is counted ("kaleng", "orang"). */
export function countedUnit(line: Pick<ReviewLine, 'factors'>): string {
  return line.factors.find((f) => !MONTH_UNITS.has(normalUnit(f.unit)))?.unit ?? line.factors[0]?.unit ?? '';
}

/** "1 paket" or "1 ls": a lump sum that hides what is bought. */
export function isLumpSum(line: Pick<ReviewLine, 'factors'>): boolean {
  return (
    line.factors.length === 1 &&
    line.factors[0]!.quantity === '1' &&
    LUMP_SUM_UNITS.has(normalUnit(line.factors[0]!.unit))
  );
}

/** Consumables (Belanja Barang Pakai Habis, 5.1.02.01): bought again and again, so quantities tell. */
export function isConsumable(line: Pick<ReviewLine, 'account'>): boolean {
  return line.account.startsWith('5.1.02.01');
}

/** Lines comparable across units and regions: the same catalogue item (item codes are per catalogue). */
export function peerKey(line: Pick<ReviewLine, 'catalogueItem'>): string | undefined {
  return line.catalogueItem ?? undefined;
}

/** The same item and specification, whatever the case and spacing. */
export function itemSpecKey(line: Pick<ReviewLine, 'catalogueItem' | 'name' | 'specification'>): string {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  return `${line.catalogueItem ?? norm(line.name)}|${norm(line.specification)}`;
}
