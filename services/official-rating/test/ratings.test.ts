import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterToken, rate, startRating, type RatingHarness, useBandung2015Dimensions } from './fixtures.js';
import { refreshTenant } from '../src/skm/refresh.js';
import { currentYear } from '../src/skm/period.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
  await useBandung2015Dimensions(h);
});
afterAll(async () => {
  await h?.stop();
});

const GOOD = [4, 3, 3, 4, 3, 3, 4, 3, 3];
const ratingsOf = async (invitationId: string) =>
  (await sql<{ id: string }>`select r.id from rating r where r.invitation_id = ${invitationId}`.execute(h.db)).rows;

describe('submitting a rating', () => {
  it('when a citizen answers with a fresh link, then the rating is recorded once and announced without personal data', async () => {
    const t = await counterToken(h, { unit: 'dishub', serviceType: 'uji-kir' });
    const res = await rate(h, { token: t.token, answers: GOOD, comment: 'Cepat, petugas ramah. HP saya 081234567890' });
    expect(res.statusCode).toBe(201);
    const { ratingId } = res.json();
    expect(await ratingsOf(t.invitationId)).toEqual([{ id: ratingId }]);
    const events = await h.events.published<{
      ratingId: string;
      answers: number[];
      unit: string;
      serviceType: string;
      hasComment: boolean;
      transactionKind: string;
    }>('sinergi.official-rating.rating.submitted.v1');
    const mine = events.filter((e) => e.data.ratingId === ratingId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.data).toMatchObject({
      answers: GOOD,
      unit: 'dishub',
      serviceType: 'uji-kir',
      hasComment: true,
      transactionKind: 'counter',
    });
    expect(mine[0]!.data).not.toHaveProperty('transaction');
    expect(JSON.stringify(mine[0])).not.toContain('0812');
    // the link is spent
    const preview = await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` });
    expect(preview.json().status).toBe('used');
  });

  it('when the same link is used again, then 409 token_used and nothing changes', async () => {
    const t = await counterToken(h, { unit: 'dishub' });
    expect((await rate(h, { token: t.token, answers: GOOD })).statusCode).toBe(201);
    const again = await rate(h, { token: t.token, answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('token_used');
    const [row] = (
      await sql<{ a1: number }>`select a1 from rating where invitation_id = ${t.invitationId}`.execute(h.db)
    ).rows;
    expect(row!.a1).toBe(4);
  });

  it('when two submissions with one link race, then exactly one is recorded', async () => {
    for (let round = 0; round < 5; round++) {
      const t = await counterToken(h, { unit: 'dishub' });
      const results = await Promise.all([
        rate(h, { token: t.token, answers: GOOD }),
        rate(h, { token: t.token, answers: [2, 2, 2, 2, 2, 2, 2, 2, 2] }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(await ratingsOf(t.invitationId)).toHaveLength(1);
    }
  });

  it('refuses an expired link with 410, another region’s with 403 and an unknown one with 404', async () => {
    const expired = await counterToken(h, { unit: 'dishub' });
    await sql`update invitation set expires_at = now() - interval '1 second' where id = ${expired.invitationId}`.execute(
      h.db,
    );
    const e = await rate(h, { token: expired.token, answers: GOOD });
    expect([e.statusCode, e.json().code]).toEqual([410, 'token_expired']);

    const palu = await counterToken(h, { unit: 'dpupr' }, '72.71');
    const other = await rate(h, { token: palu.token, answers: GOOD }, '32.73');
    expect([other.statusCode, other.json().code]).toEqual([403, 'token_other_region']);
    expect(await ratingsOf(palu.invitationId)).toHaveLength(0);
    // in its own region it still works
    expect((await rate(h, { token: palu.token, answers: GOOD }, '72.71')).statusCode).toBe(201);

    const unknown = await rate(h, { token: 'ABCDEFGHJKMNPQRSTVWXYZ0123456789', answers: GOOD });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'token_unknown']);
  });

  it('names the failing fields of a bad questionnaire and spends nothing', async () => {
    const t = await counterToken(h, { unit: 'dishub' });
    const short = await rate(h, { token: t.token, answers: [4, 4, 4] });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors.map((x: { field: string }) => x.field)).toContain('answers');
    const outOfScale = await rate(h, { token: t.token, answers: [4, 4, 4, 4, 5, 4, 4, 4, 0] });
    expect(
      outOfScale
        .json()
        .errors.map((x: { field: string }) => x.field)
        .sort(),
    ).toEqual(['answers.4', 'answers.8']);
    const noReason = await rate(h, { token: t.token, answers: GOOD, official: { stars: 5 } });
    expect(noReason.json().errors.map((x: { field: string }) => x.field)).toContain('official.reason');
    // the counter link has no official: rating one is refused, and the link stays usable
    const noOfficial = await rate(h, { token: t.token, answers: GOOD, official: { stars: 5, reason: 'ramah' } });
    expect([noOfficial.statusCode, noOfficial.json().code]).toEqual([422, 'no_official_to_rate']);
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json().status).toBe(
      'open',
    );
    expect((await rate(h, { token: t.token, answers: GOOD })).statusCode).toBe(201);
  });

  it('rates the official with stars, a reason and known dimensions only', async () => {
    const t = await counterToken(h, { unit: 'kec-coblong', serviceType: 'surat-pengantar', official: 'camat-coblong' });
    const preview = (await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json();
    expect(preview.official).toEqual({ jobTitle: 'Camat Coblong' });
    expect(preview.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'pelayanan-publik',
      'ketertiban',
      'kebersihan',
      'keindahan',
      'inovasi',
    ]);
    const bad = await rate(h, {
      token: t.token,
      answers: GOOD,
      official: { stars: 4, reason: 'cepat', dimensions: { kecepatan: 4 } },
    });
    expect([bad.statusCode, bad.json().code, bad.json().errors[0].field]).toEqual([
      422,
      'unknown_dimension',
      'official.dimensions.kecepatan',
    ]);
    const ok = await rate(h, {
      token: t.token,
      answers: GOOD,
      official: { stars: 4, reason: 'cepat', dimensions: { 'pelayanan-publik': 5, inovasi: 3 } },
    });
    expect(ok.statusCode).toBe(201);
    const dims = (
      await sql<{
        dimension: string;
        stars: number;
      }>`select dimension, stars from rating_dimension where rating_id = ${ok.json().ratingId} order by dimension`.execute(
        h.db,
      )
    ).rows;
    expect(dims).toEqual([
      { dimension: 'inovasi', stars: 3 },
      { dimension: 'pelayanan-publik', stars: 5 },
    ]);
  });

  it('limits submissions per client address', async () => {
    const limited = await startRating({ SUBMIT_RATE_PER_MINUTE: '2' });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push((await rate(limited, { token: 'ABCDEFGHJKMNPQRSTVWXYZ0123456789', answers: GOOD })).statusCode);
      expect(codes).toEqual([404, 404, 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('IKM results', () => {
  it('a unit’s IKM from three hand-computed respondents, per element and service type, flagged below the minimum sample', async () => {
    const answers = [
      [4, 3, 3, 4, 3, 3, 4, 3, 3],
      [3, 3, 2, 4, 3, 3, 3, 3, 3],
      [4, 4, 3, 4, 4, 3, 4, 3, 2],
    ];
    for (const [i, a] of answers.entries()) {
      const t = await counterToken(h, { unit: 'dinsos', serviceType: i === 2 ? 'bansos' : 'dtks' });
      expect((await rate(h, { token: t.token, answers: a })).statusCode).toBe(201);
    }
    const year = currentYear(new Date(), 'Asia/Jakarta');
    const res = await h.inject({ method: 'GET', url: `/v1/public/units/dinsos/ikm?period=${year}` });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    // 25 × (88/3) / 9 = 81.48
    expect(r).toMatchObject({
      ikm: 81.48,
      band: 'B',
      performance: 'Baik',
      respondents: 3,
      serviceUsers: 3,
      serviceUsersSource: 'invitations',
      minimumSample: 3,
      belowMinimumSample: false,
    });
    expect(r.elements.map((e: { nrr: number }) => e.nrr)).toEqual([
      3.6667, 3.3333, 2.6667, 4, 3.3333, 3, 3.6667, 3, 2.6667,
    ]);
    expect(
      r.serviceTypes.map((s: { serviceType: string; respondents: number }) => [s.serviceType, s.respondents]),
    ).toEqual([
      ['bansos', 1],
      ['dtks', 2],
    ]);
    // one service type alone: the two dtks respondents, element sums 7,6,5,8,6,6,7,6,6 = 57: 25 × (57/2) / 9 = 79.17
    const dtks = (
      await h.inject({ method: 'GET', url: `/v1/public/units/dinsos/ikm?period=${year}&serviceType=dtks` })
    ).json();
    expect(dtks).toMatchObject({ serviceType: 'dtks', ikm: 79.17, band: 'B', respondents: 2, serviceUsers: 2 });

    // the unit declares 100 users for the year: 3 respondents fall short of the 80 needed
    const declared = await h.inject({
      method: 'PUT',
      url: `/v1/staff/units/dinsos/service-users/${year}`,
      headers: await h.as.head('dinsos'),
      payload: { count: 100 },
    });
    expect(declared.statusCode).toBe(200);
    const flagged = (await h.inject({ method: 'GET', url: `/v1/public/units/dinsos/ikm?period=${year}` })).json();
    expect(flagged).toMatchObject({
      ikm: 81.48,
      serviceUsers: 100,
      serviceUsersSource: 'declared',
      minimumSample: 80,
      belowMinimumSample: true,
    });

    // a lower declaration cannot shrink N below what the system saw and clear the flag
    await h.inject({
      method: 'PUT',
      url: `/v1/staff/units/dinsos/service-users/${year}`,
      headers: await h.as.head('dinsos'),
      payload: { count: 0 },
    });
    const lowered = (await h.inject({ method: 'GET', url: `/v1/public/units/dinsos/ikm?period=${year}` })).json();
    expect(lowered).toMatchObject({
      serviceUsers: 3,
      serviceUsersSource: 'invitations',
      respondentsByKind: { complaints: 0, licensing: 0, counter: 3 },
    });
    await h.inject({
      method: 'PUT',
      url: `/v1/staff/units/dinsos/service-users/${year}`,
      headers: await h.as.head('dinsos'),
      payload: { count: 100 },
    });
    const auditor = await h.inject({
      method: 'PUT',
      url: `/v1/staff/units/dinsos/service-users/${year}`,
      headers: await h.as.auditor(),
      payload: { count: 1 },
    });
    expect(auditor.statusCode).toBe(403);
    const otherHead = await h.inject({
      method: 'PUT',
      url: `/v1/staff/units/dinsos/service-users/${year}`,
      headers: await h.as.head('dishub'),
      payload: { count: 1 },
    });
    expect([otherHead.statusCode, otherHead.json().code]).toEqual([403, 'forbidden_unit']);

    const ranking = (await h.inject({ method: 'GET', url: `/v1/public/ikm?period=${year}` })).json();
    expect(ranking.items.find((i: { unit: { code: string } }) => i.unit.code === 'dinsos')).toMatchObject({
      ikm: 81.48,
      belowMinimumSample: true,
    });
    expect(ranking.items.map((i: { rank: number }) => i.rank)).toEqual(
      [...ranking.items.map((i: { rank: number }) => i.rank)].sort((a, b) => a - b),
    );
  });

  it('an empty period has no IKM, and unknown units and malformed periods are clear errors', async () => {
    const empty = (await h.inject({ method: 'GET', url: '/v1/public/units/dinsos/ikm?period=2020' })).json();
    expect(empty).toMatchObject({ ikm: null, band: null, respondents: 0, belowMinimumSample: false });
    expect((await h.inject({ method: 'GET', url: '/v1/public/units/dinas-fiktif/ikm' })).json().code).toBe(
      'unit_not_found',
    );
    for (const period of ['2026-13', '9999', '0050', '1999-Q1']) {
      const bad = await h.inject({ method: 'GET', url: `/v1/public/units/dinsos/ikm?period=${period}` });
      expect([bad.statusCode, bad.json().errors[0].field]).toEqual([400, 'period']);
    }
    const farBefore = await h.inject({ method: 'GET', url: '/v1/public/comments?before=-004714-01-01T00:00:00Z' });
    expect([farBefore.statusCode, farBefore.json().errors[0].field]).toEqual([400, 'before']);
    const staffUnknown = await h.inject({
      method: 'GET',
      url: '/v1/staff/units/dinas-fiktif/results',
      headers: await h.as.admin(),
    });
    expect([staffUnknown.statusCode, staffUnknown.json().code]).toEqual([404, 'unit_not_found']);
  });

  it('announces each changed unit index once per refresh, for the year, half, quarter and month', async () => {
    await refreshTenant(h.ctx, '32.73'); // whatever earlier tests marked
    const before = (await h.events.published('sinergi.official-rating.unit-index.updated.v1')).length;
    for (let i = 0; i < 3; i++) {
      const t = await counterToken(h, { unit: 'dlh', serviceType: 'persampahan' });
      await rate(h, { token: t.token, answers: [4, 4, 4, 4, 4, 4, 4, 4, 4] });
    }
    expect(await refreshTenant(h.ctx, '32.73')).toEqual({ announced: 4, failed: 0 });
    expect(await refreshTenant(h.ctx, '32.73')).toEqual({ announced: 0, failed: 0 });
    const events = (
      await h.events.published<{ unit: string; period: string; ikm: number; band: string; respondents: number }>(
        'sinergi.official-rating.unit-index.updated.v1',
      )
    ).slice(before);
    expect(events).toHaveLength(4);
    expect(
      events.every(
        (e) => e.data.unit === 'dlh' && e.data.ikm === 100 && e.data.band === 'A' && e.data.respondents === 3,
      ),
    ).toBe(true);
    expect(events.map((e) => e.data.period.length).sort()).toEqual([4, 7, 7, 7]);
  });

  it('a mark whose index cannot be computed is retried later and never blocks the others', async () => {
    // a period no API accepts (written by an older version, say) and, after it, a real change
    await sql`insert into index_refresh (tenant_id, unit, period, marked_at) values ('32.73', 'dlh', '1999', now() - interval '1 hour')`.execute(
      h.db,
    );
    const t = await counterToken(h, { unit: 'dlh', serviceType: 'persampahan' });
    await rate(h, { token: t.token, answers: [3, 3, 3, 3, 3, 3, 3, 3, 3] });
    expect(await refreshTenant(h.ctx, '32.73')).toEqual({ announced: 4, failed: 1 });
    expect(await refreshTenant(h.ctx, '32.73')).toEqual({ announced: 0, failed: 1 });
    const left = (
      await sql<{ period: string }>`select period from index_refresh where tenant_id = '32.73'`.execute(h.db)
    ).rows;
    expect(left).toEqual([{ period: '1999' }]);
  });
});
