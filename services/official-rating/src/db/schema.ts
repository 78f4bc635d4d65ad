import type { ColumnType, Generated, Transaction } from 'kysely';
import type { KitTables } from '@sinergi/service-kit';

type Timestamp = Date;
type Json<T> = ColumnType<T, string, string>;

export interface InvitationTable {
  id: Generated<string>;
  tenant_id: string;
  token_hash: string;
  system: 'complaints' | 'licensing' | 'counter';
  transaction_id: string;
  unit: string;
  service_type: string;
  official: string | null;
  source_system: string | null;
  source_id: string | null;
  source_url: string | null;
  created_by: string;
  created_at: Generated<Timestamp>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface RatingTable {
  id: Generated<string>;
  tenant_id: string;
  /** The link it was given with; null for a paper form, which has its batch instead. */
  invitation_id: string | null;
  paper_batch_id: string | null;
  unit: string;
  service_type: string;
  official: string | null;
  system: 'complaints' | 'licensing' | 'counter' | 'paper';
  a1: number;
  a2: number;
  a3: number;
  a4: number;
  a5: number;
  a6: number;
  a7: number;
  a8: number;
  a9: number;
  stars: number | null;
  star_reason: string | null;
  submitted_at: Generated<Timestamp>;
  /** The respondent profile of PermenPANRB 14/2017, each optional; published only in aggregate. */
  sex: string | null;
  age_band: string | null;
  education: string | null;
  occupation: string | null;
}

export interface PaperBatchTable {
  id: Generated<string>;
  tenant_id: string;
  unit: string;
  service_type: string;
  /** The month the paper forms were filled in (2026-11). */
  period: string;
  /** Where the paper forms are kept (box or file number), unique per unit. */
  archive_reference: string;
  forms: number;
  entered_by: string;
  entered_at: Generated<Timestamp>;
}

export interface FollowUpPlanTable {
  id: Generated<string>;
  tenant_id: string;
  unit: string;
  period: string;
  items: Json<unknown>;
  set_by: string;
  set_at: Generated<Timestamp>;
}

export interface ReportCardConfigVersionTable {
  id: Generated<string>;
  tenant_id: string;
  /** The local date from which the version is in force. */
  effective_from: ColumnType<string, string, string>;
  config: Json<unknown>;
  /** Where the settings come from: a regulation, a decree, or "default chosen by …". */
  basis: string;
  set_by: string;
  set_at: Generated<Timestamp>;
}

export interface RatingDimensionTable {
  rating_id: string;
  tenant_id: string;
  official: string;
  dimension: string;
  stars: number;
  submitted_at: Timestamp;
}

export interface CommentTable {
  rating_id: string;
  tenant_id: string;
  unit: string;
  official: string | null;
  service_type: string;
  /** The comment with personal data masked, for the unit's staff. */
  text: string;
  /** What the public sees: also with officials named by job title when the comment is negative. */
  public_text: string;
  negative: boolean;
  submitted_at: Timestamp;
  publish_at: Timestamp;
  reply_text: string | null;
  replied_at: Timestamp | null;
  replied_by: string | null;
  hidden_at: Timestamp | null;
  hidden_reason: string | null;
  hidden_by: string | null;
}

export interface ModerationLogTable {
  id: Generated<string>;
  tenant_id: string;
  comment_id: string;
  action: 'hide' | 'unhide';
  reason: string;
  actor: string;
  at: Generated<Timestamp>;
}

export interface ReportCardConfigTable {
  tenant_id: string;
  config: Json<unknown>;
  updated_at: Generated<Timestamp>;
  updated_by: string;
}

export interface ServiceUsersTable {
  tenant_id: string;
  unit: string;
  period: string;
  count: number;
  declared_by: string;
  declared_at: Generated<Timestamp>;
}

export interface IndexRefreshTable {
  tenant_id: string;
  unit: string;
  period: string;
  marked_at: Generated<Timestamp>;
}

export interface UnitIndexTable {
  tenant_id: string;
  unit: string;
  period: string;
  ikm: string | null;
  band: string | null;
  respondents: number;
  service_users: number;
  minimum_sample: number;
  below_minimum_sample: boolean;
  elements: string | null;
  computed_at: Timestamp;
}

/** A service type's name from the events of the service that owns it (migration 005). */
export interface ServiceTypeNameTable {
  tenant_id: string;
  service_type: string;
  name: string;
  named_at: Date;
}

export interface OfficialRatingDB {
  service_type_name: ServiceTypeNameTable;
  invitation: InvitationTable;
  rating: RatingTable;
  rating_dimension: RatingDimensionTable;
  comment: CommentTable;
  moderation_log: ModerationLogTable;
  report_card_config: ReportCardConfigTable;
  service_users: ServiceUsersTable;
  index_refresh: IndexRefreshTable;
  unit_index: UnitIndexTable;
  paper_batch: PaperBatchTable;
  follow_up_plan: FollowUpPlanTable;
  report_card_config_version: ReportCardConfigVersionTable;
}

export type Trx = Transaction<OfficialRatingDB & KitTables>;
