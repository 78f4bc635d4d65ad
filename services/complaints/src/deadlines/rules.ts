/**
 * Deadlines, in working days of the region's calendar. Pure functions over the kit's calendar.
 *
 * National rules (sources in the README): disposition within 3 of receipt, the unit's follow-up
 * within 5 of disposition, automatic closing 10 after the follow-up when neither the reporter nor an
 * administrator replies (LAPOR!); an information request answered within 10 of receipt, extendable
 * once by 7 with a written reason (UU 14/2008 Art. 22). What no source fixes is set per region in
 * the directory's `complaintHandling`, with the defaults below.
 */
import type { ComplaintHandling, RegionProfile } from '@sinergi/contracts';
import { workingDayDeadline, type WorkingCalendar } from '@sinergi/service-kit';

export const DISPOSITION_DAYS = 3;
export const FOLLOW_UP_DAYS = 5;
export const AUTO_CLOSE_DAYS = 10;
export const INFORMATION_DAYS = 10;
export const INFORMATION_EXTENSION_DAYS = 7;

/** Defaults of the per-region settings no confirmed source fixes. */
export const HANDLING_DEFAULTS = {
  oversightAfterWorkingDays: 3,
  deferralLimitWorkingDays: 10,
  receivedTimeMaxAgeDays: 30,
} as const satisfies Required<Omit<ComplaintHandling, 'oversightUnit'>>;

export interface Handling {
  oversightUnit: string | null;
  oversightAfterWorkingDays: number;
  deferralLimitWorkingDays: number;
  receivedTimeMaxAgeDays: number;
}

/** A region's settings with the defaults filled in; without an oversight unit, its Inspektorat, else its Sekretariat Daerah. */
export function handlingOf(profile: Pick<RegionProfile, 'units' | 'complaintHandling'>): Handling {
  const h = profile.complaintHandling ?? {};
  const ofKind = (kind: string) => profile.units.find((u) => u.kind === kind)?.code;
  return {
    oversightUnit: h.oversightUnit ?? ofKind('inspektorat') ?? ofKind('sekretariat') ?? null,
    oversightAfterWorkingDays: h.oversightAfterWorkingDays ?? HANDLING_DEFAULTS.oversightAfterWorkingDays,
    deferralLimitWorkingDays: h.deferralLimitWorkingDays ?? HANDLING_DEFAULTS.deferralLimitWorkingDays,
    receivedTimeMaxAgeDays: h.receivedTimeMaxAgeDays ?? HANDLING_DEFAULTS.receivedTimeMaxAgeDays,
  };
}

export const dispositionDue = (receivedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(receivedAt, DISPOSITION_DAYS, cal);
export const followUpDue = (disposedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(disposedAt, FOLLOW_UP_DAYS, cal);
export const autoCloseDue = (lastWord: Date, cal: WorkingCalendar) =>
  workingDayDeadline(lastWord, AUTO_CLOSE_DAYS, cal);
export const informationDue = (receivedAt: Date, cal: WorkingCalendar) =>
  workingDayDeadline(receivedAt, INFORMATION_DAYS, cal);

/** `n` working days after a deadline: a deadline is the start of the day after its last day, so count from that last day. */
export const workingDaysAfterDeadline = (due: Date, n: number, cal: WorkingCalendar) =>
  workingDayDeadline(new Date(due.getTime() - 1), n, cal);

/** The single extension UU 14/2008 Art. 22(8) allows: 7 working days beyond the original deadline. */
export const extendedInformationDue = (due: Date, cal: WorkingCalendar) =>
  workingDaysAfterDeadline(due, INFORMATION_EXTENSION_DAYS, cal);

/** The follow-up deadline after (re-)disposition: an information request keeps its statutory one. */
export const followUpDueOf = (r: { type: string; information_due: Date | null }, now: Date, cal: WorkingCalendar) =>
  r.type === 'permintaan-informasi' && r.information_due ? r.information_due : followUpDue(now, cal);

/** Clocks of senders drift a little; more than this ahead of ours is a received time in the future. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Why a channel's received time cannot be used, or undefined when it can. */
export function receivedTimeProblem(receivedAt: Date, now: Date, maxAgeDays: number): string | undefined {
  if (receivedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return 'is in the future';
  if (receivedAt.getTime() < now.getTime() - maxAgeDays * 86_400_000)
    return `is more than ${maxAgeDays} days ago (this region's limit)`;
  return undefined;
}

export interface DeadlineState {
  status: string;
  disposition_due: Date;
  followup_due: Date | null;
  autoclose_due: Date | null;
  deferred_due?: Date | null;
}

export type CurrentKind = 'disposition' | 'follow-up' | 'auto-close' | 'deferral';

/** The deadline a report is currently running against, if any (for Open311's expected_datetime and overdue lists). */
export function currentDeadline(r: DeadlineState): { kind: CurrentKind; due: Date } | undefined {
  switch (r.status) {
    case 'submitted':
      return { kind: 'disposition', due: r.disposition_due };
    case 'deferred':
      return r.deferred_due ? { kind: 'deferral', due: r.deferred_due } : undefined;
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
