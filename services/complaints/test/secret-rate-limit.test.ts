/*
 * A reporter's secret is the only key to their view: guessing it on the read-only view counts
 * against the same per-address limit as the reporter's actions, so the N+1th try is 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReport, startComplaints } from './fixtures.js';

const LIMIT = 3;
let c: Awaited<ReturnType<typeof startComplaints>>;
beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: String(LIMIT) });
});
afterAll(async () => c?.stop());

describe('GET /v1/reports/{trackingId} with X-Report-Secret', () => {
  it('answers the N+1th wrong secret from one address with 429 problem+json; the public view without a secret stays open', async () => {
    const submitted = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport() });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const url = `/v1/reports/${submitted.json().trackingId}`;
    for (let i = 0; i < LIMIT; i += 1) {
      const wrong = await c.app.inject({
        method: 'GET',
        url,
        headers: { 'x-report-secret': `wrong-secret-${i}-0000000000` },
      });
      expect(wrong.statusCode, wrong.body).not.toBe(429);
      expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    }
    const limited = await c.app.inject({
      method: 'GET',
      url,
      headers: { 'x-report-secret': 'wrong-secret-x-0000000000' },
    });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(limited.headers['retry-after']).toBeDefined();

    for (let i = 0; i < LIMIT + 2; i += 1) expect((await c.app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });
});
