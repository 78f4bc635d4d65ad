import { kitProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { P } from '../problems.js';
import { checkLineItemAccount, governmentLevelOfRegion } from './codes.js';
import { csvProblem, readCsv } from './csv.js';
import * as repo from './repository.js';
import {
  ACCOUNT_COLUMNS,
  CATALOGUE_COLUMNS,
  NOMENCLATURE_COLUMNS,
  validateAccounts,
  validateCatalogue,
  validateNomenclature,
  type CatalogueRow,
} from './validate.js';
import type { Trx } from '../db/schema.js';

/** Reference data outside any fiscal year (nomenclature and account versions) is audited in chain 0. */
export const REFERENCE_CHAIN = 0;

interface Caller {
  tenant: string;
  actor: string;
}

/** A version already drafted under is frozen: a new decree is loaded as a new version. */
async function assertVersionFree(trx: Trx, version: string) {
  const years = await repo.yearsUsingVersion(trx, version);
  if (years.length) {
    throw P.fiscal_year_exists(
      `Version ${version} is used by fiscal year ${years.join(', ')}; load the new codes as a new version.`,
      {
        errors: [{ in: 'path', field: 'version', message: 'is in use by a fiscal year' }],
      },
    );
  }
}

export async function importNomenclature(ctx: Ctx, input: Caller & { version: string; csv: Buffer }) {
  const { rows, errors } = validateNomenclature(
    await readCsv(input.csv, NOMENCLATURE_COLUMNS),
    governmentLevelOfRegion(ctx.region(input.tenant).code),
  );
  if (errors.length) throw csvProblem(errors);
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await repo.ensureVersion(trx, { tenant: input.tenant, version: input.version, description: null });
    await assertVersionFree(trx, input.version);
    await repo.replaceNomenclature(trx, input.tenant, input.version, rows);
    await appendAudit(trx, {
      tenant: input.tenant,
      year: REFERENCE_CHAIN,
      actor: input.actor,
      action: 'nomenclature.imported',
      entity: 'reference_version',
      entityId: input.version,
      data: { rows: rows.length, codes: rows.map((r) => r.code) },
    });
    return { version: input.version, imported: rows.length };
  });
}

export async function importAccounts(ctx: Ctx, input: Caller & { version: string; csv: Buffer }) {
  const { rows, errors } = validateAccounts(await readCsv(input.csv, ACCOUNT_COLUMNS));
  if (errors.length) throw csvProblem(errors);
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await repo.ensureVersion(trx, { tenant: input.tenant, version: input.version, description: null });
    await assertVersionFree(trx, input.version);
    await repo.replaceAccounts(trx, input.tenant, input.version, rows);
    await appendAudit(trx, {
      tenant: input.tenant,
      year: REFERENCE_CHAIN,
      actor: input.actor,
      action: 'accounts.imported',
      entity: 'reference_version',
      entityId: input.version,
      data: { rows: rows.length, codes: rows.map((r) => r.code) },
    });
    return { version: input.version, imported: rows.length };
  });
}

export async function openYear(ctx: Ctx, input: Caller & { year: number; version: string }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const existing = await repo.findYear(trx, input.year);
    if (existing) {
      if (existing.version === input.version) return { year: existing.year, version: existing.version, created: false };
      throw P.fiscal_year_exists(
        `Fiscal year ${input.year} is drafted under version ${existing.version}; it keeps it.`,
        { extensions: { version: existing.version } },
      );
    }
    if (!(await repo.findVersion(trx, input.version))) {
      throw P.nomenclature_version_not_found(`Load version ${input.version} first.`, {
        errors: [{ in: 'body', field: 'version', message: 'is not a loaded version' }],
      });
    }
    await repo.insertYear(trx, { tenant: input.tenant, year: input.year, version: input.version });
    await appendAudit(trx, {
      tenant: input.tenant,
      year: input.year,
      actor: input.actor,
      action: 'year.opened',
      entity: 'fiscal_year',
      entityId: String(input.year),
      data: { version: input.version },
    });
    return { year: input.year, version: input.version, created: true };
  });
}

export async function yearOrThrow(trx: Trx, year: number) {
  const row = await repo.findYear(trx, year);
  if (!row) throw P.fiscal_year_not_found(`Fiscal year ${year} is not open in this region.`);
  return row;
}

async function spendingAccounts(trx: Trx, version: string, codes: string[]) {
  const known = await repo.accountCodes(
    trx,
    version,
    codes.filter((c) => !checkLineItemAccount(c)),
  );
  return known;
}

const auditItem = (item: CatalogueRow) => ({ ...item, max_unit_price: item.max_unit_price.toString() });

async function storeCatalogue(trx: Trx, input: Caller & { year: number }, items: CatalogueRow[]) {
  await repo.upsertCatalogueItems(trx, input.tenant, input.year, items);
  for (const item of items) {
    await appendAudit(trx, {
      tenant: input.tenant,
      year: input.year,
      actor: input.actor,
      action: 'catalogue_item.saved',
      entity: 'catalogue_item',
      entityId: item.code,
      data: auditItem(item),
    });
  }
}

export async function importCatalogue(ctx: Ctx, input: Caller & { year: number; csv: Buffer }) {
  const records = await readCsv(input.csv, CATALOGUE_COLUMNS);
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const year = await yearOrThrow(trx, input.year);
    const mentioned = [
      ...new Set(
        records.flatMap((r) =>
          (r.record.accounts ?? '')
            .split(';')
            .map((a) => a.trim())
            .filter(Boolean),
        ),
      ),
    ];
    const { rows, errors } = validateCatalogue(records, await spendingAccounts(trx, year.version, mentioned));
    if (errors.length) throw csvProblem(errors);
    await storeCatalogue(trx, input, rows);
    return { year: input.year, imported: rows.length };
  });
}

/** An admin's edit of one item: validated exactly like a CSV row, so the two paths cannot disagree. */
export async function saveCatalogueItem(
  ctx: Ctx,
  input: Caller & { year: number; code: string; item: Record<string, string> },
) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const year = await yearOrThrow(trx, input.year);
    const record: Record<string, string> = { ...input.item, code: input.code };
    const accounts = (record.accounts ?? '')
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
    const { rows, errors } = validateCatalogue(
      [{ line: 1, record }],
      await spendingAccounts(trx, year.version, accounts),
    );
    if (errors.length) {
      throw kitProblems.validation_failed('The catalogue item is not valid.', {
        errors: errors.map((e) => ({ in: e.column === 'code' ? 'path' : 'body', field: e.column, message: e.message })),
      });
    }
    await storeCatalogue(trx, input, rows);
    return rows[0]!;
  });
}

export async function listCatalogue(ctx: Ctx, input: { tenant: string; year: number; after?: string; limit: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return repo.listCatalogue(trx, input.year, input);
  });
}
