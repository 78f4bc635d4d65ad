/**
 * The import reads its body as a stream: a 10 MB file (ten times the kit's 1 MB body limit, which any
 * buffering parser would enforce) is read row by row, and a file past IMPORT_MAX_BYTES is refused
 * with 413 as it streams. The service's peak memory with a 250,000-row (about 60 MB) file is the
 * benchmark's figure (VmHWM of the service process), not an assertion here.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';
import { seedReference, type H } from './fixtures.js';
import { penRow, postImport, sipdCsv } from './import-fixtures.js';

let h: H;
const MAX = 12 * 1024 * 1024;
const SIZE = 10 * 1024 * 1024;

/** A lazily generated file of `rows` rows of a unit the region lacks (valid CSV, refused at the unit). */
function lazyFile(rows: number) {
  const header = sipdCsv([]);
  const line = sipdCsv([penRow({ kode_skpd: 'dinas-lain', lokasi: 'x'.repeat(200) })]).slice(header.length);
  let sent = 0;
  let bytes = 0;
  const stream = Readable.from(
    (function* () {
      yield header;
      while (sent < rows) {
        const n = Math.min(1000, rows - sent);
        sent += n;
        const chunk = line.repeat(n);
        bytes += chunk.length;
        yield chunk;
      }
    })(),
  );
  return { stream, lineBytes: line.length, bytes: () => bytes + header.length };
}

beforeAll(async () => {
  h = await createServiceHarness(budgeting, { env: { IMPORT_MAX_BYTES: String(MAX) } });
  await seedReference(h);
});
afterAll(async () => h?.stop());

describe('streaming', { timeout: 120_000 }, () => {
  it('reads a 10 MB file row by row, past the 1 MB body limit, and checks every row', async () => {
    const probe = lazyFile(1);
    const rows = Math.ceil(SIZE / probe.lineBytes);
    const file = lazyFile(rows);
    const res = await postImport(h, file.stream);
    expect(file.bytes()).toBeGreaterThan(SIZE);
    expect(res.json()).toMatchObject({ status: 422, code: 'import_rejected', problems: 1, rejectedRows: rows });
  });

  it('refuses a file past IMPORT_MAX_BYTES with 413 while it streams', async () => {
    const probe = lazyFile(1);
    const file = lazyFile(Math.ceil((MAX + 1024 * 1024) / probe.lineBytes));
    const res = await postImport(h, file.stream);
    expect(res.json()).toMatchObject({ status: 413, code: 'body_too_large' });
  });
});
