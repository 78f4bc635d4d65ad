import { describe, expect, it } from 'vitest';
import { periodMonths, periodRange, periodsContaining } from '../../src/skm/period.js';

describe('rating periods', () => {
  it('a year in WIB starts at local midnight, 17:00 UTC the day before', () => {
    expect(periodRange('2026', 'Asia/Jakarta')).toMatchObject({
      from: new Date('2025-12-31T17:00:00Z'),
      to: new Date('2026-12-31T17:00:00Z'),
    });
  });

  it('months, quarters and halves in WITA and WIT, across the year end', () => {
    expect(periodRange('2026-12', 'Asia/Makassar')).toMatchObject({
      from: new Date('2026-11-30T16:00:00Z'),
      to: new Date('2026-12-31T16:00:00Z'),
    });
    expect(periodRange('2026-Q3', 'Asia/Jayapura')).toMatchObject({
      from: new Date('2026-06-30T15:00:00Z'),
      to: new Date('2026-09-30T15:00:00Z'),
    });
    expect(periodRange('2026-S2', 'Asia/Jakarta')).toMatchObject({
      from: new Date('2026-06-30T17:00:00Z'),
      to: new Date('2026-12-31T17:00:00Z'),
    });
  });

  it('an instant belongs to its local year, half, quarter and month', () => {
    // 31 Dec 2026 18:00 UTC is already 1 Jan 2027 in Jakarta
    expect(periodsContaining(new Date('2026-12-31T18:00:00Z'), 'Asia/Jakarta')).toEqual([
      '2027',
      '2027-S1',
      '2027-Q1',
      '2027-01',
    ]);
    expect(periodsContaining(new Date('2026-08-15T00:00:00Z'), 'Asia/Jakarta')).toEqual([
      '2026',
      '2026-S2',
      '2026-Q3',
      '2026-08',
    ]);
  });

  it('refuses malformed periods', () => {
    for (const bad of ['2026-13', '2026-Q5', '2026-S3', '26', '2026-1'])
      expect(() => periodMonths(bad)).toThrow(RangeError);
  });
});
