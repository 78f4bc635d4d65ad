import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { YearParams } from '../schemas.js';
import { setSpendingRules, spendingChecks } from './use-cases.js';

const Prefix = z.string().regex(/^\d+(\.\d+){0,5}$/, 'a code prefix like 5.1.01 or 1.01');
const RulesBody = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        code: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
        label: z.string().trim().min(1).max(200),
        kind: z.enum(['max', 'min']),
        percent: z.string().regex(/^(100|[1-9]?\d)(\.\d{1,2})?$/, 'a percentage 0-100 with at most two places'),
        accounts: z.array(Prefix).max(50).default([]),
        programs: z.array(Prefix).max(50).default([]),
        basis: z.string().trim().min(1).max(300),
      }),
    )
    .max(30)
    .refine((rules) => new Set(rules.map((r) => r.code)).size === rules.length, 'each rule code once'),
});

export function checkRoutes(app: App, ctx: Ctx): void {
  app.put(
    '/v1/admin/years/:year/spending-rules',
    {
      preHandler: requireRoles('admin'),
      schema: {
        tags: ['checks'],
        summary: "Set the year's mandatory-spending rules (thresholds are data per year)",
        params: YearParams,
        body: RulesBody,
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) =>
      setSpendingRules(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
        rules: request.body.rules,
      }),
  );

  app.get(
    '/v1/budgets/:year/spending-checks',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor'),
      schema: {
        tags: ['checks'],
        summary: "The region's spending shares against the year's rules, with figures",
        description:
          "Every unit's lines of the year whatever their status. `share` is rounded half-up to two places for reading; `met` is decided exactly.",
        params: YearParams,
        security: [{ bearerAuth: [] }],
      },
    },
    async (request) => {
      const { total, results } = await spendingChecks(ctx, { tenant: request.tenant, year: request.params.year });
      return {
        year: request.params.year,
        totalSpending: total.toString(),
        checks: results.map((r) => ({ ...r, amount: r.amount.toString() })),
      };
    },
  );
}
