/**
 * What each reader sees of an application. Personal data is decided here: the applicant's own view
 * masks contact details (whoever holds the secret may not be the applicant); the handling unit sees
 * name and contacts but the NIK only masked; auditors see everything masked: contacts and name,
 * free-text data values, file names, and every free text (notes, reasons, findings) with its
 * e-mails, NIKs, phone numbers and the applicant's name masked.
 */
import { formatRupiah, maskEmail, maskName, maskPersonalData, maskPhone } from '@sinergi/contracts';
import { holidaysConfirmed, localDate, type WorkingCalendar } from '@sinergi/service-kit';
import type { Selectable } from 'kysely';
import type { ApplicationRow, PermitTable, PermitTypeRow, TimelineTable } from '../db/schema.js';
import { feeLabel } from '../permit-types/legal.js';
import { documentStatus, type PermitDocument } from '../permits/document.js';
import { nextStep, statusLabel } from './workflow.js';

export type Reader = 'applicant' | 'unit' | 'admin' | 'auditor';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface Related {
  type: PermitTypeRow;
  timeline: Selectable<TimelineTable>[];
  documents: {
    id: string;
    requirement: string;
    version: number;
    file_name: string;
    media_type: string;
    size_bytes: number;
    sha256: string;
    uploaded_at: Date;
  }[];
  permit: Pick<
    Selectable<PermitTable>,
    'number' | 'issued_at' | 'valid_until' | 'revoked_at' | 'legal_basis' | 'document'
  > | null;
  now: Date;
  /** The largest upload the service reads: a requirement's limit is shown as at most this. */
  maxUploadBytes: number;
  /** official-rating's invitation: given for the applicant's own view only (undefined for every other reader). */
  ratingInvitation?: { url: string; expiresAt: string } | null | undefined;
  /** While rejected and not yet objected to: the end (exclusive) of the objection window. */
  objectionUntil?: Date | null | undefined;
  /** The region's zone, to name last days as local dates. */
  timeZone?: string | undefined;
  /** The region's calendar: staff see whether the current deadline rests on confirmed holiday lists. */
  calendar?: WorkingCalendar | undefined;
}

/** The last local day before an exclusive deadline, as the applicant reads it: "2026-12-24". */
const lastDay = (due: Date | null | undefined, timeZone: string | undefined) =>
  due && timeZone ? localDate(new Date(due.getTime() - 1), timeZone) : undefined;

/** Field types whose values are codes and amounts, not a person's particulars: auditors see them (the fee is computed from them). */
const AUDITABLE_FIELD_TYPES = new Set(['choice', 'integer', 'decimal']);

/**
 * The auditor's mask of free text: e-mails, NIKs and phone numbers by `maskPersonalData`, and the
 * words of the applicant's name wherever they appear. Other people's names in an officer's note
 * cannot be recognized reliably and stay.
 */
function freeTextMask(applicantName: string): (text: string) => string {
  const words = applicantName.split(/\s+/).filter((w) => w.length >= 2);
  const name = words.length
    ? new RegExp(
        `(?<![\\p{L}\\p{N}])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`,
        'giu',
      )
    : null;
  return (text) => {
    const masked = maskPersonalData(text);
    return name ? masked.replace(name, (w) => maskName(w)) : masked;
  };
}

/** Applies `mask` to every string inside a JSON value (timeline details). */
const maskStrings = (value: unknown, mask: (s: string) => string): unknown =>
  typeof value === 'string'
    ? mask(value)
    : Array.isArray(value)
      ? value.map((v) => maskStrings(v, mask))
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)]))
        : value;

/**
 * What the applicant may see of a timeline step's details: a whitelist, so an internal value added
 * to a step later (an officer's account, like the assignee) never reaches the applicant by default.
 */
const APPLICANT_DETAILS = [
  'items',
  'completenessDue',
  'decisionDue',
  'serviceStandardDays',
  'kind',
  'result',
  'fee',
  'explanation',
  'reasons',
  'paymentReference',
  'amount',
  'permitNumber',
  'completeBy',
  'objectionDue',
  'outcome',
  'deemed',
];

export function applicantDetails(details: unknown): Record<string, unknown> | null {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return null;
  const kept = Object.fromEntries(Object.entries(details).filter(([k]) => APPLICANT_DETAILS.includes(k)));
  return Object.keys(kept).length ? kept : null;
}

