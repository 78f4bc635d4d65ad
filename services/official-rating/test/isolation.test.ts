import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTenantIsolation } from '@sinergi/service-kit';
import type { Kysely } from 'kysely';
import { counterToken, rate, startRating, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

describe('tenant isolation', () => {
  it('every table with tenant rows has forced row-level security for the application role', async () => {
    const problems = await checkTenantIsolation(h.db as Kysely<unknown>, 'sinergi_app');
    expect(problems).toEqual([]);
  });

  it('one region’s ratings, comments, results and links are invisible to another', async () => {
    const t = await counterToken(h, { unit: 'dpupr', serviceType: 'pbg' }, '72.71');
    expect(
      (await rate(h, { token: t.token, answers: [3, 3, 3, 3, 3, 3, 3, 3, 3], comment: 'Komentar dari Palu' }, '72.71'))
        .statusCode,
    ).toBe(201);

    const paluComments = (await h.inject({ method: 'GET', url: '/v1/public/comments?tenant=72.71' })).json().items;
    expect(paluComments.map((c: { text: string }) => c.text)).toContain('Komentar dari Palu');
    const bandungComments = (await h.inject({ method: 'GET', url: '/v1/public/comments?tenant=32.73' })).json().items;
    expect(bandungComments.map((c: { text: string }) => c.text)).not.toContain('Komentar dari Palu');
    const bandungStaff = (
      await h.inject({ method: 'GET', url: '/v1/staff/comments', headers: await h.as.admin({ tenant: '32.73' }) })
    ).json().items;
    expect(bandungStaff).toEqual([]);

    const paluRanking = (await h.inject({ method: 'GET', url: '/v1/public/ikm?tenant=72.71' })).json().items;
    expect(paluRanking.map((i: { unit: { code: string } }) => i.unit.code)).toEqual(['dpupr']);
    expect((await h.inject({ method: 'GET', url: '/v1/public/ikm?tenant=32.73' })).json().items).toEqual([]);

    // a Bandung admin's token does not reach Palu's data even when asking for it
    const crossed = await h.inject({
      method: 'GET',
      url: '/v1/staff/comments?tenant=72.71',
      headers: await h.as.admin({ tenant: '32.73' }),
    });
    expect(crossed.statusCode).toBeGreaterThanOrEqual(400);
  });
});
