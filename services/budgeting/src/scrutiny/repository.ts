/** SQL of public scrutiny: codes, sessions and flags, every identity as a keyed hash. */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

export const insertCode = (
  trx: Trx,
  r: { tenant: string; emailHash: string; nikHash: string | null; codeHash: string; expiresAt: Date },
) =>
  trx
    .insertInto('scrutiny_code')
    .values({
      tenant_id: r.tenant,
      email_hash: r.emailHash,
      nik_hash: r.nikHash,
      code_hash: r.codeHash,
      expires_at: r.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export const findCode = (trx: Trx, id: string) =>
  trx.selectFrom('scrutiny_code').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export const markCode = (trx: Trx, id: string, used: boolean) =>
  trx
    .updateTable('scrutiny_code')
    .set({ attempts: sql<number>`attempts + 1`, used })
    .where('id', '=', id)
    .execute();

export const insertSession = (
  trx: Trx,
  r: { tenant: string; tokenHash: string; emailHash: string; nikHash: string | null; expiresAt: Date },
) =>
  trx
    .insertInto('scrutiny_session')
    .values({
      tenant_id: r.tenant,
      token_hash: r.tokenHash,
      email_hash: r.emailHash,
      nik_hash: r.nikHash,
      expires_at: r.expiresAt,
    })
    .execute();

export const findSession = (trx: Trx, tokenHash: string) =>
  trx
    .selectFrom('scrutiny_session')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();

export const flagsSince = async (trx: Trx, emailHash: string, since: Date) =>
  (
    await trx
      .selectFrom('citizen_flag')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('email_hash', '=', emailHash)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow()
  ).n;

export const insertFlag = (
  trx: Trx,
  r: { tenant: string; year: number; unit: string; lineItemId: string; emailHash: string; reason: string },
) =>
  trx
    .insertInto('citizen_flag')
    .values({
      tenant_id: r.tenant,
      year: r.year,
      unit: r.unit,
      line_item_id: r.lineItemId,
      email_hash: r.emailHash,
      reason: r.reason,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'line_item_id', 'email_hash']).doNothing())
    .returning(['id', 'status', 'created_at'])
    .executeTakeFirst();

/** Flags with their line, never the citizen's hash. */
export const flagsOfYear = (trx: Trx, q: { year: number; moderatedOnly: boolean }) =>
  trx
    .selectFrom('citizen_flag as f')
    .innerJoin('line_item as l', 'l.id', 'f.line_item_id')
    .select([
      'f.id',
      'f.unit',
      'f.line_item_id',
      'l.component_name',
      'l.total',
      'f.reason',
      'f.status',
      'f.answer',
      'f.created_at',
      'f.moderated_at',
    ])
    .where('f.year', '=', q.year)
    .$if(q.moderatedOnly, (qb) => qb.where('f.status', '!=', 'pending'))
    .orderBy('f.created_at')
    .orderBy('f.id')
    .execute();

export const moderateFlag = (
  trx: Trx,
  id: string,
  m: { status: 'accepted' | 'rejected'; answer: string; by: string },
) =>
  trx
    .updateTable('citizen_flag')
    .set({ status: m.status, answer: m.answer, moderated_by: m.by, moderated_at: new Date() })
    .where('id', '=', id)
    .returning(['id', 'year', 'unit', 'line_item_id', 'status', 'answer'])
    .executeTakeFirst();

/** A line the public may flag: in a budget TAPD approved or later. */
export const publishedLine = (trx: Trx, q: { year: number; id: string; statuses: readonly string[] }) =>
  trx
    .selectFrom('line_item as l')
    .innerJoin('unit_budget as b', (j) => j.onRef('b.year', '=', 'l.year').onRef('b.unit', '=', 'l.unit'))
    .select(['l.id', 'l.unit'])
    .where('l.year', '=', q.year)
    .where('l.id', '=', q.id)
    .where('b.status', 'in', [...q.statuses] as never)
    .executeTakeFirst();
