import {
  prefersHtml,
  requirePrincipal,
  requireRoles,
  sendProblem,
  toProblemError,
  unitScopeOf,
  type App,
} from '@sinergi/service-kit';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import { REVOCATION_CATEGORIES } from '../db/schema.js';
import { PAGE_CSP, verificationErrorPage, verificationPage } from './page.js';

const bearer = [{ bearerAuth: [] }];

export const VerificationOut = z.object({
  status: z
    .enum(['active', 'revoked', 'expired', 'invalid'])
    .describe(
      '`invalid`: the signature does not verify or the record disagrees with the signed document; nothing it claims is shown',
    ),
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
    .describe(
      'Why the permit was revoked, as a category; the reason in words names people and stays with the region’s staff',
    ),
  revocationCategoryLabel: z.string().nullable(),
  legalBasis: z.enum(['decision', 'fiktif-positif']).nullable(),
  signature: z.object({ kid: z.string(), alg: z.string() }),
  signatureValid: z
    .boolean()
    .describe(
      'Whether the permit document verifies against the published key and the record agrees with it; everything shown comes from that document',
    ),
});

export function permitRoutes(app: App, ctx: Ctx, deps: Deps): void {
  const { permits, keys } = deps;
  const verifyLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } };

  const htmlPage = (reply: FastifyReply, status: number, html: string) =>
    reply
      .code(status)
      .header('vary', 'Accept')
      .header('content-security-policy', PAGE_CSP)
      // a revocation must show at once: revalidate every time
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);

  /**
   * A browser gets every refusal as a page too (unknown number 404, bad input 400, 429 …); an API
   * client gets the problem JSON exactly as the service's own error handler sends it.
   */
  const verifyErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblemError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    reply.header('vary', 'Accept');
    if (!prefersHtml(request.headers.accept)) return sendProblem(request, reply, problem);
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    const number = (request.query as { number?: unknown } | undefined)?.number;
    // this page may be the answer to an unknown region itself: no profile is no name, not another error
    const region = request.tenant ? (ctx.directory.get(request.tenant)?.name ?? null) : null;
    return htmlPage(
      reply,
      problem.status,
      verificationErrorPage(problem.status, region, typeof number === 'string' ? number.trim().slice(0, 80) : null),
    );
  };

  app.get(
    '/v1/public/permits/verify',
    {
      config: verifyLimit,
      // the route's request and reply are typed by its schema; the handler reads nothing schema-typed
      errorHandler: (error, request, reply) =>
        void verifyErrors(error, request as unknown as FastifyRequest, reply as unknown as FastifyReply),
      schema: {
        tags: ['public'],
        summary: 'Verify a permit by its number (the QR code on the permit opens this)',
        description:
          'Content negotiation: a browser (an `Accept` header preferring `text/html`, as when a phone opens the QR code) gets a page in Indonesian; API clients (`application/json`, `*/*` or none) get the JSON below. Refusals follow the same rule (a 404 or 400 page, or the problem JSON).',
        querystring: z.object({ number: z.string().trim().min(3).max(80), tenant: z.string().optional() }),
        response: { 200: VerificationOut },
      },
    },
    async (request, reply) => {
      reply.header('vary', 'Accept');
      if (!prefersHtml(request.headers.accept))
        return reply.send(await permits.verify(request.tenant, request.query.number));
      const { result, issuerName } = await permits.verification(request.tenant, request.query.number);
      const profile = ctx.region(request.tenant);
      return htmlPage(
        reply,
        200,
        verificationPage(result, issuerName, { name: profile.name, timeZone: profile.timeZone }),
      );
    },
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
        description:
          'Public verification shows only the category; the reason in words is kept for staff (the application’s timeline).',
        security: bearer,
        body: z
          .object({
            number: z.string().trim().min(3).max(80),
            category: z.enum(REVOCATION_CATEGORIES),
            reason: z.string().trim().min(5).max(2000),
          })
          .strict(),
        response: {
          200: z.object({
            number: z.string(),
            revokedAt: z.string(),
            category: z.enum(REVOCATION_CATEGORIES),
            reason: z.string(),
          }),
        },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return permits.revoke(request.tenant, {
        ...request.body,
        by: { id: principal.sub, unit: unitScopeOf(principal) },
      });
    },
  );
}
