/**
 * The staff console's licensing pages (/staf/izin/) with a staff session: officers see and act on
 * their own unit's applications only, the queue puts what is past or near its deadline first, the
 * forms go through the same use cases as the JSON staff API (state and event together, once), and
 * every form needs the session's CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Principal } from '@sinergi/service-kit';
import { api, FILES, startLicensing, type Harness } from '../fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;

const DPMPTSP: Principal = { sub: 'petugas-dpmptsp', tenant: '32.73', roles: ['officer'], unit: 'dpmptsp' };
const DINKES: Principal = { sub: 'petugas-dinkes', tenant: '32.73', roles: ['officer'], unit: 'dinkes' };
const AUDITOR: Principal = { sub: 'auditor-1', tenant: '32.73', roles: ['auditor'], unit: undefined };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can count the events each form wrote
  await c.service.relay.stop();
  a = api(c);
});
afterAll(async () => c?.stop());

/** The page's words, tags dropped. */
const words = (body: string) =>
  body
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

/** A staff member with a session cookie, as a browser holds it after sign-in. */
async function staff(principal: Principal) {
  const cookie = `sinergi_staf=${await c.ctx.staffSessions.issue(principal)}`;
  const get = (url: string) => c.app.inject({ method: 'GET', url, headers: { cookie } });
  return {
    get,
    /** Posts a form with the CSRF token of the page it is on (or none). */
    async post(page: string, url: string, fields: Record<string, string>, o: { csrf?: boolean } = {}) {
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(page)).body)?.[1];
      const payload = new URLSearchParams({ ...fields, ...(o.csrf === false || !csrf ? {} : { _csrf: csrf }) });
      return c.app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: payload.toString() });
    },
  };
}

const pathOf = (reg: string) => `/staf/izin/permohonan/${reg}`;

