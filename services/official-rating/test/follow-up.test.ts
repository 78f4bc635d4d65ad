import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRating, type RatingHarness, failingFields } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

const PLAN = {
  items: [
    {
      element: 'waktu',
      action: 'Menambah loket perekaman KTP-el pada hari Senin',
      when: 'Triwulan I 2027',
      responsible: 'Kepala Bidang Pelayanan',
    },
    {
      element: 'sarana',
      action: 'Memperbaiki ruang tunggu; aduan ke 081234567890',
      when: 'Triwulan II 2027',
      responsible: 'Sekretaris Dinas',
    },
  ],
};

const put = async (unit: string, period: string, body: object, headers: Record<string, string>) =>
  h.inject({ method: 'PUT', url: `/v1/staff/units/${unit}/follow-up/${period}`, headers, payload: body });

describe('the follow-up plan (rencana tindak lanjut, PermenPANRB 14/2017)', () => {
  it('the unit head sets it and the public sees it with the unit’s results for that period', async () => {
    const before = (await h.inject({ method: 'GET', url: '/v1/public/units/disdukcapil/ikm?period=2026' })).json();
    expect(before.followUp).toBeNull();
    const res = await put('disdukcapil', '2026', PLAN, await h.as.head('disdukcapil'));
    expect(res.statusCode).toBe(200);
    const published = (await h.inject({ method: 'GET', url: '/v1/public/units/disdukcapil/ikm?period=2026' })).json();
    expect(published.followUp).toMatchObject({ period: '2026', revisions: 1 });
    expect(published.followUp.items.map((i: { element: string }) => i.element)).toEqual(['waktu', 'sarana']);
    // published text is masked like a comment
    expect(JSON.stringify(published.followUp)).not.toContain('081234567890');
    // another period has its own plan
    expect(
      (await h.inject({ method: 'GET', url: '/v1/public/units/disdukcapil/ikm?period=2026-Q4' })).json().followUp,
    ).toBeNull();
    // the staff view of the results carries it too
    const staff = await h.inject({
      method: 'GET',
      url: '/v1/staff/units/disdukcapil/results?period=2026',
      headers: await h.as.officer('disdukcapil'),
    });
    expect(staff.json().ikm.followUp.revisions).toBe(1);
  });

  it('a new version replaces the published one; every version stays with who set it and when', async () => {
    await put('dishub', '2026-S2', PLAN, await h.as.head('dishub', { sub: 'kabid-dishub' }));
    await put('dishub', '2026-S2', { items: [PLAN.items[0]] }, await h.as.admin({ sub: 'admin-kota' }));
    const published = (await h.inject({ method: 'GET', url: '/v1/public/units/dishub/ikm?period=2026-S2' })).json();
    expect(published.followUp.items).toHaveLength(1);
    expect(published.followUp.revisions).toBe(2);
    const history = await h.inject({
      method: 'GET',
      url: '/v1/staff/units/dishub/follow-up/2026-S2',
      headers: await h.as.auditor(),
    });
    expect(history.statusCode).toBe(200);
    expect(history.json().versions.map((v: { setBy: string; items: unknown[] }) => [v.setBy, v.items.length])).toEqual([
      ['admin-kota', 1],
      ['kabid-dishub', 2],
    ]);
  });

  it('only the unit’s head or an admin sets it; bad plans are refused whole', async () => {
    const officer = await put('dlh', '2026', PLAN, await h.as.officer('dlh'));
    expect([officer.statusCode, officer.json().code]).toEqual([403, 'forbidden_role']);
    const otherUnit = await put('dlh', '2026', PLAN, await h.as.head('dishub'));
    expect([otherUnit.statusCode, otherUnit.json().code]).toEqual([403, 'forbidden_unit']);
    const bad = await put(
      'dlh',
      '2026',
      {
        items: [
          { ...PLAN.items[0], element: 'kecepatan' },
          { ...PLAN.items[1], action: '' },
        ],
      },
      await h.as.head('dlh'),
    );
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'validation_failed']);
    expect(failingFields(bad)).toEqual(['items.0.element', 'items.1.action']);
    expect((await h.inject({ method: 'GET', url: '/v1/public/units/dlh/ikm?period=2026' })).json().followUp).toBeNull();
  });
});
