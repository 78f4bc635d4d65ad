/** Open data: the approved budget of a year, anonymous, as JSON or CSV. The tenant comes from ?tenant=, the Host or DEFAULT_TENANT. */
import type { App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { PublicQuery, YearParams } from '../schemas.js';
import { csvLine } from './csv.js';
import { publishedBudget, type PublicLine } from './use-cases.js';

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

/** The JSON answer; documented here, not enforced by a response schema, since the same route answers CSV too. */
export const PublicBudget = z.object({
  year: z.number(),
  version: z.string().nullable(),
  currency: z.literal('IDR'),
  total: z.string(),
  units: z.array(z.object({ unit: z.string(), name: z.string(), total: z.string() })),
  lines: z.array(
    z.object({
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
  app.get(
    '/v1/public/budgets/:year',
    {
      schema: {
        tags: ['public'],
        summary: 'The approved budget of a year (open data), as JSON or CSV',
        description: `A summary per unit and every line. Only units whose budget TAPD approved, the region approved or whose DPA is locked; drafts and budgets under review never appear. Amounts are whole rupiah (IDR) as strings. format=csv gives RFC 4180 CSV with the columns ${PUBLIC_CSV_COLUMNS.join(', ')}.`,
        params: YearParams,
        querystring: PublicQuery,
      },
    },
    async (request, reply) => {
      const { version, lines } = await publishedBudget(ctx, { tenant: request.tenant, year: request.params.year });
      if (request.query.format === 'csv') {
        const body = csvLine(PUBLIC_CSV_COLUMNS) + lines.map((l) => csvLine(row(l))).join('');
        return reply
          .type('text/csv; charset=utf-8; header=present')
          .header('content-disposition', `attachment; filename="apbd-${request.tenant}-${request.params.year}.csv"`)
          .send(body);
      }
      const total = lines.reduce((s, l) => s + l.total, 0n);
      const perUnit = new Map<string, bigint>();
      for (const l of lines) perUnit.set(l.unit, (perUnit.get(l.unit) ?? 0n) + l.total);
      const names = new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name]));
      return {
        year: request.params.year,
        version,
        currency: 'IDR' as const,
        total: total.toString(),
        units: [...perUnit].map(([unit, sum]) => ({ unit, name: names.get(unit) ?? unit, total: sum.toString() })),
        lines: lines.map((l) => ({ ...l, unitPrice: l.unitPrice.toString(), total: l.total.toString() })),
      };
    },
  );
}
