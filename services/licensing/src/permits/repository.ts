/** The SQL of permits and their numbering: each takes the transaction first and never opens one. */
import { sql, type Insertable } from 'kysely';
import type { PermitRow, PermitTable, RevocationCategory, Trx } from '../db/schema.js';

export const findPermitOf = (trx: Trx, applicationId: string): Promise<PermitRow | undefined> =>
  trx.selectFrom('permit').selectAll().where('application_id', '=', applicationId).executeTakeFirst();

/** What an application's view shows of its permit. */
export const permitSummaryOf = (trx: Trx, applicationId: string) =>
  trx
    .selectFrom('permit')
    .select(['number', 'issued_at', 'valid_until', 'revoked_at', 'legal_basis', 'document'])
    .where('application_id', '=', applicationId)
    .executeTakeFirst();

export const permitNumberOf = async (trx: Trx, applicationId: string): Promise<string | undefined> =>
  (await trx.selectFrom('permit').select('number').where('application_id', '=', applicationId).executeTakeFirst())
    ?.number;

export const findPermitByNumber = (
  trx: Trx,
  number: string,
  opts: { lock: boolean },
): Promise<PermitRow | undefined> => {
  const q = trx.selectFrom('permit').selectAll().where('number', '=', number);
  return (opts.lock ? q.forUpdate() : q).executeTakeFirst();
};

/** The application a permit was issued for. */
export const applicationOfPermit = (trx: Trx, applicationId: string) =>
  trx
    .selectFrom('application')
    .select(['id', 'registration_number', 'unit', 'permit_type', 'status'])
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();

export const markRevoked = async (
  trx: Trx,
  id: string,
  r: { at: Date; category: RevocationCategory; reason: string; by: string },
) => {
  await trx
    .updateTable('permit')
    .set({ revoked_at: r.at, revoke_category: r.category, revoke_reason: r.reason, revoked_by: r.by })
    .where('id', '=', id)
    .execute();
};

export const insertPermit = async (trx: Trx, values: Insertable<PermitTable>) => {
  await trx.insertInto('permit').values(values).execute();
};

/**
 * The next number of a type's sequence for a year, incremented under the row's lock: concurrent
 * issuers queue on it until this transaction ends, and a rollback gives the number back.
 */
export const nextSequence = async (
  trx: Trx,
  s: { tenant: string; permitType: string; year: number },
): Promise<number> =>
  (
    await trx
      .insertInto('permit_sequence')
      .values({ tenant_id: s.tenant, permit_type: s.permitType, year: s.year, last: 1 })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'permit_type', 'year']).doUpdateSet({ last: sql`permit_sequence.last + 1` }),
      )
      .returning('last')
      .executeTakeFirstOrThrow()
  ).last;

export const setSequence = async (trx: Trx, s: { permitType: string; year: number; last: number }) => {
  await trx
    .updateTable('permit_sequence')
    .set({ last: s.last })
    .where('permit_type', '=', s.permitType)
    .where('year', '=', s.year)
    .execute();
};

/** Which of `numbers` permits already hold. */
export const heldNumbers = async (trx: Trx, numbers: string[]): Promise<Set<string>> =>
  new Set(
    (await trx.selectFrom('permit').select('number').where('number', 'in', numbers).execute()).map((r) => r.number),
  );
