import { describe, expect, it } from 'vitest';
import {
  distanceMeters,
  GeoPoint,
  isInIndonesiaBounds,
  IndonesianTimeZone,
  maskEmail,
  maskName,
  Role,
  ROLES,
  Slug,
  UnitCode,
  WorkingDays,
} from '../src/index.js';

describe('GeoPoint and distances', () => {
  it('accepts WGS84 points and rejects out-of-range or non-finite ones', () => {
    expect(GeoPoint.parse({ lat: -6.9175, lon: 107.6191 })).toEqual({ lat: -6.9175, lon: 107.6191 });
    expect(GeoPoint.safeParse({ lat: 91, lon: 0 }).error?.issues[0]?.message).toMatch(/latitude.*-90 and 90/);
    expect(GeoPoint.safeParse({ lat: 0, lon: -180.5 }).error?.issues[0]?.message).toMatch(/longitude/);
    expect(GeoPoint.safeParse({ lat: Number.NaN, lon: 0 }).success).toBe(false);
    expect(GeoPoint.safeParse({ lat: 0, lon: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(GeoPoint.safeParse({ lat: '1', lon: 0 }).success).toBe(false);
    expect(GeoPoint.safeParse([1, 2]).error?.issues[0]?.message).toMatch(/\{ lat, lon \}/);
  });

  it('measures one degree of latitude as about 111195 m', () => {
    // 2 * pi * 6371008.8 / 360 = 111195.08 m
    expect(Math.abs(distanceMeters({ lat: 0, lon: 0 }, { lat: 1, lon: 0 }) - 111_195.08)).toBeLessThan(1);
    expect(Math.abs(distanceMeters({ lat: -6.5, lon: 107 }, { lat: -7.5, lon: 107 }) - 111_195.08)).toBeLessThan(1);
  });

  it('shrinks a degree of longitude with cos(latitude) and is symmetric', () => {
    const a = { lat: 60, lon: 10 };
    const b = { lat: 60, lon: 11 };
    // along a parallel the great circle is a little shorter than the parallel arc (55597.5 m)
    expect(distanceMeters(a, b)).toBeGreaterThan(55_500);
    expect(distanceMeters(a, b)).toBeLessThan(55_597.6);
    expect(distanceMeters(a, b)).toBe(distanceMeters(b, a));
    expect(distanceMeters(a, a)).toBe(0);
  });

  it('gives half the circumference for antipodes', () => {
    expect(distanceMeters({ lat: 0, lon: 0 }, { lat: 0, lon: 180 })).toBeCloseTo(Math.PI * 6_371_008.8, 3);
  });

  it('roughly tells points in Indonesia', () => {
    expect(isInIndonesiaBounds({ lat: -6.9175, lon: 107.6191 })).toBe(true); // Bandung
    expect(isInIndonesiaBounds({ lat: -2.5337, lon: 140.7181 })).toBe(true); // Jayapura
    expect(isInIndonesiaBounds({ lat: 5.8926, lon: 95.3238 })).toBe(true); // Sabang
    expect(isInIndonesiaBounds({ lat: 0, lon: 0 })).toBe(false);
    expect(isInIndonesiaBounds({ lat: 107.6191, lon: -6.9175 } as never)).toBe(false); // swapped
    expect(isInIndonesiaBounds({ lat: -33.87, lon: 151.21 })).toBe(false); // Sydney
  });
});

describe('masks', () => {
  it('masks e-mail addresses to the first letters of mailbox and domain and the top-level domain', () => {
    expect(maskEmail('budi.santoso@example.com')).toBe('b***@e***.com');
    expect(maskEmail('x@desa.id')).toBe('x***@d***.id');
    expect(maskEmail('budi@dinas-kecil.bandung.go.id')).toBe('b***@d***.id');
    expect(maskEmail('budi@localhost')).toBe('b***@***');
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
  });

  it('masks names to the first letter of each word', () => {
    expect(maskName('Budi Santoso')).toBe('B*** S***');
    expect(maskName('  siti   nurhaliza ')).toBe('s*** n***');
    expect(maskName('Sukarno')).toBe('S***');
    expect(maskName('')).toBe('');
  });
});

describe('small value types', () => {
  it('UnitCode is a lowercase slug of at most 40 characters', () => {
    expect(UnitCode.parse('dsdabm')).toBe('dsdabm');
    expect(UnitCode.safeParse('kec-coblong').success).toBe(true);
    expect(UnitCode.safeParse('a').success).toBe(true);
    expect(UnitCode.safeParse('a'.repeat(40)).success).toBe(true);
    expect(UnitCode.safeParse('a'.repeat(41)).success).toBe(false);
    expect(UnitCode.safeParse('DSDABM').error?.issues[0]?.message).toMatch(/lowercase/);
    expect(UnitCode.safeParse('-dinas').success).toBe(false);
    expect(UnitCode.safeParse('dinas-').success).toBe(false);
    expect(UnitCode.safeParse('dinas pu').success).toBe(false);
    expect(UnitCode.safeParse('').success).toBe(false);
    expect(Slug.safeParse('jalan-rusak').success).toBe(true);
  });

  it('WorkingDays is a whole number 0..365', () => {
    expect(WorkingDays.parse(0)).toBe(0);
    expect(WorkingDays.parse(365)).toBe(365);
    for (const bad of [-1, 366, 1.5, '5']) {
      expect(WorkingDays.safeParse(bad).error?.issues[0]?.message).toBe(
        'working days must be a whole number from 0 to 365',
      );
    }
  });

  it('Role knows the seven roles', () => {
    expect(ROLES).toEqual(['admin', 'tapd', 'officer', 'unit-head', 'auditor', 'integrator', 'citizen']);
    expect(Role.parse('tapd')).toBe('tapd');
    expect(Role.safeParse('mayor').error?.issues[0]?.message).toMatch(/role must be one of/);
  });

  it('IndonesianTimeZone takes only the three zones', () => {
    expect(IndonesianTimeZone.parse('Asia/Makassar')).toBe('Asia/Makassar');
    expect(IndonesianTimeZone.safeParse('Asia/Pontianak').error?.issues[0]?.message).toMatch(/Asia\/Jakarta \(WIB\)/);
  });
});
