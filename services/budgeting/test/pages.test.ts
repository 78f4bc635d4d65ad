/**
 * The citizen pages under /anggaran/: the approved budget per unit, a unit's programs and lines in
 * rupiah written the Indonesian way, the savings of the review, the flags TAPD answered, and the flag
 * form posted without JavaScript (e-mail code through a local mail relay, a real HTTP server here).
 * Planted markup is escaped; no page carries the citizen's e-mail or NIK; every refusal is Indonesian.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';
import { addLine, addSub, asphalt, openUnit, seedReference, YEAR, type H } from './fixtures.js';
import { LLAJ, move } from './realization-setup.js';
import { travelLine } from './review-fixtures.js';

let h: H;
let relay: Server;
const mails: { to: string; text: string }[] = [];
const EMAIL = 'pemeriksa.anggaran@example.org';
const NIK = '3273011501900001';
const SCRIPT = '<script>alert("x")</script>';
const CUT_REASON = 'Perjalanan dinas dipangkas sesuai Inpres 1/2025';
const lines = { asphalt: '', pens: '' };

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
/** Developer English, codes or ISO/UTC times that must never reach a citizen's page. */
const ENGLISH =
  /\b(the|error|invalid|not found|request|token|flag|status|undefined|null|UTC|problem)\b|\b[a-z]+_[a-z]+\b|\d{4}-\d\d-\d\dT\d/i;
const visibleText = (body: string) =>
  body
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

const get = (url: string, headers: Record<string, string> = {}) =>
  h.inject({ method: 'GET', url, headers: { ...BROWSER, ...headers } });
const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  h.inject({
    method: 'POST',
    url,
    headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: new URLSearchParams(fields).toString(),
  });

/** Every page this file saw, to look for the e-mail and the NIK at the end. */
const seen: string[] = [];
const keep = <T extends { body: string }>(res: T) => (seen.push(res.body), res);

