import type { ColumnType, Generated, Transaction } from 'kysely';
import type { KitTables } from '@sinergi/service-kit';
import type { DeadlineKind, HandOverDestination, ReportChannel, ReportStatus, ReportType } from '@sinergi/contracts';

type Timestamp = Date;
type Json<T> = ColumnType<T, string, string>;

export interface Attachment {
  url: string;
  caption?: string | undefined;
}

export interface ReportTable {
  id: Generated<string>;
  tenant_id: string;
  tracking_id: string;
  secret_hash: string;
  open311_token: string | null;
  type: ReportType;
  category: string;
  title: string;
  description: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district_code: string | null;
  village_code: string | null;
  attachments: Json<Attachment[]>;
  channel: ReportChannel;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  reporter_nik_masked: string | null;
  reporter_nik_hash: string | null;
  anonim: boolean;
  rahasia: boolean;
  source_system: string | null;
  source_id: string | null;
  source_url: string | null;
  status: ReportStatus;
  close_reason: 'accepted' | 'auto' | 'not-authority' | null;
  archive_reason: 'spam' | 'duplicate' | 'out-of-scope' | null;
  forwarded_to: string | null;
  unit: string | null;
  supporting_id: string | null;
  submitted_at: Generated<Timestamp>;
  disposition_due: Timestamp;
  disposed_at: Timestamp | null;
  followup_due: Timestamp | null;
  first_response_at: Timestamp | null;
  followed_up_at: Timestamp | null;
  autoclose_due: Timestamp | null;
  resolution: string | null;
  resolution_photos: Json<Attachment[]> | null;
  closed_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
  /** When the channel received the complaint (SMS gateway, post, letter); deadlines count from it. */
  received_at: Generated<Timestamp>;
  /** An information request's deadline (UU 14/2008 Art. 22): 10 working days, once 7 more. */
  information_due: Timestamp | null;
  information_extended_at: Timestamp | null;
  /** How long a deferred (tunda) report waits for its reporter before it escalates. */
  deferred_due: Timestamp | null;
  /** Where a report that is not our authority went. */
  handed_over_to: Json<HandOverDestination> | null;
  /** When the reporter's name, contacts and NIK were erased (retention or request, UU 27/2022). */
  reporter_erased_at: Timestamp | null;
}

export interface TimelineTable {
  id: Generated<bigint>;
  tenant_id: string;
  report_id: string;
  at: Generated<Timestamp>;
  actor: string;
  actor_role: string;
  action: string;
  from_status: ReportStatus | null;
  to_status: ReportStatus;
  unit: string | null;
  note: string | null;
}

export interface DeadlineBreachTable {
  tenant_id: string;
  report_id: string;
  kind: DeadlineKind;
  due_at: Timestamp;
  detected_at: Generated<Timestamp>;
}

/** A breached deadline gone up the region's chain: level 1 the unit head (or the verifiers), level 2 the oversight. */
export interface EscalationTable {
  tenant_id: string;
  report_id: string;
  kind: DeadlineKind;
  due_at: Timestamp;
  level: 1 | 2;
  office: 'unit-head' | 'verifier' | 'oversight';
  to_unit: string | null;
  unit: string | null;
  escalated_at: Timestamp;
  /** When level 1 goes on to the oversight if the deadline is still missed (null on level 2). */
  next_level_due: Timestamp | null;
}

export interface Open311KeyTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_by: string;
  created_at: Generated<Timestamp>;
  revoked_at: Timestamp | null;
}

/** A rating invitation from official-rating; `url` holds a bearer token for the reporter only. */
export interface RatingInvitationTable {
  report_id: string;
  tenant_id: string;
  invitation_id: string;
  url: string;
  expires_at: Timestamp;
  received_at: Generated<Timestamp>;
}

/** A staff action on a data subject's request (UU 27/2022): who, when, why, which reports; never the person's data. */
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

/** A photo attached to a report (metadata stripped), stored like licensing's documents. */
export interface ReportPhotoTable {
  id: Generated<string>;
  tenant_id: string;
  report_id: string;
  media_type: 'image/jpeg' | 'image/png';
  size_bytes: number;
  sha256: string;
  content: Buffer;
  created_at: Generated<Date>;
}

export interface ComplaintsDB {
  report: ReportTable;
  report_photo: ReportPhotoTable;
  report_timeline: TimelineTable;
  deadline_breach: DeadlineBreachTable;
  escalation: EscalationTable;
  open311_key: Open311KeyTable;
  rating_invitation: RatingInvitationTable;
  data_subject_request: DataSubjectRequestTable;
}

/** A transaction over the service's tables and the kit's (outbox, inbox). */
export type Trx = Transaction<ComplaintsDB & KitTables>;
