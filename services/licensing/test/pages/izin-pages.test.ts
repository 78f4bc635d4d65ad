/**
 * The citizen pages under /izin/: the catalogue and a page per permit type in plain Indonesian (fee
 * kind and how it is computed, service standard, validity, documents), and following an application
 * by number and secret through a posted form: status, clock, next step, payment, returned items,
 * rejection and objection window, the PDF and the verification link. Refusals are Indonesian pages;
 * what people typed is escaped; the secret never appears in a URL or a log line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startLicensing, type Created, type Harness, type Headers } from '../fixtures.js';
import { citizenPage } from './support.js';

let c: Harness;
let a: ReturnType<typeof api>;
let dpmptsp: Headers;
const logs: string[] = [];

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const get = (url: string) => c.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
const post = (url: string, fields: Record<string, string>) =>
  c.app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, accept: 'text/html' },
    payload: new URLSearchParams(fields).toString(),
  });
const track = (app: Created, secret = app.secret) =>
  post('/izin/lacak', { nomor: app.registrationNumber, kunci: secret });

beforeAll(async () => {
  c = await startLicensing({ LOG_LEVEL: 'trace' });
  a = api(c);
  dpmptsp = await c.as.officer('dpmptsp');
  const logger = c.ctx.logger as unknown as Record<symbol, { write(s: string): boolean }>;
  const streamSym = Object.getOwnPropertySymbols(logger).find((s) => s.description === 'pino.stream')!;
  logger[streamSym] = { write: (line: string) => logs.push(line) > 0 };
});
afterAll(async () => c?.stop());

describe('the catalogue', () => {
  it('lists the region’s active permit types with their fee and service standard, each linking to its page', async () => {
    const text = citizenPage(await get('/izin/'), 200);
    expect(text).toContain('Kota Bandung');
    expect(text).toContain('Izin Penyelenggaraan Reklame');
    expect(text).toContain('Surat Izin Praktik (SIP) Dokter');
    expect(text).toMatch(/Pajak Reklame · 7 hari kerja sejak berkas dinyatakan lengkap/);
    expect((await get('/izin/')).body).toContain('href="/izin/jenis/reklame"');
  });

  it('a permit type’s page says what the fee is in law, how it is computed, the days, validity and documents', async () => {
    const text = citizenPage(await get('/izin/jenis/reklame'), 200);
    expect(text).toContain('Pajak Reklame (pajak daerah), dihitung');
    expect(text).toContain('luas (m²) × jumlah sisi × tarif per m² per bulan menurut kelas jalan × lama (bulan)');
    expect(text).toContain('Paling sedikit Rp 100.000');
    expect(text).toMatch(/kolektor: 35\.000/);
    expect(text).toContain('7 hari kerja sejak berkas dinyatakan lengkap');
    expect(text).toContain('Masa berlaku 12 bulan sejak izin terbit');
    expect(text).toMatch(/Foto titik lokasi · berkas PNG atau JPG, paling besar 5 MB/);
    expect(text).toContain('Termasuk peninjauan lapangan');
    // a PKL stall holds as long as asked; a PBG does not expire
    expect(citizenPage(await get('/izin/jenis/lokasi-pkl'), 200)).toContain(
      'Masa berlaku Sesuai lama yang Anda minta, paling lama 12 bulan',
    );
    expect(citizenPage(await get('/izin/jenis/pbg'), 200)).toContain('Masa berlaku Tidak dibatasi waktu');
  });

  it('another region has its own catalogue, and a type that is not there is an Indonesian 404', async () => {
    const palu = citizenPage(await get('/izin/?tenant=72.71'), 200);
    expect(palu).not.toContain('Izin Penyelenggaraan Reklame');
    const missing = citizenPage(await get('/izin/jenis/tidak-ada'), 404);
    expect(missing).toContain('Jenis izin tidak ditemukan');
    expect(citizenPage(await get('/izin/tidak-ada/sama-sekali'), 404)).toContain('Halaman tidak ditemukan');
  });
});

describe('following an application', () => {
  it('the lookup form posts the number and secret: the secret is never in an address', async () => {
    const res = await get('/izin/lacak');
    citizenPage(res, 200);
    expect(res.body).toContain('<form method="post" action="/izin/lacak"');
    expect(res.body).toMatch(/name="kunci"/);
  });

  it('a submitted application shows its status, the clock as a local date in words and what happens next', async () => {
    const app = await a.submitted('lokasi-pkl');
    const res = await track(app);
    const text = citizenPage(res, 200);
    expect(res.headers.location).toBeUndefined();
    expect(text).toContain('Diajukan, menunggu pemeriksaan kelengkapan');
    expect(text).toMatch(
      /Batas pemeriksaan kelengkapan paling lambat \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}/,
    );
    expect(text).toContain('Petugas memeriksa kelengkapan berkas');
    expect(text).toContain(app.registrationNumber);
    expect(res.body).not.toContain(app.secret);
  });

  it('a wrong secret and an unknown number come back to the form with an Indonesian message', async () => {
    const app = await a.created('lokasi-pkl');
    const wrong = await track(app, 'bukan-kode-yang-benar');
    expect(citizenPage(wrong, 403)).toContain('Kode rahasia tidak cocok dengan nomor registrasi ini');
    const unknown = await post('/izin/lacak', { nomor: 'IZN-0000-0000', kunci: 'apa-saja' });
    expect(citizenPage(unknown, 404)).toContain('Tidak ada permohonan dengan nomor registrasi ini');
    const empty = await post('/izin/lacak', { nomor: '', kunci: '' });
    const text = citizenPage(empty, 422);
    expect(text).toContain('Tulis nomor registrasi seperti pada contoh.');
    expect(text).toContain('Kode rahasia wajib diisi.');
  });

  it('a returned file names each item and reason, escaped, and the last day to complete it', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reason = '<script>alert(1)</script> Foto buram & gelap';
    const view = await a.staffOk(app.registrationNumber, 'return', dpmptsp, {
      items: [{ requirement: 'ktp', reason }],
    });
    expect(view.status).toBe('returned');
    const res = await track(app);
    const text = citizenPage(res, 200);
    expect(text).toContain('Dikembalikan untuk dilengkapi');
    expect(text).toContain(`: ${reason}`);
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Foto buram &amp; gelap');
    expect(text).toMatch(/Batas melengkapi berkas paling lambat \d/);
  });

  it('a rejection shows its reasons and the objection window', async () => {
    const app = await a.submitted('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'complete', dpmptsp);
    await a.staffOk(app.registrationNumber, 'reject', dpmptsp, { reasons: ['Lokasi berada di zona larangan PKL.'] });
    const text = citizenPage(await track(app), 200);
    expect(text).toContain('Ditolak');
    expect(text).toContain('Alasan penolakan Lokasi berada di zona larangan PKL.');
    expect(text).toMatch(/Anda dapat mengajukan keberatan atas penolakan ini paling lambat \d{1,2} \w+ \d{4}/);
  });

  it('an approved application shows the amount and the payment code; once issued, the PDF and the verification link', async () => {
    const app = await a.assessed('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'approve', dpmptsp);
    const due = citizenPage(await track(app), 200);
    expect(due).toContain('Disetujui, menunggu pembayaran');
    expect(due).toContain('Jumlah Rp 45.000');
    expect(due).toContain(`Kode pembayaran ${app.registrationNumber}`);

    const paid = await a.pay(app.registrationNumber, 'BJB-PG-77001', '45000', await c.as.integrator());
    expect(paid.statusCode, paid.body).toBe(200);
    const res = await track(app);
    const text = citizenPage(res, 200);
    expect(text).toContain('Izin terbit');
    expect(text).toContain(`Nomor izin ${paid.json().permitNumber}`);
    expect(text).toContain('Nomor bukti bayar BJB-PG-77001');
    expect(res.body).toContain('<form method="post" action="/izin/lacak/izin.pdf">');
    expect(res.body).toContain(
      `href="https://izin.bandung.go.id/v1/public/permits/verify?tenant=32.73&amp;number=${encodeURIComponent(paid.json().permitNumber)}"`,
    );

    const pdf = await post('/izin/lacak/izin.pdf', { nomor: app.registrationNumber, kunci: app.secret });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="izin-/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const refused = await post('/izin/lacak/izin.pdf', { nomor: app.registrationNumber, kunci: 'salah' });
    expect(citizenPage(refused, 403)).toContain('Kode rahasia tidak cocok');
  });

  it('a permit not yet issued cannot be downloaded: an Indonesian page says so', async () => {
    const app = await a.submitted('lokasi-pkl');
    const res = await post('/izin/lacak/izin.pdf', { nomor: app.registrationNumber, kunci: app.secret });
    expect(citizenPage(res, 409)).toContain('Izin belum terbit');
  });

  it('no secret used on these pages reaches a log line', async () => {
    const app = await a.submitted('lokasi-pkl');
    logs.length = 0;
    citizenPage(await track(app), 200);
    await post('/izin/lacak/izin.pdf', { nomor: app.registrationNumber, kunci: app.secret });
    expect(logs.join('')).toContain('/izin/lacak');
    expect(logs.join('')).not.toContain(app.secret);
  });
});
