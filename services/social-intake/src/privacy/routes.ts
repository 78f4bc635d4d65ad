/**
 * The staff API for a citizen's request about the personal data in their posts (UU 27/2022): admins
 * only, the identifier in the body (never in a URL, which proxies and logs keep), every call audited.
 */
import { z } from 'zod';
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { Identifier } from './identifier.js';
import { dataSubjectAudit, eraseSubject, exportSubject, searchSubject } from './use-cases.js';

const SubjectBody = z.object({
  identifier: Identifier,
  reason: z
    .string()
    .trim()
    .min(5)
    .max(500)
    .describe('Why: the desk request and how the citizen’s identity was checked (stored masked, audited)'),
});
type SubjectBody = z.infer<typeof SubjectBody>;
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const doc = (summary: string, description: string) => ({
  tags: ['data-subject'],
  summary,
  description,
  security: [{ bearerAuth: [] }],
});

export function dataSubjectRoutes(app: App, ctx: Ctx): void {
  const input = (request: { tenant: string; body: SubjectBody }, actor: string) => ({
    tenant: request.tenant,
    actor,
    identifier: request.body.identifier,
    reason: request.body.reason,
  });
  const admin = { preHandler: requireRoles('admin') };
  app.post(
    '/v1/admin/data-subject/search',
    {
      ...admin,
      schema: {
        ...doc('Find a citizen’s posts by phone or platform id', 'Lists the posts, without their data.'),
        body: SubjectBody,
      },
    },
    async (request) => searchSubject(ctx, input(request, requirePrincipal(request).sub)),
  );
  app.post(
    '/v1/admin/data-subject/export',
    {
      ...admin,
      schema: {
        ...doc(
          'Export a citizen’s posts and personal data as JSON (right of access)',
          'A POST, so the identifier never appears in a URL.',
        ),
        body: SubjectBody,
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return exportSubject(ctx, input(request, requirePrincipal(request).sub));
    },
  );
  app.post(
    '/v1/admin/data-subject/erase',
    {
      ...admin,
      schema: {
        ...doc(
          'Erase the personal data in a citizen’s posts (right of erasure)',
          'Author, thread, unmasked text and raw payload go; the posts stay with their masked text. 404 when nothing matches.',
        ),
        body: SubjectBody,
      },
    },
    async (request) => eraseSubject(ctx, input(request, requirePrincipal(request).sub)),
  );
  app.get(
    '/v1/admin/data-subject/requests',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        ...doc('The audit of data subject requests', 'Who, when, why, which posts: no personal data.'),
        querystring: AuditQuery,
      },
    },
    async (request) => ({ requests: await dataSubjectAudit(ctx, request.tenant, request.query.limit) }),
  );
}
