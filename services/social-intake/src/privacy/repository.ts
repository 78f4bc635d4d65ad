/** The SQL of data subject requests, and nothing else: the tenant transaction first, never opened here. */
import { sql } from 'kysely';
import type { DataSubjectRequestTable, Trx } from '../db/schema.js';
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
 * What retention's post-author and raw-payload rules erase, for these posts at once; replies still
 * waiting can no longer reach anyone and are marked impossible.
 */
export async function erasePosts(trx: Trx, ids: string[]): Promise<void> {
  await sql`
    with erased as (
      update post set author_name = null, author_platform_id = ${UNKNOWN_AUTHOR}, thread = '{}', text = masked_text,
                      external_id = coalesce(external_ref, external_id), raw = null,
                      raw_erased_at = coalesce(raw_erased_at, now()), author_erased_at = now()
      where id = any(${ids}::uuid[])
      returning id, masked_text),
    labels as (update label set text = erased.masked_text from erased where label.post_id = erased.id returning 1)
    update outbound_message set response_body = null, external_message_id = null,
           status = case when status = 'pending' then 'impossible' else status end,
           error = case when status = 'pending' then 'personal data erased on request' else error end,
           rating_url = null
    from erased where outbound_message.post_id = erased.id`.execute(trx);
}

export const insertAudit = (
  trx: Trx,
  row: Omit<DataSubjectRequestTable, 'id' | 'at' | 'records' | 'fields'> & { records: string[]; fields: string[] },
) =>
  trx
    .insertInto('data_subject_request')
    .values({ ...row, records: JSON.stringify(row.records), fields: JSON.stringify(row.fields) })
    .returning(['id', 'at'])
    .executeTakeFirstOrThrow();

export const listAudit = (trx: Trx, limit: number) =>
  trx.selectFrom('data_subject_request').selectAll().orderBy('at', 'desc').orderBy('id').limit(limit).execute();
