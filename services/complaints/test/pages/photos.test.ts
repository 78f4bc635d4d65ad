/**
 * A photo attached to a complaint from the start form (multipart): JPEG/PNG by content, a size limit,
 * EXIF/GPS stripped before storing, shown on the track page to the reporter and, unless the report is
 * rahasia, publicly; a rahasia report's photo is served to nobody without the private link.
 */
import { jpegWithGps, multipartBody, SAMPLE_PNG, type MultipartFile } from '@sinergi/testkit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startComplaints, type Harness } from '../fixtures.js';
import { TEST_SERVICE_ENV } from '../report-helpers.js';
import { aForm, textOf } from './support.js';

let c: Harness;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
});
afterAll(async () => c?.stop());

const submit = (fields: Record<string, string | string[]>, files: MultipartFile[]) => {
  const { body, contentType } = multipartBody(fields, files);
  return c.app.inject({ method: 'POST', url: '/lapor/', headers: { 'content-type': contentType }, payload: body });
};
const photo = (bytes: Buffer, fileName = 'foto.jpg'): MultipartFile => ({
  name: 'foto',
  fileName,
  contentType: 'image/jpeg',
  bytes,
});

/** Submits with a photo; returns the tracking ID, the secret and the track page's photo address. */
async function submitted(overrides: Record<string, string | string[]>, file: MultipartFile) {
  const res = await submit(aForm(overrides), [file]);
  expect(res.statusCode, res.body).toBe(303);
  const location = new URL(String(res.headers.location), 'http://x');
  const trackingId = location.pathname.split('/').pop()!;
  const secret = location.searchParams.get('kunci')!;
  return { trackingId, secret };
}
const photoUrlOn = (body: string) => /<img src="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');

describe('a photo on a complaint', () => {
  it('a JPEG from a phone is stored without its EXIF/GPS and shown on the public track page', async () => {
    const { trackingId } = await submitted({}, photo(jpegWithGps()));
    const stored = await sql<{ content: Buffer; media_type: string }>`
      select p.content, p.media_type from report_photo p join report r on r.id = p.report_id
      where r.tracking_id = ${trackingId}`.execute(c.db);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.media_type).toBe('image/jpeg');
    expect(stored.rows[0]!.content.toString('latin1')).not.toContain('GPS');
    const page = await c.app.inject({ method: 'GET', url: `/lapor/lacak/${trackingId}` });
    const src = photoUrlOn(page.body);
    expect(src).toBe(`/lapor/foto/${trackingId}`);
    const img = await c.app.inject({ method: 'GET', url: src! });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.rawPayload.toString('latin1')).not.toContain('GPS');
  });

  it('a PNG named .jpg is accepted as a PNG; a page or an .exe named .jpg is refused on the field, in Indonesian', async () => {
    const { trackingId } = await submitted({}, photo(SAMPLE_PNG, 'foto.jpg'));
    const img = await c.app.inject({ method: 'GET', url: `/lapor/foto/${trackingId}` });
    expect(img.headers['content-type']).toBe('image/png');
    const before = Number((await sql<{ n: string }>`select count(*) as n from report`.execute(c.db)).rows[0]!.n);
    for (const bytes of [
      Buffer.from('<html><script>alert(1)</script></html>'),
      Buffer.from('MZ\x90\x00exe', 'latin1'),
    ]) {
      const res = await submit(aForm(), [photo(bytes)]);
      expect(res.statusCode).toBe(422);
      expect(textOf(res.body)).toContain('Isi berkas ini bukan foto JPG atau PNG, apa pun namanya.');
      expect(res.body).toMatch(/id="foto" name="foto"[^>]*aria-invalid="true"/);
      expect(res.body).toContain('value="Jalan berlubang di Jl. Dago"');
    }
    expect(Number((await sql<{ n: string }>`select count(*) as n from report`.execute(c.db)).rows[0]!.n)).toBe(before);
  });

  it('a photo over the limit is refused while it streams with an Indonesian 413 page', async () => {
    const res = await submit(aForm(), [photo(Buffer.concat([jpegWithGps(), Buffer.alloc(9 * 1024 * 1024)]))]);
    expect(res.statusCode).toBe(413);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    expect(textOf(res.body)).toContain('Berkas terlalu besar');
    expect(textOf(res.body)).toContain('paling besar 8 MB');
  });

  it('the photo of a rahasia report is shown only through the private link, to nobody else', async () => {
    const { trackingId, secret } = await submitted({ privasi: ['anonim', 'rahasia'] }, photo(jpegWithGps()));
    expect((await c.app.inject({ method: 'GET', url: `/lapor/foto/${trackingId}` })).statusCode).toBe(404);
    const wrong = await c.app.inject({ method: 'GET', url: `/lapor/foto/${trackingId}?kunci=salah` });
    expect(wrong.statusCode).toBe(404);
    const page = await c.app.inject({ method: 'GET', url: `/lapor/lacak/${trackingId}?kunci=${secret}` });
    const src = photoUrlOn(page.body)!;
    expect(src).toBe(`/lapor/foto/${trackingId}?kunci=${secret}`);
    const img = await c.app.inject({ method: 'GET', url: src });
    expect(img.statusCode).toBe(200);
    expect(img.headers['cache-control']).toBe('private, no-store');
  });
});
