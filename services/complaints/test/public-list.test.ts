/**
 * The public list and map against the real service, PostgreSQL and NATS: filters, paging, one region
 * at a time, GeoJSON order, privacy (no rahasia report, no supporting duplicate, no archived report,
 * no reporter anywhere), and the routes' OpenAPI description.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { c, expectNoReporter, get, ids, staff, submit, usePublicHarness, type Submitted } from './public-setup.js';

usePublicHarness();

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
