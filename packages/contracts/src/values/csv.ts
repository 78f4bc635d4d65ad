/**
 * A small RFC 4180 CSV parser (comma separator, `"` quoting, `""` escape, CRLF or LF line ends).
 *
 * Lenient in one way on purpose: a `"` inside a field that did not start with `"` is kept as a
 * literal character. idn-area-data's villages.csv has such names (`Soka"an`, `T"Singa`), where
 * the source used `"` for the apostrophe; strict RFC 4180 would reject those rows.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false; // inside a quoted field
  let fieldStarted = false; // saw at least one character (or quotes) for the current field
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endField = () => {
    row.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };

  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  // A final line without a line break still counts; an empty trailing line does not.
  if (fieldStarted || row.length > 0) endRow();
  return rows;
}

/** Parses CSV with a header row into records keyed by the header names. */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.flatMap((cells, n) => {
    if (cells.length === 1 && cells[0] === '') return []; // blank line
    if (cells.length !== header.length) {
      throw new Error(`CSV row ${n + 2} has ${cells.length} fields, expected ${header.length}`);
    }
    const record: Record<string, string> = {};
    header.forEach((name, k) => {
      record[name] = cells[k] ?? '';
    });
    return [record];
  });
}
