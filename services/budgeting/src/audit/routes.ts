import { requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { AuditQuery } from '../schemas.js';
import { verifyAuditChain } from './use-cases.js';

export function auditRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/audit/verify',
    {
      preHandler: requireRoles('auditor', 'admin', 'tapd'),
      schema: {
        tags: ['audit'],
        summary: "Recompute the year's audit chain and report the first broken link",
        description:
          "Each entry is SHA-256 over the canonical JSON of the entry with the previous entry's hash. `intact: false` names `brokenAt` (the first entry that does not hold) and why: hash_mismatch (the entry was changed), wrong_previous_hash, sequence_gap (an entry was removed) or truncated (the newest entries were removed).",
        querystring: AuditQuery,
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => ({
      year: request.query.year,
      ...(await verifyAuditChain(ctx, { tenant: request.tenant, year: request.query.year })),
    }),
  );
}
