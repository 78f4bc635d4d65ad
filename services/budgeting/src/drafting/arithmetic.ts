/**
 * The exact arithmetic of a line item (rincian belanja), with no floating point anywhere.
 *
 * A volume is up to four factors, each a decimal with at most four places ("20" orang x "3" hari x
 * "2" kali, or "1.5" m3). Each factor is held as a bigint scaled by 10^4, so their product is exact.
 * The unit price is whole rupiah; the tax is a percentage with at most two places ("11", "2.5").
 *
 * ONE rounding per line, at the end: total = half-up(volume x unit price x (100 + tax%) / 100),
 * rounded once to whole rupiah (ties away from zero). The amount before tax is half-up(volume x
 * unit price), and the tax is total - amount, so amount + tax = total always, with no rupiah lost
 * or invented between them. Sums over lines (sub-activity, unit, region) are exact bigint sums of
 * the line totals.
 */
import { mulDivRupiah } from '@sinergi/contracts';

export const FACTOR_PLACES = 4;
const FACTOR_SCALE = 10n ** BigInt(FACTOR_PLACES);
export const TAX_PLACES = 2;
const TAX_SCALE = 10n ** BigInt(TAX_PLACES);

const DECIMAL = /^(0|[1-9]\d{0,11})(?:\.(\d{1,4}))?$/;
const PERCENT = /^(0|[1-9]\d?|100)(?:\.(\d{1,2}))?$/;

export interface Factor {
  /** A positive decimal string with up to four places, e.g. "20" or "1.5". */
  quantity: string;
  /** Its unit, e.g. "orang", "hari", "kali". */
  unit: string;
}

/** A factor as a bigint scaled by 10^4; undefined when the text is not a positive decimal. */
export function parseFactor(quantity: string): bigint | undefined {
  const m = DECIMAL.exec(quantity);
  if (!m) return undefined;
  const value = BigInt(m[1]!) * FACTOR_SCALE + BigInt((m[2] ?? '').padEnd(FACTOR_PLACES, '0'));
  return value > 0n ? value : undefined;
}

/** A tax percentage scaled by 100; undefined unless 0..100 with at most two places. */
export function parseTaxPercent(percent: string): bigint | undefined {
  const m = PERCENT.exec(percent);
  if (!m) return undefined;
  const value = BigInt(m[1]!) * TAX_SCALE + BigInt((m[2] ?? '').padEnd(TAX_PLACES, '0'));
  return value <= 100n * TAX_SCALE ? value : undefined;
}

/** A scaled decimal back to its shortest text: 15000n at scale 10^4 is "1.5". */
export function formatScaled(value: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const whole = value / scale;
  const fraction = (value % scale).toString().padStart(places, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

export interface LineAmounts {
  /** The product of the factors, as exact decimal text, e.g. "120" or "37.5". */
  volume: string;
  amount: bigint;
  tax: bigint;
  total: bigint;
}

/** The amounts of a line; the factors and tax must have been parsed already (see `parseFactor`). */
export function lineAmounts(factors: readonly bigint[], unitPrice: bigint, taxPercentScaled: bigint): LineAmounts {
  if (factors.length < 1 || factors.length > 4) throw new RangeError('a volume has one to four factors');
  const volumeScaled = factors.reduce((p, f) => p * f, 1n);
  const volumeScale = FACTOR_SCALE ** BigInt(factors.length);
  const amount = mulDivRupiah(volumeScaled, unitPrice, volumeScale, 'half-up');
  const total = mulDivRupiah(
    volumeScaled * unitPrice,
    100n * TAX_SCALE + taxPercentScaled,
    volumeScale * 100n * TAX_SCALE,
    'half-up',
  );
  return { volume: formatScaled(volumeScaled, FACTOR_PLACES * factors.length), amount, tax: total - amount, total };
}
