import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../testkit/src/environment.js';
import { bearer, mintToken } from '../../testkit/src/tokens.js';
import { createAdminKysely } from '../src/db/database.js';
import { checkTenantIsolation } from '../src/db/migrate.js';
import { pruneIdempotencyKeys } from '../src/http/idempotency.js';
import type { ServiceDatabase } from '../src/db/database.js';
import { flaky } from './fixtures/sample-service.js';
import { startSample } from './helpers.js';

let env: TestEnvironment;
let svc: Awaited<ReturnType<typeof startSample>>;
let admin: ReturnType<typeof createAdminKysely>;

beforeAll(async () => {
  env = await createTestEnvironment();
  svc = await startSample(env, { DEFAULT_TENANT: '32.73' });
  admin = createAdminKysely(env.databaseUrl, 1);
});
afterAll(async () => {
  await svc?.stop();
  await admin?.destroy();
  await env?.cleanup();
});

const adminOf = (tenant = '32.73', sub = 'admin-1') => mintToken({ tenant, roles: ['admin'], sub });
const createNote = async (key: string | undefined, title = 'Lubang di Jl. Dago', token?: string) =>
  svc.app.inject({
    method: 'POST',
    url: '/v1/notes',
    headers: { ...bearer(token ?? (await adminOf())), ...(key === undefined ? {} : { 'idempotency-key': key }) },
    payload: { title, unit: 'dsdabm' },
  });
const notes = async (title: string) =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from note where title = ${title}`.execute(admin)).rows[0]!.n,
  );
const events = async (title: string) =>
  Number(
    (
      await sql<{ n: number }>`select count(*)::int as n from outbox where event->'data'->>'title' = ${title}`.execute(
        admin,
      )
    ).rows[0]!.n,
  );

describe('Idempotency-Key', () => {
  it('when a create is retried with the same key and body, then the first answer is replayed and nothing is created twice', async () => {
    await svc.relay.stop();
    try {
      const first = await createNote('k-replay-1', 'Sekali saja');
      const again = await createNote('k-replay-1', 'Sekali saja');
      expect(first.statusCode).toBe(201);
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual(first.json());
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(await notes('Sekali saja')).toBe(1);
      expect(await events('Sekali saja')).toBe(1);
      // a quoted (structured-field) key is the same key
      expect((await createNote('"k-replay-1"', 'Sekali saja')).headers['idempotent-replayed']).toBe('true');
    } finally {
      svc.relay.start();
    }
  });

  it('without a key, a retry creates again (the header is optional)', async () => {
    await createNote(undefined, 'Tanpa kunci');
    await createNote(undefined, 'Tanpa kunci');
    expect(await notes('Tanpa kunci')).toBe(2);
  });

  it('when the same key comes with another body or from another caller, then 422 idempotency_key_reused', async () => {
    expect((await createNote('k-reuse', 'Isi pertama')).statusCode).toBe(201);
    const other = await createNote('k-reuse', 'Isi kedua');
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json().code).toBe('idempotency_key_reused');
    const otherCaller = await createNote('k-reuse', 'Isi pertama', await adminOf('32.73', 'admin-2'));
    expect(otherCaller.json().code).toBe('idempotency_key_reused');
    expect(await notes('Isi kedua')).toBe(0);
  });

  it('when a request with the key is still running, then 409 idempotency_key_in_flight', async () => {
    const token = await adminOf();
    const held = svc.app.inject({
      method: 'POST',
      url: '/v1/notes/held',
      headers: { ...bearer(token), 'idempotency-key': 'k-flight' },
      payload: { title: 'Masih jalan', unit: 'dsdabm' },
    });
    // wait until the first request holds the key
    for (let i = 0; i < 200; i++) {
      const rows = await sql`select 1 from idempotency_key where key = 'k-flight'`.execute(admin);
      if (rows.rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes/held',
      headers: { ...bearer(token), 'idempotency-key': 'k-flight' },
      payload: { title: 'Masih jalan', unit: 'dsdabm' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('idempotency_key_in_flight');
    expect((await held).statusCode).toBe(201);
    expect(await notes('Masih jalan')).toBe(1);
  });

  it('keys are per tenant: the same key in another region is another request', async () => {
    const a = await createNote('k-tenant', 'Per daerah', await adminOf('32.73'));
    const b = await createNote('k-tenant', 'Per daerah', await adminOf('72.71'));
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
    // and within that region the key still holds: a retry there replays its own first answer
    const bAgain = await createNote('k-tenant', 'Per daerah', await adminOf('72.71'));
    expect(bAgain.headers['idempotent-replayed']).toBe('true');
    expect(bAgain.json().id).toBe(b.json().id);
    expect(await checkTenantIsolation(admin, 'sinergi_app')).toEqual([]);
  });

  it('when the first answer is a 5xx, then it is not stored and a retry runs again; answers below 500 are replayed with their headers', async () => {
    flaky.failing = true;
    flaky.calls = 0;
    const failed = await svc.app.inject({
      method: 'POST',
      url: '/v1/flaky?tenant=32.73',
      headers: { 'idempotency-key': 'k-flaky' },
      payload: {},
    });
    expect(failed.statusCode).toBe(500);
    expect((await sql`select 1 from idempotency_key where key = 'k-flaky'`.execute(admin)).rows).toHaveLength(0);
    flaky.failing = false;
    const retried = await svc.app.inject({
      method: 'POST',
      url: '/v1/flaky?tenant=32.73',
      headers: { 'idempotency-key': 'k-flaky' },
      payload: {},
    });
    expect(retried.statusCode).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const replayed = await svc.app.inject({
      method: 'POST',
      url: '/v1/flaky?tenant=32.73',
      headers: { 'idempotency-key': 'k-flaky' },
      payload: {},
    });
    expect(replayed.json()).toEqual({ call: 2 });
    expect(replayed.headers.location).toBe('/v1/flaky/2');
    expect(flaky.calls).toBe(2);
  });

  it('when the key is empty, not printable ASCII or longer than 255, then 400 invalid_idempotency_key', async () => {
    for (const key of ['', 'ä-non-ascii', 'x'.repeat(256), 'tab\there']) {
      const res = await svc.app.inject({
        method: 'POST',
        url: '/v1/flaky?tenant=32.73',
        headers: { 'idempotency-key': key },
        payload: {},
      });
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().code).toBe('invalid_idempotency_key');
    }
  });

  it('answers older than 24 hours are pruned, and an expired key can be used afresh', async () => {
    expect((await createNote('k-old', 'Kunci lama')).statusCode).toBe(201);
    await sql`update idempotency_key set created_at = now() - interval '25 hours' where key = 'k-old'`.execute(admin);
    const fresh = await createNote('k-old', 'Kunci lama, isi baru');
    expect(fresh.statusCode).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    await sql`update idempotency_key set created_at = now() - interval '25 hours' where key = 'k-old'`.execute(admin);
    const removed = await pruneIdempotencyKeys(svc.ctx.db as ServiceDatabase<unknown>);
    expect(removed).toBeGreaterThanOrEqual(1);
    expect((await sql`select 1 from idempotency_key where key = 'k-old'`.execute(admin)).rows).toHaveLength(0);
  });
});
