/**
 * complaints' fixtures for the testkit's harness: the real Kota Bandung directory from infra/, a
 * second region for isolation, the service's own variables, and a plausible report.
 */
import { createServiceHarness } from '@sinergi/testkit';
import { complaints } from '../src/app.js';
import { BANDUNG, PALU } from './regions.js';

export { BANDUNG, PALU };

export const NIK_KEY = 'test-nik-key-0123456789abcdef0123456789';

/** complaints on the harness, for Bandung (callers act for 32.73 unless they name another region). */
export function startComplaints(extraEnv: Record<string, string> = {}) {
  return createServiceHarness(complaints, {
    regions: [BANDUNG, PALU],
    env: { NIK_HMAC_KEY: NIK_KEY, DEFAULT_TENANT: '32.73', ...extraEnv },
  });
}

export type Harness = Awaited<ReturnType<typeof startComplaints>>;

/** A plausible report; override what a test is about. */
export function aReport(overrides: Record<string, unknown> = {}) {
  return {
    type: 'pengaduan',
    category: 'jalan-rusak',
    title: 'Jalan berlubang di Jl. Dago',
    description: 'Lubang besar di depan nomor 120, sudah dua minggu dan membahayakan pengendara motor.',
    location: { lat: -6.8845, lon: 107.6135 },
    address: 'Jl. Ir. H. Juanda No. 120',
    districtCode: '32.73.02',
    anonim: false,
    reporter: { name: 'Siti Rahmawati', phone: '0812-3456-7890', email: 'siti.r@example.com', nik: '3273024507900001' },
    ...overrides,
  };
}
