/**
 * Statutory deadlines of LAPOR! (SP4N), in working days of the region's calendar:
 * disposition within 3 of submission, the unit's follow-up within 5 of disposition, and automatic
 * closing 10 after the follow-up when nobody replies. Pure functions over the kit's calendar.
 */
import { workingDayDeadline, type WorkingCalendar } from '@sinergi/service-kit';

export const DISPOSITION_DAYS = 3;
export const FOLLOW_UP_DAYS = 5;
export const AUTO_CLOSE_DAYS = 10;

export const dispositionDue = (submittedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(submittedAt, DISPOSITION_DAYS, cal);
export const followUpDue = (disposedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(disposedAt, FOLLOW_UP_DAYS, cal);
export const autoCloseDue = (followedUpAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(followedUpAt, AUTO_CLOSE_DAYS, cal);

export interface DeadlineState {
  status: string;
  disposition_due: Date;
  followup_due: Date | null;
  autoclose_due: Date | null;
}

/** The deadline a report is currently running against, if any (for Open311's expected_datetime and overdue lists). */
export function currentDeadline(
  r: DeadlineState,
): { kind: 'disposition' | 'follow-up' | 'auto-close'; due: Date } | undefined {
  switch (r.status) {
    case 'submitted':
      return { kind: 'disposition', due: r.disposition_due };
    case 'disposed':
    case 'in-progress':
      return r.followup_due ? { kind: 'follow-up', due: r.followup_due } : undefined;
    case 'followed-up':
      return r.autoclose_due ? { kind: 'auto-close', due: r.autoclose_due } : undefined;
    default:
      return undefined;
  }
}

export const isOverdue = (r: DeadlineState, now: Date) => {
  const d = currentDeadline(r);
  return !!d && d.kind !== 'auto-close' && now >= d.due;
};
