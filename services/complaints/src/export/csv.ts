/**
 * RFC 4180 CSV, the way auditors' spreadsheets read it: CRLF line ends, fields quoted when they
 * hold the delimiter, a quote or a line break (quotes doubled), UTF-8 with a byte order mark so
 * Excel does not guess a legacy code page. Pure functions.
 *
 * CSV injection (formula injection): a cell a spreadsheet would run as a formula, starting with
 * = + - @ (or a tab or carriage return that hides one), gets a leading apostrophe, as OWASP
 * advises. The apostrophe shows; that is the price of never executing a reporter's text.
 */

export const BOM = '\uFEFF';
export const CRLF = '\r\n';
export type Delimiter = ',' | ';';

const FORMULA_START = /^[=+\-@\t\r]/;

export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | boolean | null | undefined, delimiter: Delimiter = ','): string {
  if (value === null || value === undefined) return '';
  const text = guardFormula(String(value));
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r');
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(
  values: readonly (string | number | boolean | null | undefined)[],
  delimiter: Delimiter = ',',
): string {
  return values.map((v) => csvCell(v, delimiter)).join(delimiter) + CRLF;
}
