/*
 * Personal data a citizen types into free text (title, description, address, their replies) and
 * staff write into notes and the resolution: shown as written only to the admins and unit handling
 * the report and to its reporter; masked on every public and auditor read path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComplaints } from './fixtures.js';
import { holdOutbox, reportsApi, TEST_SERVICE_ENV, type Headers } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let auditor: Headers;
let unit: Headers;
let report: { trackingId: string; secret: string };

const PHONE = '0812-9876-5432';
const EMAIL = 'andi.wijaya@contoh.id';
const NIK = '3273024507900002';
/** Every form the planted values could leak in. */
const PLANTED = ['81298765432', '9876', '5432', 'andi.wijaya', 'contoh.id', NIK, '4507900002'];
/** What a raw reader sees somewhere on the report. */
const RAW = [PHONE, EMAIL, NIK];

const expectMasked = (body: string, path: string) => {
  for (const value of PLANTED) expect(body, `${path} shows ${value}`).not.toContain(value);
};
const expectRaw = (body: string, path: string) => {
  for (const value of RAW) expect(body, `${path} hides ${value}`).toContain(value);
};

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  await holdOutbox(c);
  api = reportsApi(c);
  [admin, auditor, unit] = await Promise.all([c.as.admin(), c.as.auditor(), c.as.officer('dsdabm')]);
  report = await api.submit({
    title: `Jalan rusak, hubungi ${PHONE}`,
    description: `Lubang besar. Saya Andi, NIK ${NIK}, e-mail ${EMAIL}, WA ${PHONE}.`,
    address: `Jl. Dago 12 (telp ${PHONE})`,
    location: { lat: -6.7, lon: 107.7 },
  });
  await api.actOk(report.trackingId, 'dispose', admin, { note: `pelapor bisa dihubungi di ${EMAIL}` });
  expect((await api.asReporter(report, 'replies', { note: `Nomor saya yang lain ${PHONE}` })).statusCode).toBe(200);
  await api.actOk(report.trackingId, 'respond', unit, { note: `Sudah kami telepon ke ${PHONE}` });
  await api.actOk(report.trackingId, 'follow-up', unit, {
    resolution: `Lubang ditambal; konfirmasi ke ${EMAIL} dan NIK ${NIK}`,
  });
});
afterAll(async () => c?.stop());

const get = (url: string, headers: Headers = {}) => c.app.inject({ method: 'GET', url, headers });

describe('free text on every read path of complaints', () => {
  const masked: [string, () => Promise<{ statusCode: number; body: string }>][] = [
    ['public tracking view', () => api.publicGet(report.trackingId)],
    ['public list', () => get('/v1/public/reports')],
    ['public map', () => get('/v1/public/reports.geojson')],
    ['public statistics', () => get('/v1/public/statistics')],
    ['Open311 single request (json)', () => get(`/open311/v2/requests/${report.trackingId}.json`)],
    ['Open311 single request (xml)', () => get(`/open311/v2/requests/${report.trackingId}.xml`)],
    ['Open311 list', () => get('/open311/v2/requests.json')],
    ['auditor view', () => api.staffGet(report.trackingId, auditor)],
    ['auditor inbox', () => get('/v1/staff/inbox?status=followed-up', auditor)],
    ['auditor queue', () => get('/v1/staff/queue?status=followed-up', auditor)],
    ['auditor export', () => get('/v1/staff/export.csv', auditor)],
    ['admin export (a file that leaves)', () => get('/v1/staff/export.csv', admin)],
  ];
  for (const [path, read] of masked) {
    it(`masks phone, e-mail and NIK on the ${path}`, async () => {
      const res = await read();
      expect(res.statusCode, res.body).toBe(200);
      if (path !== 'public statistics') expect(res.body, 'the report is on this path').toContain(report.trackingId);
      expectMasked(res.body, path);
    });
  }

  it('the masked paths still show the text around the masks', async () => {
    const view = (await api.publicGet(report.trackingId)).json();
    expect(view.description).toBe(
      'Lubang besar. Saya Andi, NIK **************02, e-mail a***@c***.id, WA +62*********32.',
    );
    expect(view.title).toBe('Jalan rusak, hubungi +62*********32');
  });

  const raw: [string, () => Promise<{ statusCode: number; body: string }>][] = [
    ['reporter’s own view', () => api.publicGet(report.trackingId, { secret: report.secret })],
    ['admin view', () => api.staffGet(report.trackingId, admin)],
    ['handling unit’s view', () => api.staffGet(report.trackingId, unit)],
  ];
  for (const [path, read] of raw) {
    it(`keeps the text as written on the ${path}`, async () => {
      const res = await read();
      expect(res.statusCode, res.body).toBe(200);
      expectRaw(res.body, path);
    });
  }

  it('keeps the title as written in the lists of the staff handling it', async () => {
    const inbox = await get('/v1/staff/inbox?status=followed-up', unit);
    expect(inbox.json().items.find((i: { trackingId: string }) => i.trackingId === report.trackingId)?.title).toBe(
      `Jalan rusak, hubungi ${PHONE}`,
    );
  });
});
