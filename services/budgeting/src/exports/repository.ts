/**
 * The export's SQL: a server-side cursor over the year's line items in their stored order, fetched
 * a page at a time inside the tenant's transaction, so neither the database nor the service ever
 * holds the whole year. The cursor reads one table along one index (tenant, year, unit, line_no):
 * no join and no sort, so its plan cannot go wrong on stale statistics; sub-activity codes and
 * account names come from two small maps read first.
 */
import { sql } from 'kysely';
import type { StoredFactor, Trx } from '../db/schema.js';

export interface ExportRow {
  unit: string;
  sub_activity_id: string;
  account: string;
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

/** Opens the cursor: lines by unit, in the order they were imported or drafted. */
export async function openExportCursor(trx: Trx, year: number): Promise<void> {
  await sql`
    declare ${sql.raw(CURSOR)} no scroll cursor for
    select unit, sub_activity_id, account, catalogue_item, component_name, specification, unit_of_measure, factors,
      unit_price, tax_percent::text, total, funding_source, location, excess_reason
    from line_item
    where tenant_id = current_setting('app.tenant', true) and year = ${year}
    order by tenant_id, year, unit, line_no`.execute(trx);
}

export const fetchExportPage = async (trx: Trx, rows: number) =>
  (await sql<ExportRow>`fetch ${sql.raw(String(Math.trunc(rows)))} from ${sql.raw(CURSOR)}`.execute(trx)).rows;

export const subActivitiesOfYear = async (trx: Trx, year: number) =>
  new Map(
    (await trx.selectFrom('sub_activity').select(['id', 'code', 'pagu']).where('year', '=', year).execute()).map(
      (s) => [s.id, s],
    ),
  );

export const accountNames = async (trx: Trx, version: string) =>
  new Map(
    (await trx.selectFrom('account').select(['code', 'name']).where('version', '=', version).execute()).map((a) => [
      a.code,
      a.name,
    ]),
  );
