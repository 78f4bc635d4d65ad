/** The statutory deadlines in working days, as pure rules over a region's calendar. */
import { describe, expect, it } from 'vitest';
import { calendarFor } from '@sinergi/service-kit';
import { autoCloseDue, currentDeadline, dispositionDue, followUpDue, isOverdue } from '../../src/deadlines/rules.js';
import { BANDUNG } from '../regions.js';

const bandung = calendarFor(BANDUNG);
const ternate = calendarFor({ timeZone: 'Asia/Jayapura', holidays: BANDUNG.holidays });
const palu = calendarFor({ timeZone: 'Asia/Makassar', holidays: [] });

describe('statutory deadlines in working days', () => {
  it('gives disposition 3, follow-up 5 and auto-close 10 working days, ending at local midnight', () => {
    // Monday 1 June 2026 is Hari Lahir Pancasila (a holiday): a report on Friday 29 May 10:00 WIB
    const friday = new Date('2026-05-29T03:00:00Z');
    expect(dispositionDue(friday, bandung).toISOString()).toBe('2026-06-04T17:00:00.000Z'); // Tue 2, Wed 3, Thu 4 June
    expect(followUpDue(friday, bandung).toISOString()).toBe('2026-06-08T17:00:00.000Z'); // 2, 3, 4, 5 and Mon 8 June
  });

  it('skips the whole Lebaran break of 2026 (18-24 March)', () => {
    const tuesday = new Date('2026-03-17T02:00:00Z'); // 09:00 WIB
    // working days after 17 Mar: 25, 26, 27 -> due end of Friday 27 March
    expect(dispositionDue(tuesday, bandung).toISOString()).toBe('2026-03-27T17:00:00.000Z');
    // ten working days: 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Apr Good Friday), 6, 7, 8 Apr
    expect(autoCloseDue(tuesday, bandung).toISOString()).toBe('2026-04-08T17:00:00.000Z');
  });

  it('counts in the region’s own zone: 23:30 WIB Friday is already Saturday in Ternate (WIT)', () => {
    const late = new Date('2026-06-05T16:30:00Z');
    expect(dispositionDue(late, bandung).toISOString()).toBe('2026-06-10T17:00:00.000Z'); // Mon, Tue, Wed (WIB)
    expect(dispositionDue(late, ternate).toISOString()).toBe('2026-06-10T15:00:00.000Z'); // Mon, Tue, Wed, end at WIT midnight
    expect(dispositionDue(new Date('2026-06-05T15:30:00Z'), palu).toISOString()).toBe('2026-06-10T16:00:00.000Z'); // 23:30 WITA Friday
  });

  it('knows which deadline a report runs against and when it is overdue', () => {
    const r = {
      status: 'disposed',
      disposition_due: new Date('2026-06-03T17:00:00Z'),
      followup_due: new Date('2026-06-10T17:00:00Z'),
      autoclose_due: null,
    };
    expect(currentDeadline(r)).toEqual({ kind: 'follow-up', due: r.followup_due });
    expect(isOverdue(r, new Date('2026-06-10T16:59:59Z'))).toBe(false);
    expect(isOverdue(r, new Date('2026-06-10T17:00:00Z'))).toBe(true);
    expect(currentDeadline({ ...r, status: 'closed' })).toBeUndefined();
  });
});
