/**
 * The citizen pages under /lapor/: each renders in Indonesian, escapes what citizens typed, keeps the
 * privacy flags exactly as the JSON views do, answers form mistakes with the form and an Indonesian
 * summary, and carries a report from the form to its track page and the reporter's reply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComplaints, type Harness } from '../fixtures.js';
import { reportsApi, TEST_SERVICE_ENV, type Headers } from '../report-helpers.js';
import { aForm, pages, textOf } from './support.js';

let c: Harness;
let p: ReturnType<typeof pages>;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let officer: Headers;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  p = pages(c);
  api = reportsApi(c);
  [admin, officer] = await Promise.all([c.as.admin(), c.as.officer('dsdabm')]);
});
afterAll(async () => c?.stop());

const html = (res: { headers: Record<string, unknown> }) =>
  expect(String(res.headers['content-type'])).toMatch(/^text\/html/);

describe('pages render', () => {
  it('the start page offers the region’s categories, anonim and rahasia with their explanations, and kecamatan', async () => {
    const res = await p.get('/lapor/');
    expect(res.statusCode).toBe(200);
    html(res);
    const text = textOf(res.body);
    expect(text).toContain('Kota Bandung');
    expect(text).toContain('Jalan dan trotoar rusak');
    expect(text).toContain('Ditangani oleh Dinas Sumber Daya Air dan Bina Marga');
    expect(text).toMatch(/Anonim\s+Nama dan kontak Anda tidak ditampilkan/);
    expect(text).toMatch(/Rahasia\s+Laporan tidak ditampilkan di daftar publik/);
    expect(res.body).toContain('<option value="32.73.02">Coblong</option>');
    expect(res.body).toMatch(/value="anonim" checked/);
  });

  it('the lookup page sends a number to its track page', async () => {
    expect((await p.get('/lapor/lacak')).statusCode).toBe(200);
    const res = await p.get('/lapor/lacak?nomor=lpr-7k3m-q9xd');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/lapor/lacak/LPR-7K3M-Q9XD');
  });

  it('a page that is not there, an unknown report and a wrong private link are Indonesian pages', async () => {
    const missing = await p.get('/lapor/tidak-ada');
    expect(missing.statusCode).toBe(404);
    html(missing);
    expect(textOf(missing.body)).toContain('Halaman tidak ditemukan');
    const unknown = await p.get('/lapor/lacak/LPR-0000-0000');
    expect(unknown.statusCode).toBe(404);
    html(unknown);
    expect(textOf(unknown.body)).toContain('Laporan tidak ditemukan');
    expect(unknown.body).not.toContain('report_not_found');
    const { trackingId } = await p.submit();
    const wrong = await p.get(`/lapor/lacak/${trackingId}?kunci=salah-sekali-kuncinya`);
    expect(wrong.statusCode).toBe(403);
    expect(textOf(wrong.body)).toContain('Tautan pribadi tidak cocok');
    expect(wrong.body).not.toMatch(/wrong_secret|does not match/);
  });
});

describe('the confirmation', () => {
  it('comes after a redirect, so reloading it submits nothing again; it needs the private link’s secret', async () => {
    const posted = await p.post('/lapor/', aForm({ judul: 'Satu laporan saja, walau dimuat ulang' }));
    expect(posted.statusCode).toBe(303);
    const location = String(posted.headers.location);
    expect(location).toMatch(/^\/lapor\/terkirim\/LPR-[0-9A-Z-]+\?kunci=/);
    for (let i = 0; i < 2; i++) expect(textOf((await p.get(location)).body)).toContain('Laporan terkirim');
    const listed = (await p.get('/lapor/daftar')).body.match(/Satu laporan saja, walau dimuat ulang/g) ?? [];
    expect(listed).toHaveLength(1);
    const trackingId = /terkirim\/([^?]+)/.exec(location)![1]!;
    expect((await p.get(`/lapor/terkirim/${trackingId}`)).statusCode).toBe(403);
    expect((await p.get(`/lapor/terkirim/${trackingId}?kunci=bukan-kunci-yang-benar`)).statusCode).toBe(403);
  });
});

describe('escaping', () => {
  it('shows a title with <script> as text on the track page and in the list', async () => {
    const evil = '<script>alert("x")</script> jalan rusak';
    const { trackingId, privateLink } = await p.submit({ judul: evil, privasi: [] });
    for (const url of [`/lapor/lacak/${trackingId}`, privateLink, '/lapor/daftar']) {
      const res = await p.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('<script>');
      expect(res.body, url).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    }
  });

  it('echoes a refused form’s input escaped', async () => {
    const res = await p.post('/lapor/', { judul: '"><script>x</script>', isi: 'pendek' });
    expect(res.statusCode).toBe(422);
    expect(res.body).not.toContain('<script>x');
    expect(res.body).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
  });
});

describe('form errors', () => {
  it('come back as the form with the citizen’s input and an Indonesian summary linked to each field', async () => {
    const res = await p.post('/lapor/', {
      kategori: '',
      judul: 'ab',
      isi: 'Isi laporan yang cukup panjang.',
      telepon: '12345',
      nama: 'Budi',
      privasi: 'rahasia',
    });
    expect(res.statusCode).toBe(422);
    html(res);
    const text = textOf(res.body);
    expect(text).toContain('Mohon periksa kembali isian Anda');
    expect(res.body).toContain('<a href="#kategori">Pilih kategori laporan.</a>');
    expect(res.body).toContain('<a href="#judul">Judul laporan minimal 5 karakter.</a>');
    expect(text).toContain('Nomor HP tidak valid');
    // what the citizen typed is still there, including the choice to be rahasia and not anonim
    expect(res.body).toContain('>Isi laporan yang cukup panjang.</textarea>');
    expect(res.body).toContain('value="Budi"');
    expect(res.body).toMatch(/value="rahasia" checked/);
    expect(res.body).not.toMatch(/value="anonim" checked/);
    expect(text).not.toMatch(/too_small|Too small|invalid_report|validation|must be/i);
  });

  it('a category of another region is a form error, not a 500 or a problem code', async () => {
    const res = await p.post('/lapor/', {
      ...{ kategori: 'tidak-ada-kategori' },
      judul: 'Jalan rusak parah',
      isi: 'Lubang besar di tengah jalan raya.',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<a href="#kategori">Pilih kategori laporan.</a>');
  });
});

describe('privacy', () => {
  it('anonim hides the reporter’s name on the public track page; not anonim shows it masked; contact never', async () => {
    const anon = await p.submit({ privasi: 'anonim' });
    const named = await p.submit({ privasi: [] });
    const a = textOf((await p.get(`/lapor/lacak/${anon.trackingId}`)).body);
    expect(a).toMatch(/Pelapor\s+Anonim/);
    const n = textOf((await p.get(`/lapor/lacak/${named.trackingId}`)).body);
    expect(n).toMatch(/Pelapor\s+S\*\*\* R\*\*\*/);
    for (const t of [a, n])
      for (const trace of ['Siti', 'Rahmawati', '0812-3456-7890', '+6281234567890', 'siti.r@example.com'])
        expect(t).not.toContain(trace);
  });

  it('a rahasia report is not on the list and its public track page does not exist; the private link opens it', async () => {
    const secret = await p.submit({ privasi: ['anonim', 'rahasia'], judul: 'Permintaan uang di loket kelurahan' });
    const list = await p.get('/lapor/daftar?halaman=1');
    expect(list.body).not.toContain(secret.trackingId);
    expect(list.body).not.toContain('Permintaan uang di loket');
    expect((await p.get(`/lapor/lacak/${secret.trackingId}`)).statusCode).toBe(404);
    const mine = await p.get(secret.privateLink);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Permintaan uang di loket kelurahan');
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.headers['referrer-policy']).toBe('no-referrer');
  });

  it('masks contact details typed into free text on public pages, as the JSON view does', async () => {
    const { trackingId, privateLink } = await p.submit({
      isi: 'Hubungi saya di 0812-9999-8888 untuk detail lokasi lubang.',
    });
    expect((await p.get(`/lapor/lacak/${trackingId}`)).body).not.toContain('0812-9999-8888');
    expect((await p.get(privateLink)).body).toContain('0812-9999-8888');
  });
});

