/**
 * Integrator keys for Open311 `POST requests`: an admin creates one per client application, sees
 * it once, and may revoke it. Only the SHA-256 of the key and its first characters are stored;
 * a key works only in the region whose admin created it (row-level security on `open311_key`).
 */
import type { Trx } from '../db/schema.js';
import { hashSecret, newApiKey } from '../reports/identifiers.js';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { findKeyByHash, findKeyForUpdate, insertKey, listKeys, markRevoked } from './key-repository.js';

export interface IntegratorKey {
  id: string;
  name: string;
  prefix: string;
}

/** The active key of this tenant for `apiKey`, or a 403 saying why not. */
export async function authenticateKey(trx: Trx, apiKey: string | undefined): Promise<IntegratorKey> {
  if (!apiKey) throw P.api_key_required('api_key is required to submit a service request.');
  const row = await findKeyByHash(trx, hashSecret(apiKey));
  if (!row) throw P.api_key_invalid('The api_key is not valid for this jurisdiction.');
  if (row.revoked_at) throw P.api_key_revoked('The api_key has been revoked.');
  return { id: row.id, name: row.name, prefix: row.key_prefix };
}

/** A new key for an integrator application; the key itself is in the answer only. */
export async function createIntegratorKey(ctx: Ctx, r: { tenant: string; name: string; createdBy: string }) {
  const { key, prefix, hash } = newApiKey();
  const row = await ctx.db.withTenant(r.tenant, (trx) => insertKey(trx, { ...r, hash, prefix }));
  return { id: row.id, name: row.name, key, prefix: row.key_prefix, createdAt: row.created_at.toISOString() };
}

/** The region's keys, newest first, without the keys. */
export async function listIntegratorKeys(ctx: Ctx, tenant: string) {
  const rows = await ctx.db.withTenant(tenant, (trx) => listKeys(trx));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** Revokes a key; revoking twice keeps the first revocation time. */
export async function revokeIntegratorKey(ctx: Ctx, tenant: string, id: string): Promise<void> {
  const found = await ctx.db.withTenant(tenant, async (trx) => {
    const row = await findKeyForUpdate(trx, id);
    if (row && !row.revoked_at) await markRevoked(trx, row.id, new Date());
    return !!row;
  });
  if (!found) throw P.open311_key_not_found('There is no such Open311 key in this region.');
}
