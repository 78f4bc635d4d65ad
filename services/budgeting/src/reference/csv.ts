/**
 * Reads an uploaded CSV through csv-parse (a streaming parser: quoted fields, embedded newlines, a
 * BOM, bounded record size), checks the header against the expected columns, and hands each
 * record to `row` with its line number. Every problem is collected, so the caller can refuse the
 * whole file with a report of every bad row: imports are all or nothing.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldError } from '@sinergi/service-kit';
import { P } from '../problems.js';

/** At most this many row problems are reported; the count says how many there were. */
const MAX_REPORTED = 100;
const MAX_RECORD_BYTES = 64 * 1024;

export interface CsvRowError {
  line: number;
  column: string;
  message: string;
}

export interface CsvRecord {
  line: number;
  record: Record<string, string>;
}

/** PostgreSQL text holds neither NUL nor invalid UTF-8: both are refused here, with the line, not at insert time. */
function decodeText(body: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw P.csv_invalid('The file is not valid UTF-8.', {
      errors: [{ in: 'body', field: 'csv', message: 'save the file as UTF-8' }],
    });
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw P.csv_invalid('The file contains a NUL character.', {
      errors: [{ in: 'body', field: `line ${line}`, message: 'contains a NUL character' }],
    });
  }
  return text;
}

export async function readCsv(body: Buffer, columns: readonly string[]): Promise<CsvRecord[]> {
  const rows: CsvRecord[] = [];
  const parser = Readable.from([decodeText(body)]).pipe(
    parse({
      columns: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      const header = Object.keys(record);
      const missing = columns.filter((c) => !header.includes(c));
      const unknown = header.filter((c) => !columns.includes(c));
      if (missing.length || unknown.length) {
        throw P.csv_invalid(`The header must be exactly: ${columns.join(',')}.`, {
          errors: [
            {
              in: 'body',
              field: 'header',
              message: [
                missing.length ? `missing ${missing.join(', ')}` : '',
                unknown.length ? `unknown ${unknown.join(', ')}` : '',
              ]
                .filter(Boolean)
                .join('; '),
            },
          ],
        });
      }
      rows.push({ line: info.lines, record });
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw P.csv_invalid('The file is not valid CSV.', {
        errors: [{ in: 'body', field: 'csv', message: csvErrorMessage(err.code) }],
      });
    }
    throw err;
  }
  if (rows.length === 0)
    throw P.csv_invalid('The file has no rows.', {
      errors: [{ in: 'body', field: 'csv', message: 'no data rows under the header' }],
    });
  return rows;
}

/** csv-parse's own messages name the library's options; integrators get plain ones. */
function csvErrorMessage(code: string): string {
  if (code === 'CSV_RECORD_INCONSISTENT_COLUMNS' || code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH')
    return 'a row has a different number of fields than the header';
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is not closed';
  if (code === 'CSV_MAX_RECORD_SIZE') return `a row is longer than ${MAX_RECORD_BYTES} bytes`;
  if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE')
    return 'a quote is followed by characters before the next separator';
  return 'the file cannot be read as comma-separated values with a header row';
}

export function csvProblem(errors: CsvRowError[]) {
  const fieldErrors: FieldError[] = errors
    .slice(0, MAX_REPORTED)
    .map((e) => ({ in: 'body', field: `line ${e.line}: ${e.column}`, message: e.message }));
  return P.csv_invalid(`${errors.length} row problem(s); nothing was imported.`, {
    errors: fieldErrors,
    extensions: { rejectedRows: new Set(errors.map((e) => e.line)).size },
  });
}
