/**
 * Row validation of the reference imports, pure: each function takes the parsed records and
 * returns the rows to store or every problem found (code syntax, hierarchy, level digit, prices).
 */
import { parseRupiah } from '@sinergi/contracts';
import type { CsvRecord, CsvRowError } from './csv.js';
import { checkGovernmentLevel, parseAccountCode, parseNomenclatureCode, type GovernmentLevel } from './codes.js';
import type { NomenclatureRow } from './repository.js';
import { CATALOGUES, PERPRES_ANNEXES, type Catalogue, type PerpresAnnex } from './prices.js';

export type Validated<T> = { rows: T[]; errors: CsvRowError[] };

export const NOMENCLATURE_COLUMNS = ['code', 'name', 'output', 'indicator', 'unit_of_measure'] as const;
export const ACCOUNT_COLUMNS = ['code', 'name'] as const;
export const CATALOGUE_COLUMNS = [
  'code',
  'catalogue',
  'name',
  'specification',
  'unit_of_measure',
  'max_unit_price',
  'accounts',
  'annex',
  'source',
] as const;

const TEXT_MAX = 500;
const text = (v: string | undefined) => (v ?? '').trim();
const orNull = (v: string | undefined) => (text(v) === '' ? null : text(v));

type Report = (column: string, message: string) => void;
const reporter =
  (errors: CsvRowError[], line: number): Report =>
  (column, message) =>
    errors.push({ line, column, message });

function checkText(report: Report, column: string, value: string, required = true) {
  if (required && value === '') report(column, 'must not be empty');
  if (value.length > TEXT_MAX) report(column, `must be at most ${TEXT_MAX} characters`);
}

function checkDuplicatesAndParents(
  records: CsvRecord[],
  parentOf: (code: string) => string | undefined,
  errors: CsvRowError[],
) {
  const lineOf = new Map<string, number>();
  for (const { line, record } of records) {
    const first = lineOf.get(record.code!);
    if (first !== undefined)
      errors.push({ line, column: 'code', message: `code ${record.code} is already on line ${first}` });
    else lineOf.set(record.code!, line);
  }
  for (const { line, record } of records) {
    const parent = parentOf(record.code!);
    if (parent !== undefined && !lineOf.has(parent))
      errors.push({ line, column: 'code', message: `its parent ${parent} is not in the file` });
  }
}

/** Nomenclature rows; a kegiatan of the other level of government is refused, since the version is this region's own. */
export function validateNomenclature(records: CsvRecord[], region: GovernmentLevel): Validated<NomenclatureRow> {
  const errors: CsvRowError[] = [];
  const rows: NomenclatureRow[] = [];
  const valid: CsvRecord[] = [];
  const parents = new Map<string, string | undefined>();
  for (const r of records) {
    const { line, record } = r;
    const parsed = parseNomenclatureCode(text(record.code));
    if (!parsed.ok) {
      errors.push({ line, column: 'code', message: parsed.message });
      continue;
    }
    const levelProblem = checkGovernmentLevel(parsed.value, region);
    if (levelProblem) errors.push({ line, column: 'code', message: levelProblem });
    const row: NomenclatureRow = {
      code: parsed.value.code,
      level: parsed.value.level,
      name: text(record.name),
      output: orNull(record.output),
      indicator: orNull(record.indicator),
      unitOfMeasure: orNull(record.unit_of_measure),
    };
    checkText(reporter(errors, line), 'name', row.name);
    for (const [column, value] of [
      ['output', row.output],
      ['indicator', row.indicator],
      ['unit_of_measure', row.unitOfMeasure],
    ] as const) {
      if (row.level === 'sub_kegiatan') checkText(reporter(errors, line), column, value ?? '');
      else if (value !== null)
        errors.push({ line, column, message: 'only a sub-kegiatan carries an output, indicator and unit of measure' });
    }
    parents.set(row.code, parsed.value.parent);
    valid.push({ line, record: { ...record, code: row.code } });
    rows.push(row);
  }
  checkDuplicatesAndParents(valid, (code) => parents.get(code), errors);
  return { rows, errors };
}

export function validateAccounts(records: CsvRecord[]): Validated<{ code: string; name: string }> {
  const errors: CsvRowError[] = [];
  const rows: Array<{ code: string; name: string }> = [];
  const valid: CsvRecord[] = [];
  const parents = new Map<string, string | undefined>();
  for (const { line, record } of records) {
    const parsed = parseAccountCode(text(record.code));
    if (!parsed.ok) {
      errors.push({ line, column: 'code', message: parsed.message });
      continue;
    }
    const name = text(record.name);
    checkText(reporter(errors, line), 'name', name);
    parents.set(parsed.value.code, parsed.value.parent);
    valid.push({ line, record: { ...record, code: parsed.value.code } });
    rows.push({ code: parsed.value.code, name });
  }
  checkDuplicatesAndParents(valid, (code) => parents.get(code), errors);
  return { rows, errors };
}

export interface CatalogueRow {
  code: string;
  catalogue: Catalogue;
  name: string;
  specification: string;
  unit_of_measure: string;
  max_unit_price: bigint;
  accounts: string[];
  annex: PerpresAnnex | null;
  source: string;
}

const ITEM_CODE = /^[0-9A-Za-z][0-9A-Za-z.\-_]{0,59}$/;

/**
 * Catalogue rows; `accounts` is a `;`-separated list of sixth-level spending accounts, each checked
 * against the year's account version by `knownAccounts`.
 */
export function validateCatalogue(records: CsvRecord[], knownAccounts: ReadonlySet<string>): Validated<CatalogueRow> {
  const errors: CsvRowError[] = [];
  const rows: CatalogueRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, record } of records) {
    const before = errors.length;
    const report = (column: string, message: string) => errors.push({ line, column, message });
    const code = text(record.code);
    if (!ITEM_CODE.test(code)) report('code', 'must be 1-60 letters, digits, ".", "-" or "_"');
    else if (seen.has(code)) report('code', `code ${code} is already on line ${seen.get(code)}`);
    else seen.set(code, line);
    const catalogue = text(record.catalogue) as Catalogue;
    if (!CATALOGUES.includes(catalogue)) report('catalogue', `must be one of ${CATALOGUES.join(', ')}`);
    const annex = orNull(record.annex) as PerpresAnnex | null;
    if (annex !== null && !PERPRES_ANNEXES.includes(annex))
      report('annex', 'must be I, II or empty (a Perpres 33/2020 annex)');
    let price = 0n;
    try {
      price = parseRupiah(text(record.max_unit_price));
    } catch (err) {
      report('max_unit_price', (err as Error).message);
    }
    const accounts = text(record.accounts)
      .split(';')
      .map((a) => a.trim())
      .filter(Boolean);
    if (accounts.length === 0) report('accounts', 'must list at least one account, separated by ";"');
    for (const a of accounts)
      if (!knownAccounts.has(a))
        report('accounts', `${a.slice(0, 40)} is not a sixth-level spending account of the year's version`);
    const row = {
      code,
      catalogue,
      name: text(record.name),
      specification: text(record.specification),
      unit_of_measure: text(record.unit_of_measure),
      max_unit_price: price,
      accounts,
      annex,
      source: text(record.source),
    };
    checkText(reporter(errors, line), 'name', row.name);
    checkText(reporter(errors, line), 'specification', row.specification, false);
    checkText(reporter(errors, line), 'unit_of_measure', row.unit_of_measure);
    checkText(reporter(errors, line), 'source', row.source);
    if (errors.length === before) rows.push(row);
  }
  return { rows, errors };
}
