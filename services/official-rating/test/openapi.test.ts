import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { P } from '../src/problems.js';
import { startRating, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

describe('the OpenAPI document', () => {
  it('lists every problem code the service answers with, its own and the shared ones it uses, with their status', async () => {
    const doc = (await h.inject({ method: 'GET', url: '/openapi.json' })).json();
    const listed = new Map(
      (doc['x-problem-codes'] as { code: string; status: number }[]).map((p) => [p.code, p.status]),
    );
    for (const f of Object.values(P)) expect(listed.get(f.code), f.code).toBe(f.status);
    expect([listed.get('unit_not_found'), listed.get('unknown_unit'), listed.get('forbidden_role')]).toEqual([
      404, 422, 403,
    ]);
  });
});
