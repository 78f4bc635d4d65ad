/** Admins' routes for Open311 integrator keys (see keys.ts). */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { createIntegratorKey, listIntegratorKeys, revokeIntegratorKey } from './keys.js';
import { KeyBody, KeyCreated, KeyIdParams, KeyList } from './schemas.js';

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
        description:
          'The key goes in `api_key` of `POST /open311/v2/requests`. Only its hash is stored: keep it now, it cannot be shown again.',
        security: bearer,
        body: KeyBody,
        response: { 201: KeyCreated },
      },
    },
    async (request, reply) => {
      const created = await createIntegratorKey(ctx, {
        tenant: request.tenant,
        name: request.body.name,
        createdBy: requirePrincipal(request).sub,
      });
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/v1/open311-keys',
    {
      preHandler: admin,
      schema: {
        tags: ['open311'],
        summary: 'List the region’s Open311 integrator keys (without the keys)',
        security: bearer,
        response: { 200: KeyList },
      },
    },
    async (request) => {
      return { items: await listIntegratorKeys(ctx, request.tenant) };
    },
  );

  app.delete(
    '/v1/open311-keys/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['open311'],
        summary: 'Revoke an Open311 integrator key',
        description:
          'Submissions with a revoked key are refused with 403. Revoking twice keeps the first revocation time.',
        security: bearer,
        params: KeyIdParams,
        response: { 204: z.null().describe('Revoked') },
      },
    },
    async (request, reply) => {
      await revokeIntegratorKey(ctx, request.tenant, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