describe('the list', () => {
  it('shows duplicates once, filters by category, status and kecamatan, and pages', async () => {
    const at = { lat: -6.9001, lon: 107.6201 };
    const first = await api.submit({ location: at, title: 'Lubang di Jl. Merdeka depan toko' });
    const second = await api.submit({ location: at, title: 'Lubang yang sama di Jl. Merdeka' });
    expect(second.status).toBe('supporting');
    const list = await p.get('/lapor/daftar?kategori=jalan-rusak&kecamatan=32.73.02');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(first.trackingId);
    expect(list.body).not.toContain(second.trackingId);
    expect(textOf(list.body)).toContain('didukung 1 laporan serupa');
    const other = await p.get('/lapor/daftar?kategori=drainase-tersumbat');
    expect(other.body).not.toContain(first.trackingId);
    const closed = await p.get('/lapor/daftar?status=closed');
    expect(closed.body).not.toContain(first.trackingId);
    // unknown filter values are ignored, not a 500 or an English error
    expect((await p.get('/lapor/daftar?status=nope&kategori=%3Cx%3E&halaman=-3')).statusCode).toBe(200);
    const total = Number(/(\d+) laporan · halaman 1 dari (\d+)/.exec(textOf((await p.get('/lapor/daftar')).body))?.[1]);
    expect(total).toBeGreaterThan(0);
  });
});

