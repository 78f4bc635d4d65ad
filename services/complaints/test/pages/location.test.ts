/** The start form's typed position (what a map pin would fill): both degrees with a comma or a dot, checked, stored. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComplaints, type Harness } from '../fixtures.js';
import { TEST_SERVICE_ENV } from '../report-helpers.js';
import { aForm, pages, textOf } from './support.js';

let c: Harness;
let p: ReturnType<typeof pages>;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  p = pages(c);
});
afterAll(async () => c?.stop());

describe('a typed position on the start form', () => {
  it('degrees written with a comma are stored as the report’s position', async () => {
    const { trackingId } = await p.submit({ lintang: '-6,8915', bujur: '107.6107' });
    const row = (
      await sql<{ lat: number; lon: number }>`select lat, lon from report where tracking_id = ${trackingId}`.execute(
        c.db,
      )
    ).rows[0]!;
    expect(row).toEqual({ lat: -6.8915, lon: 107.6107 });
  });

  it('a half-typed or impossible position comes back marked on its field, with the values kept', async () => {
    const half = await p.post('/lapor/', aForm({ lintang: '-6,8915', bujur: 'dekat pasar' }));
    expect(half.statusCode).toBe(422);
    expect(textOf(half.body)).toContain('Garis bujur tidak valid.');
    expect(half.body).toMatch(/id="bujur" name="bujur" value="dekat pasar"[^>]*aria-invalid="true"/);
    const swapped = await p.post('/lapor/', aForm({ lintang: '107,6107', bujur: '-6,8915' }));
    expect(swapped.statusCode).toBe(422);
    expect(textOf(swapped.body)).toMatch(/Garis lintang|Titik lokasi berada di luar Indonesia/);
  });
});
