/**
 * The staff console's review pages (/staf/anggaran/) with a staff session: TAPD reads the ranked
 * candidates and the anomalies as the JSON review API has them, cuts or keeps through the form (once,
 * with the session's CSRF token), and the public savings page shows the cut; auditors and admins read
 * only; an officer is refused.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRupiah } from '@sinergi/contracts';
import type { Principal } from '@sinergi/service-kit';
import { ROAD, YEAR, type H } from './fixtures.js';
import { BANDUNG, OFFICE, plantRegions, startReview } from './review-fixtures.js';

let h: H;
const PAGE = `/staf/anggaran/${YEAR}/`;
const DECIDE = `/staf/anggaran/${YEAR}/keputusan`;
const who = (sub: string, roles: Principal['roles'], unit?: string): Principal => ({
  sub,
  tenant: BANDUNG,
  roles,
  unit,
});
const TAPD = who('tapd-1', ['tapd']);
const AUDITOR = who('auditor-1', ['auditor']);
const OFFICER = who('petugas-dinkes', ['officer'], 'dinkes');

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const textOf = (body: string) =>
  body
    .replace(/<style>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  h = await startReview();
  await plantRegions(h);
}, 120_000);
afterAll(async () => h?.stop());

/** A staff member with a session cookie, as a browser holds it after sign-in. */
async function staff(principal: Principal) {
  const cookie = `sinergi_staf=${await h.ctx.staffSessions.issue(principal)}`;
  const get = (url: string) => h.inject({ method: 'GET', url, headers: { cookie } });
  return {
    get,
    async post(fields: Record<string, string>, o: { csrf?: boolean } = {}) {
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(PAGE)).body)?.[1];
      const payload = new URLSearchParams({ ...fields, ...(o.csrf === false || !csrf ? {} : { _csrf: csrf }) });
      return h.inject({ method: 'POST', url: DECIDE, headers: { ...FORM, cookie }, payload: payload.toString() });
    },
  };
}

const decisions = async (unit: string, code: string) =>
  (
    await sql<{ decision: string; reason: string | null }>`
      select d.decision, d.reason from review_decision d join sub_activity s on s.id = d.sub_activity_id
      where d.unit = ${unit} and s.code = ${code}`.execute(h.db)
  ).rows;

interface Candidate {
  unit: string;
  name: string;
  subActivity: string;
  scoreText: string;
  reasons: string[];
}

