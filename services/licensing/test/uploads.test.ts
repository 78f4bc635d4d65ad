/**
 * Uploaded documents: type by content (never by name or declared type), size per requirement,
 * stored durably with their hash, downloadable by the applicant and the handling unit only.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { api, JPEG, PDF, PNG, startLicensing, type Created, type Harness } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let app: Created;

beforeAll(async () => {
  c = await startLicensing({ MAX_UPLOAD_BYTES: String(3 * 1024 * 1024) });
  a = api(c);
  app = await a.created('reklame');
});
afterAll(async () => c?.stop());

describe('upload validation', () => {
  it('refuses a type the requirement does not allow (a PNG where only PDF is accepted)', async () => {
    const res = await a.upload(app, 'persetujuan-pemilik-lahan', PNG, {
      headers: { 'x-file-name': 'persetujuan.pdf' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'file_type_not_allowed', allowed: ['pdf'], detected: 'png' });
  });

  it('refuses a disguised file: HTML named .pdf and declared application/pdf', async () => {
    const html = Buffer.from('<!doctype html><html><script>document.location="https://evil.example"</script></html>');
    const res = await a.upload(app, 'ktp', html, {
      headers: { 'content-type': 'application/pdf', 'x-file-name': 'ktp.pdf' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unrecognized_file' });
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    expect(
      (
        await a.upload(app, 'foto-lokasi', exe, {
          headers: { 'content-type': 'image/jpeg', 'x-file-name': 'foto.jpg' },
        })
      ).json(),
    ).toMatchObject({ code: 'unrecognized_file' });
  });

  it('refuses a page behind a valid magic number: a PDF header without a cross-reference, a PNG or JPEG start with markup', async () => {
    const page = '<html><script>document.location="https://evil.example"</script></html>';
    const disguised = {
      pdf: Buffer.from(`%PDF-1.4${page}\n%%EOF\n`, 'latin1'),
      png: Buffer.concat([PNG.subarray(0, 8), Buffer.from(page)]),
      jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(page)]),
      'png with a page after IEND': Buffer.concat([PNG, Buffer.from(page)]),
    };
    for (const [what, bytes] of Object.entries(disguised)) {
      const res = await a.upload(app, 'foto-lokasi', bytes, { headers: { 'x-file-name': 'foto.jpg' } });
      expect(res.statusCode, what).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unrecognized_file' });
    }
    expect(
      (await a.upload(app, 'ktp', disguised.pdf, { headers: { 'content-type': 'application/pdf' } })).json(),
    ).toMatchObject({ code: 'unrecognized_file' });
    const rows = await sql<{ n: number }>`select count(*)::int as n from application_document`.execute(c.db);
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('refuses a file above the requirement’s limit, and a body above the service’s', async () => {
    // the KTP may be at most 2 MiB
    const big = Buffer.concat([PDF.subarray(0, 9), Buffer.alloc(2 * 1024 * 1024), Buffer.from('\n%%EOF\n')]);
    const res = await a.upload(app, 'ktp', big);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', maxBytes: 2 * 1024 * 1024 });
    const huge = await a.upload(app, 'gambar-konstruksi', Buffer.alloc(3 * 1024 * 1024 + 10));
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'body_too_large' });
    expect((await a.upload(app, 'ktp', Buffer.alloc(0))).statusCode).toBe(422);
  });

  it('refuses requirements the permit type does not have, and uploads without the secret', async () => {
    expect((await a.upload(app, 'ijazah', PDF)).json()).toMatchObject({ status: 404, code: 'unknown_requirement' });
    expect((await a.upload({ ...app, secret: 'not-the-secret' }, 'ktp', PDF)).json()).toMatchObject({
      status: 403,
      code: 'wrong_secret',
    });
    const nothing = await c.app.inject({
      method: 'PUT',
      url: `/v1/applications/${app.registrationNumber}/documents/ktp`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: PDF,
    });
    expect(nothing.statusCode).toBe(401);
    const rows = await sql<{ n: number }>`select count(*)::int as n from application_document`.execute(c.db);
    expect(rows.rows[0]!.n).toBe(0);
  });
});

describe('upload checks added after the second review', () => {
  it('refuses markup after the first KiB: a div, an img with onerror, a link, a style', async () => {
    const app = await a.created('reklame');
    const padding = Buffer.alloc(2048, 0x41);
    for (const markup of [
      '<div>Klik</div>',
      '<img src=x onerror=alert(1)>',
      '<a href="https://evil.example">unduh</a>',
      '<style>body{display:none}</style>',
    ]) {
      const jpeg = Buffer.concat([JPEG.subarray(0, 4), padding, Buffer.from(markup), JPEG.subarray(4)]);
      const res = await a.upload(app, 'foto-lokasi', jpeg, { headers: { 'x-file-name': 'foto.jpg' } });
      expect(res.statusCode, markup).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unrecognized_file' });
    }
    expect(
      (await a.upload(app, 'foto-lokasi', Buffer.concat([JPEG.subarray(0, 4), padding, JPEG.subarray(4)]))).statusCode,
    ).toBe(201);
  });

  it('an upload sent as JSON is 415 naming the accepted types, not an empty file', async () => {
    const res = await a.upload(app, 'ktp', Buffer.from('{"file":"x"}'), {
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({
      code: 'unsupported_media_type',
      accepted: ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'],
    });
  });

  it('refuses a requirement limit above MAX_UPLOAD_BYTES at PUT, and the demo checklist never advertises more', async () => {
    const res = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-besar-file',
      headers: await c.as.admin(),
      payload: {
        code: 'izin-besar-file',
        name: 'Izin Berkas Besar',
        unit: 'dpmptsp',
        fee: { kind: 'free' },
        documents: [{ code: 'gambar', label: 'Gambar', maxBytes: 5 * 1024 * 1024 }],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_permit_type', errors: [{ field: 'documents.0.maxBytes' }] });
    // this instance reads at most 3 MiB: the seeded 5 MiB requirements were cut to it
    const view = (await a.get(app)).json();
    expect(Math.max(...view.checklist.map((r: { maxBytes: number }) => r.maxBytes))).toBe(3 * 1024 * 1024);
  });
});

describe('stored documents', () => {
  it('keeps the bytes with their hash, as versions, and serves them to the applicant and the unit only', async () => {
    const first = await a.upload(app, 'foto-lokasi', JPEG, {
      headers: { 'x-file-name': 'C:\\Users\\siti\\foto titik.jpeg' },
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await a.upload(app, 'foto-lokasi', PNG, { headers: { 'x-file-name': 'foto-baru.png' } });
    const doc = second.json();
    expect(first.json()).toMatchObject({ version: 1, fileName: 'foto titik.jpg', mediaType: 'image/jpeg' });
    expect(doc).toMatchObject({
      version: 2,
      mediaType: 'image/png',
      sizeBytes: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    const stored = await sql<{
      content: Buffer;
    }>`select content from application_document where id = ${doc.id}`.execute(c.db);
    expect(Buffer.compare(stored.rows[0]!.content, PNG)).toBe(0);

    const mine = await c.app.inject({
      method: 'GET',
      url: `/v1/applications/${app.registrationNumber}/documents/${doc.id}`,
      headers: { 'x-application-secret': app.secret },
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'attachment; filename="foto-baru.png"',
    });
    expect(Buffer.compare(mine.rawPayload, PNG)).toBe(0);

    // staff see documents once the application is submitted; the unit's officers only
    for (const [req, file] of Object.entries({ ktp: PDF, 'desain-reklame': PNG, 'persetujuan-pemilik-lahan': PDF }))
      expect((await a.upload(app, req, file)).statusCode).toBe(201);
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    const staffUrl = `/v1/staff/applications/${app.registrationNumber}/documents/${doc.id}`;
    expect(
      (await c.app.inject({ method: 'GET', url: staffUrl, headers: await c.as.officer('dpmptsp') })).statusCode,
    ).toBe(200);
    expect(
      (await c.app.inject({ method: 'GET', url: staffUrl, headers: await c.as.officer('dinkes') })).json(),
    ).toMatchObject({ status: 403, code: 'forbidden_unit' });
    expect((await c.app.inject({ method: 'GET', url: staffUrl, headers: await c.as.citizen() })).statusCode).toBe(403);
    // auditors read everything masked; a file (a KTP image) cannot be masked, so they do not get it
    const audited = await c.app.inject({ method: 'GET', url: staffUrl, headers: await c.as.auditor() });
    expect(audited.statusCode).toBe(403);
    expect(audited.json()).toMatchObject({ code: 'forbidden_role' });
    // never public: without the secret nothing is served
    expect(
      (await c.app.inject({ method: 'GET', url: `/v1/applications/${app.registrationNumber}/documents/${doc.id}` }))
        .statusCode,
    ).toBe(401);
    const other = await a.created('reklame');
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/v1/applications/${other.registrationNumber}/documents/${doc.id}`,
          headers: { 'x-application-secret': other.secret },
        })
      ).json(),
    ).toMatchObject({
      status: 404,
      code: 'document_not_found',
    });
  });
});
