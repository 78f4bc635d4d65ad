/**
 * The SQL of posts and their labels. Every function takes the transaction first and never opens one;
 * the use cases (`intake.ts`, `use-cases.ts`) do.
 */
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { LabelTable, PostStatus, PostTable, Trx } from '../db/schema.js';

export type PostRow = Selectable<PostTable>;

/** `channel:externalId` of the items already stored, so a platform retry is recognized. */
export async function storedExternalIds(
  trx: Trx,
  items: readonly { channel: string; externalId: string }[],
): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('post')
    .select(['channel', 'external_id'])
    .where((eb) =>
      eb.or(items.map((i) => eb.and([eb('channel', '=', i.channel), eb('external_id', '=', i.externalId)]))),
    )
    .execute();
  return new Set(rows.map((r) => `${r.channel}:${r.external_id}`));
}

/** Complaints of the given categories received since `since`, newest first: what a new complaint may repeat. */
export const recentComplaints = (trx: Trx, filter: { categories: readonly string[]; since: Date; limit: number }) =>
  trx
    .selectFrom('post')
    .select([
      'id',
      'category',
      'district_code',
      'unit',
      'minhash',
      'received_at',
      'channel',
      'external_id',
      'external_ref',
      'report_tracking_id',
    ])
    .where('status', '=', 'complaint')
    .where('category', 'in', [...filter.categories])
    .where('received_at', '>=', filter.since)
    .orderBy('received_at', 'desc')
    .limit(filter.limit)
    .execute();

/** Inserts the posts a concurrent delivery has not stored first; returns the ids that were inserted. */
export async function insertNewPosts(trx: Trx, rows: readonly Insertable<PostTable>[]): Promise<Set<string>> {
  const inserted = await trx
    .insertInto('post')
    .values([...rows])
    .onConflict((oc) => oc.columns(['tenant_id', 'channel', 'external_id']).doNothing())
    .returning('id')
    .execute();
  return new Set(inserted.map((r) => r.id));
}

export const findPost = (trx: Trx, id: string) =>
  trx.selectFrom('post').selectAll().where('id', '=', id).executeTakeFirst();

export const findPostForUpdate = (trx: Trx, id: string) =>
  trx.selectFrom('post').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export function listPostsByStatus(
  trx: Trx,
  filter: { status: PostStatus; unit: string | undefined; limit: number; offset: number },
) {
  let q = trx.selectFrom('post').selectAll().where('status', '=', filter.status);
  if (filter.unit) q = q.where('unit', '=', filter.unit);
  return q.orderBy('received_at', 'desc').limit(filter.limit).offset(filter.offset).execute();
}

export const updatePost = (trx: Trx, id: string, patch: Updateable<PostTable>) =>
  trx.updateTable('post').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const insertLabel = (trx: Trx, label: Insertable<LabelTable>) => trx.insertInto('label').values(label).execute();

export interface VolumeRow {
  day: string;
  key: string | null;
  posts: number;
  complaints: number;
}

/** Posts and complaints per local day (in `timeZone`) and per account, unit or category. */
export async function volumeByDay(
  trx: Trx,
  q: { by: 'account' | 'unit' | 'category'; from: string; to: string; timeZone: string; unit: string | undefined },
): Promise<VolumeRow[]> {
  const key = sql.ref(q.by);
  const tz = q.timeZone;
  const result = await sql<VolumeRow>`
    select to_char(received_at at time zone ${tz}, 'YYYY-MM-DD') as day, ${key}::text as key,
           count(*)::int as posts, count(*) filter (where status in ('complaint', 'attached'))::int as complaints
      from post
     where (received_at at time zone ${tz})::date between ${q.from}::date and ${q.to}::date
       ${q.unit ? sql`and unit = ${q.unit}` : sql``}
     group by 1, 2 order by 1, 2`.execute(trx);
  return result.rows;
}

/**
 * A post by the id its platform or gateway gave it, with the tracking id of the report it became or,
 * for a near-duplicate, of the report it supports.
 */
export const findPostByExternalId = (trx: Trx, ref: { channel: string; externalId: string }) =>
  trx
    .selectFrom('post as p')
    .leftJoin('post as o', 'o.id', 'p.attached_to')
    .select([
      'p.id',
      'p.channel',
      'p.external_id',
      'p.unit',
      'p.status',
      'p.received_at',
      'p.delivered_by',
      'p.report_tracking_id',
      'o.report_tracking_id as supported_tracking_id',
    ])
    .where('p.channel', '=', ref.channel)
    .where('p.external_id', '=', ref.externalId)
    .executeTakeFirst();