beforeAll(async () => {
  relay = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d)).on('end', () => (mails.push(JSON.parse(body)), res.writeHead(202).end()));
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  h = await createServiceHarness(budgeting, {
    env: {
      DEFAULT_TENANT: '32.73',
      SCRUTINY_HMAC_KEY: 'a-test-key-of-at-least-thirty-two-characters',
      MAIL_HTTP_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/mail`,
    },
  });
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '50000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  expect((await addSub(h, 'dishub', { code: LLAJ, pagu: '50000000', planningSource: 'none' })).statusCode).toBe(201);
  const line = async (unit: string, body: Record<string, unknown>) => {
    const res = await addLine(h, unit, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  lines.asphalt = await line('dsdabm', asphalt({ specification: `AC-WC 5 cm ${SCRIPT}` }));
  lines.pens = await line(
    'dsdabm',
    asphalt({
      account: '5.1.02.01.01.0024',
      catalogueItem: '1.1.12.01.01.0001',
      factors: [{ quantity: '100', unit: 'buah' }],
      unitPrice: '3500',
      taxPercent: '0',
    }),
  );
  await line('dishub', { ...travelLine, subActivity: LLAJ });
  const tapd = await h.as.tapd();
  for (const unit of ['dsdabm', 'dishub'])
    expect((await move(h, unit, 'submit', await h.as.head(unit))).statusCode).toBe(200);
  const cut = await h.inject({
    method: 'PUT',
    url: `/v1/budgets/${YEAR}/units/dishub/sub-activities/${LLAJ}/decision`,
    headers: tapd,
    payload: { decision: 'cut', reason: `${CUT_REASON} ${SCRIPT}` },
  });
  expect(cut.statusCode, cut.body).toBe(200);
  expect((await move(h, 'dsdabm', 'approve', tapd)).statusCode).toBe(200);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  relay?.close();
});

describe('the approved budget', () => {
  it('per unit, with rupiah written the Indonesian way; only approved units appear', async () => {
    const res = keep(await get(`/anggaran/${YEAR}`));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const text = visibleText(res.body);
    expect(text).toContain('Anggaran tahun 2026');
    // 1,200 m2 x Rp 185,000 + 11% = Rp 246,420,000; plus 100 ballpoints = Rp 350,000
    expect(text).toContain('Rp 246.770.000');
    expect(res.body).toContain(`href="/anggaran/${YEAR}/unit/dsdabm"`);
    // dishub is under review (and cut): not published
    expect(res.body).not.toContain('/unit/dishub');
    expect(text).not.toMatch(ENGLISH);
    // the newest year at /anggaran/
    expect(visibleText((await get('/anggaran/')).body)).toContain('Rp 246.770.000');
  });

  it('a unit: its programs, sub-activities and lines, planted markup escaped, each line with a flag link', async () => {
    const res = keep(await get(`/anggaran/${YEAR}/unit/dsdabm`));
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Rp 246.420.000');
    expect(text).toContain('1.200 m2 × Rp 185.000 + pajak 11%');
    expect(text).toContain('Rp 350.000');
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(res.body).toContain(`href="/anggaran/${YEAR}/baris/${lines.asphalt}/tandai"`);
    expect(text).not.toMatch(ENGLISH);
  });

  it('the savings: activities cut, rupiah saved per unit and the reason, escaped', async () => {
    const res = keep(await get(`/anggaran/${YEAR}/penghematan`));
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    // 20 people x 3 days x Rp 430,000
    expect(text).toContain('1 sub kegiatan dihapus, Rp 25.800.000 dihemat');
    expect(text).toContain('Dinas Perhubungan');
    expect(text).toContain(CUT_REASON);
    expect(res.body).not.toContain('<script>');
    expect(text).not.toMatch(ENGLISH);
  });

  it('unknown year, unit, line or address: Indonesian pages with the right status', async () => {
    const cases: [string, number, string][] = [
      ['/anggaran/2031', 404, 'Tahun anggaran tidak ditemukan'],
      ['/anggaran/20x6', 400, 'Alamat tidak dikenal'],
      [`/anggaran/${YEAR}/unit/tidak-ada`, 404, 'Perangkat daerah tidak ditemukan'],
      [`/anggaran/${YEAR}/unit/dishub`, 404, 'Baris anggaran tidak ditemukan'],
      [`/anggaran/${YEAR}/baris/00000000-0000-4000-8000-000000000000/tandai`, 404, 'Baris anggaran tidak ditemukan'],
      ['/anggaran/tidak/ada/sama/sekali', 404, 'Halaman tidak ditemukan'],
    ];
    for (const [url, status, title] of cases) {
      const res = await get(url);
      expect([url, res.statusCode]).toEqual([url, status]);
      expect(res.headers['content-type']).toContain('text/html');
      const text = visibleText(res.body);
      expect(text).toContain(title);
      expect([url, text.match(ENGLISH)?.[0]]).toEqual([url, undefined]);
    }
  });
});

describe('flagging a line without JavaScript', () => {
  const at = (id: string, step = 'tandai') => `/anggaran/${YEAR}/baris/${id}/${step}`;
  let cookie = '';

  it('a bad form comes back with the fields marked and plain Indonesian, nothing sent', async () => {
    const page = keep(await get(at(lines.pens)));
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Tandai baris anggaran');
    const res = keep(await post(at(lines.pens), { alasan: 'mahal', email: 'bukan-email', nik: '12345' }));
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Mohon periksa kembali isian Anda');
    for (const field of ['alasan', 'email', 'nik']) {
      expect(res.body).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      expect(res.body).toContain(`href="#${field}"`);
    }
    const text = visibleText(res.body);
    expect(text).toContain('Alasan terlalu pendek');
    expect(text).toContain('Alamat e-mail belum benar');
    expect(text).toContain('NIK belum benar');
    expect(text).not.toMatch(ENGLISH);
    expect(mails).toHaveLength(0);
  });

  it('e-mail, code, flag: the citizen is told what to do next, the code goes by e-mail, a wrong code is marked', async () => {
    const asked = keep(
      await post(at(lines.asphalt), {
        alasan: `Harga aspal per m2 terlalu tinggi ${SCRIPT}`,
        email: EMAIL,
        nik: NIK,
      }),
    );
    expect(asked.statusCode, asked.body).toBe(200);
    expect(visibleText(asked.body)).toContain('Kami sudah mengirim kode 6 angka ke alamat e-mail yang Anda tulis');
    expect(mails.at(-1)!.to).toBe(EMAIL);
    const code = /Kode verifikasi Anda: (\d{6})/.exec(mails.at(-1)!.text)![1]!;
    const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(asked.body)![1]!;
    const fields = { verifikasi: hidden('verifikasi'), alasan: hidden('alasan').replaceAll('&lt;', '<') };
    fields.alasan = fields.alasan.replaceAll('&gt;', '>').replaceAll('&quot;', '"');

    const wrong = keep(
      await post(at(lines.asphalt, 'kode'), { ...fields, kode: code === '000000' ? '111111' : '000000' }),
    );
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toMatch(/id="kode"[^>]*aria-invalid="true"/);
    expect(visibleText(wrong.body)).toContain('Kode salah atau sudah tidak berlaku');
    expect(visibleText(wrong.body)).not.toMatch(ENGLISH);

    const done = keep(await post(at(lines.asphalt, 'kode'), { ...fields, kode: code }));
    expect(done.statusCode, done.body).toBe(200);
    expect(visibleText(done.body)).toContain('Terima kasih, tanda Anda sudah kami terima');
    const set = String(done.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    cookie = set.split(';')[0]!;
    const stored = await sql<{ n: number }>`select count(*)::int as n from citizen_flag`.execute(h.db);
    expect(stored.rows[0]!.n).toBe(1);
  });

  it('with the verified e-mail a second line needs no code; the same line twice is refused in Indonesian', async () => {
    const before = mails.length;
    const form = keep(await get(at(lines.pens), { cookie }));
    expect(form.body).not.toContain('name="email"');
    const second = keep(
      await post(at(lines.pens), { alasan: 'Seratus pulpen untuk satu seksi terlalu banyak' }, { cookie }),
    );
    expect(second.statusCode, second.body).toBe(200);
    expect(visibleText(second.body)).toContain('tanda Anda sudah kami terima');
    expect(mails.length).toBe(before);
    const again = keep(
      await post(at(lines.pens), { alasan: 'Seratus pulpen untuk satu seksi terlalu banyak' }, { cookie }),
    );
    expect(again.statusCode).toBe(409);
    expect(visibleText(again.body)).toContain('Baris ini sudah Anda tandai');
  });

  it('the answered flags are public with TAPD’s answer, escaped; pending ones are not', async () => {
    const review = await h.inject({ method: 'GET', url: `/v1/review/flags?year=${YEAR}`, headers: await h.as.tapd() });
    const flag = (review.json() as { flags: { id: string; lineItemId: string }[] }).flags.find(
      (f) => f.lineItemId === lines.asphalt,
    )!;
    const answer = 'Harga sesuai HSPK 2026; volume diperiksa ulang di lapangan.';
    const moderated = await h.inject({
      method: 'PUT',
      url: `/v1/review/flags/${flag.id}`,
      headers: await h.as.tapd(),
      payload: { status: 'rejected', answer },
    });
    expect(moderated.statusCode, moderated.body).toBe(200);
    const res = keep(await get(`/anggaran/${YEAR}/temuan`));
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain(answer);
    expect(text).toContain('Harga aspal per m2 terlalu tinggi');
    expect(text).toContain('Tidak diterima');
    expect(text).not.toContain('Seratus pulpen');
    expect(res.body).not.toContain('<script>');
    expect(text).not.toMatch(ENGLISH);
  });

  it('no page carries the e-mail or the NIK; neither is stored in the clear', async () => {
    expect(seen.length).toBeGreaterThan(8);
    for (const body of seen) {
      expect(body.toLowerCase()).not.toContain(EMAIL);
      expect(body).not.toContain(NIK);
    }
    const rows = await sql<{ row: string }>`
      select row_to_json(t)::text as row from (select * from scrutiny_code) t
      union all select row_to_json(t)::text from (select * from citizen_flag) t`.execute(h.db);
    for (const r of rows.rows) {
      expect(r.row.toLowerCase()).not.toContain('pemeriksa.anggaran');
      expect(r.row).not.toContain(NIK);
    }
  });
});

describe('a region that has not opened scrutiny', () => {
  let closed: H;
  beforeAll(async () => {
    closed = await createServiceHarness(budgeting, { env: { DEFAULT_TENANT: '32.73' } });
  }, 60_000);
  afterAll(async () => {
    await closed?.stop();
  });

  it('without any year opened, /anggaran/ says so in Indonesian', async () => {
    const res = await closed.inject({ method: 'GET', url: '/anggaran/', headers: BROWSER });
    expect(res.statusCode).toBe(200);
    const text = visibleText(res.body);
    expect(text).toContain('Belum ada tahun anggaran yang dibuka di daerah ini');
    expect(text).not.toMatch(ENGLISH);
  });

  it('gets a friendly Indonesian page instead of the form', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await closed.inject({
        method,
        url: `/anggaran/${YEAR}/baris/00000000-0000-4000-8000-000000000000/tandai`,
        headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded' },
        payload: method === 'POST' ? 'alasan=harga+terlalu+mahal&email=a%40b.id' : undefined,
      });
      expect(res.statusCode).toBe(404);
      const text = visibleText(res.body);
      expect(text).toContain('Penandaan oleh warga belum dibuka');
      expect(text).not.toMatch(ENGLISH);
    }
  });
});
