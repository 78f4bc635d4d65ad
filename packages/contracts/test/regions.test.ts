import { describe, expect, it } from 'vitest';
import {
  DistrictCode,
  districtsOf,
  findDistrict,
  findRegion,
  findVillage,
  listProvinces,
  listRegions,
  ProvinceCode,
  RegionCode,
  TIME_ZONE_LABEL,
  timeZoneForProvince,
  timeZoneForRegion,
  VillageCode,
  villagesOf,
} from '../src/index.js';

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }): string {
  return result.error?.issues[0]?.message ?? '';
}

describe('RegionCode', () => {
  it('accepts Kota Bandung', () => {
    expect(RegionCode.parse('32.73')).toBe('32.73');
  });

  it('rejects a well-formed code that does not exist', () => {
    expect(firstMessage(RegionCode.safeParse('32.99'))).toBe('unknown region code 32.99');
    expect(firstMessage(RegionCode.safeParse('99.99'))).toBe('unknown region code 99.99');
  });

  it('rejects the wrong form and shows the expected one', () => {
    const message = firstMessage(RegionCode.safeParse('3273'));
    expect(message).toMatch(/NN\.NN/);
    expect(message).toContain('"3273"');
  });

  it('says that a district code is not a region code', () => {
    const result = RegionCode.safeParse('32.73.01');
    expect(result.success).toBe(false);
    expect(firstMessage(result)).toMatch(/32\.73\.01 is a district \(kecamatan\) code/);
  });

  it('rejects non-strings and a missing value', () => {
    expect(firstMessage(RegionCode.safeParse(32.73))).toMatch(/must be a string/);
    expect(firstMessage(RegionCode.safeParse(undefined))).toMatch(/missing/);
  });
});

describe('area lookups', () => {
  it('finds a region with its province', () => {
    expect(findRegion('32.73')).toEqual({
      code: '32.73',
      name: 'Kota Bandung',
      provinceCode: '32',
      provinceName: 'Jawa Barat',
    });
    expect(findRegion('32.99')).toBeUndefined();
    expect(findRegion('32.73.01')).toBeUndefined();
  });

  it('knows 38 provinces and 514 regions', () => {
    expect(listProvinces()).toHaveLength(38);
    expect(listRegions()).toHaveLength(514);
    expect(listRegions('32').every((r) => r.provinceCode === '32')).toBe(true);
  });

  it('lists the 30 kecamatan and 151 kelurahan of Kota Bandung', () => {
    const districts = districtsOf('32.73');
    expect(districts).toHaveLength(30);
    expect(districts.every((d) => d.code.startsWith('32.73.'))).toBe(true);
    const villages = districts.flatMap((d) => villagesOf(d.code));
    expect(villages).toHaveLength(151);
    expect(villages.every((v) => /^32\.73\.\d{2}\.\d{4}$/.test(v.code) && v.name.length > 0)).toBe(true);
  });

  it('returns empty lists for unknown parents', () => {
    expect(districtsOf('99.99')).toEqual([]);
    expect(villagesOf('32.73.99')).toEqual([]);
  });

  it('finds districts and villages with their parents', () => {
    expect(findDistrict('32.73.01')).toMatchObject({ code: '32.73.01', regionCode: '32.73' });
    expect(findVillage('32.73.01.1001')).toMatchObject({ districtCode: '32.73.01', regionCode: '32.73' });
    expect(findVillage('35.13.15.2017')?.name).toBe('Soka"an');
    expect(findDistrict('32.73.99')).toBeUndefined();
  });

  it('validates province, district and village codes against the data', () => {
    expect(ProvinceCode.safeParse('32').success).toBe(true);
    expect(firstMessage(ProvinceCode.safeParse('99'))).toBe('unknown province code 99');
    expect(DistrictCode.safeParse('32.73.01').success).toBe(true);
    expect(firstMessage(DistrictCode.safeParse('32.73.99'))).toBe('unknown district code 32.73.99');
    expect(firstMessage(DistrictCode.safeParse('32.73'))).toMatch(/32\.73 is a region/);
    expect(VillageCode.safeParse('32.73.01.1001').success).toBe(true);
    expect(VillageCode.safeParse('32.73.01.9999').success).toBe(false);
  });
});

