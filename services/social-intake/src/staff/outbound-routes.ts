/**
 * Staff API: the outbound log, every reply queued for a post with its result (admins and auditors
 * region-wide; officers and unit heads their unit's posts only).
 */
import { requirePrincipal, requireRoles, unitScopeOf, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { outboundLog } from '../replies/use-cases.js';
import { handlesPost } from './access.js';

const OutboundOut = z.object({
  id: z.string(),
  postId: z.string(),
  channel: z.string(),
  account: z.string(),
  unit: z.string().nullable(),
  trackingId: z.string(),
  kind: z.enum(['received', 'followed-up', 'closed', 'needs-information', 'rating-invitation', 'support-link']),
  method: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed', 'impossible']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable().describe('when a pending message is tried next'),
  lastStatusCode: z.number().nullable().describe('HTTP status of the last try; 0 when no answer arrived'),
  responseBody: z
    .string()
    .nullable()
    .describe('the platform’s answer; null for readers who do not handle the post (auditors): it names the recipient'),
  externalMessageId: z.string().nullable(),
  error: z.string().nullable(),
  text: z.string().describe('as sent; a rating link (a bearer token for the citizen only) shows as [tautan penilaian]'),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

export function outboundRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/outbound',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Outbound log: every reply on the citizens’ channels with its result, newest first',
        security: [{ bearerAuth: [] }],
        querystring: z.object({
          status: z.enum(['pending', 'sent', 'failed', 'impossible']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: { 200: z.object({ items: z.array(OutboundOut) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const unit = unitScopeOf(principal);
      // an officer or unit head without a unit sees nothing rather than everything
      const regionWide = unit === undefined && principal.roles.some((r) => r === 'admin' || r === 'auditor');
      const rows = await outboundLog(ctx, {
        tenant: request.tenant,
        unit: regionWide ? undefined : (unit ?? null),
        ...request.query,
      });
      return {
        items: rows.map((r) => {
          // a platform's answer names the recipient (Telegram's chat with id and name; a wamid encodes the number)
          const raw = handlesPost(principal, r);
          return {
            id: r.id,
            postId: r.post_id,
            channel: r.channel,
            account: r.account,
            unit: r.unit,
            trackingId: r.tracking_id,
            kind: r.kind,
            method: r.method,
            status: r.status,
            attempts: r.attempts,
            nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
            lastStatusCode: r.last_status_code,
            responseBody: raw ? r.response_body : null,
            externalMessageId: raw ? r.external_message_id : null,
            error: r.error,
            text: r.text,
            createdAt: r.created_at.toISOString(),
            sentAt: r.sent_at?.toISOString() ?? null,
          };
        }),
      };
    },
  );
}
