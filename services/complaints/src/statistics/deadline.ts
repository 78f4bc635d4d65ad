/**
 * Whether a report's follow-up met its deadline. One definition, used by the statistics and the
 * auditors' export alike.
 *
 * The deadline that counts is the one in force when the (latest) follow-up was posted, which is
 * what `followup_due` holds then: 5 working days after the latest disposition, reset by a
 * re-disposition (the new unit gets its own 5 days) and by the reporter's dispute (the unit gets
 * 5 more days to follow up again). A follow-up "stands" while the report is followed-up or closed;
 * after a dispute the report is back in progress and the old follow-up no longer counts.
 */
import type { ReportStatus } from '@sinergi/contracts';

export interface FollowUpFacts {
  status: ReportStatus;
  followup_due: Date | null;
  followed_up_at: Date | null;
}

/** Statuses in which the latest follow-up stands (it was not disputed since). */
export const FOLLOWED_UP_STATUSES: readonly ReportStatus[] = ['followed-up', 'closed'];

/** The follow-up that stands, if any. */
export function standingFollowUp(r: FollowUpFacts): Date | null {
  return r.followed_up_at && FOLLOWED_UP_STATUSES.includes(r.status) ? r.followed_up_at : null;
}

/**
 * - 'met': followed up strictly before the deadline (deadlines are exclusive instants: the end of
 *   the last working day);
 * - 'missed': followed up at or after it, or still waiting for a follow-up past it at `now`;
 * - 'pending': waiting for a follow-up, deadline not yet passed;
 * - 'none': no follow-up deadline applies (never disposed, archived, forwarded, supporting...).
 */
export type DeadlineOutcome = 'met' | 'missed' | 'pending' | 'none';

export function followUpOutcome(r: FollowUpFacts, now: Date): DeadlineOutcome {
  const done = standingFollowUp(r);
  if (done) return r.followup_due && done < r.followup_due ? 'met' : r.followup_due ? 'missed' : 'none';
  if ((r.status === 'disposed' || r.status === 'in-progress') && r.followup_due)
    return now >= r.followup_due ? 'missed' : 'pending';
  return 'none';
}
