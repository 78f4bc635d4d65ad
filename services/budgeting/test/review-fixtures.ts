/** Planted budgets for the effectiveness review, drafted and submitted through the API in two regions. */
import { expect } from 'vitest';
import { createServiceHarness, TEST_REGIONS } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';
import { asphalt, ROAD, seedReference, YEAR, type H } from './fixtures.js';

export const BANDUNG = '32.73';
export const PALU = '72.71';
export const OFFICE = '7.01.01.2.06.0002';
export const PEN = '1.1.12.01.01.0001';

const unit = (code: string, name: string) => ({ code, name, kind: 'dinas' });
/** The test regions with more units each: peer comparison needs at least three other units. */
export const REVIEW_REGIONS = [
  {
    ...TEST_REGIONS[0]!,
    units: [
      ...TEST_REGIONS[0]!.units,
      unit('diskominfo', 'Dinas Komunikasi dan Informatika'),
      unit('disdik', 'Dinas Pendidikan'),
      unit('dinkes', 'Dinas Kesehatan'),
    ],
  },
  {
    ...TEST_REGIONS[1]!,
    units: [
      ...TEST_REGIONS[1]!.units,
      unit('bpbd', 'Badan Penanggulangan Bencana Daerah'),
      unit('dinsos', 'Dinas Sosial'),
    ],
  },
];

export const startReview = () => createServiceHarness(budgeting, { regions: REVIEW_REGIONS });

export interface PlannedSub {
  code: string;
  planningSource: 'rpjmd' | 'musrenbang' | 'pokir' | 'none';
  target: string;
  lines: Record<string, unknown>[];
}

/** Ballpoints for `perMonth` x 12 months under office supplies. */
export const pens = (perMonth: string, over: Record<string, unknown> = {}) => ({
  subActivity: OFFICE,
  account: '5.1.02.01.01.0024',
  catalogueItem: PEN,
  factors: [
    { quantity: perMonth, unit: 'buah' },
    { quantity: '12', unit: 'bulan' },
  ],
  unitPrice: '3500',
  taxPercent: '0',
  fundingSource: 'PAD',
  location: 'Kantor',
  ...over,
});

export const travelLine = {
  subActivity: ROAD,
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
};

/** Ceiling, drafting, sub-activities and lines of one unit, then its submission; returns the line ids. */
export async function draftAndSubmit(
  h: H,
  q: { tenant: string; unit: string; pagu: string; subs: PlannedSub[]; submit?: boolean },
): Promise<string[]> {
  const c = { tenant: q.tenant };
  const tapd = await h.as.tapd(c);
  const officer = await h.as.officer(q.unit, c);
  const base = `/v1/budgets/${YEAR}/units/${q.unit}`;
  const ok = async (method: 'PUT' | 'POST', url: string, headers: Record<string, string>, payload: unknown) => {
    const res = await h.inject({ method, url, headers, payload: payload as Record<string, unknown> });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  await ok('PUT', `${base}/ceiling`, tapd, { pagu: q.pagu });
  await ok('POST', `${base}/open`, tapd, {});
  const ids: string[] = [];
  for (const s of q.subs) {
    const per = (BigInt(q.pagu) / BigInt(q.subs.length)).toString();
    await ok('POST', `${base}/sub-activities`, officer, {
      code: s.code,
      pagu: per,
      planningSource: s.planningSource,
      indicators: [{ text: 'Keluaran', target: s.target, unit: 'paket' }],
    });
    for (const line of s.lines) ids.push((await ok('POST', `${base}/line-items`, officer, line)).id as string);
  }
  if (q.submit !== false) await ok('POST', `${base}/submit`, await h.as.head(q.unit, c), {});
  return ids;
}

export interface PlantedRegions {
  /** Bandung's planted line: 37,500 ballpoints a month for twelve months in the education office. */
  pensAbuse: string;
  /** Palu's planted line: 5,000 ballpoints a month, far above Bandung's and its own units'. */
  paluPens: string;
  bandungLines: string[];
  paluLines: string[];
}

/**
 * Bandung: five units buy ballpoints (four normal, disdik's absurd); three build roads under the RPJMD
 * with 12 km of output; dinkes builds the same road for 1 km, tied to no plan, with official travel.
 * Palu: three units buy ballpoints, dinsos far too many.
 */
export async function plantRegions(h: H): Promise<PlantedRegions> {
  await seedReference(h);
  await seedReference(h, PALU);
  const office = (perMonth: string): PlannedSub => ({
    code: OFFICE,
    planningSource: 'rpjmd',
    target: '1',
    lines: [pens(perMonth)],
  });
  const road = (
    planningSource: PlannedSub['planningSource'],
    target: string,
    extra: Record<string, unknown>[] = [],
  ) => ({
    code: ROAD,
    planningSource,
    target,
    lines: [asphalt(), ...extra],
  });
  const bandungLines: string[] = [];
  const plan: [string, string, PlannedSub[]][] = [
    ['dsdabm', '1000000000', [office('100'), road('rpjmd', '12')]],
    ['dishub', '1000000000', [office('110'), road('musrenbang', '12')]],
    ['diskominfo', '1000000000', [office('90'), road('rpjmd', '12')]],
    ['dinkes', '1000000000', [office('120'), road('none', '1', [travelLine])]],
  ];
  for (const [u, pagu, subs] of plan) {
    bandungLines.push(...(await draftAndSubmit(h, { tenant: BANDUNG, unit: u, pagu, subs })));
  }
  const [pensAbuse] = await draftAndSubmit(h, {
    tenant: BANDUNG,
    unit: 'disdik',
    pagu: '2000000000',
    subs: [office('37500')],
  });
  bandungLines.push(pensAbuse!);
  const paluLines: string[] = [];
  for (const [u, perMonth] of [
    ['dpupr', '95'],
    ['bpbd', '105'],
  ] as const) {
    paluLines.push(
      ...(await draftAndSubmit(h, { tenant: PALU, unit: u, pagu: '100000000', subs: [office(perMonth)] })),
    );
  }
  const [paluPens] = await draftAndSubmit(h, {
    tenant: PALU,
    unit: 'dinsos',
    pagu: '1000000000',
    subs: [office('5000')],
  });
  paluLines.push(paluPens!);
  return { pensAbuse: pensAbuse!, paluPens: paluPens!, bandungLines, paluLines };
}
