/**
 * The staff API for a citizen's request about their personal data in applications (UU 27/2022): admins only, the
 * identifier in the body (never in a URL, which proxies and logs keep), every call audited.
 */
import { z } from 'zod';
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { IndonesianPhone } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import { Identifier } from './identifier.js';
import { correctSubject, dataSubjectAudit, eraseSubject, exportSubject, searchSubject } from './use-cases.js';

const Reason = z
  .string()
  .trim()
  .min(5)
  .max(500)
  .describe('Why: the desk request and how the citizen’s identity was checked (stored masked, audited)');
const SubjectBody = z.object({ identifier: Identifier, reason: Reason });
const CorrectBody = SubjectBody.extend({
  set: z
    .object({
      phone: IndonesianPhone.optional(),
      email: z.email().max(200).optional(),
    })
    .refine((s) => Object.values(s).some((v) => v !== undefined), 'name at least one field to correct'),
});
const AuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const doc = (summary: string, description: string) => ({
  tags: ['data-subject'],
  summary,
  description,
  security: [{ bearerAuth: [] }],
});

export function dataSubjectRoutes(app: App, ctx: Ctx): void {
  const input = (request: { tenant: string; body: z.infer<typeof SubjectBody> }, sub: string) => ({
    tenant: request.tenant,
    actor: sub,
    identifier: request.body.identifier,
    reason: request.body.reason,
  });
  const admin = { preHandler: requireRoles('admin') };
  app.post(
    '/v1/admin/data-subject/search',
    {
      ...admin,
      schema: {
        ...doc(
          'Find the applications of a citizen by phone, e-mail or NIK',
          'Lists the applications, without their data.',
        ),
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
          'Export a citizen’s applications and personal data as JSON (right of access)',
          'A POST, not a GET, so the identifier never appears in a URL.',
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
          'Erase a citizen’s contacts and uploaded documents from their decided applications (right of erasure)',
          'Phone, e-mail, NIK and documents go; the name, decision and permit stay (arsip). Open applications are listed, not erased. 404 when nothing matches.',
        ),
        body: SubjectBody,
      },
    },
    async (request) => eraseSubject(ctx, input(request, requirePrincipal(request).sub)),
  );
  app.patch(
    '/v1/admin/data-subject/correct',
    {
      ...admin,
      schema: {
        ...doc(
          'Correct a citizen’s phone or e-mail on their applications (right of correction)',
          'The name is on the decision and permit: correcting it is an amendment of the decision, not done here. Erased contacts stay erased. 404 when nothing matches.',
        ),
        body: CorrectBody,
      },
    },
    async (request) => correctSubject(ctx, { ...input(request, requirePrincipal(request).sub), set: request.body.set }),
  );
  app.get(
    '/v1/admin/data-subject/requests',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        ...doc('The audit of data subject requests', 'Who, when, why, which applications: no personal data.'),
        querystring: AuditQuery,
      },
    },
    async (request) => ({ requests: await dataSubjectAudit(ctx, request.tenant, request.query.limit) }),
  );
}
