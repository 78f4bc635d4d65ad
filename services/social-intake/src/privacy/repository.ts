/** The SQL of data subject requests, and nothing else: the tenant transaction first, never opened here. */
import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../db/schema.js';
import { UNKNOWN_AUTHOR } from '../platforms/post.js';
import type { AuthorMatch } from './identifier.js';

/** The person's posts, locked against a concurrent erasure or the retention job. */
export const findSubjectPosts = (trx: Trx, match: AuthorMatch) =>
  trx
    .selectFrom('post')
    .selectAll()
    .where('channel', 'in', [...match.channels])
    .where('author_platform_id', 'in', match.platformIds)
    .orderBy('received_at')
    .forUpdate()
    .execute();

export const repliesTo = (trx: Trx, postIds: string[]) =>
  postIds.length === 0
    ? Promise.resolve([])
    : trx
        .selectFrom('outbound_message')
        .select(['post_id', 'tracking_id', 'kind', 'status', 'text', 'created_at', 'sent_at'])
        .where('post_id', 'in', postIds)
        .orderBy('created_at')
        .execute();

/**
 * Erases the author of the posts whose ids `due` selects (a query returning `id`, locked by the
 * caller): name, platform id, thread, unmasked text (the masked text stays, in labels too), raw
 * payload, the platform's answers to our replies; replies still waiting can reach nobody and are
 * marked impossible. Shared by retention and the citizen's request; returns how many posts.
 */
export async function erasePostAuthors(trx: Trx, due: RawBuilder<unknown>): Promise<number> {
  const result = await sql<{ n: number }>`
    with due as (${due}),
    erased as (
      update post set author_name = null, author_platform_id = ${UNKNOWN_AUTHOR}, thread = '{}', text = masked_text,
                      external_id = coalesce(external_ref, external_id), raw = null,
                      raw_erased_at = coalesce(raw_erased_at, now()), author_erased_at = now()
      where id in (select id from due)
      returning id, masked_text),
    labels as (update label set text = erased.masked_text from erased where label.post_id = erased.id returning 1),
    answers as (
      update outbound_message set response_body = null, external_message_id = null, rating_url = null,
             status = case when status = 'pending' then 'impossible' else status end,
             error = case when status = 'pending' then 'personal data erased' else error end
      from erased where outbound_message.post_id = erased.id returning 1)
    select count(*)::int as n from erased`.execute(trx);
  return result.rows[0]?.n ?? 0;
}

/** The person's posts, locked, for `erasePostAuthors`. */
export const postsDue = (ids: string[]) =>
  sql`select id from post where id = any(${ids}::uuid[]) order by id for update`;
