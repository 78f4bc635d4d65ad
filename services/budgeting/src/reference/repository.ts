import { sql } from 'kysely';
import type { CatalogueItemTable, NomenclatureLevel, Trx } from '../db/schema.js';

export const findVersion = (trx: Trx, version: string) =>
  trx.selectFrom('reference_version').selectAll().where('version', '=', version).executeTakeFirst();

export const ensureVersion = (trx: Trx, row: { tenant: string; version: string; description: string | null }) =>
  trx
    .insertInto('reference_version')
    .values({ tenant_id: row.tenant, version: row.version, description: row.description })
    .onConflict((oc) => oc.columns(['tenant_id', 'version']).doNothing())
    .execute();

export const yearsUsingVersion = async (trx: Trx, version: string) =>
  (await trx.selectFrom('fiscal_year').select('year').where('version', '=', version).execute()).map((r) => r.year);

export interface NomenclatureRow {
  code: string;
  level: NomenclatureLevel;
  name: string;
  output: string | null;
  indicator: string | null;
  unitOfMeasure: string | null;
}

const CHUNK = 1000;

export async function replaceNomenclature(
  trx: Trx,
  tenant: string,
  version: string,
  rows: NomenclatureRow[],
): Promise<void> {
  await trx.deleteFrom('nomenclature').where('version', '=', version).execute();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('nomenclature')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          tenant_id: tenant,
          version,
          code: r.code,
          level: r.level,
          name: r.name,
          output: r.output,
          indicator: r.indicator,
          unit_of_measure: r.unitOfMeasure,
        })),
      )
      .execute();
  }
}

export async function replaceAccounts(
  trx: Trx,
  tenant: string,
  version: string,
  rows: Array<{ code: string; name: string }>,
): Promise<void> {
  await trx.deleteFrom('account').where('version', '=', version).execute();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('account')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ tenant_id: tenant, version, code: r.code, name: r.name })))
      .execute();
  }
}

export const findNomenclature = (trx: Trx, version: string, code: string) =>
  trx.selectFrom('nomenclature').selectAll().where('version', '=', version).where('code', '=', code).executeTakeFirst();

export const accountCodes = async (trx: Trx, version: string, codes: readonly string[]) =>
  codes.length === 0
    ? new Set<string>()
    : new Set(
        (
          await trx
            .selectFrom('account')
            .select('code')
            .where('version', '=', version)
            .where('code', 'in', [...codes])
            .execute()
        ).map((r) => r.code),
      );

export const findYear = (trx: Trx, year: number) =>
  trx.selectFrom('fiscal_year').selectAll().where('year', '=', year).executeTakeFirst();

export const insertYear = (trx: Trx, row: { tenant: string; year: number; version: string }) =>
  trx.insertInto('fiscal_year').values({ tenant_id: row.tenant, year: row.year, version: row.version }).execute();

export type CatalogueItemValues = Omit<CatalogueItemTable, 'tenant_id' | 'year' | 'updated_at' | 'accounts'> & {
  accounts: string[];
};

export const findCatalogueItem = (trx: Trx, year: number, code: string) =>
  trx.selectFrom('catalogue_item').selectAll().where('year', '=', year).where('code', '=', code).executeTakeFirst();

export async function upsertCatalogueItems(
  trx: Trx,
  tenant: string,
  year: number,
  items: CatalogueItemValues[],
): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) {
    await trx
      .insertInto('catalogue_item')
      .values(
        items
          .slice(i, i + CHUNK)
          .map((it) => ({ ...it, tenant_id: tenant, year, accounts: JSON.stringify(it.accounts) })),
      )
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'year', 'code']).doUpdateSet((eb) => ({
          catalogue: eb.ref('excluded.catalogue'),
          name: eb.ref('excluded.name'),
          specification: eb.ref('excluded.specification'),
          unit_of_measure: eb.ref('excluded.unit_of_measure'),
          max_unit_price: eb.ref('excluded.max_unit_price'),
          accounts: eb.ref('excluded.accounts'),
          annex: eb.ref('excluded.annex'),
          source: eb.ref('excluded.source'),
          updated_at: sql<Date>`now()`,
        })),
      )
      .execute();
  }
}

export const listCatalogue = (trx: Trx, year: number, opts: { after?: string; limit: number }) => {
  let q = trx.selectFrom('catalogue_item').selectAll().where('year', '=', year).orderBy('code').limit(opts.limit);
  if (opts.after) q = q.where('code', '>', opts.after);
  return q.execute();
};
