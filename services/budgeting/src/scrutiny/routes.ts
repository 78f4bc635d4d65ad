/** Public scrutiny: verify by e-mail, flag a published line; TAPD moderates; the answers are public. */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { Nik } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { P } from '../problems.js';
import { Year, YearParams } from '../schemas.js';
import { confirmCode, flagLine, flagsForTapd, moderate, publicFlags, requestCode } from './use-cases.js';

const tags = ['scrutiny'];
const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });

type FlagRow = Awaited<ReturnType<typeof flagsForTapd>>[number];
const flagView = (f: FlagRow) => ({
  id: f.id,
  unit: f.unit,
  lineItemId: f.line_item_id,
  component: f.component_name,
  total: f.total.toString(),
  reason: f.reason,
  status: f.status,
  answer: f.answer,
  createdAt: f.created_at.toISOString(),
  moderatedAt: f.moderated_at?.toISOString() ?? null,
});

export function scrutinyRoutes(app: App, ctx: Ctx): void {
  app.post(
    '/v1/public/scrutiny/codes',
    {
      config: limited(10),
      schema: {
        tags,
        summary: 'Ask for a one-time code by e-mail (the address is kept only as a keyed hash)',
        body: z.strictObject({ email: z.email().max(254), nik: Nik.optional() }),
      },
    },
    async (request, reply) => {
      const out = await requestCode(ctx, { tenant: request.tenant, ...request.body });
      return reply.code(202).send(out);
    },
  );

  app.post(
    '/v1/public/scrutiny/codes/:id/confirm',
    {
      config: limited(30),
      schema: {
        tags,
        summary: 'Trade the code for a token that flags lines for 24 hours',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ code: z.string().regex(/^\d{6}$/) }),
      },
    },
    async (request) => {
      const out = await confirmCode(ctx, { tenant: request.tenant, id: request.params.id, code: request.body.code });
      if (!out) throw P.code_invalid('Ask for a new code.');
      return out;
    },
  );

  app.post(
    '/v1/public/budgets/:year/line-items/:id/flags',
    {
      config: limited(20),
      schema: {
        tags,
        summary: 'A verified citizen flags a published line with a reason (header x-scrutiny-token)',
        params: z.object({ year: Year, id: z.uuid() }),
        headers: z.object({ 'x-scrutiny-token': z.string().min(10).max(100).optional() }),
        body: z.strictObject({ reason: z.string().trim().min(10).max(1000) }),
      },
    },
    async (request, reply) => {
      const token = request.headers['x-scrutiny-token'];
      if (!token) throw P.scrutiny_session_required('Send the token of your verified e-mail in x-scrutiny-token.');
      const out = await flagLine(ctx, {
        tenant: request.tenant,
        token,
        year: request.params.year,
        id: request.params.id,
        reason: request.body.reason,
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/v1/public/budgets/:year/flags',
    { schema: { tags, summary: "Citizens' flags TAPD answered, with the answers", params: YearParams } },
    async (request) => ({
      year: request.params.year,
      flags: (await publicFlags(ctx, { tenant: request.tenant, year: request.params.year })).map(flagView),
    }),
  );

  app.get(
    '/v1/review/flags',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor'),
      schema: {
        tags,
        summary: "Citizens' flags of the year, pending first to answer",
        querystring: z.object({ year: Year }),
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => ({
      year: request.query.year,
      flags: (await flagsForTapd(ctx, { tenant: request.tenant, year: request.query.year })).map(flagView),
    }),
  );

  app.put(
    '/v1/review/flags/:id',
    {
      preHandler: requireRoles('tapd', 'admin'),
      schema: {
        tags,
        summary: 'Accept or reject a flag with an answer the public reads',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({
          status: z.enum(['accepted', 'rejected']),
          answer: z.string().trim().min(1).max(2000),
        }),
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => {
      const row = await moderate(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        id: request.params.id,
        ...request.body,
      });
      return { id: row.id, status: row.status, answer: row.answer };
    },
  );
}
