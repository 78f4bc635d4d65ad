import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { counterToken, rate, startRating, type RatingHarness, failingFields } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

const GOOD = [3, 3, 3, 3, 3, 3, 3, 3, 3];
const profileOf = async (invitationId: string) =>
  (
    await sql<{
      sex: string | null;
      age_band: string | null;
      education: string | null;
      occupation: string | null;
    }>`select sex, age_band, education, occupation from rating where invitation_id = ${invitationId}`.execute(h.db)
  ).rows[0];

async function rated(unit: string, respondent?: Record<string, string>) {
  const t = await counterToken(h, { unit, serviceType: 'ktp-el' });
  const res = await rate(h, { token: t.token, answers: GOOD, ...(respondent ? { respondent } : {}) });
  expect(res.statusCode).toBe(201);
  return t;
}

const cellsOf = async (unit: string) => {
  const res = await h.inject({ method: 'GET', url: `/v1/public/units/${unit}/respondents` });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  return {
    body,
    cells: Object.fromEntries(
      body.attributes.map((a: { attribute: string; cells: { code: string; count: number | null }[] }) => [
        a.attribute,
        Object.fromEntries(a.cells.map((c) => [c.code, c.count])),
      ]),
    ),
  };
};

describe('the SKM respondent profile (PermenPANRB 14/2017)', () => {
  it('the JSON API records the profile the respondent gave, every part optional', async () => {
    const full = await rated('dishub', { sex: 'P', ageBand: '30-39', education: 's1', occupation: 'wirausaha' });
    expect(await profileOf(full.invitationId)).toEqual({
      sex: 'P',
      age_band: '30-39',
      education: 's1',
      occupation: 'wirausaha',
    });
    const partial = await rated('dishub', { sex: 'L' });
    expect(await profileOf(partial.invitationId)).toEqual({
      sex: 'L',
      age_band: null,
      education: null,
      occupation: null,
    });
    const none = await rated('dishub');
    expect(await profileOf(none.invitationId)).toEqual({
      sex: null,
      age_band: null,
      education: null,
      occupation: null,
    });
  });

  it('an unknown category is refused with its field, and the link stays usable', async () => {
    const t = await counterToken(h, { unit: 'dishub', serviceType: 'ktp-el' });
    const bad = await rate(h, { token: t.token, answers: GOOD, respondent: { sex: 'X', ageBand: '33' } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
    expect(failingFields(bad)).toEqual(['respondent.ageBand', 'respondent.sex']);
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${t.token}` })).json().status).toBe(
      'open',
    );
  });

  it('the form asks for the profile as optional selects and records what was chosen', async () => {
    const t = await counterToken(h, { unit: 'dishub', serviceType: 'ktp-el' });
    const page = await h.inject({ method: 'GET', url: `/r?token=${t.token}` });
    expect(page.body).toContain('Tentang Anda (tidak wajib)');
    for (const name of ['sex', 'ageBand', 'education', 'occupation'])
      expect(page.body).toContain(
        `<select id="p-${name}" name="${name}"><option value="">Tidak ingin mengisi</option>`,
      );
    expect(page.body).not.toMatch(/<select[^>]*required/);
    const fields = new URLSearchParams({
      token: t.token,
      ...Object.fromEntries(GOOD.map((v, i) => [`a${i + 1}`, String(v)])),
      sex: 'L',
      ageBand: '60-ke-atas',
      education: '',
      occupation: 'pns',
    });
    const res = await h.inject({
      method: 'POST',
      url: '/r',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: fields.toString(),
    });
    expect(res.statusCode).toBe(200);
    expect(await profileOf(t.invitationId)).toEqual({
      sex: 'L',
      age_band: '60-ke-atas',
      education: null,
      occupation: 'pns',
    });
  });

  it('is published only as counts per attribute, with small cells suppressed', async () => {
    // a fresh unit: 7 women and 2 men of whom one gave nothing else
    for (let i = 0; i < 7; i++) await rated('disdukcapil', { sex: 'P', education: 'sma' });
    await rated('disdukcapil', { sex: 'L', education: 'sma' });
    await rated('disdukcapil', { sex: 'L' });
    const { body, cells } = await cellsOf('disdukcapil');
    expect(body.respondents).toBe(9);
    expect(body.minimumCell).toBe(5);
    // L = 2 is too small, and P = 7 would give it back from the total: both suppressed
    expect(cells.sex).toEqual({ L: null, P: null, 'tidak-diisi': 0 });
    // education: 8 SMA shown, the one not given suppressed, and SMA too (9 - 8 = 1)
    expect(cells.education).toMatchObject({ sma: null, 'tidak-diisi': null, s1: 0 });
    // age: nobody gave it, all 9 in "not given"
    expect(cells.ageBand).toMatchObject({ 'tidak-diisi': 9, '20-29': 0 });
    // the individual answers never appear beside the profile
    expect(JSON.stringify(body)).not.toContain('answers');
  });

  it('a unit with fewer respondents than the minimum shows no profile at all', async () => {
    await rated('dpmptsp', { sex: 'P', ageBand: '20-29' });
    const { cells } = await cellsOf('dpmptsp');
    expect(Object.values(cells.sex)).toEqual([null, null, null]);
    expect(Object.values(cells.ageBand).every((v) => v === null)).toBe(true);
  });

  it('PROFILE_MINIMUM_CELL sets the cell size', async () => {
    const h3 = await startRating({ PROFILE_MINIMUM_CELL: '3' });
    try {
      for (const sex of ['L', 'L', 'L', 'P', 'P', 'P', 'P']) {
        const t = await counterToken(h3, { unit: 'dishub', serviceType: 'ktp-el' });
        expect((await rate(h3, { token: t.token, answers: GOOD, respondent: { sex } })).statusCode).toBe(201);
      }
      const body = (await h3.inject({ method: 'GET', url: '/v1/public/units/dishub/respondents' })).json();
      expect(body.minimumCell).toBe(3);
      expect(body.attributes[0].cells.map((c: { count: number | null }) => c.count)).toEqual([3, 4, 0]);
    } finally {
      await h3.stop();
    }
  });
});
