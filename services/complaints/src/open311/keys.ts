/**
 * Integrator keys for Open311 `POST requests`: an admin creates one per client application, sees
 * it once, and may revoke it. Only the SHA-256 of the key and its first characters are stored;
 * a key works only in the region whose admin created it (row-level security on `open311_key`).
 */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Trx } from '../db/schema.js';
import { hashSecret, newApiKey } from '../reports/identifiers.js';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { KeyBody, KeyCreated, KeyIdParams, KeyList } from './schemas.js';

export interface IntegratorKey {
  id: string;
  name: string;
  prefix: string;
}

/** The active key of this tenant for `apiKey`, or a 403 saying why not. */
export async function authenticateKey(trx: Trx, apiKey: string | undefined): Promise<IntegratorKey> {
  if (!apiKey) throw P.api_key_required('api_key is required to submit a service request.');
  const row = await trx.selectFrom('open311_key').select(['id', 'name', 'key_prefix', 'revoked_at']).where('key_hash', '=', hashSecret(apiKey)).executeTakeFirst();
  if (!row) throw P.api_key_invalid('The api_key is not valid for this jurisdiction.');
  if (row.revoked_at) throw P.api_key_revoked('The api_key has been revoked.');
  return { id: row.id, name: row.name, prefix: row.key_prefix };
}

const bearer = [{ bearerAuth: [] }];

export function open311KeyRoutes(app: App, ctx: Ctx): void {
  const admin = requireRoles('admin');

  app.post(
    '/v1/open311-keys',
    {
      preHandler: admin,
      schema: {
        tags: ['open311'],
        summary: 'Create an Open311 integrator key (shown once)',
        description: 'The key goes in `api_key` of `POST /open311/v2/requests`. Only its hash is stored: keep it now, it cannot be shown again.',
        security: bearer,
        body: KeyBody,
        response: { 201: KeyCreated },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      const { key, prefix, hash } = newApiKey();
      const row = await ctx.db.withTenant(request.tenant, (trx) =>
        trx
          .insertInto('open311_key')
          .values({ tenant_id: request.tenant, name: request.body.name, key_hash: hash, key_prefix: prefix, created_by: principal.sub })
          .returning(['id', 'name', 'key_prefix', 'created_at'])
          .executeTakeFirstOrThrow(),
      );
      return reply.code(201).send({ id: row.id, name: row.name, key, prefix: row.key_prefix, createdAt: row.created_at.toISOString() });
    },
  );

  app.get(
    '/v1/open311-keys',
    { preHandler: admin, schema: { tags: ['open311'], summary: 'List the region’s Open311 integrator keys (without the keys)', security: bearer, response: { 200: KeyList } } },
    async (request) => {
      const rows = await ctx.db.withTenant(request.tenant, (trx) =>
        trx.selectFrom('open311_key').select(['id', 'name', 'key_prefix', 'created_at', 'created_by', 'revoked_at']).orderBy('created_at', 'desc').orderBy('id').execute(),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          prefix: r.key_prefix,
          createdAt: r.created_at.toISOString(),
          createdBy: r.created_by,
          revokedAt: r.revoked_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.delete(
    '/v1/open311-keys/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['open311'],
        summary: 'Revoke an Open311 integrator key',
        description: 'Submissions with a revoked key are refused with 403. Revoking twice keeps the first revocation time.',
        security: bearer,
        params: KeyIdParams,
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (request, reply) => {
      const found = await ctx.db.withTenant(request.tenant, async (trx) => {
        const row = await trx.selectFrom('open311_key').select(['id', 'revoked_at']).where('id', '=', request.params.id).forUpdate().executeTakeFirst();
        if (row && !row.revoked_at) await trx.updateTable('open311_key').set({ revoked_at: new Date() }).where('id', '=', row.id).execute();
        return !!row;
      });
      if (!found) throw P.open311_key_not_found('There is no such Open311 key in this region.');
      return reply.code(204).send(null);
    },
  );
}
