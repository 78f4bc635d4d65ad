/**
 * Working-day arithmetic for statutory deadlines ("hari kerja"). Pure functions: no clock, no I/O.
 *
 * A region's working days are Monday to Friday in its own time zone (WIB, WITA or WIT), minus
 * its holidays (libur nasional, cuti bersama, libur daerah). Dates are ISO `YYYY-MM-DD` strings
 * in the region's local calendar; instants are `Date`s.
 */
export interface WorkingCalendar {
  timeZone: string;
  /** Local dates that are not working days even when they fall on a weekday. */
  holidays: ReadonlySet<string>;
  /** Years whose holiday list is the confirmed one; a deadline reaching into another year may move. */
  confirmedYears?: ReadonlySet<number>;
}

/** The parts of a region profile (`@sinergi/contracts`) a calendar is made of. */
export interface CalendarSource {
  timeZone: string;
  holidays: readonly { date: string; kind?: string }[];
  holidayYears?: readonly { year: number; confirmed: boolean }[];
  /** `working-day`: cuti bersama days count as working days for this region's deadlines. */
  cutiBersama?: 'day-off' | 'working-day';
}

export function calendarFor(profile: CalendarSource): WorkingCalendar {
  const skip = profile.cutiBersama === 'working-day' ? 'cuti-bersama' : undefined;
  return {
    timeZone: profile.timeZone,
    holidays: new Set(profile.holidays.filter((h) => h.kind !== skip).map((h) => h.date)),
    confirmedYears: new Set((profile.holidayYears ?? []).filter((y) => y.confirmed).map((y) => y.year)),
  };
}

/**
 * Whether every local year from `from` to `until` has a confirmed holiday list, so a deadline counted
 * between them cannot move when a list is completed. A calendar that says nothing about its years
 * (`confirmedYears` absent) is not confirmed.
 */
export function holidaysConfirmed(from: Date, until: Date, cal: WorkingCalendar): boolean {
  const first = Number(localDate(from, cal.timeZone).slice(0, 4));
  const last = Number(localDate(until, cal.timeZone).slice(0, 4));
  for (let year = first; year <= last; year += 1) if (!cal.confirmedYears?.has(year)) return false;
  return true;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  );
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    clock: `${p.hour}:${p.minute}:${p.second}`,
    time: Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!),
  };
}

/** An instant as ISO 8601 local time with the zone's offset, e.g. 2024-06-03T09:15:00+07:00. */
export function localIso(instant: Date | null, timeZone: string): string | null {
  if (!instant) return null;
  const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
  const p = parts(whole, timeZone);
  const offsetMinutes = Math.round((p.time - whole.getTime()) / 60_000);
  const abs = Math.abs(offsetMinutes);
  const offset = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.date}T${p.clock}${offset}`;
}

/** The local calendar date of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return parts(instant, timeZone).date;
}

/** Offset of the zone from UTC at that instant, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const whole = new Date(Math.floor(instant.getTime() / 1000) * 1000);
  return parts(whole, timeZone).time - whole.getTime();
}

/** The instant local midnight begins on `date` in the zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  // Indonesian zones have no daylight saving, so one correction is exact; the second guards other zones
  let t = guess - offsetMs(new Date(guess), timeZone);
  t = guess - offsetMs(new Date(t), timeZone);
  return new Date(t);
}

const DAY_MS = 86_400_000;

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !cal.holidays.has(date);
}

/**
 * The date `n` working days after `date`, not counting `date` itself: a report received on a
 * Friday with a 3-day deadline is due by the end of Wednesday.
 */
export function addWorkingDays(date: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number >= 0, got ${n}`);
  let d = date;
  let left = n;
  while (left > 0) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) left -= 1;
  }
  return d;
}

/**
 * The deadline instant for something that started at `from` and must be done within `n` working
 * days: the end of the n-th working day in the region's zone (exclusive: overdue when now >= it).
 */
export function workingDayDeadline(from: Date, n: number, cal: WorkingCalendar): Date {
  const due = addWorkingDays(localDate(from, cal.timeZone), n, cal);
  return startOfLocalDay(addCalendarDays(due, 1), cal.timeZone);
}

/** Working days wholly or partly elapsed after `from`'s local date up to and including `to`'s. */
export function workingDaysBetween(from: Date, to: Date, cal: WorkingCalendar): number {
  const end = localDate(to, cal.timeZone);
  let d = localDate(from, cal.timeZone);
  let count = 0;
  while (d < end) {
    d = addCalendarDays(d, 1);
    if (isWorkingDay(d, cal)) count += 1;
  }
  return count;
}
