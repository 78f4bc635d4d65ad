/**
 * Guessing a reporter's secret through the track page is limited like the JSON view with
 * X-Report-Secret: the N+1th try with `kunci` in a minute is 429, as an Indonesian page; reading
 * without `kunci` stays unlimited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startComplaints, type Harness } from '../fixtures.js';
import { pages, textOf } from './support.js';

let c: Harness;

beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '3' });
});
afterAll(async () => c?.stop());

it('the fourth guess of a private link in a minute is refused with an Indonesian page; public reads are not limited', async () => {
  const p = pages(c);
  const { trackingId } = await p.submit();
  for (let i = 0; i < 3; i++)
    expect((await p.get(`/lapor/lacak/${trackingId}?kunci=tebakan-ke-${i}-salah`)).statusCode).toBe(403);
  const limited = await p.get(`/lapor/lacak/${trackingId}?kunci=tebakan-keempat-salah`);
  expect(limited.statusCode).toBe(429);
  expect(String(limited.headers['content-type'])).toMatch(/^text\/html/);
  expect(textOf(limited.body)).toContain('Terlalu banyak percobaan');
  expect(limited.headers['retry-after']).toBeDefined();
  for (let i = 0; i < 5; i++) expect((await p.get(`/lapor/lacak/${trackingId}`)).statusCode).toBe(200);
});
