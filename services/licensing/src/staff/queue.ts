/**
 * The staff queue of licensing: the applications waiting for the office, each with the deadline the
 * office works to in its status, past-due first, then due soon, then the rest by due date. Pure.
 */
import type { ApplicationSummary } from '../applications/read.js';
import type { ApplicationStatus } from '../applications/workflow.js';

/** The statuses in which the next step is the office's: the queue lists these. */
export const WAITING_FOR_OFFICE: readonly ApplicationStatus[] = [
  'submitted',
  'complete',
  'in-review',
  'fee-assessed',
  'objected',
];

/** Within this long of its deadline an application is flagged as due soon. */
export const DUE_SOON_MS = 2 * 24 * 3_600_000;

export type Urgency = 'overdue' | 'soon' | 'later' | 'none';

export interface QueueEntry extends ApplicationSummary {
  /** The registration check while submitted, the objection's answer while objected, else the decision. */
  due: string | null;
  urgency: Urgency;
}

export function dueOf(s: ApplicationSummary): string | null {
  if (s.status === 'submitted') return s.completenessDue;
  if (s.status === 'objected') return s.objectionDue;
  return s.decisionDue;
}

export function urgencyOf(due: string | null, now: Date): Urgency {
  if (due === null) return 'none';
  const left = Date.parse(due) - now.getTime();
  return left <= 0 ? 'overdue' : left <= DUE_SOON_MS ? 'soon' : 'later';
}

const RANK: Record<Urgency, number> = { overdue: 0, soon: 1, later: 2, none: 3 };
const at = (e: QueueEntry) => (e.due === null ? Number.POSITIVE_INFINITY : Date.parse(e.due));

/** The queue's order: overdue (longest first), due soon, later, no deadline; ties by registration number. */
export function staffQueue(items: readonly ApplicationSummary[], now: Date): QueueEntry[] {
  return items
    .filter((s) => WAITING_FOR_OFFICE.includes(s.status))
    .map((s) => {
      const due = dueOf(s);
      return { ...s, due, urgency: urgencyOf(due, now) };
    })
    .sort(
      (a, b) =>
        RANK[a.urgency] - RANK[b.urgency] || at(a) - at(b) || a.registrationNumber.localeCompare(b.registrationNumber),
    );
}
