/** Open data: the approved budget of a year, anonymous, as JSON or CSV. The tenant comes from ?tenant=, the Host or DEFAULT_TENANT. */
import type { App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { PublicQuery, YearParams } from '../schemas.js';
import { csvLine } from './csv.js';
import { fdpRoutes } from './datapackage-routes.js';
import { publishedBudget, type PublicLine } from './use-cases.js';
import { publicBudgetView } from './views.js';

export const PUBLIC_CSV_COLUMNS = [
  'unit',
  'status',
  'sub_activity',
  'sub_activity_name',
  'account',
  'account_name',
  'component',
  'specification',
  'volume',
  'unit_of_measure',
  'unit_price',
  'tax_percent',
  'total',
  'currency',
  'funding_source',
  'location',
] as const;

const row = (l: PublicLine) => [
  l.unit,
  l.status,
  l.subActivity,
  l.subActivityName,
  l.account,
  l.accountName,
  l.component,
  l.specification,
  l.volume,
  l.unitOfMeasure,
  l.unitPrice.toString(),
  l.taxPercent,
  l.total.toString(),
  'IDR',
  l.fundingSource,
  l.location,
];

/** murni (original), revised (after shifts and the APBD-P; murni until revisions exist) and realized, side by side. */
const Phases = { murni: z.string(), revised: z.string(), realized: z.string() };

/** The JSON answer; documented here, not enforced by a response schema, since the same route answers CSV too. */
export const PublicBudget = z.object({
  year: z.number(),
  version: z.string().nullable(),
  currency: z.literal('IDR'),
  total: z.string(),
  units: z.array(z.object({ unit: z.string(), name: z.string(), total: z.string() })),
  summaries: z.object({
    units: z.array(z.object({ unit: z.string(), name: z.string(), ...Phases })),
    functions: z.array(
      z.object({ bidang: z.string(), name: z.string(), urusan: z.string(), urusanName: z.string(), ...Phases }),
    ),
  }),
  lines: z.array(
    z.object({
      id: z.string(),
      ...Phases,
      unit: z.string(),
      status: z.string(),
      subActivity: z.string(),
      subActivityName: z.string(),
      account: z.string(),
      accountName: z.string(),
      component: z.string(),
      specification: z.string(),
      volume: z.string(),
      unitOfMeasure: z.string(),
      unitPrice: z.string(),
      taxPercent: z.string(),
      total: z.string(),
      fundingSource: z.string(),
      location: z.string(),
    }),
  ),
});

export function publicRoutes(app: App, ctx: Ctx): void {
  fdpRoutes(app, ctx);
  app.get(
    '/v1/public/budgets/:year',
    {
      schema: {
        tags: ['public'],
        summary: 'The approved budget of a year (open data), as JSON or CSV',
        description: `A total per unit, summaries per unit and per function (urusan/bidang) with murni, revised and realized side by side, and every line. Only units whose budget TAPD approved, the region approved or whose DPA is locked; drafts and budgets under review never appear. Amounts are whole rupiah (IDR) as strings. format=csv gives RFC 4180 CSV with the columns ${PUBLIC_CSV_COLUMNS.join(', ')}.`,
        params: YearParams,
        querystring: PublicQuery,
      },
    },
    async (request, reply) => {
      const { version, lines, names } = await publishedBudget(ctx, {
        tenant: request.tenant,
        year: request.params.year,
      });
      if (request.query.format === 'csv') {
        const body = csvLine(PUBLIC_CSV_COLUMNS) + lines.map((l) => csvLine(row(l))).join('');
        return reply
          .type('text/csv; charset=utf-8; header=present')
          .header('content-disposition', `attachment; filename="apbd-${request.tenant}-${request.params.year}.csv"`)
          .send(body);
      }
      return publicBudgetView({
        year: request.params.year,
        version,
        lines,
        names,
        unitNames: new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name])),
      });
    },
  );
}
