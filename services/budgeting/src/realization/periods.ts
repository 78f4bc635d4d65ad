/**
 * Periods and percentages of realization, as pure functions (no I/O, no floats).
 *
 * A month is a local year-month (`2026-03`) of the fiscal year, never one that has not begun in the
 * region's own time zone; indicator results are per month or per quarter (`2026-Q1`). Percentages
 * (absorption of a budget, achievement of an indicator's target) are computed in whole numbers and
 * shown with two places, rounded half-up once.
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

export type PeriodError = { ok: false; message: string };

/** `YYYY-MM` of a local calendar date `YYYY-MM-DD`. */
export const monthOf = (localDate: string) => localDate.slice(0, 7);

/**
 * A realization month: `YYYY-MM` in the fiscal year and not after the current local month
 * (`today` is the region's local date, `YYYY-MM-DD`).
 */
export function parseMonth(text: string, fiscalYear: number, today: string): { ok: true; month: number } | PeriodError {
  const m = MONTH.exec(text);
  if (!m) return { ok: false, message: 'must be a month like 2026-03' };
  if (Number(m[1]) !== fiscalYear) return { ok: false, message: `must be a month of fiscal year ${fiscalYear}` };
  if (text > monthOf(today)) return { ok: false, message: `${text} has not begun yet (today is ${today})` };
  return { ok: true, month: Number(m[2]) };
}

/** An indicator period: a month (`2026-03`) or a quarter (`2026-Q1`) of the fiscal year that has begun. */
export function parsePeriod(
  text: string,
  fiscalYear: number,
  today: string,
): { ok: true; period: string } | PeriodError {
  const q = QUARTER.exec(text);
  if (q) {
    if (Number(q[1]) !== fiscalYear) return { ok: false, message: `must be a period of fiscal year ${fiscalYear}` };
    const firstMonth = `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}`;
    if (firstMonth > monthOf(today)) return { ok: false, message: `${text} has not begun yet (today is ${today})` };
    return { ok: true, period: text };
  }
  const m = parseMonth(text, fiscalYear, today);
  if (!m.ok)
    return MONTH.test(text) ? m : { ok: false, message: 'must be a month like 2026-03 or a quarter like 2026-Q1' };
  return { ok: true, period: text };
}

/** The text of month `n` of a year: `2026-03`. */
export const monthText = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

const DECIMAL = /^(0|[1-9]\d{0,11})(?:\.(\d{1,4}))?$/;
export const DECIMAL_PLACES = 4;

/** A non-negative decimal with at most four places as a bigint scaled by 10^4; undefined when it is not one. */
export function parseDecimal(text: string): bigint | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  return BigInt(m[1]!) * 10n ** BigInt(DECIMAL_PLACES) + BigInt((m[2] ?? '').padEnd(DECIMAL_PLACES, '0'));
}

/**
 * `part / whole` as a percentage with two places, rounded half-up once (both non-negative, in the
 * same unit): 1 of 3 is "33.33", 2 of 3 is "66.67", 1 of 8 is "12.50". Above 100 is shown as it is
 * (overspending, a target exceeded). Null when the whole is zero: nothing to compare against.
 */
export function percentText(part: bigint, whole: bigint): string | null {
  if (whole <= 0n || part < 0n) return null;
  const hundredths = (part * 10_000n * 2n + whole) / (2n * whole);
  return `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}`;
}
