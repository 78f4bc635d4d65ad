/**
 * Comment paths: published comments with the units' replies; the unit's staff read all of theirs
 * and reply once; admins hide abusive ones with a reason on record.
 */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { CommentParams, CommentsQuery, ModerationBody, PublicComment, ReplyBody, StaffComment } from '../schemas.js';
import {
  listPublishedComments,
  listUnitComments,
  moderateComment,
  moderationLog,
  replyToComment,
} from './use-cases.js';

const bearer = [{ bearerAuth: [] }];

export function commentRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/comments',
    {
      schema: {
        tags: ['public'],
        summary: 'Published comments with the units’ replies, newest first',
        description:
          'Hidden comments are left out; negative comments appear after the unit replied or its reply time passed, naming officials by job title only.',
        querystring: CommentsQuery,
        response: { 200: z.object({ items: z.array(PublicComment) }) },
      },
    },
    async (request) => ({ items: await listPublishedComments(ctx, request.tenant, request.query) }),
  );

  app.get(
    '/v1/staff/comments',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Comments on the unit, including those held for a reply and hidden ones',
        security: bearer,
        querystring: CommentsQuery.extend({ state: z.enum(['held', 'hidden', 'unanswered']).optional() }),
        response: { 200: z.object({ items: z.array(StaffComment) }) },
      },
    },
    async (request) => ({
      items: await listUnitComments(ctx, {
        tenant: request.tenant,
        principal: requirePrincipal(request),
        filter: request.query,
      }),
    }),
  );

  app.post(
    '/v1/staff/comments/:id/reply',
    {
      preHandler: requireRoles('admin', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Reply publicly to a comment on the unit (once)',
        security: bearer,
        params: CommentParams,
        body: ReplyBody,
        response: { 200: StaffComment },
      },
    },
    async (request) =>
      replyToComment(ctx, {
        tenant: request.tenant,
        principal: requirePrincipal(request),
        id: request.params.id,
        text: request.body.text,
      }),
  );

  for (const action of ['hide', 'unhide'] as const) {
    app.post(
      `/v1/admin/comments/:id/${action}`,
      {
        preHandler: requireRoles('admin'),
        schema: {
          tags: ['admin'],
          summary:
            action === 'hide'
              ? 'Hide an abusive comment (kept and audited, not deleted)'
              : 'Show a hidden comment again',
          security: bearer,
          params: CommentParams,
          body: ModerationBody,
          response: { 200: StaffComment },
        },
      },
      async (request) =>
        moderateComment(ctx, {
          tenant: request.tenant,
          principal: requirePrincipal(request),
          id: request.params.id,
          action,
          reason: request.body.reason,
        }),
    );
  }

  app.get(
    '/v1/admin/comments/:id/moderation',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        tags: ['admin'],
        summary: 'Who hid or showed a comment, when and why',
        security: bearer,
        params: CommentParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ action: z.enum(['hide', 'unhide']), reason: z.string(), actor: z.string(), at: z.date() }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await moderationLog(ctx, request.tenant, request.params.id) }),
  );
}
