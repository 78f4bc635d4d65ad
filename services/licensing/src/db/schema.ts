import type { ColumnType, Generated, Selectable, Transaction } from 'kysely';
import type { KitTables } from '@sinergi/service-kit';
import type { ApplicationStatus } from '../applications/workflow.js';
import type { DataField, DocumentRequirement, FeeRule } from '../permit-types/model.js';
import type { BusinessPermit, FeeKind } from '../permit-types/legal.js';
import type { RevocationCategory } from '@sinergi/contracts';

type Timestamp = Date;
type Json<T> = ColumnType<T, string, string>;

export interface PermitTypeTable {
  id: Generated<string>;
  tenant_id: string;
  code: string;
  name: string;
  description: string | null;
  unit: string;
  documents: Json<DocumentRequirement[]>;
  fields: Json<DataField[]>;
  service_standard_days: number | null;
  technical_review: boolean;
  site_inspection: boolean;
  fee_rule: Json<FeeRule>;
  validity_months: number | null;
  number_format: string;
  /** Working days the registration check has before the file is deemed complete (a Sinergi policy). */
  completeness_days: Generated<number>;
  /** The fee's kind (retribusi, pajak, none) and name shown to applicants (migration 005). */
  fee_kind: Generated<FeeKind>;
  fee_name: string | null;
  /** Issued only after payment, even when deemed granted (PBG: PP 16/2021 Art. 261). */
  pay_before_issue: Generated<boolean>;
  /** Working days a returned file has before it lapses, and the reminder that many days before. */
  return_days: Generated<number>;
  return_reminder_days: Generated<number>;
  /** Working days the office has to decide an objection (UU 30/2014 Art. 77(4)). */
  objection_decision_days: Generated<number>;
  /** Set for a business permit, decided in OSS-RBA (PP 28/2025). */
  business: Json<BusinessPermit> | null;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface Finding {
  kind: 'technical-review' | 'site-inspection';
  by: string;
  at: string;
  result: 'meets' | 'does-not-meet';
  notes: string;
}

export interface ReturnedItem {
  requirement: string;
  reason: string;
}

export interface ApplicationTable {
  id: Generated<string>;
  tenant_id: string;
  registration_number: string;
  secret_hash: string;
  applicant_sub: string | null;
  permit_type: string;
  unit: string;
  status: ApplicationStatus;
  data: Json<Record<string, string>>;
  applicant_name: string;
  applicant_nik_masked: string | null;
  applicant_nik_hash: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  rounds: Generated<number>;
  returned_items: Json<ReturnedItem[]> | null;
  service_days: number | null;
  submitted_at: Timestamp | null;
  /** While submitted: when the file is deemed complete unless returned or found complete first. */
  completeness_due: Timestamp | null;
  completed_at: Timestamp | null;
  decision_due: Timestamp | null;
  assigned_to: string | null;
  review_required: Generated<boolean>;
  inspection_required: Generated<boolean>;
  findings: ColumnType<Finding[], string | undefined, string>;
  fee: bigint | null;
  fee_explanation: string | null;
  approved_at: Timestamp | null;
  decided_by: string | null;
  rejection_reasons: Json<string[]> | null;
  payment_reference: string | null;
  paid_at: Timestamp | null;
  decided_at: Timestamp | null;
  outcome: 'issued' | 'rejected' | 'deemed-granted' | null;
  /** Failed deemed-grant attempts, when the next may run, and the last error (no personal data). */
  grant_failures: Generated<number>;
  grant_retry_at: Timestamp | null;
  grant_last_error: string | null;
  /** While returned: when the file lapses unless resubmitted, and when the applicant is reminded (null once sent). */
  return_due: Timestamp | null;
  return_remind_at: Timestamp | null;
  /** An objection (keberatan) against the rejection: when filed, its reasons, when the office must decide, the outcome. */
  objected_at: Timestamp | null;
  objection_reasons: Json<string[]> | null;
  objection_due: Timestamp | null;
  objection_outcome: 'upheld' | 'granted' | null;
  /** When phone, e-mail and NIK were erased (retention or request, UU 27/2022); the name stays with the decision. */
  contact_erased_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TimelineTable {
  id: Generated<bigint>;
  tenant_id: string;
  application_id: string;
  at: Generated<Timestamp>;
  actor: string;
  actor_role: string;
  action: string;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  note: string | null;
  details: Json<unknown> | null;
}

export interface DocumentTable {
  id: Generated<string>;
  tenant_id: string;
  application_id: string;
  requirement: string;
  version: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: Generated<Timestamp>;
}

export interface PermitTable {
  id: Generated<string>;
  tenant_id: string;
  number: string;
  application_id: string;
  permit_type: string;
  holder_name: string;
  legal_basis: 'decision' | 'fiktif-positif';
  issued_at: Timestamp;
  valid_until: Timestamp | null;
  document: Json<Record<string, unknown>>;
  signature_kid: string;
  signature_alg: string;
  signature: string;
  revoked_at: Timestamp | null;
  revoke_reason: string | null;
  revoke_category: RevocationCategory | null;
  revoked_by: string | null;
}

export { REVOCATION_CATEGORIES, type RevocationCategory } from '@sinergi/contracts';

export interface PermitSequenceTable {
  tenant_id: string;
  permit_type: string;
  year: number;
  last: number;
}

/** official-rating's invitation for the applicant: `url` is a bearer capability, read only for the applicant's own view. */
export interface RatingInvitationTable {
  application_id: string;
  tenant_id: string;
  invitation_id: string;
  url: string;
  expires_at: Timestamp;
  received_at: Generated<Timestamp>;
}

/** A staff action on a data subject's request (UU 27/2022): who, when, why, which applications; never the person's data. */
export interface DataSubjectRequestTable {
  id: Generated<string>;
  tenant_id: string;
  action: 'search' | 'export' | 'erase' | 'correct';
  identifier_kind: string;
  actor: string;
  at: Generated<Timestamp>;
  reason: string;
  records: Json<string[]>;
  fields: Json<string[]>;
}

export interface LicensingDB {
  permit_type: PermitTypeTable;
  application: ApplicationTable;
  application_timeline: TimelineTable;
  application_document: DocumentTable;
  permit: PermitTable;
  permit_sequence: PermitSequenceTable;
  rating_invitation: RatingInvitationTable;
  data_subject_request: DataSubjectRequestTable;
}

export type Trx = Transaction<LicensingDB & KitTables>;
export type ApplicationRow = Selectable<ApplicationTable>;
export type PermitTypeRow = Selectable<PermitTypeTable>;
export type PermitRow = Selectable<PermitTable>;
