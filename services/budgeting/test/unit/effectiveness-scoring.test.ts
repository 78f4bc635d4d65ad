import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WEIGHTS,
  rankCandidates,
  scoreSubActivity,
  type SubActivitySignals,
} from '../../src/effectiveness/scoring.js';
import {
  applyCitizenEvent,
  citizenSignals,
  emptyCitizenState,
  overdueShare,
  type CitizenEvent,
} from '../../src/effectiveness/signals.js';
import { prng } from '../../src/effectiveness/planted.js';

const sound = (i: number, rnd: () => number): SubActivitySignals => ({
  key: `unit-${i % 20}|1.03.10.2.01.${String(i).padStart(4, '0')}`,
  unit: `unit-${i % 20}`,
  code: `1.03.10.2.01.${String(i).padStart(4, '0')}`,
  name: `Sub kegiatan ${i}`,
  total: BigInt(100_000_000 + Math.floor(rnd() * 900_000_000)),
  planningSource: rnd() < 0.5 ? 'rpjmd' : 'musrenbang',
  indicator: { target: '100', realized: String(85 + Math.floor(rnd() * 30)) },
  realization: { budget: 1_000_000_000n, spent: BigInt(800_000_000 + Math.floor(rnd() * 200_000_000)) },
  citizens: { complaints: 20, unresolved: 2, overdue: Math.floor(rnd() * 3), ikm: '82.40' },
});

