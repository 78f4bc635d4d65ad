/**
 * The CSV export of a period: checked against EXPORT_MAX_ROWS up front, then streamed in
 * keyset-paged batches, each its own short tenant transaction, so memory stays flat.
 */
import type { z } from 'zod';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { periodOrThrow } from '../public/filters.js';
import { exportColumns } from './columns.js';
import { BOM, csvLine, type Delimiter } from './csv.js';
import { batch, BATCH, countRows } from './repository.js';
import type { ExportQuery } from './schemas.js';

export const EXPORT_MAX_ROWS = 100_000;

export async function exportReports(ctx: Ctx, tenant: string, query: z.output<typeof ExportQuery>) {
  const profile = ctx.region(tenant);
  const now = new Date();
  const period = periodOrThrow(query, profile.timeZone, now);
  const rows = await ctx.db.withTenant(tenant, (trx) => countRows(trx, period));
  if (rows > EXPORT_MAX_ROWS) {
    throw P.export_too_large(
      `The period has ${rows} reports; an export holds at most ${EXPORT_MAX_ROWS}. Export a shorter period.`,
    );
  }
  const delimiter: Delimiter = query.delimiter === 'semicolon' ? ';' : ',';
  const columns = exportColumns(profile.timeZone, now);

  async function* lines() {
    yield (
      BOM +
      csvLine(
        columns.map((c) => c.header),
        delimiter,
      )
    );
    let after: { at: Date; id: string } | undefined;
    for (;;) {
      const page = await ctx.db.withTenant(tenant, (trx) => batch(trx, period, after));
      if (page.length === 0) return;
      yield page
        .map((r) =>
          csvLine(
            columns.map((c) => c.value(r)),
            delimiter,
          ),
        )
        .join('');
      if (page.length < BATCH) return;
      const last = page[page.length - 1]!;
      after = { at: last.submitted_at, id: last.id };
    }
  }
  return { period, rows, lines: lines() };
}
