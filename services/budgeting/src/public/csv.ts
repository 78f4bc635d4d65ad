/**
 * RFC 4180 CSV out: CRLF, quotes doubled, a cell a spreadsheet would run as a formula (= + - @,
 * tab, carriage return) prefixed with an apostrophe, since line texts come from unit officers.
 */
const FORMULA = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;
