/**
 * The staff console's complaint pages (/staf/lapor/) with a staff session: officers see and act on
 * their own unit's reports only, an anonymous reporter stays hidden from the unit as in the JSON view,
 * the admin verifies and disposes, the unit answers, and every form needs the session's CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Principal } from '@sinergi/service-kit';
import { startComplaints, type Harness } from '../fixtures.js';
import { REPORTER_TRACES, reportsApi, TEST_SERVICE_ENV, type Headers } from '../report-helpers.js';
import { form, FORM, textOf } from '../pages/support.js';

let c: Harness;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;

const ADMIN: Principal = { sub: 'verifikator-1', tenant: '32.73', roles: ['admin'], unit: undefined };
const DSDABM: Principal = { sub: 'petugas-dsdabm', tenant: '32.73', roles: ['officer'], unit: 'dsdabm' };
const AUDITOR: Principal = { sub: 'auditor-1', tenant: '32.73', roles: ['auditor'], unit: undefined };

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  api = reportsApi(c);
  admin = await c.as.admin();
});
afterAll(async () => c?.stop());

/** A staff member with a session cookie, as a browser holds it after sign-in. */
async function staff(principal: Principal) {
  const cookie = `sinergi_staf=${await c.ctx.staffSessions.issue(principal)}`;
  const get = (url: string) => c.app.inject({ method: 'GET', url, headers: { cookie } });
  return {
    get,
    /** Posts a form with the CSRF token of the page it is on (or none). */
    async post(page: string, url: string, fields: Record<string, string>, o: { csrf?: boolean } = {}) {
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(page)).body)?.[1];
      const payload = form({ ...fields, ...(o.csrf === false || !csrf ? {} : { _csrf: csrf }) });
      return c.app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload });
    },
  };
}

/** Each report somewhere else, so none is taken as support for another (duplicates). */
let spot = 0;
const submit = (overrides: Record<string, unknown> = {}) =>
  api.submit({ location: { lat: -6.85 - 0.01 * ++spot, lon: 107.6 + 0.01 * spot }, ...overrides });

const disposed = async (overrides: Record<string, unknown> = {}) => {
  const { trackingId } = await submit(overrides);
  await api.actOk(trackingId, 'dispose', admin);
  return trackingId;
};

