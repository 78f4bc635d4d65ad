/**
 * CSV export for auditors: every report submitted in a period, one row each, streamed in
 * keyset-paged batches (each its own short tenant transaction), so memory stays flat however
 * long the file. At most EXPORT_MAX_ROWS rows: a larger period is refused up front with a 422
 * asking for a shorter one, rather than a file that silently stops. Rahasia reports are left out
 * and no reporter column is ever read.
 */
import { Readable } from 'node:stream';
import { requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { ExportQuery } from './schemas.js';
import { EXPORT_MAX_ROWS, exportReports } from './use-cases.js';

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
      const { period, rows, lines } = await exportReports(ctx, tenant, request.query);
      const stream = Readable.from(lines);
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
