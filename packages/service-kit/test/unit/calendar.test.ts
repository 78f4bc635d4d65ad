import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarFor,
  holidaysConfirmed,
  isWorkingDay,
  localDate,
  localIso,
  startOfLocalDay,
  workingDayDeadline,
  workingDaysBetween,
  type WorkingCalendar,
} from '../../src/calendar.js';

const cal = (timeZone: string, holidays: string[] = []): WorkingCalendar => ({ timeZone, holidays: new Set(holidays) });
const WIB = cal('Asia/Jakarta');
// 2026: 16 Feb cuti bersama (Imlek), 17 Feb Imlek; 19 Mar Nyepi, 20-24 Mar Idul Fitri and cuti bersama
const BANDUNG_2026 = cal('Asia/Jakarta', [
  '2026-02-16',
  '2026-02-17',
  '2026-03-18',
  '2026-03-19',
  '2026-03-20',
  '2026-03-21',
  '2026-03-22',
  '2026-03-23',
  '2026-03-24',
]);

describe('working days', () => {
  it('skips weekends: Friday + 3 working days is Wednesday', () => {
    expect(addWorkingDays('2026-06-05', 3, WIB)).toBe('2026-06-10');
  });

  it('counts from the next day: Monday + 1 is Tuesday; + 0 is the same day', () => {
    expect(addWorkingDays('2026-06-01', 1, WIB)).toBe('2026-06-02');
    expect(addWorkingDays('2026-06-01', 0, WIB)).toBe('2026-06-01');
  });

  it('skips holidays: a report on Friday 13 Feb 2026 with 3 days is due Friday 20 Feb (Imlek on 16-17)', () => {
    expect(addWorkingDays('2026-02-13', 3, BANDUNG_2026)).toBe('2026-02-20');
    expect(addWorkingDays('2026-02-13', 3, WIB)).toBe('2026-02-18');
  });

  it('crosses the long Lebaran break: Tuesday 17 Mar 2026 + 5 lands on 31 Mar', () => {
    // working days after 17 Mar: 25, 26, 27, 30, 31
    expect(addWorkingDays('2026-03-17', 5, BANDUNG_2026)).toBe('2026-03-31');
  });

  it('treats a weekday holiday as no working day and a weekend as none either', () => {
    expect(isWorkingDay('2026-02-17', BANDUNG_2026)).toBe(false);
    expect(isWorkingDay('2026-02-21', WIB)).toBe(false);
    expect(isWorkingDay('2026-02-18', BANDUNG_2026)).toBe(true);
  });

  it('refuses negative or fractional durations', () => {
    expect(() => addWorkingDays('2026-06-01', -1, WIB)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-06-01', 1.5, WIB)).toThrow(RangeError);
  });
});

describe('the three Indonesian time zones', () => {
  it('writes instants in the region’s time zone with its offset', () => {
    expect(localIso(new Date('2024-06-03T02:15:00Z'), 'Asia/Jakarta')).toBe('2024-06-03T09:15:00+07:00');
    expect(localIso(new Date('2024-06-03T20:00:00Z'), 'Asia/Jayapura')).toBe('2024-06-04T05:00:00+09:00');
    expect(localIso(null, 'Asia/Jakarta')).toBeNull();
  });
  // Friday 5 June 2026, 16:30 UTC = 23:30 WIB (Friday), 00:30 WITA and 01:30 WIT (Saturday)
  const instant = new Date('2026-06-05T16:30:00Z');

  it('puts the same instant on different local dates', () => {
    expect(localDate(instant, 'Asia/Jakarta')).toBe('2026-06-05');
    expect(localDate(instant, 'Asia/Makassar')).toBe('2026-06-06');
    expect(localDate(instant, 'Asia/Jayapura')).toBe('2026-06-06');
  });

  it('so a 1-working-day deadline ends on Monday in WIB but Tuesday in WITA and WIT', () => {
    expect(workingDayDeadline(instant, 1, cal('Asia/Jakarta')).toISOString()).toBe('2026-06-08T17:00:00.000Z'); // Tue 00:00 WIB
    expect(workingDayDeadline(instant, 1, cal('Asia/Makassar')).toISOString()).toBe('2026-06-08T16:00:00.000Z'); // Tue 00:00 WITA
    expect(workingDayDeadline(instant, 1, cal('Asia/Jayapura')).toISOString()).toBe('2026-06-08T15:00:00.000Z'); // Tue 00:00 WIT
  });

  it('starts local days at the right UTC instant', () => {
    expect(startOfLocalDay('2026-01-01', 'Asia/Jakarta').toISOString()).toBe('2025-12-31T17:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'Asia/Makassar').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(startOfLocalDay('2026-01-01', 'Asia/Jayapura').toISOString()).toBe('2025-12-31T15:00:00.000Z');
  });

  it('counts elapsed working days in the region’s own zone', () => {
    const from = new Date('2026-06-05T16:30:00Z');
    const to = new Date('2026-06-09T03:00:00Z'); // Tuesday morning everywhere
    expect(workingDaysBetween(from, to, cal('Asia/Jakarta'))).toBe(2); // Mon, Tue
    expect(workingDaysBetween(from, to, cal('Asia/Jayapura'))).toBe(2); // from Sat: Mon, Tue
  });
});

describe('which holiday lists a deadline rests on', () => {
  const source = {
    timeZone: 'Asia/Jakarta',
    holidays: [
      { date: '2026-12-24', kind: 'cuti-bersama' },
      { date: '2026-12-25', kind: 'libur-nasional' },
    ],
    holidayYears: [
      { year: 2026, confirmed: true },
      { year: 2027, confirmed: false },
    ],
  };

  it('counts cuti bersama as a day off unless the region makes it a working day', () => {
    // Wednesday 23 Dec 2026 + 1 working day: 24 (cuti bersama) and 25 (Christmas) are off, so Monday 28
    expect(addWorkingDays('2026-12-23', 1, calendarFor(source))).toBe('2026-12-28');
    expect(addWorkingDays('2026-12-23', 1, calendarFor({ ...source, cutiBersama: 'working-day' }))).toBe('2026-12-24');
  });

  it('is confirmed only when every local year from start to deadline has a confirmed list', () => {
    const cal = calendarFor(source);
    expect(holidaysConfirmed(new Date('2026-12-01T03:00:00Z'), new Date('2026-12-30T03:00:00Z'), cal)).toBe(true);
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in WIB
    expect(holidaysConfirmed(new Date('2026-12-01T03:00:00Z'), new Date('2026-12-31T18:00:00Z'), cal)).toBe(false);
    expect(holidaysConfirmed(new Date('2025-12-30T03:00:00Z'), new Date('2026-01-05T03:00:00Z'), cal)).toBe(false);
    expect(holidaysConfirmed(new Date('2026-06-01T03:00:00Z'), new Date('2026-06-02T03:00:00Z'), WIB)).toBe(false);
  });
});