describe('without a session', () => {
  it('the console sends a browser to sign-in and back to the page it asked for', async () => {
    const res = await c.app.inject({ url: '/staf/lapor/laporan/LPR-0000-0000' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staf/lapor/masuk?kembali=%2Fstaf%2Flapor%2Flaporan%2FLPR-0000-0000');
    const signIn = await c.app.inject({ url: String(res.headers.location) });
    expect(signIn.statusCode).toBe(503);
    expect(textOf(signIn.body)).toContain('Masuk staf belum diatur');
  });
});

describe('an officer', () => {
  it('sees the reports of their unit only, overdue first, and another unit’s report is refused', async () => {
    const mine = await disposed({ title: 'Jalan amblas di Jl. Cihampelas' });
    const late = await disposed({ title: 'Gorong-gorong tersumbat sudah lama' });
    const theirs = await disposed({ category: 'lampu-jalan-mati', title: 'Lampu jalan mati di Jl. Riau' });
    // time cannot be moved through the API: the follow-up deadline is put in the past with the owner connection
    await sql`update report set followup_due = now() - interval '2 days' where tracking_id = ${late}`.execute(c.db);
    const officer = await staff(DSDABM);
    const queue = await officer.get('/staf/lapor/');
    expect(queue.statusCode).toBe(200);
    const text = textOf(queue.body);
    expect(text).toContain('Laporan untuk Dinas Sumber Daya Air dan Bina Marga');
    expect(text).toContain('Jalan amblas di Jl. Cihampelas');
    expect(text).not.toContain('Lampu jalan mati di Jl. Riau');
    expect(text).toMatch(/Gorong-gorong tersumbat sudah lama\s+Terdisposisi, belum ditindaklanjuti\s+Terlambat/);
    expect(text.indexOf('Gorong-gorong tersumbat')).toBeLessThan(text.indexOf('Jalan amblas di Jl. Cihampelas'));
    expect(queue.body).toContain(`href="/staf/lapor/laporan/${mine}"`);

    const other = await officer.get(`/staf/lapor/laporan/${theirs}`);
    expect(other.statusCode).toBe(403);
    expect(textOf(other.body)).toContain('Laporan ini ditangani unit kerja lain');
    expect(other.body).not.toContain('Lampu jalan mati di Jl. Riau');
    const answer = await officer.post(`/staf/lapor/laporan/${mine}`, `/staf/lapor/laporan/${theirs}/jawab`, {
      jawaban: 'Lampu sudah kami ganti dengan yang baru.',
    });
    expect(answer.statusCode).toBe(403);
    expect((await api.row(theirs)).status).toBe('disposed');
    expect((await officer.get('/staf/lapor/laporan/LPR-0000-0000')).statusCode).toBe(404);
  });

  it('never sees an anonymous reporter, while the admin does', async () => {
    const trackingId = await disposed({ anonim: true, title: 'Pungutan liar di loket' });
    const page = await (await staff(DSDABM)).get(`/staf/lapor/laporan/${trackingId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toMatch(/Pelapor\s+Anonim/);
    for (const trace of REPORTER_TRACES) expect(page.body).not.toContain(trace);
    const adminPage = await (await staff(ADMIN)).get(`/staf/lapor/laporan/${trackingId}`);
    expect(textOf(adminPage.body)).toContain('Siti Rahmawati');
    expect(textOf(adminPage.body)).toContain('anonim bagi publik dan unit kerja');
  });
});

describe('handling a report in the console', () => {
  it('the admin verifies and disposes it, the unit answers, and the timeline shows both', async () => {
    const { trackingId } = await submit({ title: 'Trotoar rusak di Jl. Braga' });
    const path = `/staf/lapor/laporan/${trackingId}`;
    const verifier = await staff(ADMIN);
    const queue = textOf((await verifier.get('/staf/lapor/')).body);
    expect(queue).toContain('Trotoar rusak di Jl. Braga');
    const disposedRes = await verifier.post(path, `${path}/disposisi`, { unit: 'dsdabm', catatan: 'Mohon dicek.' });
    expect(disposedRes.statusCode, disposedRes.body).toBe(303);
    expect(disposedRes.headers.location).toBe(`${path}?selesai=disposisi`);
    expect(await api.row(trackingId)).toMatchObject({ status: 'disposed', unit: 'dsdabm' });

    const officer = await staff(DSDABM);
    const tooShort = await officer.post(path, `${path}/jawab`, { jawaban: 'Sudah.' });
    expect(tooShort.statusCode).toBe(422);
    expect(textOf(tooShort.body)).toContain('Jawaban minimal 10 karakter.');
    expect((await api.row(trackingId)).status).toBe('disposed');
    const answered = await officer.post(path, `${path}/jawab`, {
      jawaban: 'Trotoar sudah diperbaiki oleh tim lapangan pada hari Senin.',
    });
    expect(answered.statusCode, answered.body).toBe(303);
    expect(await api.row(trackingId)).toMatchObject({
      status: 'followed-up',
      resolution: 'Trotoar sudah diperbaiki oleh tim lapangan pada hari Senin.',
    });
    const after = textOf((await officer.get(`${path}?selesai=jawab`)).body);
    expect(after).toContain('Jawaban (tindak lanjut) sudah dikirim ke pelapor.');
    expect(after).toMatch(/Diteruskan ke unit kerja \(disposisi\)[\s\S]*Tindak lanjut disampaikan/);
  });

  it('a form without the session’s CSRF token changes nothing', async () => {
    const { trackingId } = await submit({ title: 'Saluran air meluap' });
    const path = `/staf/lapor/laporan/${trackingId}`;
    const res = await (await staff(ADMIN)).post(path, `${path}/disposisi`, { unit: 'dsdabm' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('Formulir kedaluwarsa');
    expect((await api.row(trackingId)).status).toBe('submitted');
  });

  it('an auditor reads the region but has no forms, and cannot dispose', async () => {
    const { trackingId } = await submit({ title: 'Pohon tumbang menutup jalan' });
    const path = `/staf/lapor/laporan/${trackingId}`;
    const auditor = await staff(AUDITOR);
    const page = await auditor.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/disposisi"');
    const res = await auditor.post(path, `${path}/disposisi`, { unit: 'dsdabm' });
    expect(res.statusCode).toBe(403);
    expect((await api.row(trackingId)).status).toBe('submitted');
  });
});
