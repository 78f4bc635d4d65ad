/** A year with both Bandung units' DPA approved by the region (and locked on request), for realization and open data tests. */
import { expect } from 'vitest';
import { addLine, addSub, asphalt, openUnit, seedReference, YEAR, type H } from './fixtures.js';

export const LLAJ = '2.15.02.2.01.0001';
export const ROAD_ACCOUNT = '5.2.04.01.01.0001';
export const ATK_ACCOUNT = '5.1.02.01.01.0024';

export interface Lines {
  /** 1,200 m2 of asphalt + 11% tax: Rp 246,420,000 under 5.2.04.01.01.0001. */
  asphalt: string;
  /** 100 m2 of asphalt, no tax: Rp 18,500,000, same account and sub-activity. */
  patch: string;
  /** 100 ballpoints: Rp 350,000 under 5.1.02.01.01.0024. */
  pens: string;
  /** Dishub: 20 people x 3 days of travel: Rp 25,800,000. */
  travel: string;
}

export const move = async (h: H, unit: string, action: string, headers: Record<string, string>) =>
  h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/units/${unit}/${action}`, headers, payload: {} });

async function line(h: H, unit: string, body: Record<string, unknown>) {
  const res = await addLine(h, unit, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Drafts, submits and approves both units and the region; `lock` locks the DPAs too. */
export async function approvedYear(h: H, opts: { lock: boolean }): Promise<Lines> {
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '50000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  expect((await addSub(h, 'dishub', { code: LLAJ, pagu: '50000000', planningSource: 'musrenbang' })).statusCode).toBe(
    201,
  );
  const lines: Lines = {
    asphalt: await line(h, 'dsdabm', asphalt()),
    patch: await line(h, 'dsdabm', asphalt({ factors: [{ quantity: '100', unit: 'm2' }], taxPercent: '0' })),
    pens: await line(
      h,
      'dsdabm',
      asphalt({
        account: ATK_ACCOUNT,
        catalogueItem: '1.1.12.01.01.0001',
        factors: [{ quantity: '100', unit: 'buah' }],
        unitPrice: '3500',
        taxPercent: '0',
      }),
    ),
    travel: await line(h, 'dishub', {
      subActivity: LLAJ,
      account: '5.1.02.04.01.0001',
      catalogueItem: 'SBU-UH-JB',
      factors: [
        { quantity: '20', unit: 'orang' },
        { quantity: '3', unit: 'hari' },
      ],
      unitPrice: '430000',
      taxPercent: '0',
      fundingSource: 'PAD',
      location: 'Bandung',
    }),
  };
  const tapd = await h.as.tapd();
  for (const unit of ['dsdabm', 'dishub']) {
    expect((await move(h, unit, 'submit', await h.as.head(unit))).statusCode).toBe(200);
    expect((await move(h, unit, 'approve', tapd)).statusCode).toBe(200);
  }
  const region = await h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/approve-region`,
    headers: await h.as.admin(),
  });
  expect(region.statusCode, region.body).toBe(200);
  if (opts.lock) await lockBoth(h);
  return lines;
}

export async function lockBoth(h: H) {
  for (const unit of ['dsdabm', 'dishub'])
    expect((await move(h, unit, 'lock', await h.as.tapd())).json()).toMatchObject({ status: 'locked' });
}

export const record = async (h: H, unit: string, entries: unknown[], headers?: Record<string, string>) =>
  h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/realization`,
    headers: headers ?? (await h.as.officer(unit)),
    payload: { entries },
  });

export const postCsv = async (h: H, url: string, csv: string, headers: Record<string, string>) =>
  h.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'text/csv' }, payload: csv });
