/** The SQL of Open311 integrator keys; each function takes the tenant transaction first. */
import type { Trx } from '../db/schema.js';

export const findKeyByHash = (trx: Trx, hash: string) =>
  trx
    .selectFrom('open311_key')
    .select(['id', 'name', 'key_prefix', 'revoked_at'])
    .where('key_hash', '=', hash)
    .executeTakeFirst();

export const insertKey = (
  trx: Trx,
  k: { tenant: string; name: string; hash: string; prefix: string; createdBy: string },
) =>
  trx
    .insertInto('open311_key')
    .values({ tenant_id: k.tenant, name: k.name, key_hash: k.hash, key_prefix: k.prefix, created_by: k.createdBy })
    .returning(['id', 'name', 'key_prefix', 'created_at'])
    .executeTakeFirstOrThrow();

export const listKeys = (trx: Trx) =>
  trx
    .selectFrom('open311_key')
    .select(['id', 'name', 'key_prefix', 'created_at', 'created_by', 'revoked_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();

export const findKeyForUpdate = (trx: Trx, id: string) =>
  trx.selectFrom('open311_key').select(['id', 'revoked_at']).where('id', '=', id).forUpdate().executeTakeFirst();

export async function markRevoked(trx: Trx, id: string, at: Date): Promise<void> {
  await trx.updateTable('open311_key').set({ revoked_at: at }).where('id', '=', id).execute();
}