describe('scoring sub-activities', () => {
  it('ranks the planted ineffective sub-activities on top, with reasons in Indonesian', () => {
    const rnd = prng(2016);
    const all = Array.from({ length: 200 }, (_, i) => sound(i, rnd));
    const outputs = (total: bigint, ratioTenths: bigint) => ({
      quantity: '10',
      peerMedianCost: (total * 10n) / ratioTenths / 10n,
      peers: 6,
    });
    const poor: SubActivitySignals[] = [
      {
        key: 'dispora|4.01.01.2.02.0007',
        unit: 'dispora',
        code: '4.01.01.2.02.0007',
        name: 'Studi banding',
        total: 1_700_000_000n,
        planningSource: 'none',
        output: outputs(1_700_000_000n, 34n),
        tagged: new Map([['perjalanan dinas', 1_200_000_000n]]),
        citizens: { complaints: 60, unresolved: 50, overdue: 41, ikm: '62.10' },
      },
      {
        key: 'dishub|1.03.10.2.01.0999',
        unit: 'dishub',
        code: '1.03.10.2.01.0999',
        name: 'Seremoni peresmian',
        total: 900_000_000n,
        planningSource: 'pokir',
        indicator: { target: '12', realized: '3' },
        tagged: new Map([['seremoni', 700_000_000n]]),
      },
    ];
    const ranked = rankCandidates([...all, ...poor]);
    expect(ranked.slice(0, 2).map((r) => r.key)).toEqual(['dispora|4.01.01.2.02.0007', 'dishub|1.03.10.2.01.0999']);
    expect(ranked[0]!.reasons).toEqual([
      'tidak terkait RPJMD maupun Musrenbang',
      'biaya per keluaran 3,4x median unit lain',
      // 1.2 of 1.7 billion = 70.59%; 62.10 is below 65.00, band D
      '70,6% untuk perjalanan dinas (dibatasi Inpres 1/2025)',
      '41 pengaduan terlambat; IKM unit 62,10 (tidak baik)',
    ]);
    expect(ranked[1]!.reasons).toContain('capaian indikator 25,0% dari target');
    expect(ranked[1]!.reasons).toContain('hanya dari pokok pikiran DPRD, tidak dari RPJMD maupun Musrenbang');
    expect(ranked.at(-1)!.score).toBeLessThan(2_500);
  });

  it('re-normalises the weights over the signals a region has', () => {
    const bare: SubActivitySignals = {
      key: 'u|c',
      unit: 'u',
      code: 'c',
      name: 'x',
      total: 1n,
      planningSource: 'none',
    };
    // planning is the only signal: its full weight makes the whole score
    expect(scoreSubActivity(bare).score).toBe(10_000);
    const withAchievement = scoreSubActivity({ ...bare, indicator: { target: '10', realized: '10' } });
    const expected = Math.round(
      (10_000 * DEFAULT_WEIGHTS.planning) / (DEFAULT_WEIGHTS.planning + DEFAULT_WEIGHTS.achievement),
    );
    expect(withAchievement.score).toBe(expected);
    expect(withAchievement.components).toEqual({ planning: 10_000, achievement: 0 });
  });

  it('compares cost per output with other regions (aggregates) beside other units, the stronger weighing', () => {
    const s: SubActivitySignals = {
      key: 'u|c',
      unit: 'u',
      code: 'c',
      name: 'x',
      total: 1_200_000_000n,
      planningSource: 'rpjmd',
      // 100,000,000 per km: 1.2x the other units' median, 4x the median of four other regions
      output: {
        quantity: '12',
        peerMedianCost: 83_333_334n,
        peers: 3,
        otherRegions: { medianCost: 25_000_000n, regions: 4 },
      },
    };
    const both = scoreSubActivity(s);
    expect(both.components.costPerOutput).toBe(10_000);
    expect(both.reasons).toEqual(['biaya per keluaran 4,0x median 4 daerah lain']);
    const regionsOnly = scoreSubActivity({
      ...s,
      output: { quantity: '12', otherRegions: { medianCost: 50_000_000n, regions: 3 } },
    });
    expect(regionsOnly.components.costPerOutput).toBe(5_000);
    expect(regionsOnly.reasons).toEqual(['biaya per keluaran 2,0x median 3 daerah lain']);
    const unitsOnly = scoreSubActivity({ ...s, output: { quantity: '12', peerMedianCost: 83_333_334n, peers: 3 } });
    expect(unitsOnly.components.costPerOutput).toBe(1_000);
    expect(unitsOnly.reasons).toEqual([]);
    expect(scoreSubActivity({ ...s, output: { quantity: '12' } }).components.costPerOutput).toBeUndefined();
  });

  it('follows tenant weights', () => {
    const s: SubActivitySignals = {
      key: 'u|c',
      unit: 'u',
      code: 'c',
      name: 'x',
      total: 10n,
      planningSource: 'none',
      indicator: { target: '10', realized: '10' },
    };
    expect(scoreSubActivity(s, { ...DEFAULT_WEIGHTS, planning: 0 }).score).toBe(0);
  });

  it('orders ties by the larger budget, then by key, the same way every time', () => {
    const mk = (key: string, total: bigint): SubActivitySignals => ({
      key,
      unit: 'u',
      code: key,
      name: key,
      total,
      planningSource: 'rpjmd',
    });
    const ranked = rankCandidates([mk('b', 5n), mk('a', 5n), mk('c', 9n)]);
    expect(ranked.map((r) => r.key)).toEqual(['c', 'a', 'b']);
  });
});

const AT_MAY = '2026-05-10T09:00:00+07:00';
/** 31 December 2026, 23:30 in Bandung, already 2027 in UTC. */
const AT_DEC = '2026-12-31T16:30:00Z';

