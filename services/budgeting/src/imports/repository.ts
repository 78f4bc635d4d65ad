/**
 * The SQL of the bulk import and the export. Rows are written a batch at a time as one
 * `INSERT ... SELECT FROM unnest($1::text[], ...)`: a fixed number of parameters (one array per
 * column) whatever the batch size, one statement and one plan for thousands of rows, inside the
 * tenant's row-level-security transaction the kit opens.
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import type { CatalogueEntry, ParsedRow } from './columns.js';

/** A batch of lines, column by column, as the arrays `unnest` takes. */
export class LineBatch {
  readonly cols = {
    unit: [] as string[],
    sub: [] as string[],
    account: [] as string[],
    item: [] as string[],
    name: [] as string[],
    spec: [] as string[],
    uom: [] as string[],
    factors: [] as string[],
    volume: [] as string[],
    price: [] as string[],
    taxPercent: [] as string[],
    amount: [] as string[],
    tax: [] as string[],
    total: [] as string[],
    funding: [] as string[],
    location: [] as string[],
    reason: [] as (string | null)[],
  };
  size = 0;

  add(line: ParsedRow, subActivityId: string): void {
    const c = this.cols;
    c.unit.push(line.unit);
    c.sub.push(subActivityId);
    c.account.push(line.account);
    c.item.push(line.item.code);
    c.name.push(line.item.name);
    c.spec.push(line.specification);
    c.uom.push(line.item.unitOfMeasure);
    c.factors.push(JSON.stringify(line.factors));
    c.volume.push(line.volume);
    c.price.push(line.unitPrice.toString());
    c.taxPercent.push(line.taxPercent);
    c.amount.push(line.amount.toString());
    c.tax.push(line.tax.toString());
    c.total.push(line.total.toString());
    c.funding.push(line.fundingSource);
    c.location.push(line.location);
    c.reason.push(line.excessReason);
    this.size += 1;
  }
}

export async function insertLines(
  trx: Trx,
  where: { tenant: string; year: number; actor: string },
  batch: LineBatch,
): Promise<void> {
  const c = batch.cols;
  await sql`
    insert into line_item (tenant_id, year, created_by, updated_by, unit, sub_activity_id, account, catalogue_item,
      component_name, specification, unit_of_measure, factors, volume, unit_price, tax_percent, amount, tax, total,
      funding_source, location, excess_reason)
    select ${where.tenant}, ${where.year}::int, ${where.actor}, ${where.actor}, u.unit, u.sub, u.account, u.item,
      u.name, u.spec, u.uom, u.factors::jsonb, u.volume, u.price, u.tax_percent, u.amount, u.tax, u.total,
      u.funding, u.location, u.reason
    from unnest(${c.unit}::text[], ${c.sub}::uuid[], ${c.account}::text[], ${c.item}::text[], ${c.name}::text[],
      ${c.spec}::text[], ${c.uom}::text[], ${c.factors}::text[], ${c.volume}::numeric[], ${c.price}::int8[],
      ${c.taxPercent}::numeric[], ${c.amount}::int8[], ${c.tax}::int8[], ${c.total}::int8[], ${c.funding}::text[],
      ${c.location}::text[], ${c.reason}::text[])
      with ordinality as u(unit, sub, account, item, name, spec, uom, factors, volume, price, tax_percent, amount,
        tax, total, funding, location, reason, n)
    order by u.n`.execute(trx);
}

export interface NewSubActivity {
  id: string;
  unit: string;
  code: string;
  pagu: bigint;
}

/** Sub-activities the file names that the unit lacks: no planning source and no indicators yet (the unit adds them before it submits). */
export async function insertSubActivities(
  trx: Trx,
  where: { tenant: string; year: number },
  rows: NewSubActivity[],
): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into sub_activity (id, tenant_id, year, unit, code, pagu, planning_source, indicators)
    select u.id, ${where.tenant}, ${where.year}::int, u.unit, u.code, u.pagu, 'none', '[]'::jsonb
    from unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.unit)}::text[], ${rows.map((r) => r.code)}::text[],
      ${rows.map((r) => r.pagu.toString())}::int8[]) as u(id, unit, code, pagu)`.execute(trx);
}

export const setSubActivityPagu = (trx: Trx, id: string, pagu: bigint) =>
  trx.updateTable('sub_activity').set({ pagu }).where('id', '=', id).execute();

export const countUnitLines = async (trx: Trx, year: number, unit: string) =>
  Number(
    (
      await trx
        .selectFrom('line_item')
        .select(sql<bigint>`count(*)::int8`.as('n'))
        .where('year', '=', year)
        .where('unit', '=', unit)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A replace: the unit's lines and their review notes go; the audit entry of the import records how many. */
export async function deleteUnitLines(trx: Trx, year: number, unit: string): Promise<number> {
  await sql`delete from review_note n using line_item l
    where n.line_item_id = l.id and l.year = ${year} and l.unit = ${unit}`.execute(trx);
  const res = await trx.deleteFrom('line_item').where('year', '=', year).where('unit', '=', unit).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export const subActivityCodes = async (trx: Trx, version: string) =>
  new Set(
    (
      await trx
        .selectFrom('nomenclature')
        .select('code')
        .where('version', '=', version)
        .where('level', '=', 'sub_kegiatan')
        .execute()
    ).map((r) => r.code),
  );

export const versionAccounts = async (trx: Trx, version: string) =>
  new Set((await trx.selectFrom('account').select('code').where('version', '=', version).execute()).map((r) => r.code));

export async function catalogueOfYear(trx: Trx, year: number): Promise<Map<string, CatalogueEntry>> {
  const rows = await trx.selectFrom('catalogue_item').selectAll().where('year', '=', year).execute();
  return new Map(
    rows.map((r) => [
      r.code,
      {
        code: r.code,
        maxUnitPrice: r.max_unit_price,
        annex: r.annex,
        accounts: r.accounts,
        name: r.name,
        specification: r.specification,
        unitOfMeasure: r.unit_of_measure,
      },
    ]),
  );
}
