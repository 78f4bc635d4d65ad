import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '@sinergi/service-kit';
import { BANDUNG_2015_DIMENSIONS } from '../src/report-cards/score.js';
import {
  counterToken,
  failingFields,
  rate,
  startRating,
  useBandung2015Dimensions,
  type RatingHarness,
} from './fixtures.js';

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
  it('until a region sets its own, the default is stars alone, named as Sinergi’s choice, not Bandung’s', async () => {
    const initial = (
      await h.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await h.as.admin() })
    ).json();
    expect(initial).toMatchObject({ custom: false, dimensions: [], bands: { yellowFrom: 3, greenFrom: 4 } });
    expect(initial.basis).toContain('Sinergi default, not from any regulation');
    const cards = (await h.inject({ method: 'GET', url: '/v1/public/report-cards' })).json();
    expect(cards.configuration).toMatchObject({ custom: false, effectiveFrom: null });
    expect(cards.dimensions).toEqual([]);
  });

  it('admins set a version with its basis; bad ones are refused whole, with every field', async () => {
    const bad = await h.inject({
      method: 'PUT',
      url: '/v1/admin/report-card-config',
      headers: await h.as.admin(),
      payload: {
        dimensions: [{ key: 'pelayanan-publik', label: 'Pelayanan', weight: 60 }],
        bands: { yellowFrom: 4, greenFrom: 3 },
        minimumRatings: 2,
        effectiveFrom: '2020-01-01',
        basis: 'Perwal uji',
      },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'invalid_report_card_config']);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['dimensions', 'bands', 'effectiveFrom']);
    const noBasis = await h.inject({
      method: 'PUT',
      url: '/v1/admin/report-card-config',
      headers: await h.as.admin(),
      payload: { ...BANDUNG_2015_DIMENSIONS },
    });
    expect([noBasis.statusCode, failingFields(noBasis)]).toEqual([400, ['basis']]);
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
          payload: { ...BANDUNG_2015_DIMENSIONS, basis: 'x y z' },
        })
      ).statusCode,
    ).toBe(403);

    const ok = await useBandung2015Dimensions(h, { minimumRatings: 2 });
    expect(ok).toMatchObject({ custom: true, minimumRatings: 2, basis: 'Bandung 2015 dimensions (test)' });
    expect(ok.dimensions.map((d: { weight: number }) => d.weight)).toEqual([38, 14, 16, 12, 20]);
    expect(
      (await h.inject({ method: 'GET', url: '/v1/admin/report-card-config', headers: await h.as.admin() })).json(),
    ).toMatchObject({ custom: true, minimumRatings: 2, setBy: 'admin-1' });
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

  it('a version applies from its date: future ones wait, past periods keep the settings they had', async () => {
    const today = localDate(new Date(), 'Asia/Jakarta');
    const year = Number(today.slice(0, 4));
    const put = async (payload: Record<string, unknown>) =>
      h.inject({
        method: 'PUT',
        url: '/v1/admin/report-card-config',
        headers: await h.as.admin({ sub: 'admin-2' }),
        payload,
      });
    const later = await put({
      dimensions: [],
      bands: { yellowFrom: 2.5, greenFrom: 3.5 },
      minimumRatings: 5,
      effectiveFrom: `${year + 1}-01-01`,
      basis: 'Keputusan Wali Kota (uji), berlaku tahun depan',
    });
    expect(later.statusCode).toBe(200);
    // today's cards still use the version in force today
    const now = (await h.inject({ method: 'GET', url: '/v1/public/report-cards' })).json();
    expect(now.configuration.basis).toBe('Bandung 2015 dimensions (test)');
    expect(now.bands).toEqual({ yellowFrom: 3, greenFrom: 4 });
    // last year's cards were made before any version: Sinergi's default
    const last = (await h.inject({ method: 'GET', url: `/v1/public/report-cards?period=${year - 1}` })).json();
    expect(last.configuration.custom).toBe(false);
    // every version is kept with its basis, who set it and when
    const versions = (
      await h.inject({ method: 'GET', url: '/v1/admin/report-card-config/versions', headers: await h.as.auditor() })
    ).json().items;
    expect(versions.map((v: { effectiveFrom: string; setBy: string }) => [v.effectiveFrom, v.setBy])).toEqual([
      [`${year + 1}-01-01`, 'admin-2'],
      [today, 'admin-1'],
    ]);
    expect(
      (
        await h.inject({
          method: 'GET',
          url: '/v1/admin/report-card-config/versions',
          headers: await h.as.officer('kec-coblong'),
        })
      ).statusCode,
    ).toBe(403);
  });
});
