/** Realization: the unit records monthly spending and indicator results against its locked DPA; staff read budget vs realization. */
import type { FastifyRequest } from 'fastify';
import {
  assertUnitAccess,
  findUnitOrThrow,
  kitProblems,
  requirePrincipal,
  requireRoles,
  unitScopeOf,
  type App,
} from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { P } from '../problems.js';
import { UnitBudgetParams, YearParams } from '../schemas.js';
import { ROLLUP_KEYS } from './rollup.js';
import {
  INDICATOR_RESULT_COLUMNS,
  REALIZATION_COLUMNS,
  realizationRollup,
  recordIndicatorResults,
  recordIndicatorResultsCsv,
  recordRealization,
  recordRealizationCsv,
  unitRealization,
} from './use-cases.js';
import { rollupRowView, unitRealizationView } from './views.js';

const bearer = [{ bearerAuth: [] }];
const tags = ['realization'];
const reason = z.string().max(2000).optional().describe('Required when the entry replaces a recorded figure');

const RealizationBody = z.strictObject({
  entries: z
    .array(
      z.strictObject({
        lineItem: z.string().max(60).describe('The id of a line item of the unit'),
        month: z.string().max(10).describe('A month of the fiscal year that has begun, e.g. 2026-03'),
        amount: z.string().max(25).describe("The month's spending on the line, whole rupiah"),
        reason,
      }),
    )
    .min(1)
    .max(1000),
});

const IndicatorResultsBody = z.strictObject({
  results: z
    .array(
      z.strictObject({
        subActivity: z.string().max(40),
        indicator: z.number().int().min(1).max(99).describe("1-based position in the sub-activity's indicators"),
        period: z.string().max(10).describe('A month (2026-03) or quarter (2026-Q1) that has begun'),
        realized: z.string().max(20).describe('The realized value, a decimal in the indicator unit'),
        note: z.string().max(2000).default(''),
        reason,
      }),
    )
    .min(1)
    .max(1000),
});

const RollupQuery = z.object({
  by: z.enum(ROLLUP_KEYS).default('unit'),
  through: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-06')
    .optional()
    .describe('Realization up to and including this month; the whole year when absent'),
});

function csvBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body)) throw kitProblems.unsupported_media_type('Send the file as text/csv.');
  return request.body;
}

const RECORD_DOC =
  "The unit's officer or head, against its locked DPA only (409 budget_not_locked). All or nothing: any bad entry refuses the batch, naming each one. A month already recorded with a different figure is a correction and needs `reason` (422 correction_reason_required); the audit chain keeps every earlier figure. A line may be realized above its own budget (flagged `overBudget`); an account within a sub-activity may not exceed its budget (409 realization_exceeds_budget).";

export function realizationRoutes(app: App, ctx: Ctx): void {
  const callerFor = (request: FastifyRequest, unit: string) => {
    const principal = requirePrincipal(request);
    findUnitOrThrow(ctx.region(request.tenant), unit);
    assertUnitAccess(principal, unit);
    return budgetCaller(principal, request.tenant);
  };
  const unitOnly = { preHandler: requireRoles('officer', 'unit-head') };

  app.post(
    '/v1/budgets/:year/units/:unit/realization',
    {
      ...unitOnly,
      schema: {
        tags,
        summary: 'Record monthly spending per line item (JSON)',
        description: RECORD_DOC,
        params: UnitBudgetParams,
        body: RealizationBody,
        security: bearer,
      },
    },
    async (request) =>
      recordRealization(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        rows: request.body.entries.map((e, line) => ({ line, ...e, reason: e.reason ?? '' })),
        source: { kind: 'json', field: 'entries' },
      }),
  );

  app.post(
    '/v1/budgets/:year/units/:unit/realization/csv',
    {
      ...unitOnly,
      schema: {
        tags,
        summary: 'Record monthly spending per line item (CSV)',
        description: `Body: text/csv with exactly the columns ${REALIZATION_COLUMNS.join(', ')}. ${RECORD_DOC} A refused file answers 422 csv_invalid with each row (\`line N: column\`).`,
        params: UnitBudgetParams,
        security: bearer,
      },
    },
    async (request) =>
      recordRealizationCsv(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        csv: csvBody(request),
      }),
  );

  const RESULT_DOC =
    "The unit's officer or head, against its locked DPA only. Per sub-activity indicator (its 1-based number) and period (a month or quarter that has begun), the realized value and a note; a changed value or note for a recorded period needs `reason`. All or nothing.";

  app.post(
    '/v1/budgets/:year/units/:unit/indicator-results',
    {
      ...unitOnly,
      schema: {
        tags,
        summary: 'Record indicator achievement per period (JSON)',
        description: RESULT_DOC,
        params: UnitBudgetParams,
        body: IndicatorResultsBody,
        security: bearer,
      },
    },
    async (request) =>
      recordIndicatorResults(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        rows: request.body.results.map((r, line) => ({
          line,
          ...r,
          indicator: String(r.indicator),
          reason: r.reason ?? '',
        })),
        source: { kind: 'json', field: 'results' },
      }),
  );

  app.post(
    '/v1/budgets/:year/units/:unit/indicator-results/csv',
    {
      ...unitOnly,
      schema: {
        tags,
        summary: 'Record indicator achievement per period (CSV)',
        description: `Body: text/csv with exactly the columns ${INDICATOR_RESULT_COLUMNS.join(', ')}. ${RESULT_DOC}`,
        params: UnitBudgetParams,
        security: bearer,
      },
    },
    async (request) =>
      recordIndicatorResultsCsv(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        csv: csvBody(request),
      }),
  );

  app.get(
    '/v1/budgets/:year/units/:unit/realization',
    {
      preHandler: requireRoles('officer', 'unit-head', 'tapd', 'admin', 'auditor'),
      schema: {
        tags,
        summary: "A unit's lines with each month's spending, and its indicator results with achievement",
        params: UnitBudgetParams,
        security: bearer,
      },
    },
    async (request) => {
      callerFor(request, request.params.unit);
      return unitRealizationView(await unitRealization(ctx, { tenant: request.tenant, ...request.params }), {
        year: request.params.year,
        unit: request.params.unit,
      });
    },
  );

  app.get(
    '/v1/budgets/:year/realization',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags,
        summary: 'Budget vs realization of the locked budgets, per unit, program, account or sub-activity',
        description:
          'Exact sums of line budgets and recorded monthly figures; `absorption` is realized / budget in percent, rounded half-up once to two places (null when the budget is zero); `remaining` is negative when realized above budget. Officers and unit heads see their own unit only.',
        params: YearParams,
        querystring: RollupQuery,
        security: bearer,
      },
    },
    async (request) => {
      const { year } = request.params;
      const { by, through } = request.query;
      if (through && !through.startsWith(`${year}-`))
        throw P.period_invalid(`${through} is not a month of fiscal year ${year}.`, {
          errors: [{ in: 'querystring', field: 'through', message: `must be a month of ${year}` }],
        });
      const unit = unitScopeOf(requirePrincipal(request));
      const result = await realizationRollup(ctx, {
        tenant: request.tenant,
        year,
        by,
        through: through ? Number(through.slice(5)) : 12,
        unit,
      });
      const unitNames = new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name]));
      const nameOf = (code: string) => (by === 'unit' ? unitNames.get(code) : result.names.get(code)) ?? null;
      return {
        year,
        by,
        through: through ?? `${year}-12`,
        currency: 'IDR',
        total: rollupRowView(result.total, null),
        rows: result.rows.map((r) => rollupRowView(r, nameOf(r.code))),
      };
    },
  );
}
