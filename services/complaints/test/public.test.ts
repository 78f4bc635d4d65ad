/**
 * The public list, map and statistics against the real service, PostgreSQL and NATS: filters,
 * privacy (no rahasia report, no supporting duplicate, no reporter anywhere), GeoJSON order, and
 * statistics numbers for reports moved through the workflow with the staff endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BANDUNG, aReport, startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '100000' });
});
afterAll(async () => c?.stop());

type Submitted = { trackingId: string; secret: string; status: string };
const submit = async (overrides: Record<string, unknown> = {}, query = ''): Promise<Submitted> => {
  const res = await c.app.inject({ method: 'POST', url: `/v1/reports${query}`, payload: aReport(overrides) });
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
  return res.json();
};
const asReporter = async (r: Submitted, path: string, payload: Record<string, unknown> = {}) => {
  const res = await c.app.inject({
    method: 'POST',
    url: `/v1/reports/${r.trackingId}/${path}`,
    headers: { 'x-report-secret': r.secret },
    payload,
  });
  expect(res.statusCode, res.body).toBe(200);
};
const get = (url: string) => c.app.inject({ method: 'GET', url });
const ids = (items: { trackingId: string }[]) => items.map((i) => i.trackingId).sort();

/** Every form the two reporters' identities could take in a response body. */
const REPORTER_TRACES = [
  'Siti',
  'Rahmawati',
  '0812-3456-7890',
  '81234567890',
  'siti.r@example.com',
  '3273024507900001',
  'Budi',
  'Santoso',
  '0813-9999-1111',
  '81399991111',
  'budi.s@example.com',
];
const expectNoReporter = (body: string) => {
  for (const trace of REPORTER_TRACES) expect(body, `found ${trace}`).not.toContain(trace);
  expect(body).not.toMatch(/"reporter"|"reporter_|"nik"|"phone"|"email"/);
};

describe('public list and map', () => {
  // A: public, known reporter, disposed; B: anonim aspirasi; C: rahasia; D: duplicate of A; E: no location; P: Palu
  let A: Submitted, B: Submitted, C: Submitted, D: Submitted, E: Submitted, P: Submitted;
  const RAHASIA_TITLE = 'Pungli oleh oknum di kantor kelurahan';

  beforeAll(async () => {
    A = await submit({
      location: { lat: -6.8845, lon: 107.6135 },
      districtCode: '32.73.02',
      villageCode: '32.73.02.1001',
    });
    B = await submit({
      type: 'aspirasi',
      category: 'sampah',
      title: 'Usul jadwal angkut sampah pagi',
      location: { lat: -6.95, lon: 107.7 },
      districtCode: '32.73.05',
      anonim: true,
      reporter: { name: 'Budi Santoso', phone: '0813-9999-1111', email: 'budi.s@example.com' },
    });
    C = await submit({
      category: 'pungli-perilaku-aparatur',
      title: RAHASIA_TITLE,
      rahasia: true,
      location: { lat: -6.91, lon: 107.61 },
    });
    D = await submit({ location: { lat: -6.88452, lon: 107.61352 } });
    E = await submit({
      type: 'permintaan-informasi',
      category: 'lampu-jalan-mati',
      title: 'Jadwal perbaikan PJU Jl. Riau',
      location: undefined,
      districtCode: undefined,
    });
    P = await submit(
      { title: 'Jalan rusak di Palu Barat', location: { lat: -0.9, lon: 119.87 }, districtCode: undefined },
      '?tenant=72.71',
    );
    expect(D.status).toBe('supporting');
    const admin = await c.as.admin();
    await staff(A.trackingId, 'dispose', admin);
    await staff(C.trackingId, 'dispose', admin);
  });

  it('lists public reports newest first with their total, leaving out rahasia reports and supporting duplicates', async () => {
    const res = await get('/v1/public/reports');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([
      E.trackingId,
      B.trackingId,
      A.trackingId,
    ]);
    expect(res.body).not.toContain(C.trackingId);
    expect(res.body).not.toContain(RAHASIA_TITLE);
    expect(res.body).not.toContain(D.trackingId);
    const a = body.items.find((i: { trackingId: string }) => i.trackingId === A.trackingId);
    expect(a).toEqual({
      trackingId: A.trackingId,
      type: 'pengaduan',
      category: 'jalan-rusak',
      title: 'Jalan berlubang di Jl. Dago',
      status: 'disposed',
      statusLabel: 'Terdisposisi, belum ditindaklanjuti',
      unit: 'dsdabm',
      location: { lat: -6.8845, lon: 107.6135 },
      districtCode: '32.73.02',
      villageCode: '32.73.02.1001',
      submittedAt: expect.any(String),
      updatedAt: expect.any(String),
      supporters: 1,
    });
  });

  it('never shows a reporter, anonim or not, in the list or the map', async () => {
    for (const url of [
      '/v1/public/reports',
      '/v1/public/reports.geojson',
      '/v1/public/reports?type=aspirasi',
      '/v1/public/statistics',
    ]) {
      const res = await get(url);
      expect(res.statusCode, res.body).toBe(200);
      expectNoReporter(res.body);
    }
  });

  it('filters by category, status, unit, district, type and bounding box', async () => {
    const list = async (q: string) => {
      const res = await get(`/v1/public/reports?${q}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { trackingId: string }[]; total: number };
    };
    expect(ids((await list('category=jalan-rusak')).items)).toEqual([A.trackingId]);
    expect(ids((await list('status=submitted')).items)).toEqual(ids([B, E]));
    expect(ids((await list('unit=dsdabm')).items)).toEqual([A.trackingId]);
    expect(ids((await list('districtCode=32.73.05')).items)).toEqual([B.trackingId]);
    expect(ids((await list('type=permintaan-informasi')).items)).toEqual([E.trackingId]);
    expect(ids((await list('bbox=107.60,-6.89,107.62,-6.88')).items)).toEqual([A.trackingId]);
    expect(ids((await list('bbox=107.55,-6.97,107.74,-6.84')).items)).toEqual(ids([A, B]));
    expect(await list('bbox=107.0,-7.5,107.1,-7.4')).toMatchObject({ items: [], total: 0 });
    expect(await list('category=jalan-rusak&status=closed')).toMatchObject({ items: [], total: 0 });
    // the rahasia report is disposed to inspektorat: still nothing there
    expect(await list('unit=inspektorat')).toMatchObject({ items: [], total: 0 });
  });

  it('pages with limit and offset while the total counts every match', async () => {
    const first = (await get('/v1/public/reports?limit=2')).json();
    const second = (await get('/v1/public/reports?limit=2&offset=2')).json();
    expect(first.total).toBe(3);
    expect(second.total).toBe(3);
    expect(first.items).toHaveLength(2);
    expect(second.items.map((i: { trackingId: string }) => i.trackingId)).toEqual([A.trackingId]);
    expect((await get('/v1/public/reports?limit=201')).statusCode).toBe(400);
  });

  it('filters by submission date in the region’s time zone', async () => {
    // 2024-01-15 23:30 WIB is 16:30 UTC: the 15th in Bandung, whatever the server's zone
    await sql`update report set submitted_at = '2024-01-15T16:30:00Z' where tracking_id = ${B.trackingId}`.execute(
      c.db,
    );
    const jan = (await get('/v1/public/reports?from=2024-01-15&to=2024-01-15')).json();
    expect(ids(jan.items)).toEqual([B.trackingId]);
    expect((await get('/v1/public/reports?from=2024-01-16&to=2024-01-31')).json().total).toBe(0);
    const recent = (await get('/v1/public/reports?from=2024-02-01')).json();
    expect(ids(recent.items)).toEqual(ids([A, E]));
  });

  it('refuses malformed filters with a problem naming the parameter', async () => {
    for (const [q, field] of [
      ['bbox=107.6,-6.9,107.7', 'bbox'],
      ['bbox=107.7,-6.9,107.6,-6.8', 'bbox'],
      ['bbox=a,b,c,d', 'bbox'],
      ['from=2024-02-01&to=2024-01-01', 'from'],
      ['from=01-02-2024', 'from'],
      ['status=supporting', 'status'],
    ] as const) {
      const res = await get(`/v1/public/reports?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        q,
      ).toContain(field);
    }
  });

  it('serves the map as RFC 7946 GeoJSON: points in [lon, lat] order, only located public reports', async () => {
    const res = await get('/v1/public/reports.geojson');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.numberMatched).toBe(2);
    expect(fc.features.map((f: { id: string }) => f.id).sort()).toEqual(ids([A, B]));
    const a = fc.features.find((f: { id: string }) => f.id === A.trackingId);
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [107.6135, -6.8845] });
    expect(a.properties).toMatchObject({
      trackingId: A.trackingId,
      category: 'jalan-rusak',
      status: 'disposed',
      supporters: 1,
    });
    expect(a.properties.location).toBeUndefined();
    expect(res.body).not.toContain(C.trackingId);
    expect(res.body).not.toContain(D.trackingId);
    expect(res.body).not.toContain(E.trackingId);
  });

  it('applies the same filters to the map', async () => {
    const fc = (await get('/v1/public/reports.geojson?category=sampah')).json();
    expect(fc.features.map((f: { id: string }) => f.id)).toEqual([B.trackingId]);
    expect(fc.features[0].geometry.coordinates).toEqual([107.7, -6.95]);
    const boxed = (await get('/v1/public/reports.geojson?bbox=107.60,-6.89,107.62,-6.88')).json();
    expect(boxed.features.map((f: { id: string }) => f.id)).toEqual([A.trackingId]);
    expect((await get('/v1/public/reports.geojson?bbox=1,2,3')).statusCode).toBe(400);
  });

  it('serves one region at a time: another region’s reports only with its tenant, unknown regions 404', async () => {
    const palu = (await get('/v1/public/reports?tenant=72.71')).json();
    expect(ids(palu.items)).toEqual([P.trackingId]);
    expect((await get('/v1/public/reports')).body).not.toContain(P.trackingId);
    const map = (await get('/v1/public/reports.geojson?tenant=72.71')).json();
    expect(map.features[0].geometry.coordinates).toEqual([119.87, -0.9]);
    expect((await get('/v1/public/reports?tenant=99.99')).statusCode).toBe(404);
  });

  it('drops a report from every public path once an admin marks it rahasia', async () => {
    const admin = await c.as.admin();
    const res = await c.app.inject({
      method: 'PATCH',
      url: `/v1/staff/reports/${E.trackingId}/privacy`,
      headers: admin,
      payload: { rahasia: true },
    });
    expect(res.statusCode, res.body).toBe(200);
    const list = await get('/v1/public/reports');
    expect(list.json().total).toBe(2);
    expect(list.body).not.toContain(E.trackingId);
    expect((await get('/v1/public/reports?type=permintaan-informasi')).json().total).toBe(0);
  });

  it('leaves archived reports (spam, duplicates, out of scope) out of the list and the map', async () => {
    const spam = await submit({
      category: 'sampah',
      title: 'Jual obat kuat murah hubungi kami',
      location: { lat: -6.93, lon: 107.66 },
    });
    expect((await get('/v1/public/reports')).body).toContain(spam.trackingId);
    await staff(spam.trackingId, 'archive', await c.as.admin(), { reason: 'spam' });
    expect((await get('/v1/public/reports')).body).not.toContain(spam.trackingId);
    expect((await get('/v1/public/reports.geojson')).body).not.toContain(spam.trackingId);
  });
});

