/**
 * `POST /v1/imports?year=` (admin, TAPD) and `GET /v1/exports/{year}` (admin, TAPD, auditor).
 * The import's body is never buffered: inside this plugin `text/csv` is parsed by handing the
 * request stream itself to the use case (the reference imports elsewhere keep their buffered parser).
 */
import type { Readable } from 'node:stream';
import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { exportYear } from '../exports/use-cases.js';
import { Year, YearParams } from '../schemas.js';
import { REQUIRED_COLUMNS, SIPD_COLUMNS } from './columns.js';
import { importYear } from './use-cases.js';

const bearer = [{ bearerAuth: [] }];

/**
 * The upload, holding the request stream in a private field: the kit's NUL guard walks a body's own
 * enumerable fields, and a stream's internals are none of its business.
 */
class CsvUpload {
  readonly #stream: Readable;
  constructor(stream: Readable) {
    this.#stream = stream;
  }
  get stream() {
    return this.#stream;
  }
}

const ImportQuery = z.object({
  year: Year,
  replace: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: replace the draft lines of the units the file names; false: refuse a unit that has lines'),
});

export function importRoutes(app: App, ctx: Ctx): void {
  void app.register(async (scoped: App) => {
    scoped.removeContentTypeParser('text/csv');
    scoped.addContentTypeParser('text/csv', (_request, payload, done) => done(null, new CsvUpload(payload)));

    scoped.post(
      '/v1/imports',
      {
        preHandler: requireRoles('admin', 'tapd'),
        schema: {
          tags: ['imports'],
          summary: "Import a year's line items from a SIPD-shaped CSV (streamed; all or nothing)",
          description: `Body: text/csv (UTF-8, header row first), at most IMPORT_MAX_BYTES. Columns (SIPD's names): ${SIPD_COLUMNS.join(', ')}; required: ${REQUIRED_COLUMNS.join(', ')}; other columns are ignored and listed in ignoredColumns. Only units in drafting or returned; a unit with lines only with replace=true. Any bad row refuses the file with 422 import_rejected (row, column, code and why for the first 100 problems, with counts); nothing is applied.`,
          querystring: ImportQuery,
          security: bearer,
        },
      },
      async (request) => {
        if (!(request.body instanceof CsvUpload))
          throw kitProblems.unsupported_media_type('Send the file as text/csv.');
        const result = await importYear(ctx, {
          caller: budgetCaller(requirePrincipal(request), request.tenant),
          year: request.query.year,
          replace: request.query.replace,
          body: request.body.stream,
          maxBytes: ctx.config.IMPORT_MAX_BYTES,
        });
        return {
          ...result,
          total: result.total.toString(),
          perUnit: result.perUnit.map((u) => ({ ...u, total: u.total.toString() })),
        };
      },
    );
  });

  app.get(
    '/v1/exports/:year',
    {
      preHandler: requireRoles('admin', 'tapd', 'auditor'),
      schema: {
        tags: ['imports'],
        summary: "The year's line items as CSV in the import's shape (streamed from a cursor)",
        params: YearParams,
        security: bearer,
      },
    },
    async (request, reply) => {
      const stream = await exportYear(ctx, { tenant: request.tenant, year: request.params.year });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="anggaran-${request.params.year}.csv"`)
        .send(stream);
    },
  );
}
