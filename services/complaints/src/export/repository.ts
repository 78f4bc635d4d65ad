/** The SQL of the export: public reports submitted in a period, counted and keyset-paged. */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import type { Period } from '../statistics/period.js';
import { EXPORT_SELECT, type ExportRow } from './columns.js';

export const BATCH = 2000;

const inPeriod = (trx: Trx, p: Period) =>
  trx
    .selectFrom('report as r')
    .where('r.rahasia', '=', false)
    .where('r.submitted_at', '>=', p.start)
    .where('r.submitted_at', '<', p.end);

export async function countRows(trx: Trx, p: Period): Promise<number> {
  const r = await inPeriod(trx, p)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function batch(trx: Trx, p: Period, after: { at: Date; id: string } | undefined): Promise<ExportRow[]> {
  let q = inPeriod(trx, p).select([
    ...EXPORT_SELECT.map((c) => `r.${c}` as const),
    sql<number>`(select count(*)::int from report s where s.supporting_id = r.id)`.as('supporters'),
  ]);
  if (after) q = q.where(sql<boolean>`(r.submitted_at, r.id) > (${after.at}, ${after.id}::uuid)`);
  return q.orderBy('r.submitted_at').orderBy('r.id').limit(BATCH).execute();
}
