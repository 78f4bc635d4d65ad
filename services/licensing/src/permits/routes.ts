import { requirePrincipal, requireRoles, unitScopeOf, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { REVOCATION_CATEGORIES } from '../db/schema.js';
import type { PermitsService } from './service.js';
import type { KeyRing } from './signing.js';

const bearer = [{ bearerAuth: [] }];

export const VerificationOut = z.object({
  status: z.enum(['active', 'revoked', 'expired', 'invalid']).describe('`invalid`: the signature does not verify or the record disagrees with the signed document; nothing it claims is shown'),
  statusLabel: z.string(),
  number: z.string(),
  permitType: z.object({ code: z.string(), name: z.string() }).nullable(),
  region: z.string(),
  holder: z.string().nullable().describe('Masked: the first letter of each word'),
  issuedAt: z.string().nullable(),
  validUntil: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revocationCategory: z
    .enum(REVOCATION_CATEGORIES)
    .nullable()
    .describe('Why the permit was revoked, as a category; the reason in words names people and stays with the region’s staff'),
  revocationCategoryLabel: z.string().nullable(),
  legalBasis: z.enum(['decision', 'fiktif-positif']).nullable(),
  signature: z.object({ kid: z.string(), alg: z.string() }),
  signatureValid: z.boolean().describe('Whether the permit document verifies against the published key and the record agrees with it; everything shown comes from that document'),
});

export function permitRoutes(app: App, ctx: Ctx, permits: PermitsService, keys: KeyRing): void {
  const verifyLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

  app.get(
    '/v1/public/permits/verify',
    {
      config: verifyLimit,
      schema: {
        tags: ['public'],
        summary: 'Verify a permit by its number (the QR code on the permit opens this)',
        querystring: z.object({ number: z.string().trim().min(3).max(80), tenant: z.string().optional() }),
        response: { 200: VerificationOut },
      },
    },
    async (request) => permits.verify(request.tenant, request.query.number),
  );

  app.get(
    '/v1/public/signing-keys',
    {
      schema: {
        tags: ['public'],
        summary: 'The region’s permit signing keys as a JWK set (retired keys included, for old permits)',
        response: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      },
    },
    async (request) => keys.jwks(request.tenant),
  );

  app.post(
    '/v1/staff/permits/revoke',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Revoke an issued permit, with its category (public) and the reason (staff only)',
        description: 'Public verification shows only the category; the reason in words is kept for staff (the application’s timeline).',
        security: bearer,
        body: z.object({ number: z.string().trim().min(3).max(80), category: z.enum(REVOCATION_CATEGORIES), reason: z.string().trim().min(5).max(2000) }).strict(),
        response: { 200: z.object({ number: z.string(), revokedAt: z.string(), category: z.enum(REVOCATION_CATEGORIES), reason: z.string() }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return permits.revoke(request.tenant, request.body.number, request.body.category, request.body.reason, { id: principal.sub, unit: unitScopeOf(principal) });
    },
  );
  void ctx;
}
