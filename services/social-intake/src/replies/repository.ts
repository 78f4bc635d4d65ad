/**
 * The SQL of the outbound log. Every function takes the transaction first and never opens one;
 * the sender and the staff use case do.
 */
import { sql, type Updateable } from 'kysely';
import type { OutboundKind, OutboundMessageTable, OutboundStatus, Trx } from '../db/schema.js';

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
export async function claimDueMessages(trx: Trx, o: { limit: number; leaseMs: number; publicMethods: readonly string[] }): Promise<Claimed[]> {
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
    .where('id', 'in', rows.rows.map((r) => r.id))
    .execute();
  return rows.rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
}

export const recordAttempt = (trx: Trx, id: string, result: Updateable<OutboundMessageTable>) =>
  trx.updateTable('outbound_message').set(result).where('id', '=', id).execute();

/**
 * The log with the post's channel, account and unit, newest first. `unit`: undefined for the whole
 * region, a unit's code for its posts only, null for nothing.
 */
export function listOutbound(trx: Trx, q: { unit: string | null | undefined; status?: OutboundStatus | undefined; limit: number; offset: number }) {
  let query = trx
    .selectFrom('outbound_message as m')
    .innerJoin('post as p', 'p.id', 'm.post_id')
    .select([
      'm.id', 'm.post_id', 'p.channel', 'p.account', 'p.unit', 'm.tracking_id', 'm.kind', 'm.method', 'm.status', 'm.attempts', 'm.next_attempt_at',
      'm.last_status_code', 'm.response_body', 'm.external_message_id', 'm.error', 'm.text', 'm.created_at', 'm.sent_at',
    ]);
  if (q.status) query = query.where('m.status', '=', q.status);
  if (q.unit === null) query = query.where(sql<boolean>`false`);
  else if (q.unit !== undefined) query = query.where('p.unit', '=', q.unit);
  return query.orderBy('m.created_at', 'desc').orderBy('m.id').limit(q.limit).offset(q.offset).execute();
}

export type OutboundLogRow = Awaited<ReturnType<typeof listOutbound>>[number];
