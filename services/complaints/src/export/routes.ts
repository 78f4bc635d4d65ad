/**
 * CSV export for auditors: every report submitted in a period, one row each, streamed in
 * keyset-paged batches (each its own short tenant transaction), so memory stays flat however
 * long the file. At most EXPORT_MAX_ROWS rows: a larger period is refused up front with a 422
 * asking for a shorter one, rather than a file that silently stops. Rahasia reports are left out
 * and no reporter column is ever read.
 */
import { Readable } from 'node:stream';
import { requireRoles, type App } from '@sinergi/service-kit';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Trx } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { periodProblem } from '../public/filters.js';
import { resolvePeriod, type Period } from '../statistics/period.js';
import { EXPORT_SELECT, exportColumns, type ExportRow } from './columns.js';
import { BOM, csvLine, type Delimiter } from './csv.js';

export const EXPORT_MAX_ROWS = 100_000;
const BATCH = 2000;

const ExportQuery = z.object({
  from: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional().describe('First day of submission (the region’s local date), inclusive; default: 29 days before `to`'),
  to: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional().describe('Last day of submission, inclusive; default: today in the region, or 29 days after `from` when that is earlier'),
  delimiter: z.enum(['comma', 'semicolon']).default('comma').describe('comma (RFC 4180) or semicolon (Excel with Indonesian regional settings)'),
});

const inPeriod = (trx: Trx, p: Period) =>
  trx.selectFrom('report as r').where('r.rahasia', '=', false).where('r.submitted_at', '>=', p.start).where('r.submitted_at', '<', p.end);

async function countRows(trx: Trx, p: Period): Promise<number> {
  const r = await inPeriod(trx, p).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

async function batch(trx: Trx, p: Period, after: { at: Date; id: string } | undefined): Promise<ExportRow[]> {
  let q = inPeriod(trx, p).select([...EXPORT_SELECT.map((c) => `r.${c}` as const), sql<number>`(select count(*)::int from report s where s.supporting_id = r.id)`.as('supporters')]);
  if (after) q = q.where(sql<boolean>`(r.submitted_at, r.id) > (${after.at}, ${after.id}::uuid)`);
  return q.orderBy('r.submitted_at').orderBy('r.id').limit(BATCH).execute();
}

export function exportRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/staff/export.csv',
    {
      preHandler: requireRoles('auditor', 'admin'),
      schema: {
        tags: ['staff'],
        summary: 'CSV export of the reports submitted in a period, for auditors',
        description: [
          'RFC 4180 CSV (text/csv, UTF-8 with a byte order mark, CRLF), header row first, one row per report submitted in the period (whole days in the region’s time zone, at most 366, default the last 30).',
          `Times are ISO 8601 in the region’s time zone. within_deadline: true/false once the follow-up deadline is decided, empty otherwise. At most ${EXPORT_MAX_ROWS.toLocaleString('en')} rows; a larger period is refused with 422.`,
          'Confidential (rahasia) reports are not exported; no reporter data (name, phone, e-mail, NIK) is. Cells that a spreadsheet would run as a formula (starting with = + - @) get a leading apostrophe.',
        ].join('\n\n'),
        security: [{ bearerAuth: [] }],
        querystring: ExportQuery,
      },
    },
    async (request, reply) => {
      const tenant = request.tenant;
      const profile = ctx.region(tenant);
      const now = new Date();
      const resolved = resolvePeriod(request.query, profile.timeZone, now);
      if (!resolved.ok) throw periodProblem(resolved);
      const period = resolved.period;
      const rows = await ctx.db.withTenant(tenant, (trx) => countRows(trx, period));
      if (rows > EXPORT_MAX_ROWS) {
        throw P.export_too_large(`The period has ${rows} reports; an export holds at most ${EXPORT_MAX_ROWS}. Export a shorter period.`);
      }
      const delimiter: Delimiter = request.query.delimiter === 'semicolon' ? ';' : ',';
      const columns = exportColumns(profile.timeZone, now);

      async function* lines() {
        yield BOM + csvLine(columns.map((c) => c.header), delimiter);
        let after: { at: Date; id: string } | undefined;
        for (;;) {
          const page = await ctx.db.withTenant(tenant, (trx) => batch(trx, period, after));
          if (page.length === 0) return;
          yield page.map((r) => csvLine(columns.map((c) => c.value(r)), delimiter)).join('');
          if (page.length < BATCH) return;
          const last = page[page.length - 1]!;
          after = { at: last.submitted_at, id: last.id };
        }
      }

      const stream = Readable.from(lines());
      stream.on('error', (err) => request.log.error({ err }, 'CSV export failed while streaming'));
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="laporan-${tenant}-${period.from}-${period.to}.csv"`)
        .header('cache-control', 'no-store')
        .header('x-total-count', String(rows))
        .send(stream);
    },
  );
}
