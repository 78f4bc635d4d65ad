/**
 * The SQL behind Open311's request reads, and their time window. Privacy is enforced in the query itself: a rahasia report
 * is never selected, and no reporter column (name, phone, e-mail, NIK) is ever read.
 *
 * A report linked as support of another (status `supporting`, a nearby duplicate) is left out of
 * lists, where its target already stands for the case; read by its own ID (or listed by
 * `service_request_id`) it reports the status, unit and deadline of the case it supports, since
 * that is what will fix the citizen's problem.
 */
import type { Trx } from '../db/schema.js';
import { normalizeTrackingId } from '../reports/identifiers.js';
import { FINAL_STATUSES } from '../reports/workflow.js';

export const MAX_RESULTS = 1000;
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;

export interface RequestFilter {
  /** Tracking IDs: when present, every other filter is ignored. */
  ids?: string[] | undefined;
  serviceCodes?: string[] | undefined;
  statuses?: ('open' | 'closed')[] | undefined;
  start?: Date;
  end?: Date;
}

function selectRequests(trx: Trx) {
  return trx
    .selectFrom('report as r')
    .leftJoin('report as t', 't.id', 'r.supporting_id')
    .select([
      'r.tracking_id',
      'r.status',
      'r.category',
      'r.description',
      'r.unit',
      'r.address',
      'r.lat',
      'r.lon',
      'r.attachments',
      'r.submitted_at',
      'r.received_at',
      'r.updated_at',
      'r.disposition_due',
      'r.followup_due',
      'r.autoclose_due',
      'r.resolution',
      'r.forwarded_to',
      't.tracking_id as t_tracking_id',
      't.rahasia as t_rahasia',
      't.status as t_status',
      't.unit as t_unit',
      't.updated_at as t_updated_at',
      't.disposition_due as t_disposition_due',
      't.followup_due as t_followup_due',
      't.autoclose_due as t_autoclose_due',
      't.resolution as t_resolution',
      't.forwarded_to as t_forwarded_to',
    ])
    .where('r.rahasia', '=', false);
}

export type RequestRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];

/** Requests for `GET requests`: newest first, at most MAX_RESULTS. */
export async function findRequests(trx: Trx, f: RequestFilter): Promise<RequestRow[]> {
  let q = selectRequests(trx);
  if (f.ids) {
    const ids = f.ids.map((id) => normalizeTrackingId(id)).filter((id): id is string => !!id);
    if (ids.length === 0) return [];
    q = q.where('r.tracking_id', 'in', ids);
  } else {
    q = q.where('r.status', '!=', 'supporting');
    if (f.serviceCodes) q = q.where('r.category', 'in', f.serviceCodes);
    if (f.start) q = q.where('r.submitted_at', '>=', f.start);
    if (f.end) q = q.where('r.submitted_at', '<=', f.end);
    const statuses = new Set(f.statuses ?? []);
    if (statuses.size === 1) q = q.where('r.status', statuses.has('closed') ? 'in' : 'not in', FINAL_STATUSES);
  }
  return q.orderBy('r.submitted_at', 'desc').orderBy('r.tracking_id').limit(MAX_RESULTS).execute();
}

/** One request by tracking ID, or undefined (also for rahasia reports). */
export async function findRequest(trx: Trx, trackingId: string): Promise<RequestRow | undefined> {
  const id = normalizeTrackingId(trackingId);
  return id ? selectRequests(trx).where('r.tracking_id', '=', id).executeTakeFirst() : undefined;
}

/** The tracking ID behind an Open311 token, or undefined (also for rahasia reports). */
export async function findByToken(trx: Trx, token: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('report')
    .select('tracking_id')
    .where('open311_token', '=', token)
    .where('rahasia', '=', false)
    .executeTakeFirst();
  return row?.tracking_id;
}

/**
 * The query's time window: both ends given, one end plus 90 days, or the last 90 days; a wider or
 * inverted range is an error message (for a 400).
 */
export function requestWindow(
  startDate: string | undefined,
  endDate: string | undefined,
  now = new Date(),
): { start: Date; end: Date } | { error: string } {
  const span = MAX_SPAN_DAYS * DAY_MS;
  const start = startDate ? new Date(startDate) : undefined;
  const end = endDate ? new Date(endDate) : undefined;
  if (start && end) {
    if (end < start) return { error: 'end_date is before start_date' };
    if (end.getTime() - start.getTime() > span)
      return { error: `the range from start_date to end_date may span at most ${MAX_SPAN_DAYS} days` };
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  return { start: new Date(now.getTime() - span), end: now };
}
