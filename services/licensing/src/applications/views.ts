/**
 * What each reader sees of an application. Personal data is decided here: the applicant's own view
 * masks contact details (whoever holds the secret may not be the applicant); the handling unit sees
 * name and contacts but the NIK only masked; auditors see everything masked.
 */
import { maskEmail, maskName, maskPhone } from '@sinergi/contracts';
import type { Selectable } from 'kysely';
import type { ApplicationRow, PermitTable, PermitTypeRow, TimelineTable } from '../db/schema.js';
import { nextStep, statusLabel } from './workflow.js';

export type Reader = 'applicant' | 'unit' | 'admin' | 'auditor';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface Related {
  type: PermitTypeRow;
  timeline: Selectable<TimelineTable>[];
  documents: { id: string; requirement: string; version: number; file_name: string; media_type: string; size_bytes: number; sha256: string; uploaded_at: Date }[];
  permit: Pick<Selectable<PermitTable>, 'number' | 'issued_at' | 'valid_until' | 'revoked_at' | 'legal_basis'> | null;
  now: Date;
}

export const permitStatus = (p: { revoked_at: Date | null; valid_until: Date | null }, now: Date): 'active' | 'revoked' | 'expired' =>
  p.revoked_at ? 'revoked' : p.valid_until && now >= p.valid_until ? 'expired' : 'active';

/**
 * What the applicant may see of a timeline step's details: a whitelist, so an internal value added
 * to a step later (an officer's account, like the assignee) never reaches the applicant by default.
 */
const APPLICANT_DETAILS = ['items', 'decisionDue', 'serviceStandardDays', 'kind', 'result', 'fee', 'explanation', 'reasons', 'paymentReference', 'amount', 'permitNumber'];

export function applicantDetails(details: unknown): Record<string, unknown> | null {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return null;
  const kept = Object.fromEntries(Object.entries(details).filter(([k]) => APPLICANT_DETAILS.includes(k)));
  return Object.keys(kept).length ? kept : null;
}

export function applicationView(r: ApplicationRow, reader: Reader, rel: Related) {
  const masked = reader === 'applicant' || reader === 'auditor';
  const latest = new Map<string, Related['documents'][number]>();
  for (const d of rel.documents) latest.set(d.requirement, d);
  const label = statusLabel(r.status);
  const next = nextStep(r.status, { feeDue: (r.fee ?? 0n) > 0n, review: r.review_required || r.inspection_required });
  return {
    registrationNumber: r.registration_number,
    permitType: { code: rel.type.code, name: rel.type.name },
    unit: r.unit,
    status: r.status,
    statusLabel: label.label,
    statusColour: label.colour,
    next: { ...next, deadline: r.status === 'complete' || r.status === 'in-review' || r.status === 'fee-assessed' ? iso(r.decision_due) : null },
    applicant: {
      name: masked ? maskName(r.applicant_name) : r.applicant_name,
      nik: r.applicant_nik_masked,
      phone: r.applicant_phone && (masked ? maskPhone(r.applicant_phone) : r.applicant_phone),
      email: r.applicant_email && (masked ? maskEmail(r.applicant_email) : r.applicant_email),
    },
    data: r.data,
    checklist: rel.type.documents.map((d) => ({
      requirement: d.code,
      label: d.label,
      required: d.required,
      types: d.types,
      maxBytes: d.maxBytes,
      uploaded: latest.has(d.code),
      returned: (r.returned_items ?? []).some((i) => i.requirement === d.code),
    })),
    documents: rel.documents.map((d) => ({
      id: d.id,
      requirement: d.requirement,
      version: d.version,
      fileName: d.file_name,
      mediaType: d.media_type,
      sizeBytes: d.size_bytes,
      sha256: d.sha256,
      uploadedAt: d.uploaded_at.toISOString(),
    })),
    returnedItems: r.status === 'returned' ? (r.returned_items ?? []) : null,
    submittedAt: iso(r.submitted_at),
    completedAt: iso(r.completed_at),
    serviceStandardDays: r.service_days,
    decisionDue: iso(r.decision_due),
    assignedTo: reader === 'applicant' ? null : r.assigned_to,
    findings: r.findings.map((f) => ({ kind: f.kind, result: f.result, notes: f.notes, at: f.at })),
    fee: r.fee === null ? null : r.fee.toString(),
    feeExplanation: r.fee_explanation,
    rejectionReasons: r.rejection_reasons,
    payment: r.payment_reference ? { reference: r.payment_reference, paidAt: iso(r.paid_at) } : null,
    outcome: r.outcome,
    permit: rel.permit
      ? { number: rel.permit.number, status: permitStatus(rel.permit, rel.now), issuedAt: rel.permit.issued_at.toISOString(), validUntil: iso(rel.permit.valid_until), legalBasis: rel.permit.legal_basis }
      : null,
    timeline: rel.timeline.map((t) => ({
      at: t.at.toISOString(),
      action: t.action,
      from: t.from_status,
      to: t.to_status,
      label: statusLabel(t.to_status).label,
      colour: statusLabel(t.to_status).colour,
      // officers' account ids are internal: applicants see the role that acted
      actor: reader === 'applicant' ? t.actor_role : t.actor,
      actorRole: t.actor_role,
      note: t.note,
      details: reader === 'applicant' ? applicantDetails(t.details) : (t.details ?? null),
    })),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export type ApplicationView = ReturnType<typeof applicationView>;
