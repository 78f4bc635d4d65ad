import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatLastDay, formatLongDate, formatLongDateTime, zoneLabel } from '../src/index.js';

describe('dates as citizens read them', () => {
  it('in the region’s own zone, in words, with its Indonesian zone name', () => {
    // 16:30 UTC on 14 December is already 15 December in WIT (UTC+9)
    expect(formatLongDateTime('2026-12-14T16:30:00Z', 'Asia/Jayapura')).toBe('15 Desember 2026 pukul 01.30 WIT');
    expect(formatLongDateTime(new Date('2026-12-14T16:30:00Z'), 'Asia/Jakarta')).toBe(
      '14 Desember 2026 pukul 23.30 WIB',
    );
    expect(formatLongDate('2026-01-01T00:30:00+08:00', 'Asia/Makassar')).toBe('1 Januari 2026');
    expect(zoneLabel('Europe/Amsterdam')).toBe('Europe/Amsterdam');
  });

  it('names the last day of something that ends at local midnight, and a calendar date as it is', () => {
    expect(formatLastDay('2027-05-02T17:00:00.000Z', 'Asia/Jakarta')).toBe('2 Mei 2027');
    expect(formatCalendarDate('2026-06-03')).toBe('3 Juni 2026');
    expect(() => formatCalendarDate('3 Juni')).toThrow(RangeError);
    expect(() => formatLongDate('bukan tanggal', 'Asia/Jakarta')).toThrow(RangeError);
  });
});