describe('time zones', () => {
  it('follows the province rule, including Kalimantan Barat and Tengah', () => {
    const expected: Record<string, 'WIB' | 'WITA' | 'WIT'> = {
      '11': 'WIB',
      '19': 'WIB',
      '21': 'WIB',
      '31': 'WIB',
      '36': 'WIB',
      '51': 'WITA',
      '53': 'WITA',
      '61': 'WIB',
      '62': 'WIB',
      '63': 'WITA',
      '64': 'WITA',
      '65': 'WITA',
      '71': 'WITA',
      '76': 'WITA',
      '81': 'WIT',
      '82': 'WIT',
      '91': 'WIT',
      '96': 'WIT',
    };
    for (const [province, label] of Object.entries(expected)) {
      expect(TIME_ZONE_LABEL[timeZoneForProvince(province)], province).toBe(label);
    }
  });

  it('gives every province in the data a time zone', () => {
    for (const p of listProvinces()) expect(() => timeZoneForProvince(p.code)).not.toThrow();
  });

  it('rejects codes outside the ranges', () => {
    expect(() => timeZoneForProvince('20')).toThrow(/unknown province code 20/);
    expect(() => timeZoneForProvince('99')).toThrow(RangeError);
    expect(() => timeZoneForProvince('3')).toThrow(/two digits/);
    expect(() => timeZoneForRegion('32.99')).toThrow(/unknown region/);
  });

  // The 23 founding regions (shared/domain/regions.md).
  const founding: [string, string, string, 'WIB' | 'WITA' | 'WIT'][] = [
    ['32.73', 'Kota Bandung', 'Jawa Barat', 'WIB'],
    ['72.71', 'Kota Palu', 'Sulawesi Tengah', 'WITA'],
    ['15.72', 'Kota Sungai Penuh', 'Jambi', 'WIB'],
    ['32.76', 'Kota Depok', 'Jawa Barat', 'WIB'],
    ['11.74', 'Kota Langsa', 'Aceh', 'WIB'],
    ['13.72', 'Kota Solok', 'Sumatera Barat', 'WIB'],
    ['64.74', 'Kota Bontang', 'Kalimantan Timur', 'WITA'],
    ['71.74', 'Kota Kotamobagu', 'Sulawesi Utara', 'WITA'],
    ['11.72', 'Kota Sabang', 'Aceh', 'WIB'],
    ['11.71', 'Kota Banda Aceh', 'Aceh', 'WIB'],
    ['15.71', 'Kota Jambi', 'Jambi', 'WIB'],
    ['71.72', 'Kota Bitung', 'Sulawesi Utara', 'WITA'],
    ['33.76', 'Kota Tegal', 'Jawa Tengah', 'WIB'],
    ['73.73', 'Kota Palopo', 'Sulawesi Selatan', 'WITA'],
    ['21.71', 'Kota Batam', 'Kepulauan Riau', 'WIB'],
    ['36.71', 'Kota Tangerang', 'Banten', 'WIB'],
    ['82.71', 'Kota Ternate', 'Maluku Utara', 'WIT'],
    ['36.01', 'Kabupaten Pandeglang', 'Banten', 'WIB'],
    ['63.11', 'Kabupaten Balangan', 'Kalimantan Selatan', 'WITA'],
    ['64.09', 'Kabupaten Penajam Paser Utara', 'Kalimantan Timur', 'WITA'],
    ['12.13', 'Kabupaten Mandailing Natal', 'Sumatera Utara', 'WIB'],
    ['16.06', 'Kabupaten Musi Banyuasin', 'Sumatera Selatan', 'WIB'],
    ['19.03', 'Kabupaten Bangka Selatan', 'Kepulauan Bangka Belitung', 'WIB'],
  ];
  it.each(founding)('%s %s (%s) is %s', (code, name, province, label) => {
    expect(findRegion(code)).toMatchObject({ name, provinceName: province });
    expect(TIME_ZONE_LABEL[timeZoneForRegion(code)]).toBe(label);
  });
});
