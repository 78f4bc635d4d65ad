/** Driving the citizen pages like a browser without JavaScript: urlencoded posts, HTML answers. */
import { expect } from 'vitest';
import type { Harness } from '../fixtures.js';

export const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
  return p.toString();
};

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export const aForm = (overrides: Record<string, string | string[]> = {}) => ({
  kategori: 'jalan-rusak',
  judul: 'Jalan berlubang di Jl. Dago',
  isi: 'Lubang besar di depan nomor 120, sudah dua minggu dan membahayakan pengendara motor.',
  alamat: 'Jl. Ir. H. Juanda No. 120',
  kecamatan: '32.73.02',
  privasi: 'anonim',
  nama: 'Siti Rahmawati',
  telepon: '0812-3456-7890',
  email: 'siti.r@example.com',
  ...overrides,
});

export function pages(c: Harness) {
  const get = (url: string) => c.app.inject({ method: 'GET', url });
  const post = (url: string, fields: Record<string, string | string[]>) =>
    c.app.inject({ method: 'POST', url, headers: FORM, payload: form(fields) });
  return {
    get,
    post,
    /** Submits the start form; returns the tracking ID and the private link's path and query. */
    async submit(overrides: Record<string, string | string[]> = {}) {
      const posted = await post('/lapor/', aForm(overrides));
      expect(posted.statusCode, posted.body).toBe(303);
      const res = await get(String(posted.headers.location));
      expect(res.statusCode, res.body).toBe(200);
      const trackingId = /class="big">(LPR-[0-9A-Z-]+)</.exec(res.body)?.[1];
      const privateLink = /href="https?:\/\/[^/"]+(\/lapor\/lacak\/[^"]+kunci=[^"]+)"/.exec(res.body)?.[1];
      expect(trackingId, res.body).toBeDefined();
      expect(privateLink, res.body).toBeDefined();
      const path = privateLink!.replace(/&amp;/g, '&');
      return {
        trackingId: trackingId!,
        privateLink: path,
        secret: new URL(path, 'http://x').searchParams.get('kunci')!,
        body: res.body,
      };
    },
  };
}

/** Visible text of a page, roughly: tags dropped, entities of the five escaped characters restored. */
export const textOf = (body: string) =>
  body
    .replace(/<style>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
