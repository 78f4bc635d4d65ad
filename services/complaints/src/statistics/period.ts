/**
 * A reporting period: whole local days in the region's time zone, `from` and `to` inclusive.
 * Pure: the caller passes the clock.
 */
import { addCalendarDays, localDate, startOfLocalDay } from '@sinergi/service-kit';

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;

export interface Period {
  /** First local day, YYYY-MM-DD. */
  from: string;
  /** Last local day, YYYY-MM-DD (inclusive). */
  to: string;
  timeZone: string;
  /** Instant the first day begins. */
  start: Date;
  /** Instant after the last day ends (exclusive). */
  end: Date;
  days: number;
}

export type PeriodResult =
  | { ok: true; period: Period }
  | { ok: false; field: 'from' | 'to'; code: 'period_reversed' | 'period_too_long'; message: string };

const DAY_MS = 86_400_000;
const daysInclusive = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/**
 * Resolves `from`/`to` (either may be missing) to a period. Defaults: `to` is today in the
 * region, `from` is 30 days back including `to` (or `to` defaults to 30 days after `from`, capped
 * at today when that is later than `from`).
 */
export function resolvePeriod(
  q: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: Date,
  opts: { maxDays?: number } = {},
): PeriodResult {
  const maxDays = opts.maxDays ?? MAX_PERIOD_DAYS;
  const today = localDate(now, timeZone);
  let from = q.from;
  let to = q.to;
  if (!to) {
    const latest = from ? addCalendarDays(from, DEFAULT_PERIOD_DAYS - 1) : today;
    to = from && latest > today && today >= from ? today : latest;
  }
  from ??= addCalendarDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) return { ok: false, field: 'from', code: 'period_reversed', message: `must not be after to (${to})` };
  const days = daysInclusive(from, to);
  if (days > maxDays)
    return {
      ok: false,
      field: 'to',
      code: 'period_too_long',
      message: `the period spans ${days} days; at most ${maxDays} are allowed`,
    };
  return {
    ok: true,
    period: {
      from,
      to,
      timeZone,
      start: startOfLocalDay(from, timeZone),
      end: startOfLocalDay(addCalendarDays(to, 1), timeZone),
      days,
    },
  };
}

/** `at` falls within the period. */
export const inPeriod = (at: Date | null, p: Pick<Period, 'start' | 'end'>): at is Date =>
  !!at && at >= p.start && at < p.end;
