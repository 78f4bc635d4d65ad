/** The rating, rating_dimension and comment rows of a submission: SQL only, the transaction first. */
import type { Insertable } from 'kysely';
import type { CommentTable, RatingDimensionTable, RatingTable, Trx } from '../db/schema.js';

export async function insertRating(trx: Trx, values: Insertable<RatingTable>): Promise<string> {
  return (await trx.insertInto('rating').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertRatingDimensions(trx: Trx, values: Insertable<RatingDimensionTable>[]): Promise<void> {
  if (values.length > 0) await trx.insertInto('rating_dimension').values(values).execute();
}

export async function insertComment(trx: Trx, values: Insertable<CommentTable>): Promise<void> {
  await trx.insertInto('comment').values(values).execute();
}
