/**
 * Shared set-up for the complaints tests: the real Kota Bandung directory from infra/, a second
 * region for isolation, the service started against this file's database and NATS namespace,
 * and short ways to act as a citizen, an admin or a unit officer.
 */
import { readFileSync } from 'node:fs';
import { createTestEnvironment, bearer, mintToken, startTestService, type TestEnvironment } from '@sinergi/testkit';
import { createAdminKysely } from '@sinergi/service-kit';
import { complaints } from '../src/app.js';

export const BANDUNG = JSON.parse(readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'));
export const PALU = {
  code: '72.71',
  name: 'Kota Palu',
  timeZone: 'Asia/Makassar',
  units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  complaintCategories: [{ code: 'jalan-rusak', name: 'Jalan rusak', defaultUnit: 'dpupr' }],
};

export const NIK_KEY = 'test-nik-key-0123456789abcdef0123456789';

export async function startComplaints(extraEnv: Record<string, string> = {}) {
  const env: TestEnvironment = await createTestEnvironment();
  const service = await startTestService(complaints, env, { regions: [BANDUNG, PALU], env: { NIK_HMAC_KEY: NIK_KEY, DEFAULT_TENANT: '32.73', ...extraEnv } });
  const admin = createAdminKysely(env.databaseUrl);
  return {
    env,
    service,
    app: service.app,
    /** Owner access for assertions on rows; never used to set up state the API could set up. */
    db: admin,
    async stop() {
      await service.stop();
      await admin.destroy();
      await env.cleanup();
    },
  };
}

export const as = {
  admin: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['admin'], sub: 'admin-1' })),
  auditor: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['auditor'], sub: 'auditor-1' })),
  officer: async (unit: string, tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['officer'], unit, sub: `officer-${unit}` })),
  integrator: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['integrator'], sub: 'sms-gateway' })),
  citizen: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['citizen'], sub: 'warga-1' })),
};

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
