/**
 * Reports as Open311 service requests. Privacy is enforced in the query itself: a rahasia report
 * is never selected, and no reporter column (name, phone, e-mail, NIK) is ever read.
 *
 * A report linked as support of another (status `supporting`, a nearby duplicate) is left out of
 * lists, where its target already stands for the case; read by its own ID (or listed by
 * `service_request_id`) it reports the status, unit and deadline of the case it supports, since
 * that is what will fix the citizen's problem.
 */
import { findCategory, findUnit, type RegionProfile, type ReportStatus } from '@sinergi/contracts';
import type { Attachment, Trx } from '../db/schema.js';
import { currentDeadline, type DeadlineState } from '../deadlines/rules.js';
import { normalizeTrackingId } from '../reports/identifiers.js';
import { freeTextFor } from '../reports/views.js';
import { FINAL_STATUSES, open311Status, statusLabel } from '../reports/workflow.js';
import type { RequestOut } from './schemas.js';

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
  const row = await trx.selectFrom('report').select('tracking_id').where('open311_token', '=', token).where('rahasia', '=', false).executeTakeFirst();
  return row?.tracking_id;
}

/**
 * The query's time window: both ends given, one end plus 90 days, or the last 90 days; a wider or
 * inverted range is an error message (for a 400).
 */
export function requestWindow(startDate: string | undefined, endDate: string | undefined, now = new Date()): { start: Date; end: Date } | { error: string } {
  const span = MAX_SPAN_DAYS * DAY_MS;
  const start = startDate ? new Date(startDate) : undefined;
  const end = endDate ? new Date(endDate) : undefined;
  if (start && end) {
    if (end < start) return { error: 'end_date is before start_date' };
    if (end.getTime() - start.getTime() > span) return { error: `the range from start_date to end_date may span at most ${MAX_SPAN_DAYS} days` };
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + span) };
  if (end) return { start: new Date(end.getTime() - span), end };
  return { start: new Date(now.getTime() - span), end: now };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** `5 Desember 2026 pukul 16.00 WIB`, in the region's own time zone. */
function localDateTime(d: Date, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    dateFormats.set(timeZone, f);
  }
  return f.format(d);
}

/** What happens next, in words a citizen understands; null when nothing is pending. */
export function serviceNotice(state: DeadlineState, timeZone: string): string | null {
  const deadline = currentDeadline(state);
  if (!deadline) return null;
  const due = localDateTime(deadline.due, timeZone);
  switch (deadline.kind) {
    case 'disposition':
      return `Laporan diverifikasi dan diteruskan ke unit yang berwenang paling lambat ${due} (3 hari kerja).`;
    case 'follow-up':
      return `Unit yang berwenang menindaklanjuti paling lambat ${due} (5 hari kerja setelah disposisi).`;
    case 'auto-close':
      return `Laporan ditutup otomatis pada ${due} bila pelapor tidak menanggapi tindak lanjut.`;
  }
}

/** The public status text: the LAPOR! label, with the resolution or the agency it was forwarded to. */
function statusNotes(s: { status: ReportStatus; resolution: string | null; forwarded_to: string | null }): string {
  const label = statusLabel(s.status);
  if (s.status === 'forwarded' && s.forwarded_to) return `${label}: ${s.forwarded_to}`;
  if ((s.status === 'followed-up' || s.status === 'closed') && s.resolution) return `${label}. ${s.resolution}`;
  return label;
}

/**
 * A report as an Open311 service request. Never touches reporter data (it is not even selected);
 * Open311 is public, so its free text is the public's (freeTextFor('public')).
 */
export function toServiceRequest(r: RequestRow, profile: RegionProfile): RequestOut {
  const text = freeTextFor('public');
  // a supporting report follows the case it supports, when that case is public
  const target =
    r.status === 'supporting' && r.t_tracking_id && r.t_status && r.t_rahasia === false && r.t_updated_at && r.t_disposition_due
      ? {
          trackingId: r.t_tracking_id,
          status: r.t_status,
          unit: r.t_unit,
          updated_at: r.t_updated_at,
          disposition_due: r.t_disposition_due,
          followup_due: r.t_followup_due,
          autoclose_due: r.t_autoclose_due,
          resolution: r.t_resolution,
          forwarded_to: r.t_forwarded_to,
        }
      : undefined;
  const state = target ?? r;
  const unit = state.unit ? findUnit(profile, state.unit) : undefined;
  const deadline = currentDeadline(state);
  const updated = target && target.updated_at > r.updated_at ? target.updated_at : r.updated_at;
  const attachments = (r.attachments as Attachment[] | null) ?? [];
  return {
    service_request_id: r.tracking_id,
    status: open311Status(state.status),
    status_notes: text(target ? `Mendukung laporan ${target.trackingId}: ${statusNotes(target)}` : statusNotes(r)),
    service_name: findCategory(profile, r.category)?.name ?? r.category,
    service_code: r.category,
    description: text(r.description),
    agency_responsible: unit?.name ?? null,
    service_notice: serviceNotice(state, profile.timeZone),
    requested_datetime: r.submitted_at.toISOString(),
    updated_datetime: updated.toISOString(),
    expected_datetime: deadline ? deadline.due.toISOString() : null,
    address: text(r.address),
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: attachments[0]?.url ?? null,
  };
}

/** The report title for an Open311 request: the start of its description, else the service name. */
export function titleFor(description: string | undefined, serviceName: string): string {
  const chars = Array.from((description ?? '').replace(/\s+/g, ' ').trim());
  if (chars.length < 5) return serviceName.slice(0, 150);
  if (chars.length <= 80) return chars.join('');
  const cut = chars.slice(0, 80).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space >= 40 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
