import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, zoneLabel } from '../../src/index.js';

describe('local dates', () => {
  const instant = '2026-12-07T09:48:00Z';

  it('writes the same instant in each Indonesian zone, with its own label, never UTC', () => {
    expect(formatDateTime(instant, 'Asia/Jakarta')).toBe('Senin, 7 Desember 2026 pukul 16.48 WIB');
    expect(formatDateTime(instant, 'Asia/Makassar')).toBe('Senin, 7 Desember 2026 pukul 17.48 WITA');
    expect(formatDateTime(instant, 'Asia/Jayapura')).toBe('Senin, 7 Desember 2026 pukul 18.48 WIT');
  });

  it('turns the date over at local midnight, not at UTC midnight', () => {
    // 17:30 UTC on Sunday is already Monday 00.30 in Jakarta
    expect(formatDateTime(new Date('2026-12-06T17:30:00Z'), 'Asia/Jakarta')).toBe(
      'Senin, 7 Desember 2026 pukul 00.30 WIB',
    );
    expect(formatDate('2026-12-06T14:59:00Z', 'Asia/Jayapura')).toBe('Minggu, 6 Desember 2026');
    expect(formatDate('2026-12-06T15:00:00Z', 'Asia/Jayapura')).toBe('Senin, 7 Desember 2026');
  });

  it('names months and days in Indonesian', () => {
    expect(formatDate('2027-01-01T05:00:00Z', 'Asia/Jakarta')).toBe('Jumat, 1 Januari 2027');
    expect(formatDate('2026-08-17T05:00:00Z', 'Asia/Makassar')).toBe('Senin, 17 Agustus 2026');
    expect(zoneLabel('Asia/Makassar')).toBe('WITA');
  });
});
