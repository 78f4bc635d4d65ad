import type { ColumnType, Generated, Transaction } from 'kysely';
import type { KitTables } from '@sinergi/service-kit';

type Json<T> = ColumnType<T, string, string>;

/**
 * pending: waits for a human in the triage inbox. complaint: handed to complaints (event emitted).
 * not-complaint: set aside (thanks, questions, promotions, spam, chatter). attached: a near-duplicate
 * of a recent complaint post, counted as its support.
 */
export type PostStatus = 'pending' | 'complaint' | 'not-complaint' | 'attached';

export interface PostTable {
  id: Generated<string>;
  tenant_id: string;
  channel: string;
  kind: string;
  account: string;
  external_id: string;
  /** hashIdentifier(`${channel}:${external_id}`): what events carry instead of external_id (null for rows before it existed). */
  external_ref: string | null;
  /** The unit owning the receiving account; null for SMS and other generic channels. */
  unit: string | null;
  thread: Json<Record<string, string | undefined>>;
  author_platform_id: string;
  /** Personal data: shown to staff only, never in events or logs. */
  author_name: string | null;
  text: string;
  /** The text with NIK, phone numbers and e-mail addresses masked: what leaves this service. */
  masked_text: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  district_code: string | null;
  village_code: string | null;
  received_at: Date;
  /** The platform's payload; after RETENTION_RAW_PAYLOAD_DAYS only a Telegram chat type (not personal) or null. */
  raw: Json<unknown> | null;
  raw_erased_at: Date | null;
  /** When author, platform id, thread and unmasked text were erased (retention or request, UU 27/2022). */
  author_erased_at: Date | null;
  status: PostStatus;
  is_complaint: boolean | null;
  complaint_confidence: number | null;
  category: string | null;
  category_confidence: number | null;
  signals: Json<string[]>;
  minhash: string;
  attached_to: string | null;
  report_tracking_id: string | null;
  /** The report was marked rahasia in complaints: no reply in public (comments, reply tweets). */
  report_confidential: Generated<boolean>;
  decided_by: string;
  decided_at: Date | null;
  /** The integrator (its token's subject) whose generic delivery stored the post; null for platform webhooks. */
  delivered_by: string | null;
  created_at: Generated<Date>;
}

export interface LabelTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  text: string;
  label: string;
  labeled_by: string;
  labeled_at: Generated<Date>;
}

export type OutboundKind =
  'received' | 'followed-up' | 'closed' | 'needs-information' | 'rating-invitation' | 'support-link';
/** pending: waits for the sender (first try or a retry). impossible: the channel's rules allow no reply. */
export type OutboundStatus = 'pending' | 'sent' | 'failed' | 'impossible';

export interface OutboundMessageTable {
  id: Generated<string>;
  tenant_id: string;
  post_id: string;
  tracking_id: string;
  kind: OutboundKind;
  /** The complaints status the reply tells (ReportStatus). */
  report_status: string;
  /** The ReplyMethod; null when no reply is possible. */
  method: string | null;
  status: OutboundStatus;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_status_code: number | null;
  /** The platform's answer, cut to OUTBOUND_BODY_MAX characters. */
  response_body: string | null;
  external_message_id: string | null;
  error: string | null;
  /** The message as sent: tracking id and status only, no personal data; a rating link shows as RATING_LINK_PLACEHOLDER. */
  text: string;
  /**
   * The rating link (it holds a bearer token) of a `rating-invitation` message, put into the text only
   * when sending; kept while the message may still be sent, cleared once it is sent or failed, never
   * shown by the staff API.
   */
  rating_url: string | null;
  /** official-rating's invitation behind a `rating-invitation` message. */
  invitation_id: string | null;
  created_at: Generated<Date>;
  sent_at: Date | null;
}

/** A staff action on a data subject's request (UU 27/2022): who, when, why, which posts; never the person's data. */
export interface DataSubjectRequestTable {
  id: Generated<string>;
  tenant_id: string;
  action: 'search' | 'export' | 'erase' | 'correct';
  identifier_kind: string;
  actor: string;
  at: Generated<Date>;
  reason: string;
  records: Json<string[]>;
  fields: Json<string[]>;
}

export interface SocialIntakeDB {
  post: PostTable;
  label: LabelTable;
  outbound_message: OutboundMessageTable;
  data_subject_request: DataSubjectRequestTable;
}

export type Trx = Transaction<SocialIntakeDB & KitTables>;
