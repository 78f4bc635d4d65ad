/**
 * Shared set-up for the licensing tests: the real Kota Bandung directory and its demo permit
 * types, a second region (Palu, WITA) for isolation and time zones, the service started against
 * this file's database and NATS namespace, and short ways to drive applications through the API.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { sql } from 'kysely';
import { createTestEnvironment, bearer, mintToken, startTestService, type TestEnvironment } from '@sinergi/testkit';
import { createAdminKysely } from '@sinergi/service-kit';
import { licensing } from '../src/app.js';
import { seedDemoPermitTypes } from '../src/permit-types/seed.js';

const directory = JSON.parse(readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'));
/** The demo directory, with DPMPTSP's head listing an account at the identity provider. */
export const HEAD_OF_DPMPTSP_ACCOUNT = '3f2b8c1e-7a4d-4e9b-b0c2-5d6e7f8a9b01';
export const BANDUNG = {
  ...directory,
  officials: [...directory.officials, { id: 'pjb-dpmptsp-kadis', name: 'Rudi Contoh', jobTitle: 'Kepala DPMPTSP', unit: 'dpmptsp', accounts: [HEAD_OF_DPMPTSP_ACCOUNT] }],
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

export type Harness = Awaited<ReturnType<typeof startLicensing>>;
export type Headers = Record<string, string>;

export async function startLicensing(extraEnv: Record<string, string> = {}, sharedEnv?: TestEnvironment) {
  const env: TestEnvironment = sharedEnv ?? (await createTestEnvironment());
  const service = await startTestService(licensing, env, {
    regions: [BANDUNG, PALU],
    env: { NIK_HMAC_KEY: NIK_KEY, DEFAULT_TENANT: '32.73', PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id', PERMIT_SIGNING_KEYS: JSON.stringify(SIGNING_KEYS), SUBMIT_RATE_PER_MINUTE: '100000', ...extraEnv },
  });
  await seedDemoPermitTypes(service.ctx, ['32.73']);
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
      if (!sharedEnv) await env.cleanup();
    },
  };
}

export const as = {
  admin: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['admin'], sub: 'admin-1' })),
  auditor: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['auditor'], sub: 'auditor-1' })),
  officer: async (unit: string, tenant = '32.73', sub = `officer-${unit}`) => bearer(await mintToken({ tenant, roles: ['officer'], unit, sub })),
  head: async (unit: string, tenant = '32.73', sub = `head-${unit}`) => bearer(await mintToken({ tenant, roles: ['unit-head'], unit, sub })),
  integrator: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['integrator'], sub: 'bank-bjb' })),
  citizen: async (sub = 'warga-1', tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['citizen'], sub })),
};

// smallest files that pass the content checks
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n9\n%%EOF\n', 'latin1');
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
export const PNG = Buffer.concat([PNG_SIGNATURE, chunk('IHDR', Buffer.alloc(13, 1)), chunk('IDAT', Buffer.alloc(64, 1)), chunk('IEND', Buffer.alloc(0))]);
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2), Buffer.from([0xff, 0xd9])]);

export const APPLICANT = { name: 'Siti Rahmawati', nik: '3273024507900001', phone: '0812-3456-7890', email: 'siti.r@example.com' };
/** Every form the applicant's personal data may take in a row, event or response. */
export const APPLICANT_TRACES = ['Siti', 'Rahmawati', '0812-3456-7890', '81234567890', 'siti.r@example.com', '3273024507900001'];

export const REKLAME_DATA = { naskah: 'Promo Kopi Dago', lokasi: 'Jl. Ir. H. Juanda No. 120', 'kelas-jalan': 'kolektor', 'luas-m2': '12.5', sisi: 2, 'lama-bulan': 6 };
// 12.5 × 2 × 35000 × 6
export const REKLAME_FEE = '5250000';

export const FILES: Record<string, Record<string, Buffer>> = {
  reklame: { ktp: JPEG, 'desain-reklame': PNG, 'foto-lokasi': JPEG, 'persetujuan-pemilik-lahan': PDF },
  'sip-dokter': { ktp: PDF, str: PDF, 'rekomendasi-organisasi-profesi': PDF, 'pas-foto': JPEG },
  'lokasi-pkl': { ktp: PDF, 'foto-lapak': JPEG },
};
export const DATA: Record<string, Record<string, unknown>> = {
  reklame: REKLAME_DATA,
  'sip-dokter': { 'nomor-str': 'STR-3273-0001', 'tempat-praktik': 'Klinik Sehat, Jl. Dago 1', 'jenis-praktik': 'dokter-umum' },
  'lokasi-pkl': { 'jenis-dagangan': 'Batagor', zona: 'hijau', 'luas-lapak-m2': '2', 'lama-bulan': 3 },
};
export const UNIT_OF: Record<string, string> = { reklame: 'dpmptsp', 'sip-dokter': 'dinkes', 'lokasi-pkl': 'dpmptsp', pbg: 'dcktr', keramaian: 'dpmptsp' };

