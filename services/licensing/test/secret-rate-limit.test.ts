/*
 * An applicant's secret is the key to their application: guessing it on the read-only views counts
 * against the same per-address limit as the applicant's actions, so the N+1th try is 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startLicensing, type Harness } from './fixtures.js';

const LIMIT = 3;
let c: Harness;
let a: ReturnType<typeof api>;
beforeAll(async () => {
  c = await startLicensing({ SUBMIT_RATE_PER_MINUTE: String(LIMIT) });
  a = api(c);
});
afterAll(async () => c?.stop());

describe('the applicant’s read-only views with a wrong X-Application-Secret', () => {
  it.each(['', '/rating-invitation'])(
    'GET /v1/applications/{n}%s answers the N+1th wrong secret with 429 problem+json',
    async (suffix) => {
      const app = await a.created('lokasi-pkl');
      const url = `/v1/applications/${app.registrationNumber}${suffix}`;
      for (let i = 0; i < LIMIT; i += 1) {
        const wrong = await c.app.inject({
          method: 'GET',
          url,
          headers: { 'x-application-secret': `wrong-secret-value-${i}` },
        });
        expect(wrong.json()).toMatchObject({ status: 403, code: 'wrong_secret' });
      }
      const limited = await c.app.inject({
        method: 'GET',
        url,
        headers: { 'x-application-secret': 'wrong-secret-value-x' },
      });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    },
  );
});
