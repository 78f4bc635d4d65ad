/*
 * Rating periods in the region's own time zone: a year (2026), a half (2026-S1), a quarter
 * (2026-Q3) or a month (2026-11). SKM is published at least yearly; units also look at shorter ones.
 */
import { RatingPeriod } from '@sinergi/contracts';
import { localDate, startOfLocalDay } from '@sinergi/service-kit';

export interface PeriodRange {
  period: string;
  /** Local midnight of the first day, as an instant. */
  from: Date;
  /** Local midnight after the last day (exclusive). */
  to: Date;
}

/** The first month (1-12) and the number of months of a period; throws on a malformed one. */
export function periodMonths(period: string): { year: number; firstMonth: number; months: number } {
  const parsed = RatingPeriod.safeParse(period);
  if (!parsed.success) throw new RangeError(parsed.error.issues[0]!.message);
  const year = Number(period.slice(0, 4));
  const rest = period.slice(5);
  if (rest === '') return { year, firstMonth: 1, months: 12 };
  if (rest.startsWith('S')) return { year, firstMonth: rest === 'S1' ? 1 : 7, months: 6 };
  if (rest.startsWith('Q')) return { year, firstMonth: (Number(rest.slice(1)) - 1) * 3 + 1, months: 3 };
  return { year, firstMonth: Number(rest), months: 1 };
}

export function periodRange(period: string, timeZone: string): PeriodRange {
  const { year, firstMonth, months } = periodMonths(period);
  const endMonthIndex = firstMonth - 1 + months; // 0-based month after the period
  const endYear = year + Math.floor(endMonthIndex / 12);
  const endMonth = (endMonthIndex % 12) + 1;
  return {
    period,
    from: startOfLocalDay(`${year}-${pad(firstMonth)}-01`, timeZone),
    to: startOfLocalDay(`${endYear}-${pad(endMonth)}-01`, timeZone),
  };
}

/** Every period (year, half, quarter, month) an instant falls in, in the region's time zone. */
export function periodsContaining(instant: Date, timeZone: string): string[] {
  const [y, m] = localDate(instant, timeZone).split('-') as [string, string];
  const month = Number(m);
  return [y, `${y}-S${month <= 6 ? 1 : 2}`, `${y}-Q${Math.ceil(month / 3)}`, `${y}-${m}`];
}

/** The current year in the region: the default period of every result. */
export function currentYear(now: Date, timeZone: string): string {
  return localDate(now, timeZone).slice(0, 4);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
