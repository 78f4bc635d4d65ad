/**
 * The order of the staff queue: what is past its deadline first (longest overdue on top), then what
 * runs out soonest, then what has no running deadline. Pure: the lists come from `listStaffReports`.
 */
export interface QueueItem {
  trackingId: string;
  overdue: boolean;
  deadline: { due: string } | null;
}

const dueOf = (i: QueueItem) => (i.deadline ? Date.parse(i.deadline.due) : Number.POSITIVE_INFINITY);

export function queueOrder<T extends QueueItem>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || dueOf(a) - dueOf(b) || a.trackingId.localeCompare(b.trackingId),
  );
}
