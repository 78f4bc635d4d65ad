/**
 * Staff API: the triage inbox, a post with its raw payload, decisions (each kept as labelled data for
 * the next model), and the volume of posts per account, unit and category over time: the spread over
 * departments the founding story is about.
 */
import { requirePrincipal, requireRoles, unitScopeOf, type App } from '@sinergi/service-kit';
import { Slug, UnitCode } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { listTriage, postVolume, readPost, recordDecision } from '../posts/use-cases.js';
import { detail, PostDetail, PostSummary, summary } from './views.js';

const bearer = [{ bearerAuth: [] }];

export function staffRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/triage',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Triage inbox: posts the model was not sure about (officers see their unit’s accounts)',
        security: bearer,
        querystring: z.object({
          status: z.enum(['pending', 'complaint', 'not-complaint', 'attached']).default('pending'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(PostSummary) }) },
      },
    },
    async (request) => {
      const unit = unitScopeOf(requirePrincipal(request));
      const rows = await listTriage(ctx, { tenant: request.tenant, unit, ...request.query });
      return { items: rows.map(summary) };
    },
  );

  app.get(
    '/v1/posts/:id',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head', 'auditor'),
      schema: {
        tags: ['staff'],
        summary:
          'A post; its raw platform payload, ids and author only for the staff handling it (auditors: masked and hashed)',
        security: bearer,
        params: z.object({ id: z.uuid() }),
        response: { 200: PostDetail },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const post = await readPost(ctx, { tenant: request.tenant, unit: unitScopeOf(principal), id: request.params.id });
      return detail(post, principal, ctx.config.IDENTIFIER_HMAC_KEY);
    },
  );

  app.post(
    '/v1/posts/:id/decision',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Confirm or correct triage: a complaint in a category (handed to complaints) or not a complaint',
        description:
          'Every decision is kept as a labelled example for retraining. A post already handed over cannot be handed over twice.',
        security: bearer,
        params: z.object({ id: z.uuid() }),
        body: z.union([
          z.object({ complaint: z.literal(true), category: Slug }).strict(),
          z.object({ complaint: z.literal(false) }).strict(),
        ]),
        response: { 200: PostSummary },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const post = await recordDecision(ctx, {
        tenant: request.tenant,
        unit: unitScopeOf(principal),
        id: request.params.id,
        decidedBy: principal.sub,
        decision: request.body,
      });
      return summary(post);
    },
  );

  app.get(
    '/v1/statistics/volume',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Posts per account, unit or category per day: how the load spreads over departments',
        security: bearer,
        querystring: z.object({
          by: z.enum(['account', 'unit', 'category']).default('unit'),
          from: z.iso.date().optional(),
          to: z.iso.date().optional(),
          unit: UnitCode.optional(),
        }),
        response: {
          200: z.object({
            by: z.string(),
            from: z.string(),
            to: z.string(),
            rows: z.array(
              z.object({ day: z.string(), key: z.string().nullable(), posts: z.number(), complaints: z.number() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { by } = request.query;
      const volume = await postVolume(ctx, { tenant: request.tenant, ...request.query });
      return { by, ...volume };
    },
  );
}
