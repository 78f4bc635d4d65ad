/** Region-level spending checks: the year's rules are data an admin sets; TAPD reads the figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLine, addSub, asphalt, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
const RULES = [
  {
    code: 'personnel',
    label: 'Belanja pegawai',
    kind: 'max',
    percent: '30',
    accounts: ['5.1.01'],
    basis: 'UU 1/2022 Pasal 146',
  },
  {
    code: 'infrastructure',
    label: 'Belanja infrastruktur pelayanan publik',
    kind: 'min',
    percent: '40',
    accounts: ['5.2'],
    programs: ['1.03'],
    basis: 'UU 1/2022 Pasal 147',
  },
  {
    code: 'travel',
    label: 'Perjalanan dinas',
    kind: 'max',
    percent: '5',
    accounts: ['5.1.02.04'],
    basis: 'Inpres 1/2025 (efisiensi)',
  },
];

beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  expect((await addLine(h, 'dsdabm', asphalt({ taxPercent: '0' }))).statusCode).toBe(201); // Rp 222,000,000 capital, roads
  const travel = {
    account: '5.1.02.04.01.0001',
    catalogueItem: 'SBU-UH-JB',
    factors: [{ quantity: '40', unit: 'OH' }],
    unitPrice: '430000',
    taxPercent: '0',
    fundingSource: 'PAD',
    location: 'Bandung',
  };
  expect((await addLine(h, 'dsdabm', { ...asphalt(), ...travel })).statusCode).toBe(201); // Rp 17,200,000 travel
});
afterAll(async () => h?.stop());

describe('spending checks', () => {
  it("an admin sets the year's rules; TAPD reads each share with its figure and whether it is met", async () => {
    const set = await h.inject({
      method: 'PUT',
      url: `/v1/admin/years/${YEAR}/spending-rules`,
      headers: await h.as.admin(),
      payload: { rules: RULES },
    });
    expect(set.json()).toEqual({ year: YEAR, rules: 3 });
    const res = await h.inject({
      method: 'GET',
      url: `/v1/budgets/${YEAR}/spending-checks`,
      headers: await h.as.tapd(),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      year: YEAR,
      totalSpending: '239200000',
      checks: [
        { code: 'infrastructure', amount: '222000000', share: '92.81', met: true, basis: 'UU 1/2022 Pasal 147' },
        { code: 'personnel', amount: '0', share: '0.00', met: true },
        { code: 'travel', amount: '17200000', share: '7.19', met: false, percent: '5' },
      ],
    });
  });

  it("thresholds are data: next year's rule changes the verdict, and setting rules is audited", async () => {
    const tighter = RULES.map((r) => (r.code === 'travel' ? { ...r, percent: '7.5' } : r));
    await h.inject({
      method: 'PUT',
      url: `/v1/admin/years/${YEAR}/spending-rules`,
      headers: await h.as.admin(),
      payload: { rules: tighter },
    });
    const checks = (
      await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/spending-checks`, headers: await h.as.auditor() })
    ).json().checks;
    expect(checks.find((c: { code: string }) => c.code === 'travel')).toMatchObject({ met: true, percent: '7.5' });
    expect(
      (await h.inject({ method: 'GET', url: `/v1/audit/verify?year=${YEAR}`, headers: await h.as.auditor() })).json(),
    ).toMatchObject({ intact: true });
  });

  it('refuses bad rules and callers who may not', async () => {
    const bad = await h.inject({
      method: 'PUT',
      url: `/v1/admin/years/${YEAR}/spending-rules`,
      headers: await h.as.admin(),
      payload: { rules: [{ ...RULES[0], percent: '130' }] },
    });
    expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: `/v1/admin/years/${YEAR}/spending-rules`,
          headers: await h.as.tapd(),
          payload: { rules: [] },
        })
      ).json(),
    ).toMatchObject({ status: 403 });
    expect(
      (
        await h.inject({
          method: 'GET',
          url: `/v1/budgets/${YEAR}/spending-checks`,
          headers: await h.as.officer('dsdabm'),
        })
      ).json(),
    ).toMatchObject({ status: 403 });
  });
});
