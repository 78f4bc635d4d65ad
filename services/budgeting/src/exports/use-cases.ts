/**
 * The export of a year in the import's shape (`SIPD_COLUMNS`), streamed: a cursor is read a page
 * at a time and each page written to the response as the client takes it (backpressure), so export
 * then import round-trips a year without either side holding it.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { Ctx } from '../context.js';
import { SIPD_COLUMNS, coefficientText } from '../imports/columns.js';
import { csvLine } from '../public/csv.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { accountNames, fetchExportPage, openExportCursor, subActivitiesOfYear, type ExportRow } from './repository.js';

const PAGE_ROWS = 2000;

/** One line item as the import reads it; murni values equal the current ones (a draft has no revision). */
export function exportCells(
  r: ExportRow,
  sub: { code: string; pagu: bigint },
  accountName: string | undefined,
): string[] {
  const factors = [0, 1, 2, 3].flatMap((i) => [r.factors[i]?.quantity ?? '', r.factors[i]?.unit ?? '']);
  const pagu = sub.pagu.toString();
  const price = r.unit_price.toString();
  const total = r.total.toString();
  return [
    r.unit,
    sub.code,
    pagu,
    pagu,
    r.account,
    accountName ?? '',
    r.catalogue_item,
    r.component_name,
    r.specification,
    r.unit_of_measure,
    coefficientText(r.factors),
    ...factors,
    price,
    r.tax_percent,
    total,
    price,
    total,
    r.funding_source,
    r.location,
    r.excess_reason ?? '',
  ];
}

async function write(out: PassThrough, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('the client went away');
  if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

export async function exportYear(ctx: Ctx, input: { tenant: string; year: number }): Promise<Readable> {
  const { version } = await ctx.db.withTenant(input.tenant, (trx) => yearOrThrow(trx, input.year));
  const out = new PassThrough();
  void ctx.db
    .withTenant(input.tenant, async (trx) => {
      const subs = await subActivitiesOfYear(trx, input.year);
      const names = await accountNames(trx, version);
      await openExportCursor(trx, input.year);
      await write(out, csvLine(SIPD_COLUMNS));
      for (;;) {
        const page = await fetchExportPage(trx, PAGE_ROWS);
        if (page.length === 0) break;
        await write(
          out,
          page.map((r) => csvLine(exportCells(r, subs.get(r.sub_activity_id)!, names.get(r.account)))).join(''),
        );
      }
      out.end();
    })
    .catch((err: unknown) => {
      ctx.logger.warn({ err, year: input.year }, 'export stopped');
      out.destroy(err as Error);
    });
  return out;
}
