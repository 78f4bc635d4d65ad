/** A year with two locked DPAs (dsdabm: roads; dishub: transport, two sub-activities), for the revision tests. */
import { expect } from 'vitest';
import { addLine, addSub, asphalt, openUnit, seedReference, YEAR, type H } from './fixtures.js';

export const LLAJ = '2.15.02.2.01.0001';
export const OFFICE = '7.01.01.2.06.0002';

/** Lines of dishub (sub-activity LLAJ unless said), as the drafting API takes them. */
export const dishubLine = {
  travel: (persons: string) => ({
    subActivity: LLAJ,
    account: '5.1.02.04.01.0001',
    catalogueItem: 'SBU-UH-JB',
    factors: [
      { quantity: persons, unit: 'orang' },
      { quantity: '3', unit: 'hari' },
    ],
    unitPrice: '430000',
    taxPercent: '0',
    fundingSource: 'PAD',
    location: 'Bandung',
  }),
  honorarium: (hours: string, unitPrice = '900000') => ({
    subActivity: LLAJ,
    account: '5.1.02.02.01.0003',
    catalogueItem: 'SBU-HON-01',
    factors: [{ quantity: hours, unit: 'OJ' }],
    unitPrice,
    taxPercent: '0',
    fundingSource: 'PAD',
    location: 'Bandung',
  }),
  pens: (count: string, subActivity = LLAJ) => ({
    subActivity,
    account: '5.1.02.01.01.0024',
    catalogueItem: '1.1.12.01.01.0001',
    factors: [{ quantity: count, unit: 'buah' }],
    unitPrice: '3500',
    taxPercent: '0',
    fundingSource: 'PAD',
    location: 'Bandung',
  }),
  upkeep: (m2: string) => ({
    subActivity: LLAJ,
    account: '5.1.02.01.01.0024',
    catalogueItem: 'SBU-PML-01',
    factors: [{ quantity: m2, unit: 'm2' }],
    unitPrice: '60000',
    taxPercent: '0',
    fundingSource: 'PAD',
    location: 'Kantor Dishub',
  }),
};

export type Lines = Record<'asphalt' | 'travel' | 'honorarium' | 'pens' | 'upkeep' | 'officePens', string>;

export const post = async (h: H, url: string, headers: Record<string, string>, payload: unknown = {}) =>
  h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/${url}`, headers, payload: payload as object });

/**
 * dsdabm: ceiling 1,000,000,000; ROAD (500,000,000): asphalt 246,420,000.
 * dishub: ceiling 50,000,000; LLAJ (44,000,000): travel 25,800,000, honorarium 9,000,000, pens
 * 3,500,000, upkeep 5,400,000; OFFICE (6,000,000): pens 1,750,000. Total 45,450,000.
 * Both approved and region-approved; `lock` says which DPAs are locked.
 */
export async function approvedYear(h: H, lock: readonly string[]): Promise<Lines> {
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '50000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  for (const [code, pagu] of [
    [LLAJ, '44000000'],
    [OFFICE, '6000000'],
  ] as const)
    expect((await addSub(h, 'dishub', { code, pagu })).statusCode).toBe(201);
  const ids: Partial<Lines> = {};
  const add = async (key: keyof Lines, unit: string, body: Record<string, unknown>) => {
    const res = await addLine(h, unit, body);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  };
  await add('asphalt', 'dsdabm', asphalt());
  await add('travel', 'dishub', dishubLine.travel('20'));
  await add('honorarium', 'dishub', dishubLine.honorarium('10'));
  await add('pens', 'dishub', dishubLine.pens('1000'));
  await add('upkeep', 'dishub', dishubLine.upkeep('90'));
  await add('officePens', 'dishub', dishubLine.pens('500', OFFICE));
  const tapd = await h.as.tapd();
  for (const unit of ['dsdabm', 'dishub']) {
    expect((await post(h, `units/${unit}/submit`, await h.as.head(unit))).statusCode).toBe(200);
    expect((await post(h, `units/${unit}/approve`, tapd)).statusCode).toBe(200);
  }
  expect((await post(h, 'approve-region', await h.as.admin())).json()).toMatchObject({ status: 'region-approved' });
  for (const unit of lock)
    expect((await post(h, `units/${unit}/lock`, tapd)).json()).toMatchObject({ status: 'locked' });
  return ids as Lines;
}
