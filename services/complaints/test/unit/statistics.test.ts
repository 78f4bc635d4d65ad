/** The pure measures and aggregation behind the public statistics; no database needed. */
import { describe, expect, it } from 'vitest';
import { aggregateStatistics, type StatisticsRow } from '../../src/statistics/aggregate.js';
import { followUpOutcome } from '../../src/statistics/deadline.js';
import { gini, median, round, share } from '../../src/statistics/measures.js';
import { resolvePeriod } from '../../src/statistics/period.js';

describe('median', () => {
  it('of an odd count is the middle value, whatever the input order', () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([5])).toBe(5);
  });
  it('of an even count is the mean of the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 20])).toBe(15);
  });
  it('of nothing is null', () => {
    expect(median([])).toBeNull();
  });
  it('does not reorder its input', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('gini', () => {
  it('of equal loads is 0', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([1])).toBe(0);
  });
  it('of everything in one of n units is (n-1)/n', () => {
    for (const n of [2, 3, 10, 46]) {
      const loads = Array.from({ length: n }, (_, i) => (i === n - 1 ? 17 : 0));
      expect(gini(loads)).toBeCloseTo((n - 1) / n, 12);
    }
  });
  it('of the textbook case 1,2,3,4,5 is 4/15 (mean absolute difference over twice the mean)', () => {
    expect(gini([1, 2, 3, 4, 5])).toBeCloseTo(4 / 15, 12);
    expect(gini([5, 3, 1, 4, 2])).toBeCloseTo(4 / 15, 12);
  });
  it('of 0,0,1,3 over four units is 5/8', () => {
    // pairs |xi-xj| summed over i,j: 2*(1+3+1+3+2) = 20; 2 n^2 mean = 2*16*1 = 32
    expect(gini([0, 0, 1, 3])).toBeCloseTo(20 / 32, 12);
  });
  it('is null without units or without any load, and refuses negative loads', () => {
    expect(gini([])).toBeNull();
    expect(gini([0, 0, 0])).toBeNull();
    expect(() => gini([1, -1])).toThrow(RangeError);
  });
});

describe('share and round', () => {
  it('divides, and is null for an empty whole', () => {
    expect(share(1, 4)).toBe(0.25);
    expect(share(0, 3)).toBe(0);
    expect(share(0, 0)).toBeNull();
  });
  it('rounds to the given decimals and keeps null', () => {
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(null, 2)).toBeNull();
  });
});

const t = (iso: string) => new Date(iso);

describe('followUpOutcome: met only when the standing follow-up came before the deadline in force', () => {
  const due = t('2024-06-10T17:00:00Z');
  it('met before the deadline, missed at or after it', () => {
    expect(
      followUpOutcome({ status: 'followed-up', followup_due: due, followed_up_at: t('2024-06-10T16:59:59Z') }, due),
    ).toBe('met');
    expect(followUpOutcome({ status: 'closed', followup_due: due, followed_up_at: due }, due)).toBe('missed');
  });
  it('a disputed follow-up (back in progress) no longer counts: pending or missed by the reset deadline', () => {
    const r = { status: 'in-progress' as const, followup_due: due, followed_up_at: t('2024-06-03T00:00:00Z') };
    expect(followUpOutcome(r, t('2024-06-05T00:00:00Z'))).toBe('pending');
    expect(followUpOutcome(r, t('2024-06-11T00:00:00Z'))).toBe('missed');
  });
  it('none when no follow-up deadline applies', () => {
    expect(followUpOutcome({ status: 'submitted', followup_due: null, followed_up_at: null }, due)).toBe('none');
    expect(followUpOutcome({ status: 'archived', followup_due: null, followed_up_at: null }, due)).toBe('none');
  });
});

describe('resolvePeriod (Asia/Jakarta, UTC+7)', () => {
  const now = t('2024-06-30T20:00:00Z'); // 1 July 03:00 WIB
  it('defaults to the last 30 local days ending today in the region', () => {
    const r = resolvePeriod({}, 'Asia/Jakarta', now);
    expect(r).toMatchObject({ ok: true, period: { from: '2024-06-02', to: '2024-07-01', days: 30 } });
    if (r.ok) {
      expect(r.period.start.toISOString()).toBe('2024-06-01T17:00:00.000Z');
      expect(r.period.end.toISOString()).toBe('2024-07-01T17:00:00.000Z');
    }
  });
  it('accepts 366 days and refuses 367 or a reversed period', () => {
    expect(resolvePeriod({ from: '2024-01-01', to: '2024-12-31' }, 'Asia/Jakarta', now)).toMatchObject({
      ok: true,
      period: { days: 366 },
    });
    expect(resolvePeriod({ from: '2023-12-31', to: '2024-12-31' }, 'Asia/Jakarta', now)).toMatchObject({
      ok: false,
      code: 'period_too_long',
    });
    expect(resolvePeriod({ from: '2024-05-02', to: '2024-05-01' }, 'Asia/Jakarta', now)).toMatchObject({
      ok: false,
      code: 'period_reversed',
    });
  });
  it('uses the zone of the region: a WIT day starts at 15:00 UTC the day before', () => {
    const r = resolvePeriod({ from: '2024-06-01', to: '2024-06-01' }, 'Asia/Jayapura', now);
    expect(r.ok && r.period.start.toISOString()).toBe('2024-05-31T15:00:00.000Z');
  });
});

