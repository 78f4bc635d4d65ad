import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, counterToken, rate, startRating, type RatingHarness } from './support.js';

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
  const res = await rate(h, { token: t.token, answers: GOOD, official: { stars, reason: 'pengalaman langsung', ...(dimensions ? { dimensions } : {}) } });
  expect(res.statusCode).toBe(201);
}

describe('report cards', () => {
  it('admins configure dimensions, bands and the Bayesian minimum; bad configurations are refused whole', async () => {
    const initial = (await h.app.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await as.admin() })).json();
    expect(initial.custom).toBe(false);
    expect(initial.dimensions.map((d: { weight: number }) => d.weight)).toEqual([38, 14, 16, 12, 20]);

    const bad = await h.app.inject({
      method: 'PUT',
      url: '/v1/admin/report-card-config',
      headers: await as.admin(),
      payload: { dimensions: [{ key: 'pelayanan-publik', label: 'Pelayanan', weight: 60 }], bands: { yellowFrom: 4, greenFrom: 3 }, minimumRatings: 2 },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'invalid_report_card_config']);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['dimensions', 'bands']);
    expect((await h.app.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await as.admin() })).json().custom).toBe(false);
    expect((await h.app.inject({ method: 'PUT', url: '/v1/admin/report-card-config', headers: await as.officer('kec-coblong'), payload: initial })).statusCode).toBe(403);

    const { custom: _c, ...bandung } = initial;
    const ok = await h.app.inject({ method: 'PUT', url: '/v1/admin/report-card-config', headers: await as.admin(), payload: { ...bandung, minimumRatings: 2 } });
    expect(ok.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await as.admin() })).json()).toMatchObject({ custom: true, minimumRatings: 2 });
  });

  it('cards carry counts, Bayesian averages pulled to the region’s mean, a weighted score and a colour', async () => {
    // camat Coblong: 5 and 5 stars; camat Andir: 2 stars. Region mean C = 12/3 = 4, m = 2.
    await rateOfficial('kec-coblong', 'camat-coblong', 5, { 'pelayanan-publik': 5, inovasi: 4 });
    await rateOfficial('kec-coblong', 'camat-coblong', 5, { 'pelayanan-publik': 4 });
    await rateOfficial('kec-andir', 'camat-andir', 2, { 'pelayanan-publik': 1 });

    const cards = (await h.app.inject({ method: 'GET', url: '/v1/public/report-cards' })).json();
    expect(cards.tenantMean).toBe(4);
    const coblong = cards.cards.find((c: { official: { id: string } }) => c.official.id === 'camat-coblong');
    // overall: 2/4 × 5 + 2/4 × 4 = 4.5
    expect(coblong.overall).toEqual({ ratings: 2, mean: 5, bayesian: 4.5 });
    // pelayanan-publik: own 9/2, region 10/3; WR = 2/4 × 4.5 + 2/4 × 3.3333 = 3.9167
    // inovasi: own 4/1, region 4; WR = 1/3 × 4 + 2/3 × 4 = 4
    // score over the dimensions rated anywhere: (38 × 3.9167 + 20 × 4) / 58 = 3.9454
    expect(coblong.dimensions.find((d: { key: string }) => d.key === 'pelayanan-publik')).toMatchObject({ ratings: 2, mean: 4.5, bayesian: 3.92 });
    expect(coblong.dimensions.find((d: { key: string }) => d.key === 'kebersihan')).toMatchObject({ ratings: 0, mean: null, bayesian: null });
    expect(coblong.score).toBe(3.95);
    expect(coblong.colour).toBe('yellow');

    const andir = (await h.app.inject({ method: 'GET', url: '/v1/public/officials/camat-andir/report-card' })).json();
    // pelayanan-publik: 1/3 × 1 + 2/3 × 3.3333 = 2.5556, the only dimension Andir was rated on: the score.
    // inovasi shows the region's 4 as its prior, but does not count for Andir
    expect(andir).toMatchObject({ overall: { ratings: 1, mean: 2, bayesian: 3.33 }, score: 2.56, colour: 'red' });
    expect(andir.dimensions.find((d: { key: string }) => d.key === 'inovasi')).toMatchObject({ ratings: 0, bayesian: 4 });

    const unrated = cards.cards.find((c: { official: { id: string } }) => c.official.id === 'sekcam-coblong');
    expect(unrated).toMatchObject({ score: null, colour: null, overall: { ratings: 0 } });
    expect((await h.app.inject({ method: 'GET', url: '/v1/public/officials/nobody/report-card' })).json().code).toBe('official_not_found');
  });

  it('staff see their unit’s results and cards together, and only their own unit', async () => {
    const own = await h.app.inject({ method: 'GET', url: '/v1/staff/units/kec-coblong/results', headers: await as.head('kec-coblong') });
    expect(own.statusCode).toBe(200);
    expect(own.json().ikm.respondents).toBe(2);
    expect(own.json().reportCards.cards.map((c: { official: { id: string } }) => c.official.id)).toEqual(['camat-coblong', 'sekcam-coblong']);
    const other = await h.app.inject({ method: 'GET', url: '/v1/staff/units/kec-andir/results', headers: await as.head('kec-coblong') });
    expect([other.statusCode, other.json().code]).toEqual([403, 'forbidden_unit']);
  });
});
