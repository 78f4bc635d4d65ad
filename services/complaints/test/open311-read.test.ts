/**
 * Open311 `GET requests`: public requests by filter, by ID and by token, never a rahasia report, as the case moves on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { aReport } from './fixtures.js';
import {
  c,
  admin,
  useOpen311Harness,
  nextSpot,
  validFields,
  created,
  get,
  parseXml,
  fieldsOf,
  expectOpen311Error,
} from './open311-setup.js';

useOpen311Harness();

describe('GET requests', () => {
  let road: { service_request_id: string; token: string };
  let trash: { service_request_id: string; token: string };
  let archived: { service_request_id: string; token: string };
  let secretReport: { trackingId: string };

  beforeAll(async () => {
    road = await created(validFields({ description: 'Aspal mengelupas sepanjang 20 meter di Jl. Pasteur.' }));
    trash = await created(
      validFields({ service_code: 'sampah', description: 'Sampah tidak diangkut tiga hari di TPS Cicadas.' }),
    );
    archived = await created(
      validFields({ service_code: 'parkir-liar', description: 'Iklan pinjaman online, bukan laporan.' }),
    );
    const arch = await c.app.inject({
      method: 'POST',
      url: `/v1/staff/reports/${archived.service_request_id}/archive`,
      headers: admin,
      payload: { reason: 'spam' },
    });
    expect(arch.statusCode, arch.body).toBe(200);
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/reports',
      payload: aReport({
        rahasia: true,
        category: 'jalan-rusak',
        location: { lat: -6.1, lon: 106.1 },
        description: 'Laporan rahasia tentang jalan yang rusak parah sekali.',
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    secretReport = res.json();
  });

  const ids = async (query: string) => {
    const res = await get(`/open311/v2/requests.json${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { service_request_id: string }[]).map((r) => r.service_request_id);
  };

  it('lists public requests newest first, without rahasia reports, in JSON and XML', async () => {
    const res = await get('/open311/v2/requests.json');
    const list = res.json() as { service_request_id: string; requested_datetime: string }[];
    expect(list.length).toBeGreaterThanOrEqual(3);
    const times = list.map((r) => r.requested_datetime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(list.map((r) => r.service_request_id)).toEqual(
      expect.arrayContaining([road.service_request_id, trash.service_request_id, archived.service_request_id]),
    );
    expect(list.map((r) => r.service_request_id)).not.toContain(secretReport.trackingId);
    expect(res.body).not.toContain('Laporan rahasia');

    const xml = parseXml((await get('/open311/v2/requests.xml')).body);
    expect(xml.name).toBe('service_requests');
    expect(xml.children.every((n) => n.name === 'request')).toBe(true);
    expect(xml.children.map((n) => fieldsOf(n).service_request_id)).toEqual(list.map((r) => r.service_request_id));
    const trashXml = fieldsOf(xml.children.find((n) => fieldsOf(n).service_request_id === trash.service_request_id)!);
    expect(trashXml).toMatchObject({
      status: 'open',
      service_code: 'sampah',
      address_id: '',
      zipcode: '',
      description: 'Sampah tidak diangkut tiga hari di TPS Cicadas.',
    });
  });

  it('hides a rahasia report by ID, by token and in an ID list', async () => {
    expectOpen311Error(
      await get(`/open311/v2/requests/${secretReport.trackingId}.json`),
      404,
      'json',
      /no service request/,
    );
    expectOpen311Error(
      await get(`/open311/v2/requests/${secretReport.trackingId}.xml`),
      404,
      'xml',
      /no service request/,
    );
    expect(await ids(`?service_request_id=${secretReport.trackingId},${road.service_request_id}`)).toEqual([
      road.service_request_id,
    ]);

    // a report an admin later marks rahasia disappears from Open311 too, token included
    const hidden = await created(validFields({ description: 'Nanti dirahasiakan oleh admin karena menyebut nama.' }));
    expect((await get(`/open311/v2/tokens/${hidden.token}.json`)).statusCode).toBe(200);
    const privacy = await c.app.inject({
      method: 'PATCH',
      url: `/v1/staff/reports/${hidden.service_request_id}/privacy`,
      headers: admin,
      payload: { rahasia: true },
    });
    expect(privacy.statusCode, privacy.body).toBe(200);
    expect((await get(`/open311/v2/tokens/${hidden.token}.json`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${hidden.service_request_id}.json`)).statusCode).toBe(404);
    expect(await ids('')).not.toContain(hidden.service_request_id);
  });

  it('404s an unknown ID in both formats', async () => {
    expectOpen311Error(await get('/open311/v2/requests/LPR-0000-0000.json'), 404, 'json', /LPR-0000-0000/);
    expectOpen311Error(await get('/open311/v2/requests/LPR-0000-0000.xml'), 404, 'xml', /LPR-0000-0000/);
    expectOpen311Error(await get('/open311/v2/requests/bukan-id.json'), 404, 'json', /no service request/);
  });

  it('filters by status', async () => {
    const closed = await ids('?status=closed');
    expect(closed).toContain(archived.service_request_id);
    expect(closed).not.toContain(road.service_request_id);
    const open = await ids('?status=open');
    expect(open).toEqual(expect.arrayContaining([road.service_request_id, trash.service_request_id]));
    expect(open).not.toContain(archived.service_request_id);
    expect((await ids('?status=open,closed')).sort()).toEqual((await ids('')).sort());
    const one = (await get(`/open311/v2/requests/${archived.service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({
      status: 'closed',
      status_notes: 'Arsip',
      expected_datetime: null,
      service_notice: null,
    });
    expectOpen311Error(await get('/open311/v2/requests.json?status=pending'), 400, 'json', /status/);
  });

  it('filters by service_code, also a comma list', async () => {
    expect(await ids('?service_code=sampah')).toContain(trash.service_request_id);
    expect(await ids('?service_code=sampah')).not.toContain(road.service_request_id);
    const both = await ids('?service_code=sampah,parkir-liar');
    expect(both).toEqual(expect.arrayContaining([trash.service_request_id, archived.service_request_id]));
    expect(both).not.toContain(road.service_request_id);
    expect(await ids('?service_code=kebakaran')).toEqual([]);
  });

  it('takes a comma list of IDs that overrides the other filters', async () => {
    const list = await ids(
      `?service_request_id=${road.service_request_id},${trash.service_request_id}&service_code=parkir-liar&status=closed&start_date=2020-01-01T00:00:00Z&end_date=2020-01-02T00:00:00Z`,
    );
    expect(list.sort()).toEqual([road.service_request_id, trash.service_request_id].sort());
    // typed the way people type it: lower case, no dashes
    expect(await ids(`?service_request_id=${road.service_request_id.toLowerCase().replaceAll('-', '')}`)).toEqual([
      road.service_request_id,
    ]);
  });

  it('filters by date and refuses a span over 90 days, in both formats', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await ids(`?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`)).toContain(
      road.service_request_id,
    );
    expect(await ids(`?start_date=${iso(now - 30 * 86_400_000)}&end_date=${iso(now - 29 * 86_400_000)}`)).toEqual([]);
    expect(await ids(`?start_date=${iso(now + 86_400_000)}`)).toEqual([]);
    expectOpen311Error(
      await get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-04-15T00:00:00Z'),
      400,
      'json',
      /at most 90 days/,
    );
    expectOpen311Error(
      await get('/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-04-15T00:00:00Z'),
      400,
      'xml',
      /at most 90 days/,
    );
    expectOpen311Error(await get('/open311/v2/requests.json?start_date=kemarin'), 400, 'json', /start_date/);
  });

  it('names the responsible unit, the follow-up deadline and the resolution as the case moves on', async () => {
    const r = await created(
      validFields({
        service_code: 'lampu-jalan-mati',
        description: 'Lampu PJU mati di sepanjang Jl. Riau sejak kemarin malam.',
      }),
    );
    const disposed = await c.app.inject({
      method: 'POST',
      url: `/v1/staff/reports/${r.service_request_id}/dispose`,
      headers: admin,
      payload: {},
    });
    expect(disposed.statusCode, disposed.body).toBe(200);
    const afterDispose = (await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0];
    expect(afterDispose).toMatchObject({
      status: 'open',
      agency_responsible: 'Dinas Perhubungan',
      status_notes: 'Terdisposisi, belum ditindaklanjuti',
      expected_datetime: disposed.json().deadline.due,
    });
    expect(afterDispose.service_notice).toMatch(/5 hari kerja/);

    const officer = await c.as.officer('dishub');
    const followed = await c.app.inject({
      method: 'POST',
      url: `/v1/staff/reports/${r.service_request_id}/follow-up`,
      headers: officer,
      payload: { resolution: 'Lampu sudah diganti oleh petugas.' },
    });
    expect(followed.statusCode, followed.body).toBe(200);
    const afterFollowUp = (await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0];
    expect(afterFollowUp).toMatchObject({
      status: 'open',
      status_notes: 'Sudah ditindaklanjuti. Lampu sudah diganti oleh petugas.',
      expected_datetime: followed.json().deadline.due,
    });
  });

  it('folds a nearby duplicate into the case it supports: out of lists, but readable by ID with that case’s status', async () => {
    const place = nextSpot();
    const first = await created(
      validFields({
        ...place,
        service_code: 'pohon-taman',
        description: 'Pohon besar miring hampir tumbang ke jalan.',
      }),
    );
    const second = await created(
      validFields({ ...place, service_code: 'pohon-taman', description: 'Pohon di tempat yang sama makin miring.' }),
    );
    expect(second.service_notice).toContain(first.service_request_id);
    expect(await ids('')).toContain(first.service_request_id);
    expect(await ids('')).not.toContain(second.service_request_id);
    const one = (await get(`/open311/v2/requests/${second.service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({
      service_request_id: second.service_request_id,
      status: 'open',
      status_notes: `Mendukung laporan ${first.service_request_id}: Belum terverifikasi`,
    });
    expect(await ids(`?service_request_id=${second.service_request_id}`)).toEqual([second.service_request_id]);
  });

  it('escapes a description full of markup in XML and keeps it intact in JSON', async () => {
    const description = `Ada <script>alert("x")</script> & 'kutip' di papan pengumuman RW 05 </description><status>closed</status>`;
    const r = await created(validFields({ service_code: 'informasi-publik', description }));
    const raw = (await get(`/open311/v2/requests/${r.service_request_id}.xml`)).body;
    expect(raw).not.toContain('<script>');
    expect(raw).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;kutip&apos;');
    const root = parseXml(raw);
    expect(root.children).toHaveLength(1);
    const item = fieldsOf(root.children[0]!);
    expect(item.description).toBe(description);
    expect(item.status).toBe('open');
    expect((await get(`/open311/v2/requests/${r.service_request_id}.json`)).json()[0].description).toBe(description);
  });
});
