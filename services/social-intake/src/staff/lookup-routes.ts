/**
 * GET /v1/posts/by-external/{channel}/{externalId}: what became of a delivered message, for the
 * gateway that delivered it and for staff (`lookUpPost`).
 */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { SocialChannel } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { lookUpPost } from '../posts/lookup.js';

const PostLookupOut = z.object({
  channel: SocialChannel,
  externalId: z.string(),
  status: z.enum(['pending', 'complaint', 'not-complaint', 'attached']),
  receivedAt: z.string(),
  reportTrackingId: z.string().nullable(),
});

export function lookupRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/posts/by-external/:channel/:externalId',
    {
      preHandler: requireRoles('integrator', 'admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['webhooks'],
        summary:
          'A delivered message’s status and, once it is a report, its tracking ID (the delivering integrator and staff; for sms and generic the id is "<account>:<externalId>")',
        security: [{ bearerAuth: [] }],
        params: z.object({ channel: SocialChannel, externalId: z.string().min(1).max(401) }),
        response: { 200: PostLookupOut },
      },
    },
    async (request) =>
      lookUpPost(ctx, {
        tenant: request.tenant,
        principal: requirePrincipal(request),
        channel: request.params.channel,
        externalId: request.params.externalId,
      }),
  );
}
