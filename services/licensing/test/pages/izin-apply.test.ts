/**
 * Applying for a permit in the browser without JavaScript (`/izin/ajukan/{type}`, multipart form with
 * uploads) and objecting to a rejection from the track page. Files are judged by content, not name;
 * refusals are Indonesian, on the field, with values kept; a refused form leaves no application.
 */
import { multipartBody, SAMPLE_EXE, type MultipartFile } from '@sinergi/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, JPEG, PDF, PNG, startLicensing, type Harness, type Headers } from '../fixtures.js';
import { citizenPage } from './support.js';

let c: Harness;
let a: ReturnType<typeof api>;
let dpmptsp: Headers;

const GOOD_FIELDS = {
  nama: 'Siti Rahmawati',
  nik: '3273024507900001',
  telepon: '0812-3456-7890',
  email: '',
  'isian-jenis-dagangan': 'Batagor',
  'isian-zona': 'hijau',
  'isian-luas-lapak-m2': '2,5',
  'isian-lama-bulan': '6',
};
const GOOD_FILES: MultipartFile[] = [
  { name: 'berkas-ktp', fileName: 'ktp.pdf', contentType: 'application/pdf', bytes: PDF },
  { name: 'berkas-foto-lapak', fileName: 'lapak.jpg', contentType: 'image/jpeg', bytes: JPEG },
];

const apply = (fields: Record<string, string>, files: MultipartFile[], code = 'lokasi-pkl') => {
  const { body, contentType } = multipartBody(fields, files);
  return c.app.inject({
    method: 'POST',
    url: `/izin/ajukan/${code}`,
    headers: { 'content-type': contentType, accept: 'text/html' },
    payload: body,
  });
};
const postForm = (url: string, fields: Record<string, string>) =>
  c.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: new URLSearchParams(fields).toString(),
  });
