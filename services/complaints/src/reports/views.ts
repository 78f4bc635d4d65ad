/**
 * What each reader may see of a report. Privacy is decided here and nowhere else:
 * - rahasia: the report exists for nobody but staff and its reporter; public readers get 404.
 * - anonim: the reporter is hidden from the public and from the handling unit; admins see them.
 * - contact (phone, e-mail, NIK) never appears publicly; names only masked.
 * - free text (title, description, address, notes, resolution ...) is shown as written only to those
 *   handling the report and to its reporter; everyone else reads it through maskPersonalData, since
 *   citizens type their phone number, e-mail or NIK into it.
 */
import {
  maskEmail,
  maskName,
  maskPersonalData,
  maskPhone,
  type HandOverDestination,
  type ReportStatus,
} from '@sinergi/contracts';
import type { Selectable } from 'kysely';
import type { Attachment, EscalationTable, ReportTable, TimelineTable } from '../db/schema.js';
import { currentDeadline } from '../deadlines/rules.js';
import { statusLabel } from './workflow.js';

export type ReportRow = Selectable<ReportTable>;
export type TimelineRow = Selectable<TimelineTable>;
export type EscalationRow = Selectable<EscalationTable>;

/** Where a report that is not our authority went, with the destination's name as the report records it. */
function handedOverView(r: ReportRow, text: (t: string) => string) {
  const to = r.handed_over_to as (HandOverDestination & { label?: string }) | null;
  if (!to) return null;
  const code = to.kind === 'unit' ? to.unit : to.kind === 'region' ? to.region : null;
  return { kind: to.kind, code, name: text(to.label ?? (to.kind === 'agency' ? to.name : (code ?? ''))) };
}

export type Reader = 'public' | 'reporter' | 'unit' | 'admin' | 'auditor';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Who reads a report's free text as written: the admins and the unit handling it, and the reporter.
 * The public (tracking view, lists, map, Open311) and auditors (views, lists, export) read it masked.
 * Every read path of complaints takes its free text through freeTextFor.
 */
export function seesRawFreeText(reader: Reader): boolean {
  switch (reader) {
    case 'admin':
    case 'unit':
    case 'reporter':
      return true;
    case 'public':
    case 'auditor':
      return false;
  }
}

/** The free text `reader` may see: as written, or with phone numbers, e-mail addresses and NIKs masked. */
export function freeTextFor(reader: Reader): <T extends string | null>(text: T) => T {
  const raw = seesRawFreeText(reader);
  return <T extends string | null>(text: T) => (raw || text === null ? text : (maskPersonalData(text) as T));
}

/** A rahasia report is invisible on every public path. */
export const publiclyVisible = (r: Pick<ReportRow, 'rahasia' | 'status'>) => !r.rahasia;

export interface ReporterInfo {
  name: string | null;
  phone: string | null;
  email: string | null;
  nik: string | null;
}

export function reporterFor(r: ReportRow, reader: Reader): ReporterInfo | null {
  const any = r.reporter_name || r.reporter_phone || r.reporter_email || r.reporter_nik_masked;
  if (!any) return null;
  switch (reader) {
    case 'admin':
      return { name: r.reporter_name, phone: r.reporter_phone, email: r.reporter_email, nik: r.reporter_nik_masked };
    case 'unit':
      // the unit needs a way to reach a reporter who chose to be known, but never their NIK
      return r.anonim ? null : { name: r.reporter_name, phone: r.reporter_phone, email: r.reporter_email, nik: null };
    case 'reporter':
    case 'auditor':
      return {
        name: r.reporter_name && maskName(r.reporter_name),
        phone: r.reporter_phone && maskPhone(r.reporter_phone),
        email: r.reporter_email && maskEmail(r.reporter_email),
        nik: r.reporter_nik_masked,
      };
    case 'public':
      return r.anonim || !r.reporter_name
        ? null
        : { name: maskName(r.reporter_name), phone: null, email: null, nik: null };
  }
}

/** What the reporter's own view shows of official-rating's invitation. */
export interface RatingInvitationView {
  url: string;
  expiresAt: string;
}

export function reportView(
  r: ReportRow,
  reader: Reader,
  extra: {
    supporters: number;
    supportingTrackingId?: string | null;
    timeline?: TimelineRow[];
    ratingInvitation?: RatingInvitationView | null;
    escalations?: EscalationRow[];
  },
) {
  const deadline = currentDeadline(r);
  const staff = reader === 'admin' || reader === 'unit' || reader === 'auditor';
  const text = freeTextFor(reader);
  return {
    trackingId: r.tracking_id,
    type: r.type,
    category: r.category,
    title: text(r.title),
    description: text(r.description),
    status: r.status,
    statusLabel: statusLabel(r.status),
    unit: r.unit,
    channel: r.channel,
    location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
    address: text(r.address),
    districtCode: r.district_code,
    villageCode: r.village_code,
    attachments: r.attachments as Attachment[],
    anonim: r.anonim,
    rahasia: r.rahasia,
    reporter: reporterFor(r, reader),
    supporters: extra.supporters,
    supporting: extra.supportingTrackingId ?? null,
    submittedAt: r.submitted_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    deadline: deadline ? { kind: deadline.kind, due: deadline.due.toISOString() } : null,
    resolution: text(r.resolution),
    resolutionPhotos: (r.resolution_photos as Attachment[] | null) ?? [],
    followedUpAt: iso(r.followed_up_at),
    closedAt: iso(r.closed_at),
    closeReason: text(r.close_reason),
    archiveReason: staff || reader === 'reporter' ? text(r.archive_reason) : null,
    forwardedTo: text(r.forwarded_to),
    handedOverTo: handedOverView(r, text),
    receivedAt: r.received_at.toISOString(),
    informationRequest:
      r.type === 'permintaan-informasi' && r.information_due
        ? { due: r.information_due.toISOString(), extended: r.information_extended_at !== null }
        : null,
    ...(staff
      ? {
          escalations: (extra.escalations ?? []).map((e) => ({
            kind: e.kind,
            level: e.level,
            office: e.office,
            to: e.to_unit,
            at: e.escalated_at.toISOString(),
          })),
        }
      : {}),
    source: staff && r.source_system ? { system: r.source_system, id: r.source_id, url: r.source_url } : null,
    timeline: (extra.timeline ?? []).map((t) => ({
      at: t.at.toISOString(),
      action: t.action,
      from: t.from_status as ReportStatus | null,
      to: t.to_status as ReportStatus,
      unit: t.unit,
      // notes can carry names and addresses: only staff and the reporter read them
      note: reader === 'public' ? null : text(t.note),
      // a reporter's entries may carry their account id, which identifies them: only admins see it
      actor: staff && (t.actor_role !== 'reporter' || reader === 'admin') ? t.actor : t.actor_role,
    })),
    // the rating link is a bearer capability: staff holding it could rate in the citizen's name
    ...(reader === 'reporter' ? { ratingInvitation: extra.ratingInvitation ?? null } : {}),
  };
}

export type ReportView = ReturnType<typeof reportView>;
