/** Reference data and steps most budgeting tests share, all through the API. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';

/** The example files the README's quick start loads too. */
const example = (file: string) => readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8');

export const start = () => createServiceHarness(budgeting);
export type H = Awaited<ReturnType<typeof start>>;

export const NOMENCLATURE = example('nomenclature-2026.csv');

export const ACCOUNTS = example('accounts-2026.csv');

export const CATALOGUE = example('catalogue-2026.csv');

export const YEAR = 2026;

export async function putCsv(h: H, url: string, csv: string, headers?: Record<string, string>) {
  return h.inject({
    method: 'PUT',
    url,
    headers: { ...(headers ?? (await h.as.admin())), 'content-type': 'text/csv' },
    payload: csv,
  });
}

/** Loads version 2026, opens the year under it and imports the catalogue. */
export async function seedReference(h: H, tenant?: string) {
  const admin = await h.as.admin(tenant ? { tenant } : undefined);
  for (const [path, csv] of [
    ['nomenclature', NOMENCLATURE],
    ['accounts', ACCOUNTS],
  ] as const) {
    const res = await putCsv(h, `/v1/admin/reference/2026/${path}`, csv, admin);
    expect(res.statusCode, res.body).toBe(200);
  }
  const year = await h.inject({
    method: 'PUT',
    url: `/v1/admin/years/${YEAR}`,
    headers: admin,
    payload: { version: '2026' },
  });
  expect(year.statusCode, year.body).toBe(200);
  const cat = await putCsv(h, `/v1/admin/catalogue/${YEAR}`, CATALOGUE, admin);
  expect(cat.statusCode, cat.body).toBe(200);
}

/** Sets the unit's ceiling and opens its drafting. */
export async function openUnit(h: H, unit: string, pagu: string) {
  const tapd = await h.as.tapd();
  const c = await h.inject({
    method: 'PUT',
    url: `/v1/budgets/${YEAR}/units/${unit}/ceiling`,
    headers: tapd,
    payload: { pagu },
  });
  expect(c.statusCode, c.body).toBe(200);
  const o = await h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/open`,
    headers: tapd,
    payload: {},
  });
  expect(o.statusCode, o.body).toBe(200);
}

export const ROAD = '1.03.10.2.01.0021';

export async function addSub(h: H, unit: string, body: Record<string, unknown> = {}) {
  return h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/sub-activities`,
    headers: await h.as.officer(unit),
    payload: {
      code: ROAD,
      pagu: '500000000',
      planningSource: 'rpjmd',
      planningReference: 'RPJMD 2025-2029 Misi 3',
      indicators: [{ text: 'Panjang jalan yang direhabilitasi', target: '12', unit: 'km' }],
      ...body,
    },
  });
}

export const asphalt = (over: Record<string, unknown> = {}) => ({
  subActivity: ROAD,
  account: '5.2.04.01.01.0001',
  catalogueItem: 'HSPK-JLN-01',
  factors: [{ quantity: '1200', unit: 'm2' }],
  unitPrice: '185000',
  taxPercent: '11',
  fundingSource: 'PAD',
  location: 'Jl. Soekarno-Hatta',
  ...over,
});

export async function addLine(h: H, unit: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  return h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/line-items`,
    headers: headers ?? (await h.as.officer(unit)),
    payload: body,
  });
}
