/**
 * The SQL of replies: the posts complaints' events point at, and the outbound log. Every function
 * takes the transaction first and never opens one; the consumers' transaction, the sender and the
 * staff use case do.
 */
import { sql, type Insertable, type Updateable } from 'kysely';
import type { OutboundKind, OutboundMessageTable, OutboundStatus, Trx } from '../db/schema.js';
import { UNKNOWN_AUTHOR } from '../platforms/index.js';

/** A due message with what its platform call needs from the post. */
export interface Claimed {
  id: string;
  tracking_id: string;
  kind: OutboundKind;
  report_status: string;
  method: string;
  attempts: number;
  channel: string;
  account: string;
  external_id: string;
  thread: Record<string, string | undefined>;
  author_platform_id: string;
  text: string;
  rating_url: string | null;
}

/**
 * Claims up to `limit` due messages (SKIP LOCKED: another replica takes others), counts the attempt
 * and leases them for `leaseMs`, so no other replica takes them while their platform calls run.
 * Public methods of a post complaints made rahasia are never claimed.
 */
export async function claimDueMessages(
  trx: Trx,
  o: { limit: number; leaseMs: number; publicMethods: readonly string[] },
): Promise<Claimed[]> {
  const rows = await sql<Claimed>`
    select m.id, m.tracking_id, m.kind, m.report_status, m.method, m.attempts, m.text, m.rating_url,
           p.channel, p.account, p.external_id, p.thread, p.author_platform_id
      from outbound_message m join post p on p.id = m.post_id
     where m.status = 'pending' and m.next_attempt_at <= now()
       and not (p.report_confidential and m.method in (${sql.join(o.publicMethods)}))
     order by m.next_attempt_at
     limit ${o.limit}
       for update of m skip locked`.execute(trx);
  if (rows.rows.length === 0) return [];
  await trx
    .updateTable('outbound_message')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: sql`now() + make_interval(secs => ${o.leaseMs / 1000})` })
    .where(
      'id',
      'in',
      rows.rows.map((r) => r.id),
    )
    .execute();
  return rows.rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
}

export const recordAttempt = (trx: Trx, id: string, result: Updateable<OutboundMessageTable>) =>
  trx.updateTable('outbound_message').set(result).where('id', '=', id).execute();

/**
 * The log with the post's channel, account and unit, newest first. `unit`: undefined for the whole
 * region, a unit's code for its posts only, null for nothing.
 */
export function listOutbound(
  trx: Trx,
  q: { unit: string | null | undefined; status?: OutboundStatus | undefined; limit: number; offset: number },
) {
  let query = trx
    .selectFrom('outbound_message as m')
    .innerJoin('post as p', 'p.id', 'm.post_id')
    .select([
      'm.id',
      'm.post_id',
      'p.channel',
      'p.account',
      'p.unit',
      'm.tracking_id',
      'm.kind',
      'm.method',
      'm.status',
      'm.attempts',
      'm.next_attempt_at',
      'm.last_status_code',
      'm.response_body',
      'm.external_message_id',
      'm.error',
      'm.text',
      'm.created_at',
      'm.sent_at',
    ]);
  if (q.status) query = query.where('m.status', '=', q.status);
  if (q.unit === null) query = query.where(sql<boolean>`false`);
  else if (q.unit !== undefined) query = query.where('p.unit', '=', q.unit);
  return query.orderBy('m.created_at', 'desc').orderBy('m.id').limit(q.limit).offset(q.offset).execute();
}

export type OutboundLogRow = Awaited<ReturnType<typeof listOutbound>>[number];

/**
 * Our post behind another service's source reference (`channel` from `social-intake:<channel>`, `id`
 * the keyed hash; events from before the hash carry the platform id).
 */
export const findPostBySource = (trx: Trx, tenant: string, ref: { channel: string; id: string }) =>
  trx
    .selectFrom('post')
    .select(['id', 'channel', 'kind', 'account', 'author_platform_id', 'received_at', 'report_confidential'])
    .select(
      sql<string | null>`coalesce(raw->'message'->'chat'->>'type', raw->'edited_message'->'chat'->>'type')`.as(
        'telegram_chat_type',
      ),
    )
    .where('tenant_id', '=', tenant)
    .where('channel', '=', ref.channel)
    .where((eb) => eb.or([eb('external_ref', '=', ref.id), eb('external_id', '=', ref.id)]))
    .executeTakeFirst();

/** Posts attached to `postId` as near-duplicates: their authors get the report's tracking link. */
export const findAttachedPosts = (trx: Trx, postId: string) =>
  trx
    .selectFrom('post')
    .select(['id', 'channel', 'kind', 'account', 'author_platform_id', 'received_at'])
    .select(
      sql<string | null>`coalesce(raw->'message'->'chat'->>'type', raw->'edited_message'->'chat'->>'type')`.as(
        'telegram_chat_type',
      ),
    )
    .where('attached_to', '=', postId)
    .where('status', '=', 'attached')
    .execute();

/** The citizen's latest message to the same account: it reopens the messaging windows. */
export async function lastInboundAt(
  trx: Trx,
  tenant: string,
  post: { channel: string; account: string; author_platform_id: string },
): Promise<Date | null> {
  if (post.author_platform_id === UNKNOWN_AUTHOR) return null;
  const latest = await trx
    .selectFrom('post')
    .select((eb) => eb.fn.max('received_at').as('at'))
    .where('tenant_id', '=', tenant)
    .where('channel', '=', post.channel)
    .where('account', '=', post.account)
    .where('author_platform_id', '=', post.author_platform_id)
    .executeTakeFirst();
  return (latest?.at as Date | null | undefined) ?? null;
}

export const setReportTrackingId = (trx: Trx, postId: string, trackingId: string) =>
  trx.updateTable('post').set({ report_tracking_id: trackingId }).where('id', '=', postId).execute();

export const setReportConfidential = (trx: Trx, postId: string, confidential: boolean) =>
  trx.updateTable('post').set({ report_confidential: confidential }).where('id', '=', postId).execute();

/** Pending messages of a post that would go out by one of `methods` become impossible with `reason`. */
export const withdrawPendingReplies = (trx: Trx, postId: string, o: { methods: readonly string[]; reason: string }) =>
  trx
    .updateTable('outbound_message')
    .set({ status: 'impossible', error: o.reason })
    .where('post_id', '=', postId)
    .where('status', '=', 'pending')
    .where('method', 'in', [...o.methods])
    .execute();

/** One message per post, kind and report: returns the new row's status, undefined when it existed. */
export async function insertOutboundOnce(
  trx: Trx,
  message: Insertable<OutboundMessageTable>,
): Promise<OutboundStatus | undefined> {
  const inserted = await trx
    .insertInto('outbound_message')
    .values(message)
    .onConflict((oc) => oc.columns(['post_id', 'kind', 'tracking_id']).doNothing())
    .returning('status')
    .executeTakeFirst();
  return inserted?.status;
}