export function applicationView(r: ApplicationRow, reader: Reader, rel: Related) {
  const masked = reader === 'applicant' || reader === 'auditor';
  const auditor = reader === 'auditor';
  const free = auditor ? freeTextMask(r.applicant_name) : (text: string) => text;
  const fieldType = new Map(rel.type.fields.map((f) => [f.code, f.type]));
  const latest = new Map<string, Related['documents'][number]>();
  for (const d of rel.documents) latest.set(d.requirement, d);
  const label = statusLabel(r.status);
  const fee = r.fee ?? 0n;
  // what is still to pay: an approved fee, or one assessed before a deemed grant and not yet paid
  const feeOwed =
    fee > 0n &&
    r.payment_reference === null &&
    (r.status === 'approved' || (r.status === 'issued' && r.outcome === 'deemed-granted'));
  const next = nextStep(r.status, {
    feeDue: feeOwed,
    review: r.review_required || r.inspection_required,
    amountDue: feeOwed ? formatRupiah(fee) : undefined,
    registrationNumber: r.registration_number,
    deemedGrant: r.outcome === 'deemed-granted',
    feeName: feeLabel(rel.type),
    objectionUntil: lastDay(rel.objectionUntil, rel.timeZone),
    completeBy: r.status === 'returned' ? lastDay(r.return_due, rel.timeZone) : undefined,
  });
  const deadline =
    r.status === 'submitted'
      ? r.completeness_due
      : r.status === 'complete' || r.status === 'in-review' || r.status === 'fee-assessed'
        ? r.decision_due
        : r.status === 'returned'
          ? r.return_due
          : r.status === 'objected'
            ? r.objection_due
            : r.status === 'rejected'
              ? (rel.objectionUntil ?? null)
              : null;
  return {
    registrationNumber: r.registration_number,
    permitType: { code: rel.type.code, name: rel.type.name },
    unit: r.unit,
    status: r.status,
    statusLabel: label.label,
    statusColour: label.colour,
    next: {
      ...next,
      deadline: iso(deadline),
      amountDue: feeOwed ? fee.toString() : null,
      // staff only: false when the deadline reaches into a year whose holiday list is not confirmed
      ...(reader !== 'applicant' && deadline && rel.calendar
        ? { holidaysConfirmed: holidaysConfirmed(r.submitted_at ?? rel.now, deadline, rel.calendar) }
        : {}),
    },
    applicant: {
      name: masked ? maskName(r.applicant_name) : r.applicant_name,
      nik: r.applicant_nik_masked,
      phone: r.applicant_phone && (masked ? maskPhone(r.applicant_phone) : r.applicant_phone),
      email: r.applicant_email && (masked ? maskEmail(r.applicant_email) : r.applicant_email),
    },
    // auditors: codes and amounts stay (the fee is audited from them); text and dates may be a person's particulars
    data: auditor
      ? Object.fromEntries(
          Object.entries(r.data).map(([k, v]) => [k, AUDITABLE_FIELD_TYPES.has(fieldType.get(k) ?? '') ? v : '***']),
        )
      : r.data,
    checklist: rel.type.documents.map((d) => ({
      requirement: d.code,
      label: d.label,
      required: d.required,
      types: d.types,
      maxBytes: Math.min(d.maxBytes, rel.maxUploadBytes),
      uploaded: latest.has(d.code),
      returned: (r.returned_items ?? []).some((i) => i.requirement === d.code),
    })),
    documents: rel.documents.map((d) => ({
      id: d.id,
      requirement: d.requirement,
      version: d.version,
      // a file name often is the holder's name and NIK (KTP_Siti_Rahmawati_3273….jpg): auditors get the requirement and the extension
      fileName: auditor ? `${d.requirement}.${d.file_name.split('.').pop()}` : d.file_name,
      mediaType: d.media_type,
      sizeBytes: d.size_bytes,
      sha256: d.sha256,
      uploadedAt: d.uploaded_at.toISOString(),
    })),
    returnedItems:
      r.status === 'returned'
        ? (r.returned_items ?? []).map((i) => ({ requirement: i.requirement, reason: free(i.reason) }))
        : null,
    submittedAt: iso(r.submitted_at),
    // only while the registration check runs: a withdrawn or rejected file has no such deadline
    completenessDue: r.status === 'submitted' ? iso(r.completeness_due) : null,
    completedAt: iso(r.completed_at),
    serviceStandardDays: r.service_days,
    decisionDue: iso(r.decision_due),
    assignedTo: reader === 'applicant' ? null : r.assigned_to,
    findings: r.findings.map((f) => ({ kind: f.kind, result: f.result, notes: free(f.notes), at: f.at })),
    fee: r.fee === null ? null : r.fee.toString(),
    // what the fee is in law: retribusi, pajak (e.g. Pajak Reklame, UU 1/2022) or none, and its name
    feeKind: rel.type.fee_kind,
    feeName: feeLabel(rel.type),
    feeExplanation: r.fee_explanation,
    rejectionReasons: r.rejection_reasons && r.rejection_reasons.map(free),
    // while returned: the last moment to resubmit before the file lapses
    returnDue: r.status === 'returned' ? iso(r.return_due) : null,
    objection: {
      until: iso(rel.objectionUntil ?? null),
      filedAt: iso(r.objected_at),
      reasons: r.objection_reasons && r.objection_reasons.map(free),
      decisionDue: iso(r.objection_due),
      outcome: r.objection_outcome,
    },
    payment: r.payment_reference ? { reference: r.payment_reference, paidAt: iso(r.paid_at) } : null,
    outcome: r.outcome,
    permit: rel.permit
      ? {
          number: rel.permit.number,
          // the rule of public verification: expiry from the signed document's own validity
          status: documentStatus(rel.permit, rel.permit.document as PermitDocument, rel.now),
          issuedAt: rel.permit.issued_at.toISOString(),
          validUntil: iso(rel.permit.valid_until),
          legalBasis: rel.permit.legal_basis,
        }
      : null,
    timeline: rel.timeline.map((t) => ({
      at: t.at.toISOString(),
      action: t.action,
      from: t.from_status,
      to: t.to_status,
      label: statusLabel(t.to_status).label,
      colour: statusLabel(t.to_status).colour,
      // officers' account ids are internal: applicants see the role that acted; an applicant's own
      // account id would link their applications together, so auditors see the role there too
      actor: reader === 'applicant' || (auditor && t.actor_role === 'applicant') ? t.actor_role : t.actor,
      actorRole: t.actor_role,
      note: t.note === null ? null : free(t.note),
      details:
        reader === 'applicant'
          ? applicantDetails(t.details)
          : auditor
            ? maskStrings(t.details ?? null, free)
            : (t.details ?? null),
    })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    // the link is the permission to rate: only the applicant's own view has the key at all
    ...(reader === 'applicant' ? { ratingInvitation: rel.ratingInvitation ?? null } : {}),
  };
}

export type ApplicationView = ReturnType<typeof applicationView>;