describe('public statistics', () => {
  const admin = () => c.as.admin();
  const officer = (unit: string) => c.as.officer(unit);
  const at = (iso: string) => new Date(iso);
  /** Moves a report's milestones to known instants (the API has no clock to set). */
  const setTimes = (r: Submitted, t: Record<string, string>) =>
    sql`update report set ${sql.join(Object.entries(t).map(([col, v]) => sql`${sql.ref(col)} = ${at(v)}`))} where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );

  let rahasia: Submitted;
  beforeAll(async () => {
    const spot = (i: number) => ({ lat: -6.9 - i * 0.01, lon: 107.58 + i * 0.01 });
    const due = '2024-03-11T17:00:00Z';
    // S1: dsdabm, followed up in 24 h (met), accepted and closed
    const s1 = await submit({ location: spot(1) });
    // S9: a duplicate of S1: supports it, counts nowhere
    const s9 = await submit({ location: { lat: spot(1).lat + 0.0001, lon: spot(1).lon } });
    expect(s9.status).toBe('supporting');
    await staff(s1.trackingId, 'dispose', await admin());
    await staff(s1.trackingId, 'respond', await officer('dsdabm'), { note: 'Tim survei' });
    await staff(s1.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Lubang sudah ditambal.' });
    await asReporter(s1, 'accept', { note: 'Terima kasih' });
    await setTimes(s1, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-05T03:00:00Z',
      closed_at: '2024-03-06T03:00:00Z',
    });
    await setTimes(s9, { submitted_at: '2024-03-04T02:00:00Z' });
    // S2: dsdabm, followed up in 48 h (met)
    const s2 = await submit({ location: spot(2) });
    await staff(s2.trackingId, 'dispose', await admin());
    await staff(s2.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Sudah diperbaiki tim.' });
    await setTimes(s2, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-06T03:00:00Z',
    });
    // S3: dishub (lampu jalan), followed up after 240 h: past the deadline
    const s3 = await submit({ category: 'lampu-jalan-mati', location: spot(3) });
    await staff(s3.trackingId, 'dispose', await admin());
    await staff(s3.trackingId, 'follow-up', await officer('dishub'), { resolution: 'Lampu sudah diganti.' });
    await setTimes(s3, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followup_due: due,
      followed_up_at: '2024-03-14T03:00:00Z',
    });
    // S4: rahasia, disposed to dsdabm, waiting: real workload, counted
    rahasia = await submit({ rahasia: true, title: 'Laporan rahasia soal proyek jalan', location: spot(4) });
    await staff(rahasia.trackingId, 'dispose', await admin());
    await setTimes(rahasia, {
      submitted_at: '2024-03-10T01:00:00Z',
      disposed_at: '2024-03-10T03:00:00Z',
      followup_due: '2024-03-15T17:00:00Z',
    });
    // S5: sampah, waiting for verification
    const s5 = await submit({ category: 'sampah', location: spot(5) });
    await setTimes(s5, { submitted_at: '2024-03-20T01:00:00Z' });
    // S6: disposed to dsdabm, re-disposed to dishub: counts once, for dishub
    const s6 = await submit({ location: spot(6) });
    await staff(s6.trackingId, 'dispose', await admin());
    await staff(s6.trackingId, 'redispose', await admin(), { unit: 'dishub' });
    await setTimes(s6, {
      submitted_at: '2024-03-12T01:00:00Z',
      disposed_at: '2024-03-13T03:00:00Z',
      followup_due: '2024-03-20T17:00:00Z',
    });
    // S7: followed up, then disputed by the reporter: the follow-up no longer stands
    const s7 = await submit({ location: spot(7) });
    await staff(s7.trackingId, 'dispose', await admin());
    await staff(s7.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Sudah ditangani.' });
    await asReporter(s7, 'dispute', { note: 'Belum diperbaiki' });
    await setTimes(s7, {
      submitted_at: '2024-03-04T01:00:00Z',
      disposed_at: '2024-03-04T03:00:00Z',
      followed_up_at: '2024-03-05T03:00:00Z',
      followup_due: '2024-03-12T17:00:00Z',
    });
    // S8: received and disposed in February, followed up (late, 480 h) in March
    const s8 = await submit({ location: spot(8) });
    await staff(s8.trackingId, 'dispose', await admin());
    await staff(s8.trackingId, 'follow-up', await officer('dsdabm'), { resolution: 'Akhirnya diperbaiki.' });
    await setTimes(s8, {
      submitted_at: '2024-02-10T01:00:00Z',
      disposed_at: '2024-02-10T03:00:00Z',
      followup_due: '2024-02-16T17:00:00Z',
      followed_up_at: '2024-03-02T03:00:00Z',
    });
  });

  const march = async () => {
    const res = await get('/v1/public/statistics?from=2024-03-01&to=2024-03-31');
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  it('counts received, disposed, followed up and closed, with the median time to follow-up and the share within the deadline', async () => {
    const s = (await march()).json();
    expect(s.region).toEqual({ code: '32.73', name: 'Kota Bandung' });
    expect(s.period).toEqual({ from: '2024-03-01', to: '2024-03-31', timeZone: 'Asia/Jakarta', days: 31 });
    // received S1-S7; disposed S1,S2,S3,S4,S6,S7; standing follow-ups S1,S2,S3,S8; closed S1; met S1,S2
    expect(s.totals).toEqual({
      received: 7,
      disposed: 6,
      followedUp: 4,
      closed: 1,
      withinDeadline: 2,
      shareWithinDeadline: 0.5,
      medianHoursToFollowUp: 144,
    });
  });

  it('breaks the numbers down per unit (including the rahasia report’s workload) and per category', async () => {
    const s = (await march()).json();
    const unit = (code: string) => s.units.find((u: { unit: string }) => u.unit === code);
    expect(unit('dsdabm')).toEqual({
      unit: 'dsdabm',
      name: 'Dinas Sumber Daya Air dan Bina Marga',
      received: 4,
      disposed: 4,
      followedUp: 3,
      closed: 1,
      withinDeadline: 2,
      shareWithinDeadline: 0.6667,
      medianHoursToFollowUp: 48,
      loadShare: 0.6667,
    });
    expect(unit('dishub')).toMatchObject({
      received: 2,
      disposed: 2,
      followedUp: 1,
      closed: 0,
      withinDeadline: 0,
      shareWithinDeadline: 0,
      medianHoursToFollowUp: 240,
      loadShare: 0.3333,
    });
    expect(unit('dinkes')).toMatchObject({
      received: 0,
      disposed: 0,
      followedUp: 0,
      medianHoursToFollowUp: null,
      shareWithinDeadline: null,
      loadShare: 0,
    });
    expect(s.units).toHaveLength(BANDUNG.units.length);
    const category = (code: string) => s.categories.find((x: { category: string }) => x.category === code);
    expect(category('jalan-rusak')).toMatchObject({
      received: 5,
      disposed: 5,
      followedUp: 3,
      closed: 1,
      withinDeadline: 2,
      medianHoursToFollowUp: 48,
    });
    expect(category('lampu-jalan-mati')).toMatchObject({ received: 1, disposed: 1, followedUp: 1, withinDeadline: 0 });
    expect(category('sampah')).toMatchObject({ received: 1, disposed: 0 });
    expect(s.categories).toHaveLength(BANDUNG.complaintCategories.length);
  });

  it('measures how evenly the load spreads as a Gini coefficient over every unit of the directory', async () => {
    const s = (await march()).json();
    const n = BANDUNG.units.length;
    // loads 4 and 2 and n-2 idle units: sum over ordered pairs of |xi-xj| = 2*(2 + 6(n-2)); 2 n^2 mean = 12 n
    const expected = (2 * (2 + 6 * (n - 2))) / (12 * n);
    expect(s.evenness.units).toBe(n);
    expect(s.evenness.unitsWithLoad).toBe(2);
    expect(s.evenness.gini).toBeCloseTo(expected, 4);
  });

  it('shows no per-report detail, so the rahasia report is nowhere in it', async () => {
    const res = await march();
    expect(res.body).not.toContain(rahasia.trackingId);
    expect(res.body).not.toContain('Laporan rahasia');
    expect(res.body).not.toMatch(/LPR-/);
    expectNoReporter(res.body);
  });

  it('counts a period by its own instants: February sees S8 received and disposed, not followed up', async () => {
    const feb = (await get('/v1/public/statistics?from=2024-02-01&to=2024-02-29')).json();
    expect(feb.totals).toMatchObject({
      received: 1,
      disposed: 1,
      followedUp: 0,
      closed: 0,
      medianHoursToFollowUp: null,
    });
    expect(feb.evenness.gini).toBeCloseTo((BANDUNG.units.length - 1) / BANDUNG.units.length, 4);
  });

  it('defaults to the last 30 days in the region and refuses periods over 366 days or reversed', async () => {
    const res = await get('/v1/public/statistics');
    expect(res.statusCode, res.body).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    expect(res.json().period).toMatchObject({ to: today, days: 30, timeZone: 'Asia/Jakarta' });
    expect(res.json().totals.received).toBeGreaterThan(0);
    const long = await get('/v1/public/statistics?from=2023-01-01&to=2024-01-02');
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'period_too_long', errors: [{ in: 'querystring', field: 'to' }] });
    expect((await get('/v1/public/statistics?from=2024-01-01&to=2024-12-31')).statusCode).toBe(200);
    expect((await get('/v1/public/statistics?from=2024-03-02&to=2024-03-01')).json()).toMatchObject({
      code: 'period_reversed',
    });
    expect((await get('/v1/public/statistics?from=2024-13-01')).statusCode).toBe(400);
  });
});

describe('documentation', () => {
  it('describes the public routes and the export in the OpenAPI document', async () => {
    const res = await get('/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const p of [
      '/v1/public/reports',
      '/v1/public/reports.geojson',
      '/v1/public/statistics',
      '/v1/staff/export.csv',
    ])
      expect(paths[p]?.get, p).toBeDefined();
    const params = paths['/v1/public/reports'].get.parameters.map((x: { name: string }) => x.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'category',
        'status',
        'unit',
        'districtCode',
        'type',
        'from',
        'to',
        'bbox',
        'limit',
        'offset',
      ]),
    );
  });
});