describe('aggregateStatistics', () => {
  const period = { start: t('2024-06-01T00:00:00Z'), end: t('2024-07-01T00:00:00Z') };
  const directory = {
    units: [
      { code: 'a', name: 'Unit A' },
      { code: 'b', name: 'Unit B' },
      { code: 'c', name: 'Unit C' },
      { code: 'd', name: 'Unit D' },
    ],
    categories: [
      { code: 'jalan', name: 'Jalan' },
      { code: 'sampah', name: 'Sampah' },
    ],
  };
  const row = (o: Partial<StatisticsRow>): StatisticsRow => ({
    category: 'jalan',
    unit: null,
    status: 'submitted',
    submitted_at: t('2024-06-02T00:00:00Z'),
    disposed_at: null,
    followup_due: null,
    followed_up_at: null,
    closed_at: null,
    ...o,
  });
  const disposed = (unit: string, hours: number | null, o: Partial<StatisticsRow> = {}) =>
    row({
      unit,
      status: hours === null ? 'disposed' : 'followed-up',
      disposed_at: t('2024-06-03T00:00:00Z'),
      followup_due: t('2024-06-10T00:00:00Z'),
      followed_up_at: hours === null ? null : new Date(t('2024-06-03T00:00:00Z').getTime() + hours * 3_600_000),
      ...o,
    });

  const rows: StatisticsRow[] = [
    disposed('a', 10),
    disposed('a', 30),
    disposed('a', 200), // after the deadline (7 days = 168 h)
    disposed('b', null, { category: 'sampah' }),
    row({}), // waiting for verification: received only
    row({ status: 'supporting' }), // a duplicate: counts nowhere
    row({ submitted_at: t('2024-05-01T00:00:00Z'), status: 'closed', unit: 'b', closed_at: t('2024-06-05T00:00:00Z') }), // closed now, received before
    row({ status: 'archived', closed_at: t('2024-06-04T00:00:00Z') }), // archived is not closed
  ];
  const s = aggregateStatistics(rows, period, directory);

  it('counts received, disposed, followed up and closed by their own instants in the period', () => {
    expect(s.totals).toMatchObject({ received: 6, disposed: 4, followedUp: 3, closed: 1, withinDeadline: 2 });
  });
  it('takes the median hours to follow-up and the share within the deadline', () => {
    expect(s.totals.medianHoursToFollowUp).toBe(30);
    expect(s.totals.shareWithinDeadline).toBe(0.6667);
    const a = s.units.find((u) => u.unit === 'a')!;
    expect(a).toMatchObject({
      disposed: 3,
      followedUp: 3,
      withinDeadline: 2,
      medianHoursToFollowUp: 30,
      loadShare: 0.75,
    });
  });
  it('lists every unit of the directory, idle ones with zeros and null measures', () => {
    expect(s.units.map((u) => u.unit)).toEqual(['a', 'b', 'c', 'd']);
    expect(s.units.find((u) => u.unit === 'c')).toMatchObject({
      received: 0,
      disposed: 0,
      medianHoursToFollowUp: null,
      shareWithinDeadline: null,
      loadShare: 0,
    });
  });
  it('measures evenness as the Gini of disposed counts over all directory units: loads 3,1,0,0', () => {
    // sum |xi-xj| over ordered pairs = 2*(2+3+3+1+1+0) = 20; 2 n^2 mean = 2*16*1 = 32
    expect(s.evenness).toEqual({ gini: round(20 / 32, 4), units: 4, unitsWithLoad: 2 });
  });
  it('counts per category, and a unit outside the directory still appears', () => {
    expect(s.categories.find((c) => c.category === 'sampah')).toMatchObject({
      received: 1,
      disposed: 1,
      followedUp: 0,
    });
    const extra = aggregateStatistics([disposed('gone', 5)], period, directory);
    expect(extra.units.map((u) => u.unit)).toEqual(['a', 'b', 'c', 'd', 'gone']);
    expect(extra.evenness).toMatchObject({ gini: 0.8, units: 5 });
  });
});
