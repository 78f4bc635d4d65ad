/**
 * The deadline rules of issue 16 as pure functions: the clock starts at the channel's received
 * time, information requests follow UU 14/2008, a deferral has a limit, and a breach reaches the
 * region's oversight a configurable number of working days later.
 */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '@sinergi/service-kit';
import {
  currentDeadline,
  dispositionDue,
  extendedInformationDue,
  followUpDueOf,
  handlingOf,
  HANDLING_DEFAULTS,
  informationDue,
  receivedTimeProblem,
  workingDaysAfterDeadline,
} from '../../src/deadlines/rules.js';
import { BANDUNG } from '../regions.js';

const bandung = calendarFor(BANDUNG);

describe('the clock starts when the channel received the complaint', () => {
  it('an SMS received Friday 19:30 WIB is due Wednesday; counted from Monday morning’s recording it would be a day late', () => {
    const received = new Date('2026-06-05T12:30:00Z'); // Friday 5 June 2026, 19:30 WIB
    const recorded = new Date('2026-06-08T01:00:00Z'); // Monday 8 June, 08:00 WIB
    expect(dispositionDue(received, bandung).toISOString()).toBe('2026-06-10T17:00:00.000Z'); // end of Wed 10 June
    expect(dispositionDue(recorded, bandung).toISOString()).toBe('2026-06-11T17:00:00.000Z'); // Thursday: a day late
  });

  it('refuses a received time in the future (beyond a few minutes of clock skew) or older than the region allows', () => {
    const now = new Date('2026-12-07T03:00:00Z');
    expect(receivedTimeProblem(new Date(now.getTime() + 60_000), now, 30)).toBeUndefined();
    expect(receivedTimeProblem(new Date(now.getTime() + 10 * 60_000), now, 30)).toBe('is in the future');
    expect(receivedTimeProblem(new Date(now.getTime() - 29 * 86_400_000), now, 30)).toBeUndefined();
    expect(receivedTimeProblem(new Date(now.getTime() - 31 * 86_400_000), now, 30)).toMatch(/more than 30 days/);
    expect(receivedTimeProblem(new Date(now.getTime() - 31 * 86_400_000), now, 60)).toBeUndefined();
  });
});

describe('information requests (UU 14/2008 Art. 22)', () => {
  it('are due 10 working days after receipt, and once extended 7 working days beyond that', () => {
    const received = new Date('2026-06-05T03:00:00Z'); // Friday 5 June, 10:00 WIB
    const due = informationDue(received, bandung);
    // 8, 9, 10, 11, 12, 15, (16 June is 1 Muharam) 17, 18, 19, 22 June
    expect(due.toISOString()).toBe('2026-06-22T17:00:00.000Z');
    // 23, 24, 25, 26, 29, 30 June, 1 July
    expect(extendedInformationDue(due, bandung).toISOString()).toBe('2026-07-01T17:00:00.000Z');
  });

  it('keep their statutory deadline as the follow-up deadline when disposed; other reports get 5 working days', () => {
    const disposedAt = new Date('2026-06-08T03:00:00Z');
    const due = new Date('2026-06-19T17:00:00Z');
    expect(followUpDueOf({ type: 'permintaan-informasi', information_due: due }, disposedAt, bandung)).toBe(due);
    expect(followUpDueOf({ type: 'pengaduan', information_due: null }, disposedAt, bandung).toISOString()).toBe(
      '2026-06-15T17:00:00.000Z',
    );
  });
});

describe('per-region handling with defaults', () => {
  it('reads the chain from the directory, and without it takes the Inspektorat and the defaults', () => {
    expect(handlingOf(BANDUNG)).toEqual({
      oversightUnit: 'inspektorat',
      oversightAfterWorkingDays: 3,
      deferralLimitWorkingDays: 10,
      receivedTimeMaxAgeDays: 30,
    });
    const sekdaOnly = {
      units: [{ code: 'setda', name: 'Sekretariat Daerah', kind: 'sekretariat' as const }],
      complaintHandling: { oversightAfterWorkingDays: 5 },
    };
    expect(handlingOf(sekdaOnly)).toEqual({
      ...HANDLING_DEFAULTS,
      oversightUnit: 'setda',
      oversightAfterWorkingDays: 5,
    });
    expect(handlingOf({ units: [{ code: 'dpupr', name: 'Dinas PUPR', kind: 'dinas' }] }).oversightUnit).toBeNull();
  });

  it('counts working days after a deadline from its last day, not from the day after', () => {
    const due = new Date('2026-06-10T17:00:00Z'); // end of Wednesday 10 June
    expect(workingDaysAfterDeadline(due, 3, bandung).toISOString()).toBe('2026-06-15T17:00:00.000Z'); // Thu, Fri, Mon
  });

  it('gives a deferred report its own deadline', () => {
    const deferredDue = new Date('2026-06-19T17:00:00Z');
    const r = { status: 'deferred', disposition_due: new Date(0), followup_due: null, autoclose_due: null };
    expect(currentDeadline({ ...r, deferred_due: deferredDue })).toEqual({ kind: 'deferral', due: deferredDue });
    expect(currentDeadline(r)).toBeUndefined();
  });
});