const countApplications = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from application`.execute(c.db)).rows[0]!.n);

beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
  dpmptsp = await c.as.officer('dpmptsp');
});
afterAll(async () => c?.stop());

describe('applying in the browser', () => {
  it('the type’s page links to a form with its data fields and document uploads', async () => {
    const type = await c.app.inject({ method: 'GET', url: '/izin/jenis/lokasi-pkl' });
    expect(type.body).toContain('href="/izin/ajukan/lokasi-pkl"');
    const res = await c.app.inject({ method: 'GET', url: '/izin/ajukan/lokasi-pkl' });
    const text = citizenPage(res, 200);
    expect(res.body).toContain('enctype="multipart/form-data"');
    expect(res.body).toMatch(/<select id="isian-zona" name="isian-zona"/);
    expect(res.body).toMatch(
      /<input type="file" id="berkas-foto-lapak" name="berkas-foto-lapak" accept="\.jpg,\.jpeg,image\/jpeg,\.png,image\/png"/,
    );
    expect(text).toContain('Berkas JPG atau PNG, paling besar 3 MB.');
    expect(text).toContain('Berkas PDF, PNG atau JPG, paling besar 2 MB.');
    // a business permit is applied for in OSS: no form here
    expect((await c.app.inject({ method: 'GET', url: '/izin/ajukan/tidak-ada' })).statusCode).toBe(404);
  });

  it('a complete form is applied at once: number and secret shown once, documents stored, then followed by /izin/lacak', async () => {
    const res = await apply(GOOD_FIELDS, GOOD_FILES);
    const text = citizenPage(res, 201);
    const nomor = /Nomor registrasi (IZN-[A-Z0-9-]+)/.exec(text)![1]!;
    const secret = /Kode rahasia (\S+)/.exec(text)![1]!;
    expect(text).toContain('Kode rahasia hanya ditampilkan sekali');
    const row = await a.row(nomor);
    expect(row.status).toBe('submitted');
    expect(row.data).toMatchObject({ 'luas-lapak-m2': '2.5', 'lama-bulan': '6' });
    const docs = await sql<{ requirement: string; media_type: string }>`
      select requirement, media_type from application_document where application_id = ${row.id} order by requirement`.execute(
      c.db,
    );
    expect(docs.rows).toEqual([
      { requirement: 'foto-lapak', media_type: 'image/jpeg' },
      { requirement: 'ktp', media_type: 'application/pdf' },
    ]);
    const tracked = citizenPage(await postForm('/izin/lacak', { nomor, kunci: secret }), 200);
    expect(tracked).toContain('Diajukan, menunggu pemeriksaan kelengkapan');
  });

  it('a PNG is accepted where the type allows it, whatever its name', async () => {
    const res = await apply(GOOD_FIELDS, [
      GOOD_FILES[0]!,
      { name: 'berkas-foto-lapak', fileName: 'lapak.pdf', contentType: 'application/pdf', bytes: PNG },
    ]);
    citizenPage(res, 201);
  });

  it('a renamed .exe or page, missing data and a bad NIK come back marked, in Indonesian, values kept, nothing stored', async () => {
    const before = await countApplications();
    const res = await apply({ ...GOOD_FIELDS, nik: '123', 'isian-luas-lapak-m2': '40', 'isian-jenis-dagangan': '' }, [
      { name: 'berkas-ktp', fileName: 'ktp.pdf', contentType: 'application/pdf', bytes: SAMPLE_EXE },
      {
        name: 'berkas-foto-lapak',
        fileName: 'lapak.jpg',
        contentType: 'image/jpeg',
        bytes: Buffer.from('<html><script>alert(1)</script></html>'),
      },
    ]);
    const text = citizenPage(res, 422);
    expect(text).toContain('Mohon periksa kembali isian Anda');
    expect(text).toContain('NIK harus 16 angka seperti pada KTP.');
    expect(text).toContain('Jenis dagangan wajib diisi.');
    expect(text).toContain('Luas lapak: Tulis angka antara 0,5 dan 12 m²');
    expect(text).toContain('KTP pemohon: isi berkas bukan PDF, PNG atau JPG, apa pun namanya.');
    expect(text).toContain('Foto gerobak/lapak: isi berkas bukan JPG atau PNG, apa pun namanya.');
    expect(text).toContain('berkas yang sudah dipilih perlu dipilih lagi');
    expect(res.body).toMatch(/id="berkas-ktp" name="berkas-ktp"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('value="Siti Rahmawati"');
    expect(await countApplications()).toBe(before);
  });

  it('a photo over its requirement’s limit is marked on the field; a file over the upload limit is an Indonesian 413 page', async () => {
    const before = await countApplications();
    const overRequirement = Buffer.concat([
      JPEG.subarray(0, -2),
      Buffer.alloc(3 * 1024 * 1024),
      Buffer.from([0xff, 0xd9]),
    ]);
    const big = await apply(GOOD_FIELDS, [GOOD_FILES[0]!, { ...GOOD_FILES[1]!, bytes: overRequirement }]);
    expect(citizenPage(big, 422)).toContain('Foto gerobak/lapak paling besar 3 MB.');
    const huge = await apply(GOOD_FIELDS, [
      { ...GOOD_FILES[0]!, bytes: Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]) },
    ]);
    const text = citizenPage(huge, 413);
    expect(text).toContain('Berkas terlalu besar');
    expect(text).toContain('paling besar 10 MB');
    expect(await countApplications()).toBe(before);
  });
});

describe('objecting to a rejection', () => {
  it('the track page of a rejection offers the objection form; the objection is filed once, then closed', async () => {
    const app = await a.submitted('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'complete', dpmptsp);
    await a.staffOk(app.registrationNumber, 'reject', dpmptsp, { reasons: ['Lokasi berada di zona larangan PKL.'] });
    const track = await postForm('/izin/lacak', { nomor: app.registrationNumber, kunci: app.secret });
    expect(citizenPage(track, 200)).toContain('Anda dapat mengajukan keberatan atas penolakan ini paling lambat');
    expect(track.body).toContain('action="/izin/lacak/keberatan"');

    const empty = await postForm('/izin/lacak/keberatan', {
      nomor: app.registrationNumber,
      kunci: app.secret,
      alasan: '',
    });
    expect(citizenPage(empty, 200)).toContain('Keberatan belum terkirim');
    expect((await a.row(app.registrationNumber)).status).toBe('rejected');

    const fields = {
      nomor: app.registrationNumber,
      kunci: app.secret,
      alasan: 'Lokasi saya di zona hijau menurut peta.',
    };
    const filed = citizenPage(await postForm('/izin/lacak/keberatan', fields), 200);
    expect(filed).toContain('Keberatan Anda sudah diterima');
    expect((await a.row(app.registrationNumber)).status).toBe('objected');
    expect(citizenPage(await postForm('/izin/lacak/keberatan', fields), 200)).toContain(
      'Keberatan tidak dapat diajukan lagi',
    );
    const wrong = await postForm('/izin/lacak/keberatan', { ...fields, kunci: 'salah' });
    expect(citizenPage(wrong, 403)).toContain('Kode rahasia tidak cocok');
  });
});
