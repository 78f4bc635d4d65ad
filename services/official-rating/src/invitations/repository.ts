/** The invitation table: SQL only, the transaction first. */
import type { Insertable } from 'kysely';
import type { InvitationTable, Trx } from '../db/schema.js';

/** The new invitation's id, or undefined when its transaction already has one. */
export async function insertInvitation(trx: Trx, values: Insertable<InvitationTable>): Promise<string | undefined> {
  const row = await trx
    .insertInto('invitation')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'system', 'transaction_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/**
 * Spends the token in the statement that checks it: of two concurrent submissions exactly one
 * finds it unused and unexpired.
 */
export const spendInvitation = (trx: Trx, tokenHash: string, now: Date) =>
  trx
    .updateTable('invitation')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'unit', 'service_type', 'official', 'system', 'transaction_id'])
    .executeTakeFirst();

export type SpentInvitation = NonNullable<Awaited<ReturnType<typeof spendInvitation>>>;

export const findInvitationByToken = (trx: Trx, tokenHash: string) =>
  trx
    .selectFrom('invitation')
    .select(['unit', 'service_type', 'official', 'system', 'transaction_id', 'expires_at', 'used_at', 'created_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();

/** Whether another region has the token (in a system transaction: row-level security hides it otherwise). */
export const otherRegionHasToken = async (trx: Trx, tokenHash: string, tenant: string) =>
  Boolean(
    await trx
      .selectFrom('invitation')
      .select('tenant_id')
      .where('token_hash', '=', tokenHash)
      .where('tenant_id', '<>', tenant)
      .executeTakeFirst(),
  );

/** Keeps the newest name a service gave its service type; an older event never renames it back. */
export const saveServiceTypeName = (
  trx: Trx,
  row: { tenant_id: string; service_type: string; name: string; named_at: Date },
) =>
  trx
    .insertInto('service_type_name')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'service_type'])
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), named_at: eb.ref('excluded.named_at') }))
        .where('service_type_name.named_at', '<', (eb) => eb.ref('excluded.named_at')),
    )
    .execute();

/** The region's service-type names by code. */
export async function serviceTypeNames(trx: Trx): Promise<Map<string, string>> {
  const rows = await trx.selectFrom('service_type_name').select(['service_type', 'name']).execute();
  return new Map(rows.map((r) => [r.service_type, r.name]));
}