describe('citizen signals from events', () => {
  const events: CitizenEvent[] = [
    {
      id: 'e1',
      type: 'report-submitted',
      trackingId: 'T1',
      category: 'jalan-rusak',
      suggestedUnit: 'dsdabm',
      at: AT_MAY,
    },
    {
      id: 'e2',
      type: 'report-submitted',
      trackingId: 'T2',
      category: 'jalan-rusak',
      suggestedUnit: 'dsdabm',
      at: AT_DEC,
    },
    { id: 'e3', type: 'report-submitted', trackingId: 'T3', category: 'sampah', suggestedUnit: 'dlh', at: AT_MAY },
    { id: 'e4', type: 'report-overdue', trackingId: 'T1', unit: 'dsdabm' },
    { id: 'e5', type: 'report-closed', trackingId: 'T2', unit: 'dsdabm' },
    { id: 'e6', type: 'ikm-updated', unit: 'dsdabm', period: '2026', ikm: '74.20', at: '2026-06-01T00:00:00+07:00' },
    { id: 'e7', type: 'ikm-updated', unit: 'dsdabm', period: '2026', ikm: '80.00', at: '2026-03-01T00:00:00+07:00' },
  ];

  it('counts a signal delivered twice once, and keeps the newest IKM whatever the order', () => {
    const once = emptyCitizenState();
    for (const e of events) applyCitizenEvent(once, e);
    const twice = emptyCitizenState();
    for (const e of [...events, ...events].reverse()) applyCitizenEvent(twice, e);
    const expected = new Map([
      ['dsdabm', { complaints: 2, unresolved: 1, overdue: 1, ikm: '74.20' }],
      ['dlh', { complaints: 1, unresolved: 1, overdue: 0 }],
    ]);
    expect(citizenSignals(once, { period: '2026' })).toEqual(expected);
    expect(citizenSignals(twice, { period: '2026' })).toEqual(expected);
    expect(applyCitizenEvent(once, events[0]!)).toBe(false);
  });

  it('counts only the mapped categories when given', () => {
    const state = emptyCitizenState();
    for (const e of events) applyCitizenEvent(state, e);
    expect(citizenSignals(state, { categories: new Set(['sampah']) })).toEqual(
      new Map([['dlh', { complaints: 1, unresolved: 1, overdue: 0 }]]),
    );
  });

  it('counts only complaints submitted in the window: the year in the region, not all time', () => {
    const state = emptyCitizenState();
    for (const e of events) applyCitizenEvent(state, e);
    applyCitizenEvent(state, {
      id: 'e8',
      type: 'report-submitted',
      trackingId: 'T0',
      category: 'jalan-rusak',
      suggestedUnit: 'dsdabm',
      at: '2025-11-02T10:00:00+07:00',
    });
    // no submission known (only disposed): never in a window
    applyCitizenEvent(state, { id: 'e9', type: 'report-disposed', trackingId: 'T9', unit: 'dsdabm' });
    const year2026 = { from: new Date('2026-01-01T00:00:00+07:00'), until: new Date('2027-01-01T00:00:00+07:00') };
    expect(citizenSignals(state, { window: year2026 }).get('dsdabm')).toEqual({
      complaints: 2,
      unresolved: 1,
      overdue: 1,
    });
    const firstHalf = { from: year2026.from, until: new Date('2026-07-01T00:00:00+07:00') };
    expect(citizenSignals(state, { window: firstHalf }).get('dsdabm')).toEqual({
      complaints: 1,
      unresolved: 1,
      overdue: 1,
    });
    expect(citizenSignals(state).get('dsdabm')!.complaints).toBe(4);
  });

  it('counts a report announced twice under two event ids once, with its overdue share', () => {
    const state = emptyCitizenState();
    for (const e of events) applyCitizenEvent(state, e);
    expect(applyCitizenEvent(state, { ...(events[0] as CitizenEvent), id: 'e1-republished' })).toBe(true);
    applyCitizenEvent(state, { id: 'e4-again', type: 'report-overdue', trackingId: 'T1', unit: 'dsdabm' });
    const dsdabm = citizenSignals(state, { categories: new Set(['jalan-rusak']) }).get('dsdabm')!;
    expect(dsdabm).toEqual({ complaints: 2, unresolved: 1, overdue: 1 });
    expect(overdueShare(dsdabm)).toBe(5_000);
    expect(overdueShare({ complaints: 0, overdue: 0 })).toBeNull();
  });
});
