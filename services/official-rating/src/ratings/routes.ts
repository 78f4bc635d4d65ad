/**
 * The rating API for a form or an app: the questionnaire, what a link is for, and the submission.
 * Anonymous; the tenant comes from the kit (`?tenant=`, the Host, or DEFAULT_TENANT).
 */
import type { App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { InvitationPreview, RatingBody, RatingCreated, TokenQuery } from '../schemas.js';
import { QUESTIONNAIRE } from '../skm/questionnaire.js';
import { invitationPreview, submitRating } from './use-cases.js';

export function ratingRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/questionnaire',
    { schema: { tags: ['public'], summary: 'The nine SKM elements and the 1-4 scale (PermenPANRB 14/2017)' } },
    async () => QUESTIONNAIRE,
  );

  app.get(
    '/v1/public/invitations',
    {
      config: { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE * 3, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'What a rating link is for, and whether it can still be used',
        description:
          'The rating form opens this first. The token travels in the query string, which the logs leave out. Unknown links are 404, other regions’ 403; used and expired ones answer with their status.',
        querystring: TokenQuery,
        response: { 200: InvitationPreview },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await invitationPreview(ctx, request.tenant, request.query.token)),
  );

  app.post(
    '/v1/public/ratings',
    {
      config: { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' }, idempotent: true },
      schema: {
        tags: ['public'],
        summary: 'Rate a finished transaction with its single-use link',
        description:
          'The nine SKM answers (1-4, in the order of /v1/public/questionnaire), optionally 1-5 stars for the official with a reason (and per report-card dimension), optionally a comment. One rating per link, no edits. Refusals: 409 token_used, 410 token_expired, 403 token_other_region, 404 token_unknown.',
        body: RatingBody,
        response: { 201: RatingCreated },
      },
    },
    async (request, reply) => reply.code(201).send(await submitRating(ctx, request.tenant, request.body)),
  );
}
