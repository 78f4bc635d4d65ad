/** The counter-link path: a desk tablet or printer asks for a rating link for a walk-in citizen. */
import { requirePrincipal, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.js';
import { CounterToken, CounterTokenBody } from '../schemas.js';
import { createCounterLink } from './use-cases.js';

export function counterLinkRoutes(app: App, ctx: Ctx): void {
  // per staff account, not per address: the desks of an office share one
  const counterLimit = {
    rateLimit: {
      max: ctx.config.COUNTER_TOKENS_PER_HOUR,
      timeWindow: '1 hour',
      keyGenerator: (request: FastifyRequest) =>
        `counter:${request.principal?.tenant}:${request.principal?.sub ?? request.ip}`,
    },
  };

  app.post(
    '/v1/staff/counter-tokens',
    {
      config: { ...counterLimit, idempotent: true },
      schema: {
        tags: ['staff'],
        summary: 'A rating link for a walk-in citizen (a tablet or printed QR at the desk)',
        description:
          'The token is returned once; only its hash is kept. One link per visit `reference` (the queue ticket): a repeated request is refused with 409. Staff cannot create links to rate themselves, and each account creates at most COUNTER_TOKENS_PER_HOUR links an hour; results show how many answers came through counter links.',
        security: [{ bearerAuth: [] }],
        body: CounterTokenBody,
        response: { 201: CounterToken },
      },
    },
    async (request, reply) => {
      const created = await createCounterLink(ctx, {
        tenant: request.tenant,
        principal: requirePrincipal(request),
        input: request.body,
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ invitationId: created.id, token: created.token, url: created.url, expiresAt: created.expiresAt });
    },
  );
}