describe('without a session', () => {
  it('the console sends a browser to sign-in and back to the page it asked for', async () => {
    const res = await c.app.inject({ url: '/staf/izin/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/staf/izin/masuk?kembali=%2Fstaf%2Fizin%2F');
  });
});

describe('the queue', () => {
  it('shows the unit’s own applications only, past and near deadlines first, with the local last day', async () => {
    const later = await a.submitted('reklame');
    const late = await a.submitted('reklame');
    const soon = await a.submitted('reklame');
    const theirs = await a.submitted('sip-dokter');
    // time cannot be moved through the API: deadlines are set with the owner connection
    await sql`update application set completeness_due = now() - interval '1 day' where registration_number = ${late.registrationNumber}`.execute(
      c.db,
    );
    await sql`update application set completeness_due = now() + interval '1 day' where registration_number = ${soon.registrationNumber}`.execute(
      c.db,
    );
    await sql`update application set completeness_due = '2099-03-10T17:00:00Z' where registration_number = ${later.registrationNumber}`.execute(
      c.db,
    );
    const officer = await staff(DPMPTSP);
    const queue = await officer.get('/staf/izin/');
    expect(queue.statusCode).toBe(200);
    const text = words(queue.body);
    expect(text).toContain('Permohonan izin untuk');
    expect(text).not.toContain(theirs.registrationNumber);
    const at = (reg: string) => text.indexOf(reg);
    for (const reg of [later, late, soon].map((x) => x.registrationNumber)) expect(at(reg)).toBeGreaterThan(-1);
    expect(at(late.registrationNumber)).toBeLessThan(at(soon.registrationNumber));
    expect(at(soon.registrationNumber)).toBeLessThan(at(later.registrationNumber));
    expect(text).toMatch(new RegExp(`${late.registrationNumber} .*?Lewat batas waktu`));
    expect(text).toMatch(new RegExp(`${soon.registrationNumber} .*?Segera jatuh tempo`));
    // ends at local midnight of 11 March (WIB, UTC+7): the last day is 10 March
    expect(text).toContain('Batas pemeriksaan kelengkapan: paling lambat 10 Maret 2099 (WIB)');

    const other = await officer.get(pathOf(theirs.registrationNumber));
    expect(other.statusCode).toBe(403);
    expect(words(other.body)).toContain('Permohonan ini ditangani unit kerja lain');
    const tried = await officer.post(
      pathOf(later.registrationNumber),
      `${pathOf(theirs.registrationNumber)}/lengkap`,
      {},
    );
    expect(tried.statusCode).toBe(403);
    expect((await a.row(theirs.registrationNumber)).status).toBe('submitted');
    expect((await a.events(theirs.registrationNumber)).map((e) => e.type)).not.toContainEqual(
      expect.stringContaining('completed'),
    );
    // the other unit's officer sees it
    expect(words((await (await staff(DINKES)).get('/staf/izin/')).body)).toContain(theirs.registrationNumber);
  });
});

describe('handling an application in the console', () => {
  it('declares the file complete through the form: the status changes and the event is written once', async () => {
    const app = await a.submitted('reklame');
    const reg = app.registrationNumber;
    const officer = await staff(DPMPTSP);
    const page = await officer.get(pathOf(reg));
    expect(page.statusCode).toBe(200);
    const doc = /href="(\/staf\/izin\/permohonan\/[^"]+\/dokumen\/[^"]+)"/.exec(page.body)?.[1];
    expect(doc).toBeDefined();
    const file = await officer.get(doc!);
    expect(file.statusCode).toBe(200);
    expect(Object.values(FILES.reklame!).some((f) => f.equals(file.rawPayload))).toBe(true);

    const res = await officer.post(pathOf(reg), `${pathOf(reg)}/lengkap`, { catatan: 'Berkas sudah lengkap.' });
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${pathOf(reg)}?selesai=lengkap`);
    expect((await a.row(reg)).status).toBe('complete');
    const completed = (await a.events(reg)).filter((e) => e.type.includes('.completed.'));
    expect(completed).toHaveLength(1);
    const after = words((await officer.get(`${pathOf(reg)}?selesai=lengkap`)).body);
    expect(after).toContain('Berkas dinyatakan lengkap; batas waktu keputusan mulai berjalan.');
    expect(after).toMatch(/Batas waktu keputusan paling lambat \d+ \w+ \d{4} \(WIB\)/);
    // the same form again: the step is no longer possible, in staff words, and nothing is written twice
    const again = await officer.post(pathOf(reg), `${pathOf(reg)}/lengkap`, {});
    expect(again.statusCode).toBe(409);
    expect(words(again.body)).toContain('Keadaan permohonan sudah berubah');
    expect((await a.events(reg)).filter((e) => e.type.includes('.completed.'))).toHaveLength(1);
  });

  it('returns a file with the items named, and rejects with reasons; bad input is answered in Indonesian', async () => {
    const ret = await a.submitted('reklame');
    const officer = await staff(DPMPTSP);
    const p = pathOf(ret.registrationNumber);
    const empty = await officer.post(p, `${p}/kembalikan`, {});
    expect(empty.statusCode).toBe(422);
    expect(words(empty.body)).toContain('Isi alasan pada sedikitnya satu persyaratan.');
    expect((await a.row(ret.registrationNumber)).status).toBe('submitted');
    const returned = await officer.post(p, `${p}/kembalikan`, { 'alasan-ktp': 'Foto KTP buram, unggah ulang.' });
    expect(returned.statusCode, returned.body).toBe(303);
    expect((await a.row(ret.registrationNumber)).status).toBe('returned');

    const rej = await a.submitted('reklame');
    const q = pathOf(rej.registrationNumber);
    const noReason = await officer.post(q, `${q}/tolak`, { alasan_tolak: ' ' });
    expect(noReason.statusCode).toBe(422);
    expect(words(noReason.body)).toContain('Tulis alasan penolakan');
    const rejected = await officer.post(q, `${q}/tolak`, {
      alasan_tolak: 'Lokasi reklame di zona terlarang.\nUkuran melebihi batas.',
    });
    expect(rejected.statusCode, rejected.body).toBe(303);
    expect(await a.row(rej.registrationNumber)).toMatchObject({ status: 'rejected' });
    expect((await a.events(rej.registrationNumber)).filter((e) => e.type.includes('.decided.'))).toHaveLength(1);
    expect(words((await officer.get(q)).body)).toContain('Ukuran melebihi batas.');
  });

  it('decides an objection from the console: upheld with reasons, written once', async () => {
    const app = await a.submitted('reklame');
    const reg = app.registrationNumber;
    const officer = await staff(DPMPTSP);
    const p = pathOf(reg);
    expect((await officer.post(p, `${p}/tolak`, { alasan_tolak: 'Lokasi berada di zona merah.' })).statusCode).toBe(
      303,
    );
    const objected = await c.app.inject({
      method: 'POST',
      url: `/v1/applications/${reg}/objection`,
      headers: { 'x-application-secret': app.secret },
      payload: { reasons: ['Lokasi saya berada di zona kuning menurut peta terbaru.'] },
    });
    expect(objected.statusCode, objected.body).toBe(200);
    const page = words((await officer.get(p)).body);
    expect(page).toContain('Lokasi saya berada di zona kuning menurut peta terbaru.');
    expect(page).toContain('Batas keputusan atas keberatan paling lambat');
    const upheld = await officer.post(p, `${p}/keberatan-tolak`, { alasan_tolak: 'Peta zona terbaru tetap merah.' });
    expect(upheld.statusCode, upheld.body).toBe(303);
    expect((await a.row(reg)).status).toBe('rejected');
    const decided = (await a.events(reg)).filter((e) => e.type.includes('.objection-decided.'));
    expect(decided.map((e) => e.event.data.outcome)).toEqual(['upheld']);
  });

  it('a form without the session’s CSRF token changes nothing', async () => {
    const app = await a.submitted('reklame');
    const p = pathOf(app.registrationNumber);
    const res = await (await staff(DPMPTSP)).post(p, `${p}/lengkap`, {}, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(words(res.body)).toContain('Formulir kedaluwarsa');
    expect((await a.row(app.registrationNumber)).status).toBe('submitted');
    expect((await a.events(app.registrationNumber)).filter((e) => e.type.includes('.completed.'))).toHaveLength(0);
  });

  it('an auditor reads the application but gets no forms or files, and cannot act', async () => {
    const app = await a.submitted('reklame');
    const p = pathOf(app.registrationNumber);
    const auditor = await staff(AUDITOR);
    const page = await auditor.get(p);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/lengkap"');
    expect(page.body).not.toContain('/dokumen/');
    expect((await auditor.post(p, `${p}/lengkap`, {})).statusCode).toBe(403);
    expect((await a.row(app.registrationNumber)).status).toBe('submitted');
  });
});
