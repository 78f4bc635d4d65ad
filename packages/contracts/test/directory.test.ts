import { describe, expect, it } from 'vitest';
import type { RegionProfileInput } from '../src/index.js';
import { DirectoryFile, findAccountOwner, findCategory, findUnit, holidaySet, RegionProfile } from '../src/index.js';

const minimal = { code: '32.73', name: 'Kota Bandung', timeZone: 'Asia/Jakarta' } as const;

function full(): RegionProfileInput {
  return {
    code: '32.73',
    name: 'Kota Bandung',
    timeZone: 'Asia/Jakarta',
    hostnames: ['bandung.sinergi.localhost', 'lapor.bandung.go.id'],
    holidays: [
      { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi', kind: 'libur-nasional' },
      { date: '2026-03-23', name: 'Cuti Bersama Idul Fitri', kind: 'cuti-bersama' },
      { date: '2026-09-25', name: 'Hari Jadi Kota Bandung', kind: 'libur-daerah' },
    ],
    units: [
      { code: 'dsdabm', name: 'Dinas Sumber Daya Air dan Bina Marga', kind: 'dinas', districtCode: null },
      { code: 'dishub', name: 'Dinas Perhubungan', kind: 'dinas' },
      { code: 'kec-bandung-wetan', name: 'Kecamatan Bandung Wetan', kind: 'kecamatan', districtCode: '32.73.01' },
    ],
    complaintCategories: [
      { code: 'jalan-rusak', name: 'Jalan dan trotoar rusak', defaultUnit: 'dsdabm', duplicateRadiusMeters: 50 },
      { code: 'lampu-lalu-lintas', name: 'Lampu lalu lintas mati', defaultUnit: 'dishub' },
    ],
    socialAccounts: [
      { platform: 'instagram', accountId: '17841400000000001', handle: '@dsdabm.bdg', unit: 'dsdabm' },
      { platform: 'x', accountId: '17841400000000001', unit: 'dishub' },
      { platform: 'telegram', accountId: '7000000001', unit: 'dishub' },
    ],
    officials: [{ id: 'pjb-dsdabm-kadis', name: 'Nama Pejabat', jobTitle: 'Kepala Dinas', unit: 'dsdabm' }],
  };
}

/** A profile to break on purpose, typed loosely enough to take invalid values. */
type Draft = { hostnames: string[] } & Record<
  'holidays' | 'units' | 'complaintCategories' | 'socialAccounts' | 'officials',
  Record<string, unknown>[]
>;

function issues(input: unknown): { path: string; message: string }[] {
  const result = RegionProfile.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('RegionProfile', () => {
  it('accepts a minimal region and fills the defaults', () => {
    expect(RegionProfile.parse(minimal)).toEqual({
      ...minimal,
      hostnames: [],
      holidays: [],
      holidayYears: [],
      cutiBersama: 'day-off',
      units: [],
      complaintCategories: [],
      socialAccounts: [],
      officials: [],
    });
  });

  it('accepts a full region and defaults the duplicate radius to 50 m', () => {
    const profile = RegionProfile.parse(full());
    expect(profile.units).toHaveLength(3);
    expect(profile.complaintCategories[1]?.duplicateRadiusMeters).toBe(50);
  });

  it('insists on the time zone of the province', () => {
    expect(issues({ ...minimal, timeZone: 'Asia/Makassar' })).toEqual([
      {
        path: 'timeZone',
        message: 'time zone Asia/Makassar (WITA) is wrong for Kota Bandung in Jawa Barat, which is Asia/Jakarta (WIB)',
      },
    ]);
    // Kalimantan Barat is WIB, Kalimantan Selatan WITA, Maluku Utara WIT
    expect(issues({ code: '61.71', name: 'Kota Pontianak', timeZone: 'Asia/Jakarta' })).toEqual([]);
    expect(issues({ code: '61.71', name: 'Kota Pontianak', timeZone: 'Asia/Makassar' })[0]?.path).toBe('timeZone');
    expect(issues({ code: '63.11', name: 'Kabupaten Balangan', timeZone: 'Asia/Makassar' })).toEqual([]);
    expect(issues({ code: '82.71', name: 'Kota Ternate', timeZone: 'Asia/Makassar' })[0]?.message).toMatch(
      /Asia\/Jayapura \(WIT\)/,
    );
  });

  it('rejects unknown regions, empty names and unknown fields', () => {
    expect(issues({ ...minimal, code: '32.99' })).toContainEqual({
      path: 'code',
      message: 'unknown region code 32.99',
    });
    expect(issues({ ...minimal, name: '  ' })).toContainEqual({
      path: 'name',
      message: 'region name must not be empty',
    });
    expect(issues({ ...minimal, timezone: 'Asia/Jakarta' })).toContainEqual({
      path: '',
      message: 'unknown field(s) in a region profile: timezone',
    });
  });

  it.each([
    [
      'a default unit that does not exist',
      (p: Draft) => (p.complaintCategories[0]!.defaultUnit = 'dpu'),
      'complaintCategories.0.defaultUnit',
      /unit dpu is not among/,
    ],
    [
      'an account of a unit that does not exist',
      (p: Draft) => (p.socialAccounts[2]!.unit = 'diskominfo'),
      'socialAccounts.2.unit',
      /unit diskominfo/,
    ],
    [
      'an official of a unit that does not exist',
      (p: Draft) => (p.officials[0]!.unit = 'bkpsdm'),
      'officials.0.unit',
      /unit bkpsdm/,
    ],
    [
      'a district of another region',
      (p: Draft) => (p.units[2]!.districtCode = '32.76.01'),
      'units.2.districtCode',
      /32\.76\.01 .* not in region 32\.73/,
    ],
    [
      'a district that does not exist',
      (p: Draft) => (p.units[2]!.districtCode = '32.73.99'),
      'units.2.districtCode',
      /unknown district code/,
    ],
    [
      'a unit code used twice',
      (p: Draft) => p.units.push({ ...p.units[0], name: 'Dinas PU' }),
      'units.3.code',
      /unit code dsdabm is used twice/,
    ],
    [
      'a category code used twice',
      (p: Draft) => (p.complaintCategories[1]!.code = 'jalan-rusak'),
      'complaintCategories.1.code',
      /used twice/,
    ],
    [
      'a holiday date used twice',
      (p: Draft) => (p.holidays[2]!.date = '2026-01-01'),
      'holidays.2.date',
      /holiday date 2026-01-01/,
    ],
    [
      'the same account twice',
      (p: Draft) => (p.socialAccounts[2] = { platform: 'instagram', accountId: '17841400000000001', unit: 'dishub' }),
      'socialAccounts.2.accountId',
      /instagram account 17841400000000001 is used twice/,
    ],
    [
      'an official id used twice',
      (p: Draft) => p.officials.push({ ...p.officials[0] }),
      'officials.1.id',
      /official id pjb-dsdabm-kadis/,
    ],
    [
      'a host name used twice',
      (p: Draft) => p.hostnames.push('lapor.bandung.go.id'),
      'hostnames.2',
      /hostname lapor\.bandung\.go\.id/,
    ],
    [
      'an upper-case host name',
      (p: Draft) => (p.hostnames[0] = 'Bandung.Sinergi.Localhost'),
      'hostnames.0',
      /lowercase DNS name/,
    ],
    [
      'a date that does not exist',
      (p: Draft) => (p.holidays[0]!.date = '2026-02-29'),
      'holidays.0.date',
      /not a real date/,
    ],
    [
      'an unknown holiday kind',
      (p: Draft) => (p.holidays[0]!.kind = 'libur'),
      'holidays.0.kind',
      /libur-nasional, cuti-bersama, libur-daerah/,
    ],
    ['an unknown unit kind', (p: Draft) => (p.units[0]!.kind = 'dept'), 'units.0.kind', /unit kind must be one of/],
    [
      'an unknown platform',
      (p: Draft) => (p.socialAccounts[0]!.platform = 'tiktok'),
      'socialAccounts.0.platform',
      /platform must be one of/,
    ],
    [
      'an empty account id',
      (p: Draft) => (p.socialAccounts[0]!.accountId = ''),
      'socialAccounts.0.accountId',
      /must not be empty/,
    ],
    [
      'a radius of 0 m',
      (p: Draft) => (p.complaintCategories[0]!.duplicateRadiusMeters = 0),
      'complaintCategories.0.duplicateRadiusMeters',
      /1 to 5000/,
    ],
    [
      'a radius of 5001 m',
      (p: Draft) => (p.complaintCategories[0]!.duplicateRadiusMeters = 5001),
      'complaintCategories.0.duplicateRadiusMeters',
      /1 to 5000/,
    ],
    [
      'a fractional radius',
      (p: Draft) => (p.complaintCategories[0]!.duplicateRadiusMeters = 2.5),
      'complaintCategories.0.duplicateRadiusMeters',
      /whole number/,
    ],
    [
      'a misspelt field in a unit',
      (p: Draft) => (p.units[0]!.district = '32.73.01'),
      'units.0',
      /unknown field\(s\) in a unit: district/,
    ],
  ])('rejects %s at its path', (_what, mutate, path, message) => {
    const profile = full() as unknown as Draft;
    mutate(profile);
    const found = issues(profile);
    expect(found.map((i) => i.path)).toEqual([path]);
    expect(found[0]?.message).toMatch(message);
  });

  it('allows the same account id on different platforms and a unit code with the max radius', () => {
    const profile = full();
    profile.complaintCategories![0]!.duplicateRadiusMeters = 5000;
    expect(issues(profile)).toEqual([]);
  });
});

describe('directory helpers', () => {
  const profile = RegionProfile.parse(full());

  it('find units, categories and account owners', () => {
    expect(findUnit(profile, 'dishub')?.name).toBe('Dinas Perhubungan');
    expect(findUnit(profile, 'dpu')).toBeUndefined();
    expect(findCategory(profile, 'jalan-rusak')?.defaultUnit).toBe('dsdabm');
    expect(findCategory(profile, 'banjir')).toBeUndefined();
    expect(findAccountOwner(profile, 'instagram', '17841400000000001')?.code).toBe('dsdabm');
    expect(findAccountOwner(profile, 'x', '17841400000000001')?.code).toBe('dishub');
    expect(findAccountOwner(profile, 'facebook', '17841400000000001')).toBeUndefined();
  });

  it('holidaySet holds the dates', () => {
    expect(holidaySet(profile)).toEqual(new Set(['2026-01-01', '2026-03-23', '2026-09-25']));
    expect(holidaySet(profile).has('2026-01-02')).toBe(false);
  });

  it('holidaySet leaves cuti bersama out where the region counts them as working days', () => {
    const kinds = RegionProfile.parse({ ...full(), cutiBersama: 'working-day' });
    expect(holidaySet(kinds)).toEqual(new Set(['2026-01-01', '2026-09-25']));
  });

  it('rejects a holiday year listed twice and an unknown cuti bersama rule, at their paths', () => {
    const twice = [
      { year: 2026, confirmed: true },
      { year: 2026, confirmed: false },
    ];
    expect(issues({ ...minimal, holidayYears: twice })[0]?.path).toBe('holidayYears.1.year');
    expect(issues({ ...minimal, cutiBersama: 'sometimes' })[0]?.path).toBe('cutiBersama');
    expect(issues({ ...minimal, holidayYears: [{ year: 2026.5, confirmed: true }] })[0]?.path).toBe(
      'holidayYears.0.year',
    );
  });
});

describe('DirectoryFile', () => {
  const palu = { code: '72.71', name: 'Kota Palu', timeZone: 'Asia/Makassar', hostnames: ['palu.sinergi.localhost'] };

  it('accepts one profile or an array of them', () => {
    expect(DirectoryFile.parse(minimal)).toMatchObject({ code: '32.73' });
    expect(DirectoryFile.parse([full(), palu])).toHaveLength(2);
  });

  it('names the field at fault inside a file', () => {
    const result = DirectoryFile.safeParse([palu, { ...minimal, timeZone: 'Asia/Jayapura' }]);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['1.timeZone', expect.stringMatching(/Asia\/Jakarta \(WIB\)/)],
    ]);
    expect(DirectoryFile.safeParse('x').error?.issues[0]?.message).toBe('a region profile must be a JSON object');
  });

  it('keeps region codes, host names and accounts unique across profiles', () => {
    const twice = DirectoryFile.safeParse([minimal, { ...minimal, name: 'Bandung' }]);
    expect(twice.error?.issues.map((i) => i.path.join('.'))).toEqual(['1.code']);
    const host = DirectoryFile.safeParse([full(), { ...palu, hostnames: ['bandung.sinergi.localhost'] }]);
    expect(host.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['1.hostnames.0', 'hostname bandung.sinergi.localhost is already used by region 32.73'],
    ]);
    const account = DirectoryFile.safeParse([
      full(),
      {
        ...palu,
        units: [{ code: 'diskominfo', name: 'Diskominfo', kind: 'dinas' }],
        socialAccounts: [{ platform: 'telegram', accountId: '7000000001', unit: 'diskominfo' }],
      },
    ]);
    expect(account.error?.issues.map((i) => i.path.join('.'))).toEqual(['1.socialAccounts.0.accountId']);
  });
});
