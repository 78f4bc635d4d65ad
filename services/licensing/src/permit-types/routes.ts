import { requireRoles, type App } from '@sinergi/service-kit';
import { Slug } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { PermitTypeInput } from './model.js';
import { getPermitType, listPermitTypes, putPermitType } from './service.js';

const bearer = [{ bearerAuth: [] }];
const PermitTypeOut = z.record(z.string(), z.unknown());

export function permitTypeRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/permit-types',
    {
      schema: {
        tags: ['public'],
        summary: 'The region’s permit catalogue: requirements, service standard, fee rule, validity',
        response: { 200: z.object({ items: z.array(PermitTypeOut) }) },
      },
    },
    async (request) => ({ items: await listPermitTypes(ctx, { tenant: request.tenant, includeInactive: false }) }),
  );

  app.get(
    '/v1/permit-types/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'One permit type',
        params: z.object({ code: Slug }),
        response: { 200: PermitTypeOut },
      },
    },
    async (request) => getPermitType(ctx, { tenant: request.tenant, code: request.params.code }),
  );

  const admin = requireRoles('admin');
  app.get(
    '/v1/admin/permit-types',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Every permit type, inactive ones too',
        security: bearer,
        response: { 200: z.object({ items: z.array(PermitTypeOut) }) },
      },
    },
    async (request) => ({ items: await listPermitTypes(ctx, { tenant: request.tenant, includeInactive: true }) }),
  );

  app.put(
    '/v1/admin/permit-types/:code',
    {
      preHandler: admin,
      schema: {
        tags: ['admin'],
        summary: 'Create or replace a permit type',
        description:
          'Applications already found complete keep the deadline and review steps they started with; the fee is assessed with the rule in force at assessment.',
        security: bearer,
        params: z.object({ code: Slug }),
        body: PermitTypeInput,
        response: { 200: PermitTypeOut },
      },
    },
    async (request) => {
      if (request.body.code !== request.params.code) {
        throw P.code_mismatch('The code in the body must be the code in the path.', {
          errors: [{ in: 'body', field: 'code', message: `must be ${request.params.code}` }],
        });
      }
      return putPermitType(ctx, { tenant: request.tenant, type: request.body });
    },
  );
}
