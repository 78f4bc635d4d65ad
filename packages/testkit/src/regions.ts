import type { TestEnvironment } from './environment.js';

/** Two small regions in different time zones: enough to test isolation and calendars. */
export const TEST_REGIONS = [
  {
    code: '32.73',
    name: 'Kota Bandung',
    timeZone: 'Asia/Jakarta',
    hostnames: ['bandung.test'],
    units: [
      { code: 'dsdabm', name: 'Dinas Sumber Daya Air dan Bina Marga', kind: 'dinas' },
      { code: 'dishub', name: 'Dinas Perhubungan', kind: 'dinas' },
    ],
  },
  {
    code: '72.71',
    name: 'Kota Palu',
    timeZone: 'Asia/Makassar',
    hostnames: ['palu.test'],
    units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  },
];

/** Writes region profiles into the test file's directory bucket (the two test regions by default). */
export const applyDirectory = (
  env: Pick<TestEnvironment, 'applyDirectory'>,
  regions: unknown[] = TEST_REGIONS,
): Promise<void> => env.applyDirectory(regions);
