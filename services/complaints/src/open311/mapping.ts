/**
 * Open311 to and from reports: a report as a service request (never reporter data; free text as
 * the public reads it), a `POST requests` form as a report submission, and the citizen-facing
 * notices. Pure: no I/O.
 */
import {
  findCategory,
  formatLongDateTime,
  findUnit,
  type ComplaintCategory,
  type RegionProfile,
  type ReportStatus,
} from '@sinergi/contracts';
import type { z } from 'zod';
import type { Attachment } from '../db/schema.js';
import { currentDeadline, type DeadlineState } from '../deadlines/rules.js';
import type { SubmitInput } from '../reports/submission.js';
import { freeTextFor } from '../reports/views.js';
import { open311Status, statusLabel } from '../reports/workflow.js';
import type { RequestRow } from './requests.js';
import type { PostRequestBody, RequestOut, ServiceOut } from './schemas.js';

/** `5 Desember 2026 pukul 16.00 WIB`, in the region's own time zone. */
const localDateTime = formatLongDateTime;

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
      return `Laporan ditutup otomatis pada ${due} bila pelapor maupun administrator tidak menanggapi tindak lanjut.`;
    case 'deferral':
      return `Laporan menunggu keterangan tambahan dari pelapor sampai ${due}; setelah itu diteruskan ke atasan.`;
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
    r.status === 'supporting' &&
    r.t_tracking_id &&
    r.t_status &&
    r.t_rahasia === false &&
    r.t_updated_at &&
    r.t_disposition_due
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
    requested_datetime: r.received_at.toISOString(),
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

/** The region's complaint categories as Open311 services; `group` is the unit that handles it by default. */
export function servicesOf(profile: RegionProfile): z.output<typeof ServiceOut>[] {
  return profile.complaintCategories.map((c) => {
    const unit = findUnit(profile, c.defaultUnit);
    return {
      service_code: c.code,
      service_name: c.name,
      description: `${c.name}. Ditangani oleh ${unit?.name ?? c.defaultUnit}, ${profile.name}.`,
      metadata: false,
      type: 'realtime' as const,
      keywords: c.code.split('-').join(','),
      group: unit?.name ?? c.defaultUnit,
    };
  });
}

export interface Open311Submission {
  body: z.output<typeof PostRequestBody>;
  category: ComplaintCategory;
  /** The normalized phone number, when one was given. */
  phone: string | undefined;
  /** The integrator key's prefix: the report's source names the client application. */
  keyPrefix: string;
  token: string;
}

/**
 * An Open311 request as a report: `anonim` (Open311 has no way to say "show my name") and never
 * `rahasia` (an Open311 client expects its request to be public).
 */
export function toSubmitInput({ body: b, category, phone, keyPrefix, token }: Open311Submission): SubmitInput {
  const name = [b.first_name, b.last_name].filter(Boolean).join(' ').trim() || undefined;
  const description = b.description || undefined;
  return {
    type: 'pengaduan',
    category: category.code,
    title: titleFor(description, category.name),
    description: description ?? category.name,
    location: b.lat !== undefined && b.long !== undefined ? { lat: b.lat, lon: b.long } : undefined,
    address: b.address_string || (b.address_id ? `address_id ${b.address_id}` : undefined),
    attachments: b.media_url ? [{ url: b.media_url }] : undefined,
    reporter: name || phone || b.email ? { name, phone, email: b.email } : undefined,
    anonim: true,
    rahasia: false,
    channel: 'open311',
    source: { system: 'open311', id: `${keyPrefix}:${token}` },
    open311Token: token,
    receivedAt: b.requested_datetime ? new Date(b.requested_datetime) : undefined,
    receivedAtField: 'requested_datetime',
  };
}

/** The notice for a fresh submission: what happens next, or which case it now supports. */
export function submittedNotice(
  s: { status: ReportStatus; supporting: string | null; dispositionDue: string },
  timeZone: string,
): string | null {
  if (s.supporting)
    return `Laporan serupa di dekat lokasi ini sudah ditangani; laporan Anda digabungkan sebagai dukungan untuk ${s.supporting}.`;
  return serviceNotice(
    { status: s.status, disposition_due: new Date(s.dispositionDue), followup_due: null, autoclose_due: null },
    timeZone,
  );
}
