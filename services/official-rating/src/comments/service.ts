/**
 * Comments: published when their hold ends (negative ones wait for the unit's reply), answered
 * publicly once by the unit, hidden by an admin with a reason that stays on record.
 */
import { findUnit, maskPersonalData, type RegionProfile } from '@sinergi/contracts';
import { assertUnitAccess, localDate, problems, type Principal } from '@sinergi/service-kit';
import type { Selectable } from 'kysely';
import type { CommentTable, Trx } from '../db/schema.js';

type CommentRow = Selectable<CommentTable> & { stars: number | null };

function baseQuery(trx: Trx) {
  return trx
    .selectFrom('comment')
    .innerJoin('rating', 'rating.id', 'comment.rating_id')
    .selectAll('comment')
    .select('rating.stars');
}

/**
 * Public shape: the official by job title only when the comment is negative, and the day it was
 * written rather than the minute (a desk could match the minute to a visitor).
 */
export function publicComment(profile: RegionProfile, c: CommentRow) {
  const o = c.official ? profile.officials.find((x) => x.id === c.official) : undefined;
  return {
    id: c.rating_id,
    unit: { code: c.unit, name: findUnit(profile, c.unit)?.name ?? c.unit },
    serviceType: c.service_type,
    official: o ? (c.negative ? { jobTitle: o.jobTitle } : { jobTitle: o.jobTitle, name: o.name }) : null,
    stars: c.stars,
    text: c.public_text,
    submittedOn: localDate(c.submitted_at, profile.timeZone),
    reply: c.reply_text === null ? null : { text: c.reply_text, at: c.replied_at! },
  };
}

export function staffComment(profile: RegionProfile, c: CommentRow, now: Date) {
  return {
    ...publicComment(profile, c),
    text: c.text,
    publicText: c.public_text,
    negative: c.negative,
    published: c.hidden_at === null && c.publish_at <= now,
    publishAt: c.publish_at,
    hidden: c.hidden_at === null ? null : { at: c.hidden_at, reason: c.hidden_reason!, by: c.hidden_by! },
  };
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

export async function unitComments(trx: Trx, filter: CommentFilter & { state?: 'held' | 'hidden' | 'unanswered' | undefined }, now: Date) {
  let q = baseQuery(trx);
  if (filter.unit) q = q.where('comment.unit', '=', filter.unit);
  if (filter.official) q = q.where('comment.official', '=', filter.official);
  if (filter.before) q = q.where('comment.submitted_at', '<', filter.before);
  if (filter.state === 'held') q = q.where('comment.publish_at', '>', now).where('comment.hidden_at', 'is', null);
  if (filter.state === 'hidden') q = q.where('comment.hidden_at', 'is not', null);
  if (filter.state === 'unanswered') q = q.where('comment.reply_text', 'is', null);
  return q.orderBy('comment.submitted_at', 'desc').limit(filter.limit).execute();
}

async function load(trx: Trx, id: string): Promise<CommentRow> {
  const c = await baseQuery(trx).where('comment.rating_id', '=', id).executeTakeFirst();
  if (!c) throw problems.notFound('comment_not_found', `No comment ${id} in this region.`);
  return c;
}

/** The unit answers once, publicly; the answer also publishes a held comment at once. */
export async function replyToComment(trx: Trx, principal: Principal, id: string, text: string, now: Date): Promise<CommentRow> {
  const c = await load(trx, id);
  assertUnitAccess(principal, c.unit);
  const updated = await trx
    .updateTable('comment')
    .set((eb) => ({ reply_text: maskPersonalData(text), replied_at: now, replied_by: principal.sub, publish_at: eb.fn('least', [eb.ref('publish_at'), eb.val(now)]) }))
    .where('rating_id', '=', id)
    .where('reply_text', 'is', null)
    .returning('rating_id')
    .executeTakeFirst();
  if (!updated) throw problems.conflict('reply_exists', 'The unit already replied to this comment; a reply cannot be changed.');
  return load(trx, id);
}

export async function moderateComment(trx: Trx, tenant: string, principal: Principal, id: string, action: 'hide' | 'unhide', reason: string, now: Date): Promise<CommentRow> {
  await load(trx, id);
  const updated = await trx
    .updateTable('comment')
    .set(action === 'hide' ? { hidden_at: now, hidden_reason: reason, hidden_by: principal.sub } : { hidden_at: null, hidden_reason: null, hidden_by: null })
    .where('rating_id', '=', id)
    .where('hidden_at', action === 'hide' ? 'is' : 'is not', null)
    .returning('rating_id')
    .executeTakeFirst();
  if (!updated) throw problems.conflict(action === 'hide' ? 'already_hidden' : 'not_hidden', action === 'hide' ? 'The comment is already hidden.' : 'The comment is not hidden.');
  await trx.insertInto('moderation_log').values({ tenant_id: tenant, comment_id: id, action, reason, actor: principal.sub, at: now }).execute();
  return load(trx, id);
}

export async function moderationLog(trx: Trx, id: string) {
  await load(trx, id);
  const rows = await trx.selectFrom('moderation_log').select(['action', 'reason', 'actor', 'at']).where('comment_id', '=', id).orderBy('id').execute();
  return rows;
}
