import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { APPLICANT, DATA, startLicensing, type Harness } from './fixtures.js';

let c: Harness;
beforeAll(async () => {
  c = await startLicensing();
});
afterAll(async () => c?.stop());

const count = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from application`.execute(c.db)).rows[0]!.n;

describe('a retried application', () => {
  it('when POST /v1/applications is retried with the same Idempotency-Key, then one draft exists and the retry gets the first answer', async () => {
    const before = await count();
    const start = () =>
      c.app.inject({
        method: 'POST',
        url: '/v1/applications',
        headers: { 'idempotency-key': '0f8c2a1e-pkl-retry' },
        payload: { permitType: 'lokasi-pkl', applicant: APPLICANT, data: DATA['lokasi-pkl'] },
      });
    const first = await start();
    const retry = await start();
    expect(first.statusCode, first.body).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    expect(await count()).toBe(before + 1);
  });
});
