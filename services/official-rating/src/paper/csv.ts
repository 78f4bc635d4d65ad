/**
 * The CSV of a paper batch: a header row naming the columns (a1-a9 required; sex, ageBand,
 * education, occupation and filledOn optional, empty cells meaning not given), one form per row.
 * Every row is checked with the JSON API's schema; the whole file is refused with every bad row
 * (`line N: column`) or accepted whole.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldError } from '@sinergi/service-kit';
import { P } from '../problems.js';
import { PAPER_CSV_COLUMNS, PaperForm } from './schemas.js';

const MAX_REPORTED = 200;
const REQUIRED = PAPER_CSV_COLUMNS.filter((c) => /^a\d$/.test(c));

function refuse(message: string, errors: FieldError[], rejectedRows = 0) {
  return P.paper_batch_invalid(message, {
    errors: errors.slice(0, MAX_REPORTED),
    extensions: { rejectedRows },
  });
}

async function records(body: Buffer): Promise<{ line: number; record: Record<string, string> }[]> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw refuse('The file is not valid UTF-8.', [{ in: 'body', field: 'csv', message: 'save the file as UTF-8' }]);
  }
  if (text.includes('\u0000'))
    throw refuse('The file contains a NUL character.', [{ in: 'body', field: 'csv', message: 'NUL character' }]);
  const out: { line: number; record: Record<string, string> }[] = [];
  const parser = Readable.from([text]).pipe(
    parse({ columns: true, bom: true, trim: true, skip_empty_lines: true, max_record_size: 16_384, info: true }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      out.push({ line: info.lines, record });
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('CSV_'))
      throw refuse('The file is not valid CSV.', [
        { in: 'body', field: 'csv', message: 'each row needs as many fields as the header, quotes closed' },
      ]);
    throw err;
  }
  return out;
}

/** The forms of the file, in order, or a 422 naming every bad row and column. */
export async function paperFormsFromCsv(body: Buffer): Promise<PaperForm[]> {
  const rows = await records(body);
  if (rows.length === 0)
    throw refuse('The file has no rows.', [{ in: 'body', field: 'csv', message: 'a header row and one row per form' }]);
  const header = Object.keys(rows[0]!.record);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !(PAPER_CSV_COLUMNS as readonly string[]).includes(c));
  if (missing.length || unknown.length) {
    const message = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw refuse(`The header must name the columns ${PAPER_CSV_COLUMNS.join(',')} (a1-a9 required).`, [
      { in: 'body', field: 'header', message },
    ]);
  }
  const forms: PaperForm[] = [];
  const errors: FieldError[] = [];
  const badLines = new Set<number>();
  for (const { line, record } of rows) {
    const given = (k: string) => (record[k] ? record[k] : undefined);
    const respondent = Object.fromEntries(
      (['sex', 'ageBand', 'education', 'occupation'] as const).filter((k) => given(k)).map((k) => [k, record[k]]),
    );
    const parsed = PaperForm.safeParse({
      answers: REQUIRED.map((c) => (/^\d+$/.test(record[c] ?? '') ? Number(record[c]) : record[c])),
      ...(Object.keys(respondent).length ? { respondent } : {}),
      ...(given('filledOn') ? { filledOn: record.filledOn } : {}),
    });
    if (parsed.success) {
      forms.push(parsed.data);
      continue;
    }
    badLines.add(line);
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      const column =
        first === 'answers' && typeof second === 'number' ? `a${second + 1}` : String(second ?? first ?? 'row');
      errors.push({ in: 'body', field: `line ${line}: ${column}`, message: issue.message });
    }
  }
  if (errors.length > 0)
    throw refuse(`${badLines.size} row(s) with problems; nothing was recorded.`, errors, badLines.size);
  return forms;
}
