/**
 * Licensing on the testkit's harness: both regions, Bandung's demo permit types, and short ways to
 * drive applications through the API. Callers of every role come from the harness
 * (`h.as.officer('dpmptsp')`); the data itself is in `samples.ts`.
 */
import { expect } from 'vitest';
import { sql } from 'kysely';
import { createServiceHarness, type TestEnvironment } from '@sinergi/testkit';
import { licensing } from '../src/app.js';
import { seedDemoPermitTypes } from '../src/permit-types/seed.js';
import { APPLICANT, BANDUNG, DATA, FILES, NIK_KEY, PALU, SIGNING_KEYS, UNIT_OF } from './samples.js';

export * from './samples.js';

export type Harness = Awaited<ReturnType<typeof startLicensing>>;
export type Headers = Record<string, string>;

/** The service with both regions and Bandung's demo permit types; `environment` shares one database between replicas. */
export async function startLicensing(extraEnv: Record<string, string> = {}, environment?: TestEnvironment) {
  const h = await createServiceHarness(licensing, {
    regions: [BANDUNG, PALU],
    env: {
      NIK_HMAC_KEY: NIK_KEY,
      DEFAULT_TENANT: '32.73',
      PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id',
      PERMIT_SIGNING_KEYS: JSON.stringify(SIGNING_KEYS),
      SUBMIT_RATE_PER_MINUTE: '100000',
      ...extraEnv,
    },
    ...(environment ? { environment } : {}),
  });
  await seedDemoPermitTypes(h.ctx, ['32.73']);
  return h;
}

export interface Created {
  registrationNumber: string;
  secret: string;
  status: string;
}

export function api(c: Harness) {
  const a = {
    create(
      permitType: string,
      data: Record<string, unknown> = DATA[permitType] ?? {},
      headers: Headers = {},
      query = '',
    ) {
      return c.app.inject({
        method: 'POST',
        url: `/v1/applications${query}`,
        headers,
        payload: { permitType, applicant: APPLICANT, data },
      });
    },
    async created(
      permitType: string,
      data?: Record<string, unknown>,
      headers: Headers = {},
      query = '',
    ): Promise<Created> {
      const res = await a.create(permitType, data, headers, query);
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    },
    upload(app: Created, requirement: string, body: Buffer, o: { headers?: Headers; query?: string } = {}) {
      return c.app.inject({
        method: 'PUT',
        url: `/v1/applications/${app.registrationNumber}/documents/${requirement}${o.query ?? ''}`,
        headers: { 'content-type': 'application/octet-stream', 'x-application-secret': app.secret, ...o.headers },
        payload: body,
      });
    },
    get(app: Created, headers: Headers = { 'x-application-secret': app.secret }, query = '') {
      return c.app.inject({ method: 'GET', url: `/v1/applications/${app.registrationNumber}${query}`, headers });
    },
    applicant(app: Created, path: 'submit' | 'withdraw', query = '') {
      return c.app.inject({
        method: 'POST',
        url: `/v1/applications/${app.registrationNumber}/${path}${query}`,
        headers: { 'x-application-secret': app.secret },
      });
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
      return c.app.inject({
        method: 'POST',
        url: '/v1/integrations/payments',
        headers,
        payload: { registrationNumber: reg, paymentReference, amount },
      });
    },
    verify(number: string, tenant = '32.73') {
      return c.app.inject({
        method: 'GET',
        url: `/v1/public/permits/verify?tenant=${tenant}&number=${encodeURIComponent(number)}`,
      });
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
      const officer = await c.as.officer(UNIT_OF[permitType]!);
      const reg = app.registrationNumber;
      const view = await a.staffOk(reg, 'complete', officer);
      if (view.status === 'complete') {
        const type = (await c.app.inject({ method: 'GET', url: `/v1/permit-types/${permitType}` })).json();
        if (type.technicalReview || type.siteInspection) {
          await a.staffOk(reg, 'start-review', officer);
          if (type.technicalReview)
            await a.staffOk(reg, 'findings', officer, {
              kind: 'technical-review',
              result: 'meets',
              notes: 'Konstruksi sesuai standar.',
            });
          if (type.siteInspection)
            await a.staffOk(reg, 'findings', officer, {
              kind: 'site-inspection',
              result: 'meets',
              notes: 'Lokasi sesuai permohonan.',
            });
        }
      }
      await a.staffOk(reg, 'assess-fee', officer);
      return app;
    },
    row: async (reg: string) =>
      (await sql<Record<string, unknown>>`select * from application where registration_number = ${reg}`.execute(c.db))
        .rows[0]!,
    /** The events about an application still in the outbox: files that read them stop the relay first, so nothing races. */
    events: async (reg: string) =>
      (
        await sql<{
          type: string;
          event: { data: Record<string, unknown> };
          text: string;
        }>`select type, event, event::text as text from outbox where event->>'subject' = ${reg} order by created_at, id`.execute(
          c.db,
        )
      ).rows,
  };
  return a;
}