describe('TAPD', () => {
  it('sees the candidates in the JSON ranking with score and reasons, and the anomalies with reasons', async () => {
    const json = await h.inject({ url: `/v1/review/candidates?year=${YEAR}`, headers: await h.as.tapd() });
    const ranked = json.json().candidates as Candidate[];
    expect(ranked.length).toBeGreaterThan(1);
    const page = await (await staff(TAPD)).get(PAGE);
    expect(page.statusCode, page.body).toBe(200);
    const text = textOf(page.body);
    let at = -1;
    for (const [i, c] of ranked.entries()) {
      const here = text.indexOf(`${i + 1}. ${c.name}`, at + 1);
      expect(here, `${c.unit} ${c.subActivity} in rank ${i + 1}`).toBeGreaterThan(at);
      at = here;
      expect(text).toContain(`Skor kandidat: ${c.scoreText}`);
      for (const r of c.reasons) expect(text).toContain(r);
    }
    const anomalies = await h.inject({ url: `/v1/review/anomalies?year=${YEAR}`, headers: await h.as.tapd() });
    const flagged = anomalies.json().flagged as { anomalies: { reason: string }[] }[];
    expect(flagged.length).toBeGreaterThan(0);
    for (const l of flagged) for (const a of l.anomalies) expect(text).toContain(textOf(a.reason));
    expect(text).toContain('Kritis');
    expect(text).not.toMatch(/critical|quantity_out_of_proportion|costPerOutput|submitted/);
    expect(page.body).toContain(`href="/anggaran/${YEAR}/penghematan"`);
  });

  it('cuts through the form once; the savings page shows it; a second cut is refused in Indonesian', async () => {
    const reason = 'Perjalanan dinas tidak terkait RPJMD';
    const tapd = await staff(TAPD);
    const bare = await tapd.post({ unit: 'dinkes', kode: ROAD, keputusan: 'potong' });
    expect(bare.statusCode).toBe(422);
    expect(textOf(bare.body)).toContain('Tulis alasan memotong sub kegiatan ini.');
    expect(await decisions('dinkes', ROAD)).toEqual([]);

    const cut = await tapd.post({ unit: 'dinkes', kode: ROAD, keputusan: 'potong', 'alasan-1': reason });
    expect(cut.statusCode, cut.body).toBe(303);
    expect(cut.headers.location).toBe(`${PAGE}?selesai=potong`);
    expect(await decisions('dinkes', ROAD)).toEqual([{ decision: 'cut', reason }]);
    const after = textOf((await tapd.get(String(cut.headers.location))).body);
    expect(after).toContain('Sub kegiatan sudah dipotong');

    const again = await tapd.post({ unit: 'dinkes', kode: ROAD, keputusan: 'potong', alasan: 'lagi' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('pemotongan tidak dapat dibatalkan');
    expect(await decisions('dinkes', ROAD)).toHaveLength(1);

    const saved = (await h.inject({ url: `/v1/public/budgets/${YEAR}/savings?tenant=${BANDUNG}` })).json();
    expect(BigInt(saved.saved)).toBeGreaterThan(0n);
    const savings = textOf(
      (await h.inject({ url: `/anggaran/${YEAR}/penghematan?tenant=${BANDUNG}`, headers: { accept: 'text/html' } }))
        .body,
    );
    expect(savings).toContain(reason);
    expect(savings).toContain(textOf(formatRupiah(BigInt(saved.saved))));
  });

  it('changes nothing when the form has no CSRF token', async () => {
    const res = await (
      await staff(TAPD)
    ).post({ unit: 'disdik', kode: OFFICE, keputusan: 'pertahankan' }, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(textOf(res.body)).toContain('Formulir kedaluwarsa');
    expect(await decisions('disdik', OFFICE)).toEqual([]);
  });
});

describe('choosing a year', () => {
  it('sends a chosen year to its review, and an unopened year gets an Indonesian page', async () => {
    const tapd = await staff(TAPD);
    expect(textOf((await tapd.get('/staf/anggaran/')).body)).toContain('Tahun anggaran');
    const chosen = await tapd.get(`/staf/anggaran/?tahun=${YEAR}`);
    expect([chosen.statusCode, chosen.headers.location]).toEqual([303, PAGE]);
    const unopened = await tapd.get('/staf/anggaran/2099/');
    expect(unopened.statusCode).toBe(404);
    expect(textOf(unopened.body)).toContain('Tahun anggaran belum dibuka');
  });
});

describe('other staff', () => {
  it('an auditor reads the review without forms and cannot cut', async () => {
    const auditor = await staff(AUDITOR);
    const page = await auditor.get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`action="${DECIDE}"`);
    expect(textOf(page.body)).toContain('keputusan memotong atau mempertahankan diambil TAPD');
    const res = await auditor.post({ unit: 'disdik', kode: OFFICE, keputusan: 'potong', alasan: 'coba' });
    expect(res.statusCode).toBe(403);
    expect(await decisions('disdik', OFFICE)).toEqual([]);
  });

  it('an officer is refused', async () => {
    const officer = await staff(OFFICER);
    const page = await officer.get(PAGE);
    expect(page.statusCode).toBe(403);
    expect(textOf(page.body)).toContain('Akses ditolak');
    const res = await officer.post({ unit: 'dinkes', kode: OFFICE, keputusan: 'potong', alasan: 'coba' });
    expect(res.statusCode).toBe(403);
    expect(await decisions('dinkes', OFFICE)).toEqual([]);
  });
});
