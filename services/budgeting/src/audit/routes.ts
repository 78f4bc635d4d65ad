import { kitProblems, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { AuditQuery, AuditYearParams } from '../schemas.js';
import { chainHead } from './anchor.js';
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
          "Each entry is SHA-256 over the canonical JSON of the entry with the previous entry's hash. `intact: false` names `brokenAt` (the first entry that does not hold) and why: hash_mismatch (the entry was changed), wrong_previous_hash, sequence_gap (an entry was removed) or truncated (the newest entries were removed). With `anchorSeq` and `anchorHash` (a head published earlier as `budgeting.audit.anchored` or by the public head route, kept outside the database) it also checks the chain still holds that entry with that hash: `anchor: holds`, or `anchor_missing` / `anchor_mismatch` (the chain was rewritten at or before the anchored entry).",
        querystring: AuditQuery,
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => {
      const { year, anchorSeq, anchorHash } = request.query;
      if ((anchorSeq === undefined) !== (anchorHash === undefined)) {
        const missing = anchorSeq === undefined ? 'anchorSeq' : 'anchorHash';
        throw kitProblems.validation_failed('An anchor is a seq and a hash together.', {
          errors: [{ in: 'query', field: missing, message: 'is required with the other anchor field' }],
        });
      }
      const anchor = anchorSeq !== undefined ? { seq: anchorSeq, hash: anchorHash! } : undefined;
      return { year, ...(await verifyAuditChain(ctx, { tenant: request.tenant, year, anchor })) };
    },
  );

  app.get(
    '/v1/public/audit/:year/head',
    {
      schema: {
        tags: ['public', 'audit'],
        summary: "The head of the year's audit chain (seq and hash), for anyone to keep",
        description:
          "The newest entry of the chain as the database holds it now, and the head last anchored (published as the `budgeting.audit.anchored` event). Kept by someone outside the region, a head later lets the auditors' verifier prove the chain up to it was not rewritten. Year 0 is the chain of the reference data. Holds no personal data: hashes and counts only.",
        params: AuditYearParams,
      },
    },
    async (request) => ({
      year: request.params.year,
      ...(await chainHead(ctx, { tenant: request.tenant, ...request.params })),
    }),
  );
}
