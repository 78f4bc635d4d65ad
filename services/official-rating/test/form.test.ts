import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterToken, startRating, type RatingHarness, useBandung2015Dimensions } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
  await useBandung2015Dimensions(h);
});
afterAll(async () => {
  await h?.stop();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const answers = (values: number[]) => Object.fromEntries(values.map((v, i) => [`a${i + 1}`, String(v)]));
const post = (fields: Record<string, string>) =>
  h.inject({
    method: 'POST',
    url: '/r',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form(fields),
  });

describe('the rating form a link opens', () => {
  it('shows the nine questions for the unit and the service, in Indonesian, without caching', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const res = await h.inject({ method: 'GET', url: `/r?token=${t.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('Dinas Kependudukan dan Pencatatan Sipil');
    expect(res.body).toContain('KTP elektronik'); // the service by its name, not its code
    expect(res.body).not.toContain('ktp-el');
    expect(res.body.match(/type="radio" id="[^"]+" name="a\d"/g)).toHaveLength(36);
    expect(res.body).toContain('Penanganan pengaduan, saran dan masukan');
    expect(res.body).not.toContain('name="stars"'); // no official on this link
  });

  it('records a posted form once; the second post is told the link was used', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const ok = await post({ token: t.token, ...answers([4, 4, 3, 3, 4, 4, 4, 3, 4]), comment: 'Cepat' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Terima kasih');
    const rows = (
      await sql<{
        a1: number;
        a9: number;
      }>`select a1, a9 from rating r join invitation i on i.id = r.invitation_id where i.id = ${t.invitationId}`.execute(
        h.db,
      )
    ).rows;
    expect(rows).toEqual([{ a1: 4, a9: 4 }]);
    const again = await post({ token: t.token, ...answers([1, 1, 1, 1, 1, 1, 1, 1, 1]) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Penilaian sudah dikirim');
  });

  it('an incomplete form comes back with what was typed, escaped, and the link stays usable', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const bad = await post({ token: t.token, ...answers([4, 4, 3]), comment: '<script>alert(1)</script>' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Mohon periksa kembali');
    expect(bad.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(bad.body).not.toContain('<script>alert(1)');
    expect(bad.body).toContain('value="4" checked');
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json().status).toBe(
      'open',
    );
  });

  it('when a form carries 20,000 fields or a 300 KB comment, then the page it gets back stays small', async () => {
    const t = await counterToken(h, { unit: 'disdukcapil', serviceType: 'ktp-el' });
    const repeated = new URLSearchParams([
      ['token', t.token],
      ...Array.from({ length: 10_000 }, (_, i) => [`f${i % 50}`, `nilai-${i}`] as [string, string]),
    ]);
    for (let i = 0; i < 10_000; i++) repeated.append(`x${i}`, 'y');
    const many = await h.inject({
      method: 'POST',
      url: '/r',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: repeated.toString(),
    });
    expect(many.statusCode).toBeLessThan(500);
    expect(many.body.length).toBeLessThan(20_000);

    const huge = await post({
      token: t.token,
      ...answers([4, 4, 3]),
      comment: 'k'.repeat(300_000),
      reason: 'r'.repeat(300_000),
    });
    expect(huge.statusCode).toBe(422);
    expect(huge.body.length).toBeLessThan(20_000);
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json().status).toBe(
      'open',
    );
  });

  it('rates the official at the desk with stars, a reason and dimensions', async () => {
    const t = await counterToken(h, { unit: 'kec-coblong', serviceType: 'surat-pengantar', official: 'camat-coblong' });
    const page = await h.inject({ method: 'GET', url: `/r?token=${t.token}` });
    expect(page.body).toContain('Nilai Camat Coblong');
    expect(page.body).toContain('name="dim.inovasi"');
    const res = await post({
      token: t.token,
      ...answers([3, 3, 3, 3, 3, 3, 3, 3, 3]),
      stars: '5',
      reason: 'Ramah sekali',
      'dim.inovasi': '4',
    });
    expect(res.statusCode).toBe(200);
    const [row] = (
      await sql<{
        stars: number;
        star_reason: string;
      }>`select stars, star_reason from rating where invitation_id = ${t.invitationId}`.execute(h.db)
    ).rows;
    expect(row).toEqual({ stars: 5, star_reason: 'Ramah sekali' });
  });

  it('a region other than the default posts back to itself', async () => {
    const palu = await counterToken(h, { unit: 'dpupr', serviceType: 'pbg' }, '72.71');
    const page = await h.inject({ method: 'GET', url: `/r?tenant=72.71&token=${palu.token}` });
    expect(page.statusCode).toBe(200);
    const action = /<form method="post" action="([^"]+)"/.exec(page.body)![1]!;
    expect(action).toBe('r?tenant=72.71');
    const res = await h.inject({
      method: 'POST',
      url: `/${action}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: form({ token: palu.token, ...answers([3, 3, 3, 3, 3, 3, 3, 3, 3]) }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Terima kasih');
  });

  it('a reason or dimensions without stars are not dropped silently', async () => {
    const t = await counterToken(h, { unit: 'kec-coblong', serviceType: 'surat-pengantar', official: 'camat-coblong' });
    const res = await post({
      token: t.token,
      ...answers([3, 3, 3, 3, 3, 3, 3, 3, 3]),
      reason: 'Ramah',
      'dim.inovasi': '4',
    });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Pilih bintang untuk petugas');
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json().status).toBe(
      'open',
    );
  });

  it('whatever goes wrong, a browser gets a page: unknown region, malformed link', async () => {
    const region = await h.inject({ method: 'GET', url: '/r?tenant=99.99&token=ABCDEFGHJKMNPQRSTVWXYZ0123456789' });
    expect(region.statusCode).toBe(404);
    expect(region.headers['content-type']).toContain('text/html');
    const short = await h.inject({ method: 'GET', url: '/r?token=ABC' });
    expect([short.statusCode, short.headers['content-type']]).toEqual([400, 'text/html; charset=utf-8']);
    expect(short.body).toContain('Tautan tidak lengkap');
  });

  it('tells unknown and other regions’ links apart, as pages', async () => {
    const unknown = await h.inject({ method: 'GET', url: '/r?token=ABCDEFGHJKMNPQRSTVWXYZ0123456789' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Tautan tidak dikenal');
    const palu = await counterToken(h, { unit: 'dpupr' }, '72.71');
    const other = await h.inject({ method: 'GET', url: `/r?token=${palu.token}&tenant=32.73` });
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('Tautan untuk daerah lain');
  });
});
