/** TAPD's effectiveness review: anomalies, ranked candidates, cut/keep decisions; the public savings report. */
import { findUnitOrThrow, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { csvLine } from '../public/csv.js';
import { SAVINGS_FIELDS, savingsCsvRows, savingsReportView } from '../public/savings.js';
import { PublicQuery, SubActivityParams, Year, YearParams } from '../schemas.js';
import { decideCandidate, reviewAnomalies, reviewCandidates, savingsReport } from './use-cases.js';
import { anomaliesView, citizensView, costPerOutputView, decisionView, scoreText } from './views.js';

const bearer = [{ bearerAuth: [] }];
const tags = ['review'];
const YearQuery = z.object({ year: Year });
const DecisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('cut'), reason: z.string().trim().min(1).max(2000) }),
  z.strictObject({ decision: z.literal('keep'), reason: z.string().trim().max(2000).optional() }),
]);

export function reviewRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/review/anomalies',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor'),
      schema: {
        tags,
        summary: "Anomalies on the year's line items, each with kind, severity and reason",
        description:
          "Every line of every unit with money in it. Peers are the same catalogue item in the region's other units and, as aggregates only (count, median, MAD of at least three lines), other regions of the deployment.",
        querystring: YearQuery,
        security: bearer,
      },
    },
    async (request) =>
      anomaliesView(
        request.query.year,
        await reviewAnomalies(ctx, { tenant: request.tenant, year: request.query.year }),
      ),
  );

  app.get(
    '/v1/review/candidates',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor'),
      schema: {
        tags,
        summary: 'Sub-activities ranked as candidates to cut, with score, components and reasons (Indonesian)',
        querystring: YearQuery,
        security: bearer,
      },
    },
    async (request) => {
      const { weights, candidates } = await reviewCandidates(ctx, { tenant: request.tenant, year: request.query.year });
      return {
        year: request.query.year,
        weights,
        candidates: candidates.map((c, i) => ({
          rank: i + 1,
          unit: c.unit,
          subActivity: c.code,
          subActivityId: c.subActivityId,
          name: c.name,
          status: c.status,
          total: c.total.toString(),
          score: c.score,
          scoreText: scoreText(c.score),
          components: c.components,
          reasons: c.reasons,
          costPerOutput: costPerOutputView(c),
          citizens: citizensView(c.citizens),
          decision: c.decision ? decisionView(c.decision) : null,
        })),
      };
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/sub-activities/:code/decision',
    {
      preHandler: requireRoles('tapd'),
      schema: {
        tags,
        summary: 'TAPD cuts (with a reason) or keeps a candidate sub-activity while it reviews the submitted budget',
        description:
          'A cut zeroes every line of the sub-activity (kept with total 0, as an APBD-P cut), is appended to the audit chain line by line and announced as line-item.cut per line. A cut is final.',
        params: SubActivityParams,
        body: DecisionBody,
        security: bearer,
      },
    },
    async (request) => {
      findUnitOrThrow(ctx.region(request.tenant), request.params.unit);
      const row = await decideCandidate(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
        unit: request.params.unit,
        code: request.params.code,
        decision: request.body.decision,
        reason: request.body.reason,
      });
      return { unit: row.unit, subActivity: request.params.code, ...decisionView(row) };
    },
  );

  app.get(
    '/v1/public/budgets/:year/savings',
    {
      schema: {
        tags: ['public'],
        summary: 'What the review cut: per unit and reason, N activities removed, Rp X saved (JSON or CSV)',
        description:
          'The CSV is the second resource of the Fiscal Data Package (datapackage.json beside it): columns fiscal_year, unit, unit_name, reason, activities, lines, saved (whole rupiah), currency.',
        params: YearParams,
        querystring: PublicQuery,
      },
    },
    async (request, reply) => {
      const rows = await savingsReport(ctx, { tenant: request.tenant, year: request.params.year });
      const names = new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name]));
      const report = savingsReportView(request.params.year, rows, names);
      if (request.query.format !== 'csv') return report;
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header(
          'content-disposition',
          `attachment; filename="penghematan-${request.tenant}-${request.params.year}.csv"`,
        )
        .send(csvLine(SAVINGS_FIELDS.map((f) => f.name)) + savingsCsvRows(report).map(csvLine).join(''));
    },
  );
}
