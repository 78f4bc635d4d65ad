/**
 * Pure test data: the real Kota Bandung directory (with an official who has an identity-provider
 * account), a second region (Palu, WITA), test signing keys, the smallest files that pass the
 * content checks, an applicant and data for the demo permit types. No database, no NATS: the
 * unit tests use it too.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';

const directory = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);
/** The demo directory, with DPMPTSP's head listing an account at the identity provider. */
export const HEAD_OF_DPMPTSP_ACCOUNT = '3f2b8c1e-7a4d-4e9b-b0c2-5d6e7f8a9b01';
export const BANDUNG = {
  ...directory,
  officials: [
    ...directory.officials,
    {
      id: 'pjb-dpmptsp-kadis',
      name: 'Rudi Contoh',
      jobTitle: 'Kepala DPMPTSP',
      unit: 'dpmptsp',
      accounts: [HEAD_OF_DPMPTSP_ACCOUNT],
    },
  ],
};
export const PALU = {
  code: '72.71',
  name: 'Kota Palu',
  timeZone: 'Asia/Makassar',
  units: [{ code: 'dpmptsp', name: 'Dinas Penanaman Modal dan PTSP', kind: 'dinas' }],
};

export const NIK_KEY = 'test-nik-key-0123456789abcdef0123456789';

/** Test-only signing keys, made fresh per process. */
export const testKey = (kid: string, type: 'ed25519' | 'ec' = 'ed25519') => {
  const pair = type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};
export const SIGNING_KEYS = [{ ...testKey('test-2025', 'ec'), retired: true }, testKey('test-2026')];

// smallest files that pass the content checks
import { SAMPLE_JPEG as JPEG, SAMPLE_PDF as PDF, SAMPLE_PNG as PNG } from '@sinergi/testkit';
export { PNG_SIGNATURE } from '@sinergi/testkit';
export { JPEG, PDF, PNG };

export const APPLICANT = {
  name: 'Siti Rahmawati',
  nik: '3273024507900001',
  phone: '0812-3456-7890',
  email: 'siti.r@example.com',
};
/** Every form the applicant's personal data may take in a row, event or response. */
export const APPLICANT_TRACES = [
  'Siti',
  'Rahmawati',
  '0812-3456-7890',
  '81234567890',
  'siti.r@example.com',
  '3273024507900001',
];

export const REKLAME_DATA = {
  naskah: 'Promo Kopi Dago',
  lokasi: 'Jl. Ir. H. Juanda No. 120',
  'kelas-jalan': 'kolektor',
  'luas-m2': '12.5',
  sisi: 2,
  'lama-bulan': 6,
};
// 12.5 × 2 × 35000 × 6
export const REKLAME_FEE = '5250000';

export const FILES: Record<string, Record<string, Buffer>> = {
  reklame: { ktp: JPEG, 'desain-reklame': PNG, 'foto-lokasi': JPEG, 'persetujuan-pemilik-lahan': PDF },
  'sip-dokter': { ktp: PDF, str: PDF, 'rekomendasi-organisasi-profesi': PDF, 'pas-foto': JPEG },
  'lokasi-pkl': { ktp: PDF, 'foto-lapak': JPEG },
  pbg: { ktp: PDF, 'bukti-tanah': PDF, 'gambar-arsitektur': PDF, 'gambar-struktur': PDF, krk: PDF },
};
export const DATA: Record<string, Record<string, unknown>> = {
  reklame: REKLAME_DATA,
  'sip-dokter': {
    'nomor-str': 'STR-3273-0001',
    'tempat-praktik': 'Klinik Sehat, Jl. Dago 1',
    'jenis-praktik': 'dokter-umum',
  },
  'lokasi-pkl': { 'jenis-dagangan': 'Batagor', zona: 'hijau', 'luas-lapak-m2': '2', 'lama-bulan': 3 },
  // 120 m² × 0.5 (hunian) × Rp 20,000
  pbg: { 'alamat-bangunan': 'Jl. Cigadung Raya 7', fungsi: 'hunian', 'jumlah-lantai': 2, 'luas-bangunan-m2': '120' },
};
export const PBG_FEE = '1200000';
export const UNIT_OF: Record<string, string> = {
  reklame: 'dpmptsp',
  'sip-dokter': 'dinkes',
  'lokasi-pkl': 'dpmptsp',
  pbg: 'dcktr',
  keramaian: 'dpmptsp',
};
