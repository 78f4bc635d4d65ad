/** The comment and moderation_log tables: SQL only, the transaction first. */
import type { Selectable } from 'kysely';
import type { CommentTable, Trx } from '../db/schema.js';

export type CommentRow = Selectable<CommentTable> & { stars: number | null };

function baseQuery(trx: Trx) {
  return trx
    .selectFrom('comment')
    .innerJoin('rating', 'rating.id', 'comment.rating_id')
    .selectAll('comment')
    .select('rating.stars');
}

export interface CommentFilter {
  unit?: string | undefined;
  official?: string | undefined;
  before?: Date | undefined;
  limit: number;
}

export async function publishedComments(trx: Trx, filter: CommentFilter, now: Date) {
  let q = baseQuery(trx).where('comment.hidden_at', 'is', null).where('comment.publish_at', '<=', now);
  if (filter.unit) q = q.where('comment.unit', '=', filter.unit);
  // the official's id leads to their name (their report card): negative comments stay off that filter
  if (filter.official) q = q.where('comment.official', '=', filter.official).where('comment.negative', '=', false);
  if (filter.before) q = q.where('comment.submitted_at', '<', filter.before);
  return q.orderBy('comment.submitted_at', 'desc').limit(filter.limit).execute();
}

export type CommentState = 'held' | 'hidden' | 'unanswered';

export async function unitComments(trx: Trx, filter: CommentFilter & { state?: CommentState | undefined }, now: Date) {
  let q = baseQuery(trx);
  if (filter.unit) q = q.where('comment.unit', '=', filter.unit);
  if (filter.official) q = q.where('comment.official', '=', filter.official);
  if (filter.before) q = q.where('comment.submitted_at', '<', filter.before);
  if (filter.state === 'held') q = q.where('comment.publish_at', '>', now).where('comment.hidden_at', 'is', null);
  if (filter.state === 'hidden') q = q.where('comment.hidden_at', 'is not', null);
  if (filter.state === 'unanswered') q = q.where('comment.reply_text', 'is', null);
  return q.orderBy('comment.submitted_at', 'desc').limit(filter.limit).execute();
}

export const findComment = (trx: Trx, id: string): Promise<CommentRow | undefined> =>
  baseQuery(trx).where('comment.rating_id', '=', id).executeTakeFirst();

/** Sets the reply unless there is one; a reply also publishes a held comment at once. False when there was one. */
export async function setReply(trx: Trx, r: { id: string; text: string; by: string; at: Date }): Promise<boolean> {
  const updated = await trx
    .updateTable('comment')
    .set((eb) => ({
      reply_text: r.text,
      replied_at: r.at,
      replied_by: r.by,
      publish_at: eb.fn('least', [eb.ref('publish_at'), eb.val(r.at)]),
    }))
    .where('rating_id', '=', r.id)
    .where('reply_text', 'is', null)
    .returning('rating_id')
    .executeTakeFirst();
  return Boolean(updated);
}

/** Hides or shows the comment unless it already is; false then. */
export async function setHidden(
  trx: Trx,
  m: { id: string; action: 'hide' | 'unhide'; reason: string; by: string; at: Date },
): Promise<boolean> {
  const updated = await trx
    .updateTable('comment')
    .set(
      m.action === 'hide'
        ? { hidden_at: m.at, hidden_reason: m.reason, hidden_by: m.by }
        : { hidden_at: null, hidden_reason: null, hidden_by: null },
    )
    .where('rating_id', '=', m.id)
    .where('hidden_at', m.action === 'hide' ? 'is' : 'is not', null)
    .returning('rating_id')
    .executeTakeFirst();
  return Boolean(updated);
}

export async function logModeration(
  trx: Trx,
  m: { tenant: string; id: string; action: 'hide' | 'unhide'; reason: string; by: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('moderation_log')
    .values({ tenant_id: m.tenant, comment_id: m.id, action: m.action, reason: m.reason, actor: m.by, at: m.at })
    .execute();
}

export const moderationEntries = (trx: Trx, id: string) =>
  trx
    .selectFrom('moderation_log')
    .select(['action', 'reason', 'actor', 'at'])
    .where('comment_id', '=', id)
    .orderBy('id')
    .execute();
