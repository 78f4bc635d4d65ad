/**
 * Shared set-up for the official-rating tests: the Kota Bandung directory from infra/ (with two
 * fictitious camat to rate), a second region for isolation, the service started against this
 * file's database and NATS namespace, and short ways to act as staff and to publish the other
 * services' events.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { sql } from 'kysely';
import { createEvent, streamConfigFor, subjectFor, type EventDefinition } from '@sinergi/contracts';
import { createTestEnvironment, bearer, mintToken, startTestService } from '@sinergi/testkit';
import { createAdminKysely } from '@sinergi/service-kit';
import type { z } from 'zod';
import { officialRating } from '../src/app.js';

const directory = JSON.parse(readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'));
export const BANDUNG = {
  ...directory,
  officials: [
    // the demo's own Coblong officials give way to ones whose written names carry titles
    ...directory.officials.filter((o: { unit: string }) => o.unit !== 'kec-coblong'),
    { id: 'camat-coblong', name: 'Drs. H. Bambang Sutisna, M.Si.', jobTitle: 'Camat Coblong', unit: 'kec-coblong' },
    { id: 'sekcam-coblong', name: 'Wulan Permatasari, S.Sos.', jobTitle: 'Sekretaris Kecamatan Coblong', unit: 'kec-coblong' },
    { id: 'camat-andir', name: 'Hendra Gunawan', jobTitle: 'Camat Andir', unit: 'kec-andir', accounts: ['7d1c5e0a-2b7f-4f7e-9a55-3c1d2e4f6a80'] },
  ],
};
export const PALU = {
  code: '72.71',
  name: 'Kota Palu',
  timeZone: 'Asia/Makassar',
  units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  complaintCategories: [{ code: 'jalan-rusak', name: 'Jalan rusak', defaultUnit: 'dpupr' }],
};

export async function startRating(extraEnv: Record<string, string> = {}) {
  const env = await createTestEnvironment();
  // the refresh job is driven by the tests (refreshTenant) so that announcements are deterministic;
  // rate limits are tested on their own
  const service = await startTestService(officialRating, env, { regions: [BANDUNG, PALU], env: { DEFAULT_TENANT: '32.73', RATING_FORM_URL: 'https://nilai.bandung.go.id/r', INDEX_REFRESH_MS: '3600000', SUBMIT_RATE_PER_MINUTE: '100000', ...extraEnv } });
  const admin = createAdminKysely(env.databaseUrl);
  let nc: NatsConnection | undefined;
  return {
    env,
    service,
    app: service.app,
    ctx: service.ctx,
    /** Owner access for assertions on rows. */
    db: admin,
    /** Publishes another service's event as that service's outbox relay would. */
    async publish<D extends EventDefinition>(def: D, tenant: string, data: z.output<D['data']>, msgID?: string) {
      nc ??= await connect({ servers: env.natsUrl });
      const event = createEvent(def, { tenant, subject: 'test', data });
      await jetstream(nc).publish(subjectFor(event.type, event.tenant, env.eventPrefix), JSON.stringify(event), { msgID: msgID ?? event.id });
      return event;
    },
    /** Publishes an event again as a redelivery would: same event (same id), another message id. */
    async republish(event: { type: string; tenant: string }, msgID: string) {
      nc ??= await connect({ servers: env.natsUrl });
      await jetstream(nc).publish(subjectFor(event.type, event.tenant, env.eventPrefix), JSON.stringify(event), { msgID });
    },
    /** Every event this service published so far of one type, once its outbox has drained. */
    async published<T = unknown>(type: string): Promise<{ id: string; tenant: string; data: T }[]> {
      nc ??= await connect({ servers: env.natsUrl });
      await waitFor(async () => (Number((await sql<{ n: string }>`select count(*)::text as n from outbox`.execute(admin)).rows[0]!.n) === 0 ? true : undefined), 'the outbox to drain');
      const stream = streamConfigFor('official-rating', env.eventPrefix).name;
      const total = (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
      const events: { id: string; type: string; tenant: string; data: T }[] = [];
      if (total === 0) return [];
      const messages = await (await jetstream(nc).consumers.get(stream)).fetch({ max_messages: total, expires: 5000 });
      for await (const m of messages) {
        events.push(m.json());
        if (events.length === total) break;
      }
      return events.filter((e) => e.type === type);
    },
    async stop() {
      await nc?.close();
      await service.stop();
      await admin.destroy();
      await env.cleanup();
    },
  };
}
export type RatingHarness = Awaited<ReturnType<typeof startRating>>;

export const as = {
  admin: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['admin'], sub: 'admin-1' })),
  auditor: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['auditor'], sub: 'auditor-1' })),
  officer: async (unit: string, tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['officer'], unit, sub: `officer-${unit}` })),
  head: async (unit: string, tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['unit-head'], unit, sub: `head-${unit}` })),
  citizen: async (tenant = '32.73') => bearer(await mintToken({ tenant, roles: ['citizen'], sub: 'warga-1' })),
};

/** A rating link from the counter API, the way a desk tablet gets one. */
export async function counterToken(h: RatingHarness, body: { unit: string; serviceType?: string; official?: string; reference?: string }, tenant = '32.73') {
  const res = await h.app.inject({
    method: 'POST',
    url: `/v1/staff/counter-tokens?tenant=${tenant}`,
    headers: await as.officer(body.unit, tenant),
    payload: { serviceType: 'layanan-administrasi', reference: `A-${randomUUID().slice(0, 8)}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`counter token: ${res.statusCode} ${res.body}`);
  return res.json() as { invitationId: string; token: string; url: string; expiresAt: string };
}

export async function rate(h: RatingHarness, body: Record<string, unknown>, tenant = '32.73') {
  return h.app.inject({ method: 'POST', url: `/v1/public/ratings?tenant=${tenant}`, payload: body });
}

export const waitFor = async <T>(check: () => Promise<T | undefined>, what = 'condition') => {
  for (let i = 0; i < 200; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};
