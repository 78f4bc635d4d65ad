/**
 * The SIPD-shaped line-item file, column by column, and the check of one row (pure, no I/O).
 *
 * Column names are those of the wp-sipd mirror of SIPD-RI (`data_rka` rows and their sub-activity,
 * `data_sub_keg_bl`): one row per line item (rincian belanja), each row repeating its unit and
 * sub-activity with the sub-activity's ceiling. `alasan_harga` is Sinergi's own column (the written
 * reason for exceeding a Perpres 33/2020 Annex II estimate; SIPD has none). The README maps each
 * column to the line item's field.
 */
import { checkUnitPrice, accountAllowed, type PricedItem } from '../reference/prices.js';
import { checkLineItemAccount } from '../reference/codes.js';
import { FACTOR_PLACES, formatScaled, lineAmounts, parseFactor, parseTaxPercent } from '../drafting/arithmetic.js';
import type { StoredFactor } from '../db/schema.js';

/** Every column an export writes, in this order; an import reads the same file back. */
export const SIPD_COLUMNS = [
  'kode_skpd',
  'kode_sub_giat',
  'pagu',
  'pagumurni',
  'kode_akun',
  'nama_akun',
  'kode_standar_harga',
  'nama_komponen',
  'spek_komponen',
  'satuan',
  'koefisien',
  'volum1',
  'sat1',
  'volum2',
  'sat2',
  'volum3',
  'sat3',
  'volum4',
  'sat4',
  'harga_satuan',
  'pajak',
  'total_harga',
  'harga_satuan_murni',
  'total_harga_murni',
  'sumber_dana',
  'lokasi',
  'alasan_harga',
] as const;
export type SipdColumn = (typeof SIPD_COLUMNS)[number];

/** Without these an import refuses the file at its header; the others may be absent (read as empty). */
export const REQUIRED_COLUMNS: readonly SipdColumn[] = [
  'kode_skpd',
  'kode_sub_giat',
  'pagu',
  'kode_akun',
  'kode_standar_harga',
  'volum1',
  'sat1',
  'harga_satuan',
  'pajak',
  'total_harga',
  'sumber_dana',
  'lokasi',
];

export type RowCells = Readonly<Record<SipdColumn, string>>;

export interface CatalogueEntry extends PricedItem {
  name: string;
  specification: string;
  unitOfMeasure: string;
}

/** The year's reference data an import checks every row against. */
export interface ImportReference {
  /** Sub-kegiatan codes of the year's nomenclature version. */
  subActivityCodes: ReadonlySet<string>;
  /** Account codes of the year's version. */
  accounts: ReadonlySet<string>;
  catalogue: ReadonlyMap<string, CatalogueEntry>;
}

/** One refusal: the file's row (the header is row 1), the column, a stable code and why. */
export interface RowProblem {
  row: number;
  column: SipdColumn | 'header' | 'file';
  code: string;
  message: string;
}

export interface ParsedRow {
  unit: string;
  subActivity: string;
  subActivityPagu: bigint;
  account: string;
  item: CatalogueEntry;
  specification: string;
  factors: StoredFactor[];
  volume: string;
  unitPrice: bigint;
  taxPercent: string;
  amount: bigint;
  tax: bigint;
  total: bigint;
  fundingSource: string;
  location: string;
  excessReason: string | null;
}

const TEXT_MAX = 500;
/** SIPD shows money with two decimals; only whole rupiah are budgeted (".00" is accepted). */
const RUPIAH = /^(0|[1-9]\d{0,17})(?:\.0{1,2})?$/;
const UNIT_CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;
const FORMULA_GUARD = /^'[=+\-@\t\r]/;
const LINE_TOTAL_MAX = 9_000_000_000_000_000n;

/** Undoes the export's spreadsheet guard (a leading apostrophe before = + - @), so a round trip keeps the text. */
export const cellText = (v: string | undefined) => {
  const t = (v ?? '').trim();
  return FORMULA_GUARD.test(t) ? t.slice(1) : t;
};

export function parseRupiahCell(v: string): bigint | undefined {
  const m = RUPIAH.exec(v);
  return m ? BigInt(m[1]!) : undefined;
}

/** SIPD's coefficient text, e.g. "20 orang x 3 hari x 2 kali" (written on export, never read). */
export const coefficientText = (factors: readonly StoredFactor[]) =>
  factors.map((f) => `${f.quantity} ${f.unit}`).join(' x ');

type Report = (column: SipdColumn, code: string, message: string) => void;

/** A year has a few hundred accounts and a file repeats them on every row: each is parsed once. */
const accountChecks = new Map<string, string | undefined>();
function accountCheck(code: string): string | undefined {
  if (accountChecks.has(code)) return accountChecks.get(code);
  const problem = checkLineItemAccount(code);
  if (accountChecks.size < 50_000) accountChecks.set(code, problem);
  return problem;
}

function readFactors(cells: RowCells, report: Report): { factors: StoredFactor[]; scaled: bigint[]; ok: boolean } {
  const factors: StoredFactor[] = [];
  const scaled: bigint[] = [];
  let ended = false;
  let ok = true;
  const fail: Report = (column, code, message) => {
    ok = false;
    report(column, code, message);
  };
  for (const n of [1, 2, 3, 4] as const) {
    const volumeColumn = `volum${n}` as const;
    const unitColumn = `sat${n}` as const;
    const quantity = cellText(cells[volumeColumn]);
    const unit = cellText(cells[unitColumn]);
    if (quantity === '' && unit === '' && n > 1) {
      ended = true;
      continue;
    }
    if (ended) {
      fail(volumeColumn, 'invalid_quantity', `volum${n - 1} is empty: factors are filled from volum1 without gaps`);
      continue;
    }
    const value = parseFactor(quantity);
    if (value === undefined)
      fail(volumeColumn, 'invalid_quantity', 'must be a positive decimal with at most four places, e.g. 20 or 1.5');
    if (unit === '' || unit.length > 100) fail(unitColumn, 'invalid_quantity', 'must name the unit, e.g. orang');
    if (value !== undefined) {
      scaled.push(value);
      factors.push({ quantity: formatScaled(value, FACTOR_PLACES), unit });
    }
  }
  return { factors, scaled, ok };
}

