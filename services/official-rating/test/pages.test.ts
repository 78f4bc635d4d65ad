/**
 * What a citizen's browser gets from official-rating: the rating form naming what is rated, every
 * refusal as an Indonesian page (JSON clients keep problem+json), missing answers marked, and the
 * public IKM pages under /nilai/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterToken, rate, startRating, waitFor, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
/** Words of developer English or problem codes that must never reach a citizen's page. */
const ENGLISH =
  /\b(the|link|token|rating|expired|already|region|not found|error|invalid|request|unit_|token_|problem)\b/i;
const visibleText = (body: string) =>
  body
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

const post = (fields: Record<string, string>) =>
  h.inject({
    method: 'POST',
    url: '/r',
    headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

describe('the rating form names what is rated', () => {
  it('shows the unit and service by name and the counter visit by its ticket, never the codes', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el', reference: 'B-017' });
    const res = await h.inject({ method: 'GET', url: `/r?token=${t.token}`, headers: BROWSER });
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Dinas Kependudukan dan Pencatatan Sipil');
    expect(text).toContain('KTP elektronik');
    expect(text).toContain('Kunjungan ke loket, nomor B-017');
    expect(text).not.toMatch(/disdukcapil|ktp-el/);
    expect(res.body).toContain('<html lang="id"');
  });

  it('a form with unanswered questions comes back with answers kept and the missing ones marked', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const res = await post({ token: t.token, a1: '4', a2: '3', a4: '2', comment: 'Antrean <panjang>' });
    expect(res.statusCode).toBe(422);
    // the summary at the top links to each missing question
    expect(res.body).toMatch(/role="alert"[\s\S]*href="#a3"[\s\S]*href="#a9"/);
    expect(res.body).not.toContain('href="#a1"');
    expect(res.body).toContain('Pertanyaan 3 (Waktu penyelesaian) belum dijawab.');
    // the missing question's radios are marked, the answered ones are not, and kept
    expect(res.body).toMatch(/id="a3" name="a3" value="1" aria-invalid="true"/);
    expect(res.body).toMatch(/id="a1" name="a1" value="1">/);
    expect(res.body).toContain('name="a1" value="4" checked');
    expect(res.body).toContain('name="a4" value="2" checked');
    expect(res.body).toContain('Antrean &lt;panjang&gt;');
    expect(visibleText(res.body)).not.toMatch(ENGLISH);
  });
});

describe('every refusal is an Indonesian page for a browser, problem+json for an API client', () => {
  it('used, unknown, other region, malformed: Indonesian with what to do, no English or codes', async () => {
    const used = await counterToken(h, { unit: 'disdukcapil' });
    expect((await rate(h, { token: used.token, answers: [3, 3, 3, 3, 3, 3, 3, 3, 3] })).statusCode).toBe(201);
    const palu = await counterToken(h, { unit: 'dpupr' }, '72.71');
    const cases = [
      { url: `/r?token=${used.token}`, status: 409, title: 'Penilaian sudah dikirim' },
      { url: '/r?token=ABCDEFGHJKMNPQRSTVWXYZ0123456789', status: 404, title: 'Tautan tidak dikenal' },
      { url: `/r?token=${palu.token}&tenant=32.73`, status: 403, title: 'Tautan untuk daerah lain' },
      { url: '/r?token=ABC', status: 400, title: 'Tautan tidak lengkap' },
      { url: '/r?tenant=99.99&token=ABCDEFGHJKMNPQRSTVWXYZ0123456789', status: 404, title: 'Daerah tidak dikenal' },
    ];
    for (const c of cases) {
      const res = await h.inject({ method: 'GET', url: c.url, headers: BROWSER });
      expect([c.url, res.statusCode, res.headers['content-type']]).toEqual([
        c.url,
        c.status,
        'text/html; charset=utf-8',
      ]);
      const text = visibleText(res.body);
      expect(text).toContain(c.title);
      expect(text).not.toMatch(ENGLISH);
    }
  });

  it('an expired link says so in Indonesian (410)', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil' });
    await h.db
      .updateTable('invitation' as never)
      .set({ expires_at: new Date(Date.now() - 1000) } as never)
      .where('id' as never, '=', t.invitationId as never)
      .execute();
    const res = await h.inject({ method: 'GET', url: `/r?token=${t.token}`, headers: BROWSER });
    expect(res.statusCode).toBe(410);
    expect(visibleText(res.body)).toContain('Tautan sudah kedaluwarsa');
    expect(visibleText(res.body)).not.toMatch(ENGLISH);
  });

  it('too many tries is an Indonesian page too (429)', async () => {
    const limited = await startRating({ SUBMIT_RATE_PER_MINUTE: '1' });
    try {
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 4; i++) {
        const res = await limited.inject({
          method: 'GET',
          url: '/r?token=ABCDEFGHJKMNPQRSTVWXYZ0123456789',
          headers: BROWSER,
        });
        statuses.push(res.statusCode);
        last = res.body;
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      expect(visibleText(last)).toContain('Terlalu banyak percobaan');
      expect(visibleText(last)).not.toMatch(ENGLISH);
    } finally {
      await limited.stop();
    }
  });

  it('a client asking for JSON keeps problem+json with the stable code', async () => {
    const res = await h.inject({
      method: 'GET',
      url: '/r?token=ABCDEFGHJKMNPQRSTVWXYZ0123456789',
      headers: { accept: 'application/json' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('token_unknown');
  });
});

describe('the public IKM pages under /nilai/', () => {
  it('lists units with IKM, band and sample in words, and a unit page per service and element', async () => {
    for (let i = 0; i < 3; i++) {
      const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
      const res = await rate(h, { token: t.token, answers: [4, 4, 4, 4, 4, 4, 4, 4, 4], respondent: { sex: 'P' } });
      expect(res.statusCode).toBe(201);
    }
    const list = await waitFor(async () => {
      const res = await h.inject({ method: 'GET', url: '/nilai/', headers: BROWSER });
      return res.body.includes('Dinas Kependudukan dan Pencatatan Sipil') ? res : undefined;
    });
    expect(list.statusCode).toBe(200);
    const listText = visibleText(list.body);
    expect(listText).toContain('Indeks Kepuasan Masyarakat');
    expect(listText).toMatch(/IKM \d{2,3},\d{2} · mutu [AB] \((Sangat Baik|Baik)\)/);
    expect(listText).toMatch(/Belum mewakili: \d+ dari paling sedikit \d+ responden/);
    expect(list.body).toContain('href="unit/disdukcapil"');
    expect(listText).not.toMatch(ENGLISH);

    const unit = await h.inject({ method: 'GET', url: '/nilai/unit/disdukcapil', headers: BROWSER });
    expect(unit.statusCode).toBe(200);
    const text = visibleText(unit.body);
    expect(text).toContain('KTP elektronik');
    expect(text).toContain('Penanganan pengaduan, saran dan masukan');
    expect(text).toContain('Rencana tindak lanjut');
    expect(text).toContain('Profil responden');
    expect(text).not.toMatch(/ktp-el|disdukcapil/);
    expect(text).not.toMatch(ENGLISH);
  });

  it('an unknown unit is an Indonesian 404 page', async () => {
    const res = await h.inject({ method: 'GET', url: '/nilai/unit/tidak-ada', headers: BROWSER });
    expect(res.statusCode).toBe(404);
    expect(visibleText(res.body)).toContain('Unit kerja tidak ditemukan');
  });
});
