/**
 * The auditors' CSV export against the real service: RFC 4180 with BOM, one row per report,
 * no rahasia report, no reporter data, formula cells defused, and only auditors and admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localIso } from '@sinergi/service-kit';
import { aReport, startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '100000' });
});
afterAll(async () => c?.stop());

type Submitted = { trackingId: string; secret: string; status: string };
const submit = async (overrides: Record<string, unknown> = {}): Promise<Submitted> => {
  const res = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const staff = async (
  trackingId: string,
  path: string,
  headers: Record<string, string>,
  payload: Record<string, unknown> = {},
) => {
  const res = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${trackingId}/${path}`, headers, payload });
  expect(res.statusCode, res.body).toBe(200);
};
const exportCsv = async (headers: Record<string, string>, query = '') =>
  c.app.inject({ method: 'GET', url: `/v1/staff/export.csv${query}`, headers });

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') {
        field += ch;
      } else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      field += ch;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
  return rows;
}

const HEADER = [
  'tracking_id',
  'type',
  'category',
  'title',
  'status',
  'unit',
  'channel',
  'submitted_at',
  'disposition_due',
  'disposed_at',
  'first_response_at',
  'followup_due',
  'followed_up_at',
  'autoclose_due',
  'closed_at',
  'close_reason',
  'archive_reason',
  'within_deadline',
  'supporters',
  'anonim',
  'district_code',
  'village_code',
];
const REPORTER_TRACES = [
  'Siti',
  'Rahmawati',
  '0812-3456-7890',
  '81234567890',
  'siti.r@example.com',
  '3273024507900001',
  '3273********0001',
];

describe('GET /v1/staff/export.csv', () => {
  let followed: Submitted,
    formula: Submitted,
    quoted: Submitted,
    anonim: Submitted,
    rahasia: Submitted,
    supporter: Submitted,
    old: Submitted;
  const FORMULA_TITLE = '=HYPERLINK("http://evil.example/x","klik")';

  beforeAll(async () => {
    followed = await submit({
      location: { lat: -6.9, lon: 107.6 },
      districtCode: '32.73.02',
      villageCode: '32.73.02.1001',
    });
    supporter = await submit({ location: { lat: -6.90001, lon: 107.6 } });
    formula = await submit({ title: FORMULA_TITLE, location: { lat: -6.92, lon: 107.62 } });
    quoted = await submit({
      title: '+62 jalan "Dago", rusak\nparah',
      category: 'sampah',
      location: { lat: -6.93, lon: 107.63 },
    });
    anonim = await submit({
      title: '@warga: lampu mati',
      category: 'lampu-jalan-mati',
      anonim: true,
      location: { lat: -6.94, lon: 107.64 },
    });
    rahasia = await submit({
      title: 'Laporan rahasia pungli',
      rahasia: true,
      category: 'pungli-perilaku-aparatur',
      location: { lat: -6.95, lon: 107.65 },
    });
    old = await submit({ title: '-- laporan lama', location: { lat: -6.96, lon: 107.66 } });
    expect(supporter.status).toBe('supporting');
    await sql`update report set submitted_at = '2024-03-04T01:00:00Z' where tracking_id = ${old.trackingId}`.execute(
      c.db,
    );

    const admin = await c.as.admin();
    await staff(followed.trackingId, 'dispose', admin);
    await staff(followed.trackingId, 'follow-up', await c.as.officer('dsdabm'), {
      resolution: 'Lubang sudah ditambal.',
    });
    await staff(rahasia.trackingId, 'dispose', admin);
  });

  it('gives auditors RFC 4180 CSV with a BOM, a header row and one row per non-rahasia report of the period', async () => {
    const res = await exportCsv(await c.as.auditor());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="laporan-32\.73-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = res.rawPayload.toString('utf8').slice(1);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(HEADER);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(HEADER.map((h, i) => [h, r[i]]))]));
    expect([...byId.keys()].sort()).toEqual(
      [followed, supporter, formula, quoted, anonim].map((r) => r.trackingId).sort(),
    );
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
    expect(res.headers['x-total-count']).toBe('5');

    const f = byId.get(followed.trackingId)!;
    expect(f).toMatchObject({
      type: 'pengaduan',
      category: 'jalan-rusak',
      title: 'Jalan berlubang di Jl. Dago',
      status: 'followed-up',
      unit: 'dsdabm',
      channel: 'web',
      within_deadline: 'true',
      supporters: '1',
      anonim: 'false',
      district_code: '32.73.02',
      village_code: '32.73.02.1001',
      close_reason: '',
    });
    for (const col of [
      'submitted_at',
      'disposition_due',
      'disposed_at',
      'first_response_at',
      'followup_due',
      'followed_up_at',
      'autoclose_due',
    ]) {
      expect(f[col], col).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    }
    const row = await sql<{
      followed_up_at: Date;
    }>`select followed_up_at from report where tracking_id = ${followed.trackingId}`.execute(c.db);
    expect(f.followed_up_at).toBe(localIso(row.rows[0]!.followed_up_at, 'Asia/Jakarta'));
    expect(byId.get(supporter.trackingId)).toMatchObject({
      status: 'supporting',
      within_deadline: '',
      supporters: '0',
    });
    expect(byId.get(anonim.trackingId)).toMatchObject({
      anonim: 'true',
      unit: '',
      disposed_at: '',
      within_deadline: '',
    });
  });

  it('defuses formula cells and quotes commas, quotes and line breaks', async () => {
    const res = await exportCsv(await c.as.admin());
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1));
    const title = (r: Submitted) => rows.find((x) => x[0] === r.trackingId)![3];
    expect(title(formula)).toBe(`'${FORMULA_TITLE}`);
    expect(title(quoted)).toBe(`'+62 jalan "Dago", rusak\nparah`);
    expect(title(anonim)).toBe(`'@warga: lampu mati`);
    expect(res.body).toContain(`"'+62 jalan ""Dago"", rusak\nparah"`);
    expect(res.body).not.toMatch(/(^|,)[=+@-]/m);
  });

  it('never exports a rahasia report or any reporter data', async () => {
    const res = await exportCsv(await c.as.auditor(), '?from=2024-01-01&to=2024-12-31');
    const current = await exportCsv(await c.as.auditor());
    for (const body of [res.body, current.body]) {
      expect(body).not.toContain(rahasia.trackingId);
      expect(body).not.toContain('Laporan rahasia');
      for (const trace of REPORTER_TRACES) expect(body, trace).not.toContain(trace);
    }
  });

  it('exports the period asked for, in the region’s days', async () => {
    const res = await exportCsv(await c.as.auditor(), '?from=2024-03-04&to=2024-03-04');
    expect(res.statusCode, res.body).toBe(200);
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1));
    expect(rows.map((r) => r[0])).toEqual(['tracking_id', old.trackingId]);
    expect(rows[1]![3]).toBe("'-- laporan lama");
    expect(rows[1]![7]).toBe('2024-03-04T08:00:00+07:00');
    const empty = await exportCsv(await c.as.auditor(), '?from=2024-03-05&to=2024-03-31');
    expect(parseCsv(empty.rawPayload.toString('utf8').slice(1))).toEqual([HEADER]);
  });

  it('uses semicolons on request, for Excel with Indonesian regional settings', async () => {
    const res = await exportCsv(await c.as.auditor(), '?delimiter=semicolon');
    expect(res.statusCode).toBe(200);
    const rows = parseCsv(res.rawPayload.toString('utf8').slice(1), ';');
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(6);
  });

  it('refuses a period over 366 days or reversed', async () => {
    const long = await exportCsv(await c.as.auditor(), '?from=2023-01-01&to=2024-06-30');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'period_too_long' });
    expect((await exportCsv(await c.as.auditor(), '?from=2024-02-01&to=2024-01-01')).json()).toMatchObject({
      code: 'period_reversed',
    });
  });

  it('is only for auditors and admins: officers and citizens get 403, anonymous callers 401', async () => {
    for (const headers of [await c.as.officer('dsdabm'), await c.as.citizen(), await c.as.integrator()]) {
      const res = await exportCsv(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_role' });
    }
    expect((await exportCsv({})).statusCode).toBe(401);
    // a token of another region cannot export this one
    expect((await exportCsv(await c.as.auditor({ tenant: '72.71' }), '?tenant=32.73')).statusCode).toBe(403);
  });
});