export interface Created {
  registrationNumber: string;
  secret: string;
  status: string;
}

export function api(c: Harness) {
  const a = {
    create(permitType: string, data: Record<string, unknown> = DATA[permitType] ?? {}, headers: Headers = {}, query = '') {
      return c.app.inject({ method: 'POST', url: `/v1/applications${query}`, headers, payload: { permitType, applicant: APPLICANT, data } });
    },
    async created(permitType: string, data?: Record<string, unknown>, headers: Headers = {}, query = ''): Promise<Created> {
      const res = await a.create(permitType, data, headers, query);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    },
    upload(app: Created, requirement: string, body: Buffer, extra: Headers = {}, query = '') {
      return c.app.inject({
        method: 'PUT',
        url: `/v1/applications/${app.registrationNumber}/documents/${requirement}${query}`,
        headers: { 'content-type': 'application/octet-stream', 'x-application-secret': app.secret, ...extra },
        payload: body,
      });
    },
    get(app: Created, headers: Headers = { 'x-application-secret': app.secret }, query = '') {
      return c.app.inject({ method: 'GET', url: `/v1/applications/${app.registrationNumber}${query}`, headers });
    },
    applicant(app: Created, path: 'submit' | 'withdraw', query = '') {
      return c.app.inject({ method: 'POST', url: `/v1/applications/${app.registrationNumber}/${path}${query}`, headers: { 'x-application-secret': app.secret } });
    },
    staff(reg: string, path: string, headers: Headers, payload: Record<string, unknown> = {}) {
      return c.app.inject({ method: 'POST', url: `/v1/staff/applications/${reg}/${path}`, headers, payload });
    },
    async staffOk(reg: string, path: string, headers: Headers, payload: Record<string, unknown> = {}) {
      const res = await a.staff(reg, path, headers, payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
      return res.json();
    },
    pay(reg: string, paymentReference: string, amount: string, headers: Headers) {
      return c.app.inject({ method: 'POST', url: '/v1/integrations/payments', headers, payload: { registrationNumber: reg, paymentReference, amount } });
    },
    verify(number: string, tenant = '32.73') {
      return c.app.inject({ method: 'GET', url: `/v1/public/permits/verify?tenant=${tenant}&number=${encodeURIComponent(number)}` });
    },
    /** A complete, submitted application of the type (all data and required documents). */
    async submitted(permitType: string, headers: Headers = {}): Promise<Created> {
      const app = await a.created(permitType, undefined, headers);
      for (const [req, file] of Object.entries(FILES[permitType]!)) {
        const up = await a.upload(app, req, file);
        expect(up.statusCode, up.body).toBe(201);
      }
      const res = await a.applicant(app, 'submit');
      expect(res.statusCode, res.body).toBe(200);
      return app;
    },
    /** Drives an application to fee-assessed: complete, reviews recorded, fee assessed. */
    async assessed(permitType: string): Promise<Created> {
      const app = await a.submitted(permitType);
      const officer = await as.officer(UNIT_OF[permitType]!);
      const reg = app.registrationNumber;
      const view = await a.staffOk(reg, 'complete', officer);
      if (view.status === 'complete') {
        const type = (await c.app.inject({ method: 'GET', url: `/v1/permit-types/${permitType}` })).json();
        if (type.technicalReview || type.siteInspection) {
          await a.staffOk(reg, 'start-review', officer);
          if (type.technicalReview) await a.staffOk(reg, 'findings', officer, { kind: 'technical-review', result: 'meets', notes: 'Konstruksi sesuai standar.' });
          if (type.siteInspection) await a.staffOk(reg, 'findings', officer, { kind: 'site-inspection', result: 'meets', notes: 'Lokasi sesuai permohonan.' });
        }
      }
      await a.staffOk(reg, 'assess-fee', officer);
      return app;
    },
    row: async (reg: string) => (await sql<Record<string, unknown>>`select * from application where registration_number = ${reg}`.execute(c.db)).rows[0]!,
    events: async (reg: string) =>
      (
        await sql<{ type: string; event: { data: Record<string, unknown> } ; text: string }>`select type, event, event::text as text from outbox where event->>'subject' = ${reg} order by created_at, id`.execute(c.db)
      ).rows,
  };
  return a;
}
