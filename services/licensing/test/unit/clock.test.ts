/** The clocks in working days: the registration check, the service standard, and a file deemed complete. */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '@sinergi/service-kit';
import {
  completenessDue,
  decisionDue,
  DEFAULT_SERVICE_DAYS,
  withinServiceStandard,
} from '../../src/deadlines/rules.js';
import { BANDUNG } from '../samples.js';

const bandung = calendarFor(BANDUNG);
const palu = calendarFor({ timeZone: 'Asia/Makassar', holidays: BANDUNG.holidays });
const jayapura = calendarFor({ timeZone: 'Asia/Jayapura', holidays: BANDUNG.holidays });

describe('the service-standard clock', () => {
  it('counts working days from completeness, skipping the weekend', () => {
    // complete on Friday 10 July 2026, 10:00 WIB; 7 working days: 13-17, 20, 21 July
    const friday = new Date('2026-07-10T03:00:00Z');
    expect(decisionDue(friday, 7, bandung).toISOString()).toBe('2026-07-21T17:00:00.000Z');
  });

  it('uses the statutory 5 working days when the type sets none', () => {
    expect(DEFAULT_SERVICE_DAYS).toBe(5);
    const monday = new Date('2026-07-06T02:00:00Z');
    expect(decisionDue(monday, null, bandung).toISOString()).toBe('2026-07-13T17:00:00.000Z'); // 7, 8, 9, 10, 13 July
  });

  it('skips holidays: the Nyepi and Lebaran break of March 2026 and Good Friday', () => {
    const tuesday = new Date('2026-03-17T02:00:00Z');
    // working days after 17 March: 25, 26, 27, 30, 31 March, 1, 2 April, (3 Good Friday) 6 April
    expect(decisionDue(tuesday, 8, bandung).toISOString()).toBe('2026-04-06T17:00:00.000Z');
  });

  it('counts in the region’s own zone: 23:30 WIB on a Friday is already Saturday in WITA and WIT', () => {
    const late = new Date('2026-07-10T16:30:00Z'); // Fri 23:30 WIB, Sat 00:30 WITA, Sat 01:30 WIT
    expect(decisionDue(late, 3, bandung).toISOString()).toBe('2026-07-15T17:00:00.000Z'); // Mon 13, Tue 14, Wed 15 (WIB midnight)
    expect(decisionDue(late, 3, palu).toISOString()).toBe('2026-07-15T16:00:00.000Z'); // the same days, WITA midnight
    expect(decisionDue(new Date('2026-07-10T14:30:00Z'), 3, jayapura).toISOString()).toBe('2026-07-15T15:00:00.000Z'); // Fri 23:30 WIT
    expect(decisionDue(new Date('2026-07-10T14:30:00Z'), 3, bandung).toISOString()).toBe('2026-07-15T17:00:00.000Z'); // Fri 21:30 WIB: same Friday
  });

  it('counts a decision before the deadline as within the standard, at or after it as late', () => {
    const due = new Date('2026-07-21T17:00:00Z');
    expect(withinServiceStandard(new Date('2026-07-21T16:59:59Z'), due)).toBe(true);
    expect(withinServiceStandard(due, due)).toBe(false);
    expect(withinServiceStandard(new Date(), null)).toBe(true);
  });
});

describe('the completeness deadline', () => {
  it('gives the registration check its own working days from submission, skipping the weekend', () => {
    // submitted Friday 2026-11-06 10:00 WIB: two working days end with Tuesday 2026-11-10
    expect(completenessDue(new Date('2026-11-06T03:00:00Z'), 2, bandung).toISOString()).toBe(
      '2026-11-10T17:00:00.000Z',
    );
  });
});

describe('the decision deadline of a file deemed complete', () => {
  it('counts from the last day of the registration check: submitted Thu 4 June 2026, 2 check days, 5 service days', () => {
    const cal = calendarFor({ timeZone: 'Asia/Jakarta', holidays: [] });
    // the check runs Fri 5 and Mon 8 June; its deadline is the local midnight after Monday
    const completenessDue = new Date('2026-06-08T17:00:00Z');
    // deemed complete at the last moment of Monday: Tue 9 … Mon 15 June are the five service days
    expect(decisionDue(new Date(completenessDue.getTime() - 1), 5, cal).toISOString()).toBe('2026-06-15T17:00:00.000Z');
  });
});
