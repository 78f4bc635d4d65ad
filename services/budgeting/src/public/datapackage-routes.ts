/** Open data as a Fiscal Data Package: the descriptor and the CSV resource it points to. Anonymous, published budgets only. */
import type { App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { YearParams } from '../schemas.js';
import { csvLine } from './csv.js';
import { FDP_FIELDS, fdpDescriptor, fdpRows } from './datapackage.js';
import { SAVINGS_FIELDS } from './savings.js';
import { publishedBudget } from './use-cases.js';

const TenantQuery = z.object({
  tenant: z.string().max(20).optional().describe('The region (e.g. 32.73) when the host does not name it'),
});

export function fdpRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/budgets/:year/datapackage.json',
    {
      schema: {
        tags: ['public'],
        summary: 'The approved budget of a year as a Fiscal Data Package (descriptor)',
        description: `A Data Package v2 descriptor with two CSV resources: the lines (lines.csv beside it) and the savings of TAPD's review (savings?format=csv beside it, the columns ${SAVINGS_FIELDS.map((f) => f.name).join(', ')}). The lines, every column typed with a Fiscal Data Package columnType: ${FDP_FIELDS.map((f) => `${f.name} (${f.columnType})`).join(', ')}.`,
        params: YearParams,
        querystring: TenantQuery,
      },
    },
    async (request, reply) => {
      const { tenant } = request.query;
      const descriptor = fdpDescriptor({
        tenant: request.tenant,
        regionName: ctx.region(request.tenant).name,
        year: request.params.year,
        // relative to this descriptor's URL; the region named in the query travels with it
        path: tenant ? `lines.csv?tenant=${encodeURIComponent(tenant)}` : 'lines.csv',
        savingsPath: tenant ? `savings?format=csv&tenant=${encodeURIComponent(tenant)}` : 'savings?format=csv',
      });
      return reply.type('application/json; charset=utf-8').send(descriptor);
    },
  );

  app.get(
    '/v1/public/budgets/:year/lines.csv',
    {
      schema: {
        tags: ['public'],
        summary: "The Fiscal Data Package's resource: every published line once per phase (CSV)",
        description: `RFC 4180 CSV with the columns ${FDP_FIELDS.map((f) => f.name).join(', ')}; phase approved (murni), adjusted (revised) or executed (realized); amount in whole rupiah.`,
        params: YearParams,
        querystring: TenantQuery,
      },
    },
    async (request, reply) => {
      const { year } = request.params;
      const { lines, names } = await publishedBudget(ctx, { tenant: request.tenant, year });
      const unitNames = new Map(ctx.region(request.tenant).units.map((u) => [u.code, u.name]));
      const rows = fdpRows({
        year,
        names,
        lines: lines.map((l) => ({ ...l, unitName: unitNames.get(l.unit) ?? l.unit })),
      });
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="apbd-${request.tenant}-${year}-lines.csv"`)
        .send(csvLine(FDP_FIELDS.map((f) => f.name)) + rows.map(csvLine).join(''));
    },
  );
}