describe('submit -> track -> reply -> follow-up -> accept', () => {
  it('a citizen without JavaScript follows their report to the end', async () => {
    const { trackingId, privateLink, secret, body } = await p.submit({ privasi: [] });
    expect(textOf(body)).toContain('Laporan terkirim');

    const track = await p.get(privateLink);
    expect(track.statusCode).toBe(200);
    const text = textOf(track.body);
    expect(text).toContain('Belum terverifikasi');
    expect(text).toMatch(/Batas waktu verifikasi\s+paling lambat (Senin|Selasa|Rabu|Kamis|Jumat), \d+ \w+ \d{4}/);
    expect(text).toMatch(/Diterima\s+\w+, \d+ \w+ \d{4} pukul \d\d\.\d\d WIB/);
    expect(text).toContain('Laporan dikirim');
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|UTC|submitted|undefined|null/);

    const empty = await p.post(`/lapor/lacak/${trackingId}`, { kunci: secret, aksi: 'balas', catatan: '  ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<a href="#catatan">Balasan wajib diisi.</a>');

    const replied = await p.post(`/lapor/lacak/${trackingId}`, {
      kunci: secret,
      aksi: 'balas',
      catatan: 'Lubangnya makin besar setelah hujan.',
    });
    expect(replied.statusCode).toBe(303);
    const after = await p.get(String(replied.headers.location));
    expect(textOf(after.body)).toContain('Balasan Anda sudah terkirim.');
    expect(textOf(after.body)).toContain('Lubangnya makin besar setelah hujan.');
    // the public never reads the reporter's notes
    expect((await p.get(`/lapor/lacak/${trackingId}`)).body).not.toContain('Lubangnya makin besar');

    await api.actOk(trackingId, 'dispose', admin);
    await api.actOk(trackingId, 'follow-up', officer, {
      resolution: 'Lubang sudah ditambal dan jalan dapat dilalui lagi.',
    });
    const followed = textOf((await p.get(privateLink)).body);
    expect(followed).toContain('Jawaban unit kerja');
    expect(followed).toContain('Lubang sudah ditambal');
    expect(followed).toContain('Dinas Sumber Daya Air dan Bina Marga');
    expect(followed).toContain('Apakah masalahnya sudah selesai?');

    const wrong = await p.post(`/lapor/lacak/${trackingId}`, { kunci: 'bukan-kunci-yang-benar', aksi: 'terima' });
    expect(wrong.statusCode).toBe(403);
    html(wrong);
    const accepted = await p.post(`/lapor/lacak/${trackingId}`, { kunci: secret, aksi: 'terima' });
    expect(accepted.statusCode).toBe(303);
    const closed = textOf((await p.get(String(accepted.headers.location))).body);
    expect(closed).toContain('Selesai');
    expect(closed).toContain('Pelapor menerima tindak lanjut');
    // a second accept: the report moved on; an Indonesian page, not invalid_transition
    const again = await p.post(`/lapor/lacak/${trackingId}`, { kunci: secret, aksi: 'terima' });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('Keadaan laporan sudah berubah');
    expect(again.body).not.toContain('invalid_transition');
  });
});