function requiredText(cells: RowCells, column: SipdColumn, report: Report, required = true): string {
  const value = cellText(cells[column]);
  if (required && value === '') report(column, 'value_required', 'must not be empty');
  else if (value.includes('\u0000') || value.includes('\uFFFD'))
    report(column, 'invalid_text', 'holds a NUL or a byte that is not UTF-8: save the file as UTF-8');
  else if (value.length > TEXT_MAX) report(column, 'text_too_long', `must be at most ${TEXT_MAX} characters`);
  return value;
}

function checkMurni(cells: RowCells, column: SipdColumn, current: bigint | undefined, report: Report) {
  const text = cellText(cells[column]);
  if (text === '' || current === undefined) return;
  if (parseRupiahCell(text) !== current)
    report(
      column,
      'murni_mismatch',
      `must be empty or equal the current value ${current}: an import loads drafts, where the original (murni) value is the value itself`,
    );
}

/** One row against the year's reference data: every problem of the row, or the line it describes. */
export function parseRow(
  row: number,
  cells: RowCells,
  ref: ImportReference,
): { ok: true; line: ParsedRow } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const report: Report = (column, code, message) => problems.push({ row, column, code, message });

  const unit = cellText(cells.kode_skpd);
  if (!UNIT_CODE.test(unit)) report('kode_skpd', 'unknown_unit', "must be a unit code of the region's directory");
  const subActivity = cellText(cells.kode_sub_giat);
  if (!ref.subActivityCodes.has(subActivity))
    report('kode_sub_giat', 'unknown_code', "is not a sub-kegiatan of the year's nomenclature version");
  const subActivityPagu = parseRupiahCell(cellText(cells.pagu));
  if (subActivityPagu === undefined) report('pagu', 'invalid_amount', 'must be whole rupiah, e.g. 500000000');
  checkMurni(cells, 'pagumurni', subActivityPagu, report);

  const account = cellText(cells.kode_akun);
  const accountProblem = accountCheck(account);
  if (accountProblem) report('kode_akun', 'unknown_code', accountProblem);
  else if (!ref.accounts.has(account)) report('kode_akun', 'unknown_code', "is not an account of the year's version");
  const item = ref.catalogue.get(cellText(cells.kode_standar_harga));
  if (!item) report('kode_standar_harga', 'unknown_code', "is not an item of the year's catalogues");
  else if (!accountProblem && ref.accounts.has(account) && !accountAllowed(item, account))
    report('kode_akun', 'account_not_allowed', `${item.code} may be budgeted only under ${item.accounts.join(', ')}`);

  const { factors, scaled, ok: factorsOk } = readFactors(cells, report);
  const taxPercent = cellText(cells.pajak);
  const tax = parseTaxPercent(taxPercent);
  if (tax === undefined) report('pajak', 'invalid_quantity', 'must be a percentage 0 to 100 with at most two places');
  const unitPrice = parseRupiahCell(cellText(cells.harga_satuan));
  if (unitPrice === undefined) report('harga_satuan', 'invalid_amount', 'must be whole rupiah, e.g. 185000');
  const excessReason = requiredText(cells, 'alasan_harga', report, false);
  let exceeds = false;
  if (item && unitPrice !== undefined) {
    const verdict = checkUnitPrice(item, unitPrice, excessReason || undefined);
    if (!verdict.ok)
      report(verdict.code === 'price_above_ceiling' ? 'harga_satuan' : 'alasan_harga', verdict.code, verdict.message);
    else exceeds = verdict.exceeds;
  }
  checkMurni(cells, 'harga_satuan_murni', unitPrice, report);

  const stated = parseRupiahCell(cellText(cells.total_harga));
  if (stated === undefined) report('total_harga', 'invalid_amount', 'must be whole rupiah');
  let amounts: ReturnType<typeof lineAmounts> | undefined;
  if (factorsOk && unitPrice !== undefined && tax !== undefined) {
    amounts = lineAmounts(scaled, unitPrice, tax);
    if (amounts.total > LINE_TOTAL_MAX) report('total_harga', 'invalid_amount', 'the line total is out of range');
    else if (stated !== undefined && stated !== amounts.total)
      report(
        'total_harga',
        'total_mismatch',
        `is ${stated}; volume ${amounts.volume} x ${unitPrice} with ${taxPercent}% tax is ${amounts.total} (rounded once, half-up, to whole rupiah)`,
      );
  }
  checkMurni(cells, 'total_harga_murni', stated, report);

  const specification = requiredText(cells, 'spek_komponen', report, false);
  const fundingSource = requiredText(cells, 'sumber_dana', report);
  const location = requiredText(cells, 'lokasi', report);
  if (problems.length > 0 || !item || !amounts) return { ok: false, problems };
  return {
    ok: true,
    line: {
      unit,
      subActivity,
      subActivityPagu: subActivityPagu!,
      account,
      item,
      specification: specification || item.specification,
      factors,
      volume: amounts.volume,
      unitPrice: unitPrice!,
      taxPercent,
      amount: amounts.amount,
      tax: amounts.tax,
      total: amounts.total,
      fundingSource,
      location,
      excessReason: exceeds ? excessReason : null,
    },
  };
}
