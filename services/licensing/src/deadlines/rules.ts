/**
 * The service-standard clock (UU 30/2014 Art. 53 as amended by Perppu 2/2022, enacted by UU 6/2023):
 * the decision is due within the permit type's service standard in working days, or 5 working
 * days when none is set, counted from the complete application, in the region's own calendar.
 * Pure functions over the kit's working-day calendar.
 */
import { workingDayDeadline, type WorkingCalendar } from '@sinergi/service-kit';

/** The statutory fallback when a permit type sets no service standard. */
export const DEFAULT_SERVICE_DAYS = 5;

export const serviceDays = (configured: number | null | undefined) => configured ?? DEFAULT_SERVICE_DAYS;

/**
 * The instant the decision is due for an application found complete at `completedAt`: the end of
 * the n-th working day after that local date (so completeness at 23:00 on a Friday counts from
 * the next working day), exclusive.
 */
export const decisionDue = (completedAt: Date, days: number | null | undefined, cal: WorkingCalendar) =>
  workingDayDeadline(completedAt, serviceDays(days), cal);

/**
 * When a submitted file is deemed complete unless the registration check returned it or found it
 * complete first: the end of the n-th working day after submission (a Sinergi policy, so the
 * statutory clock cannot be kept from starting).
 */
export const completenessDue = (submittedAt: Date, days: number, cal: WorkingCalendar) =>
  workingDayDeadline(submittedAt, days, cal);

/** Whether a decision taken at `decidedAt` kept the service standard. No deadline yet (decided before completeness) counts as kept. */
export const withinServiceStandard = (decidedAt: Date, due: Date | null) => due === null || decidedAt < due;

/** A deemed step is due: the clock (decision or completeness) ran out. */
export const deadlinePassed = (due: Date | null, now: Date) => due !== null && now >= due;
