/** Paper batches and their ratings: SQL only, the transaction first. */
import type { Insertable } from 'kysely';
import type { PaperBatchTable, RatingTable, Trx } from '../db/schema.js';

/** The new batch, or undefined when the unit already has one with this archive reference. */
export const insertPaperBatch = (trx: Trx, values: Insertable<PaperBatchTable>) =>
  trx
    .insertInto('paper_batch')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'archive_reference']).doNothing())
    .returning(['id', 'entered_at'])
    .executeTakeFirst();

/** Every form of the batch in one statement. */
export async function insertPaperRatings(trx: Trx, rows: Insertable<RatingTable>[]): Promise<void> {
  await trx.insertInto('rating').values(rows).execute();
}

export function listPaperBatches(trx: Trx, q: { unit?: string | undefined; period?: string | undefined }) {
  let query = trx.selectFrom('paper_batch').selectAll().orderBy('entered_at', 'desc').limit(500);
  if (q.unit !== undefined) query = query.where('unit', '=', q.unit);
  if (q.period !== undefined) query = query.where('period', '=', q.period);
  return query.execute();
}
