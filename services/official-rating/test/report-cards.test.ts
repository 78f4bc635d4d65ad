import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterToken, rate, startRating, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

const GOOD = [3, 3, 3, 3, 3, 3, 3, 3, 3];

async function rateOfficial(unit: string, official: string, stars: number, dimensions?: Record<string, number>) {
  const t = await counterToken(h, { unit, official, serviceType: 'surat-pengantar' });
  const res = await rate(h, {
    token: t.token,
    answers: GOOD,
    official: { stars, reason: 'pengalaman langsung', ...(dimensions ? { dimensions } : {}) },
  });
  expect(res.statusCode).toBe(201);
}

describe('report cards', () => {
  it('admins configure dimensions, bands and the Bayesian minimum; bad configurations are refused whole', async () => {
    const initial = (
      await h.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await h.as.admin() })
    ).json();
    expect(initial.custom).toBe(false);
    expect(initial.dimensions.map((d: { weight: number }) => d.weight)).toEqual([38, 14, 16, 12, 20]);

    const bad = await h.inject({
      method: 'PUT',
      url: '/v1/admin/report-card-config',
      headers: await h.as.admin(),
      payload: {
        dimensions: [{ key: 'pelayanan-publik', label: 'Pelayanan', weight: 60 }],
        bands: { yellowFrom: 4, greenFrom: 3 },
        minimumRatings: 2,
      },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'invalid_report_card_config']);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['dimensions', 'bands']);
    expect(
      (await h.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await h.as.admin() })).json()
        .custom,
    ).toBe(false);
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: '/v1/admin/report-card-config',
          headers: await h.as.officer('kec-coblong'),
          payload: initial,
        })
      ).statusCode,
    ).toBe(403);

    const { custom: _c, ...bandung } = initial;
    const ok = await h.inject({
      method: 'PUT',
      url: '/v1/admin/report-card-config',
      headers: await h.as.admin(),
      payload: { ...bandung, minimumRatings: 2 },
    });
    expect(ok.statusCode).toBe(200);
    expect(
      (await h.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await h.as.admin() })).json(),
    ).toMatchObject({ custom: true, minimumRatings: 2 });
  });

  it('cards carry counts, Bayesian averages pulled to the region’s mean, a weighted score and a colour', async () => {
    // a rating's overall stars stand for every dimension it did not rate separately:
    //   r1 camat Coblong 5 stars, pelayanan-publik 5, inovasi 4 -> 5 5 5 5 4
    //   r2 camat Coblong 5 stars, pelayanan-publik 5           -> 5 5 5 5 5
    //   r3 camat Andir   2 stars, pelayanan-publik 1           -> 1 2 2 2 2
    // C is the mean over the items (each official's mean once): overall (5 + 2) / 2 = 3.5; per dimension
    // (5 + 1) / 2 = 3, then 3.5, 3.5, 3.5, (4.5 + 2) / 2 = 3.25; m = 2
    await rateOfficial('kec-coblong', 'camat-coblong', 5, { 'pelayanan-publik': 5, inovasi: 4 });
    await rateOfficial('kec-coblong', 'camat-coblong', 5, { 'pelayanan-publik': 5 });
    await rateOfficial('kec-andir', 'camat-andir', 2, { 'pelayanan-publik': 1 });

    const cards = (await h.inject({ method: 'GET', url: '/v1/public/report-cards' })).json();
    expect(cards.tenantMean).toBe(3.5);
    const coblong = cards.cards.find((c: { official: { id: string } }) => c.official.id === 'camat-coblong');
    // overall: 2/4 × 5 + 2/4 × 3.5 = 4.25
    expect(coblong.overall).toEqual({ ratings: 2, mean: 5, bayesian: 4.25 });
    // pelayanan-publik 2/4 × 5 + 2/4 × 3 = 4; the next three 2/4 × 5 + 2/4 × 3.5 = 4.25; inovasi 2/4 × 4.5 + 2/4 × 3.25 = 3.875
    // score: (38 × 4 + 42 × 4.25 + 20 × 3.875) / 100 = 4.08
    expect(coblong.dimensions.map((d: { ratings: number; bayesian: number }) => [d.ratings, d.bayesian])).toEqual([
      [2, 4],
      [2, 4.25],
      [2, 4.25],
      [2, 4.25],
      [2, 3.88],
    ]);
    expect(coblong.score).toBe(4.08);
    expect(coblong.colour).toBe('green');

    const andir = (await h.inject({ method: 'GET', url: '/v1/public/officials/camat-andir/report-card' })).json();
    // overall 1/3 × 2 + 2/3 × 3.5 = 3; pelayanan-publik 1/3 × 1 + 2/3 × 3 = 2.3333; three at 1/3 × 2 + 2/3 × 3.5 = 3;
    // inovasi 1/3 × 2 + 2/3 × 3.25 = 2.8333; score (38 × 2.3333 + 42 × 3 + 20 × 2.8333) / 100 = 2.7133
    expect(andir).toMatchObject({ overall: { ratings: 1, mean: 2, bayesian: 3 }, score: 2.71, colour: 'red' });

    const unrated = cards.cards.find((c: { official: { id: string } }) => c.official.id === 'sekcam-coblong');
    expect(unrated).toMatchObject({ score: null, colour: null, overall: { ratings: 0 } });
    expect((await h.inject({ method: 'GET', url: '/v1/public/officials/nobody/report-card' })).json().code).toBe(
      'official_not_found',
    );
  });

  it('one friendly rating of one dimension does not turn a poorly rated official green', async () => {
    for (let i = 0; i < 6; i++) await rateOfficial('dishub', 'pjb-dishub-kadis', 1);
    await rateOfficial('dishub', 'pjb-dishub-kadis', 5, { 'pelayanan-publik': 5 });
    const card = (await h.inject({ method: 'GET', url: '/v1/public/officials/pjb-dishub-kadis/report-card' })).json();
    expect(card.overall.ratings).toBe(7);
    expect(card.colour).toBe('red');
    expect(card.score).toBeLessThan(3);
  });

  it('staff see their unit’s results and cards together, and only their own unit', async () => {
    const own = await h.inject({
      method: 'GET',
      url: '/v1/staff/units/kec-coblong/results',
      headers: await h.as.head('kec-coblong'),
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().ikm.respondents).toBe(2);
    expect(own.json().reportCards.cards.map((c: { official: { id: string } }) => c.official.id)).toEqual([
      'camat-coblong',
      'sekcam-coblong',
    ]);
    const other = await h.inject({
      method: 'GET',
      url: '/v1/staff/units/kec-andir/results',
      headers: await h.as.head('kec-coblong'),
    });
    expect([other.statusCode, other.json().code]).toEqual([403, 'forbidden_unit']);
  });
});
