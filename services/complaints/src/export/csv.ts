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

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An instant as ISO 8601 local time with the zone's offset, e.g. 2024-06-03T09:15:00+07:00. */
export function localIso(instant: Date | null, timeZone: string): string | null {
  if (!instant) return null;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  const offsetMinutes = Math.round((asUtc - whole) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}
