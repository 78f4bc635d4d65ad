/**
 * The export's SQL: a server-side cursor over the year's line items in the import file's shape,
 * fetched a page at a time inside the tenant's transaction, so neither the database nor the
 * service ever holds the whole year.
 */
import { sql } from 'kysely';
import type { StoredFactor, Trx } from '../db/schema.js';

export interface ExportRow {
  unit: string;
  sub_code: string;
  sub_pagu: bigint;
  account: string;
  account_name: string | null;
  catalogue_item: string;
  component_name: string;
  specification: string;
  unit_of_measure: string;
  factors: StoredFactor[];
  unit_price: bigint;
  tax_percent: string;
  total: bigint;
  funding_source: string;
  location: string;
  excess_reason: string | null;
}

const CURSOR = 'year_export';

/** Opens the cursor: lines by unit, sub-activity code and the order they were imported or drafted. */
export async function openExportCursor(trx: Trx, q: { year: number; version: string }): Promise<void> {
  await sql`
    declare ${sql.raw(CURSOR)} no scroll cursor for
    select l.unit, s.code as sub_code, s.pagu as sub_pagu, l.account, a.name as account_name, l.catalogue_item,
      l.component_name, l.specification, l.unit_of_measure, l.factors, l.unit_price, l.tax_percent::text, l.total,
      l.funding_source, l.location, l.excess_reason
    from line_item l
    join sub_activity s on s.id = l.sub_activity_id
    left join account a on a.version = ${q.version} and a.code = l.account
    where l.year = ${q.year}
    order by l.unit, s.code, l.line_no`.execute(trx);
}

export const fetchExportPage = async (trx: Trx, rows: number) =>
  (await sql<ExportRow>`fetch ${sql.raw(String(Math.trunc(rows)))} from ${sql.raw(CURSOR)}`.execute(trx)).rows;
