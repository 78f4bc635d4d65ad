/**
 * A PostgreSQL restart, failover or network blip must not take a service down: connections cut
 * in use and idle give 503s at worst, and the service, its relay and its consumer carry on.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../testkit/src/environment.js';
import { bearer, mintToken } from '../../testkit/src/tokens.js';
import { createAdminKysely } from '../src/db/database.js';
import { eventually, startSample } from './helpers.js';

let env: TestEnvironment;
let svc: Awaited<ReturnType<typeof startSample>>;
let admin: ReturnType<typeof createAdminKysely>;
const crashes: unknown[] = [];
const onCrash = (err: unknown) => crashes.push(err);

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  env = await createTestEnvironment();
  svc = await startSample(env, { DEFAULT_TENANT: '32.73', DATABASE_POOL_MAX: '6' });
  admin = createAdminKysely(env.databaseUrl, 1);
});
afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await svc?.stop();
  await admin?.destroy();
  await env?.cleanup();
});

/** Every other connection to the test database: the service's pool (in use and idle) and the relay's LISTEN. */
const terminateAll = async () =>
  Number(
    (
      await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = ${env.database} and pid <> pg_backend_pid()`.execute(admin)
    ).rows[0]!.n,
  );
const sleeping = async () =>
  Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pg_stat_activity where datname = ${env.database} and query like '%pg_sleep%' and pid <> pg_backend_pid()`.execute(
        admin,
      )
    ).rows[0]!.n,
  );

describe('losing database connections', () => {
  it('when connections are terminated in use and idle under load, then requests get 2xx or 503 database_unavailable, and the service, relay and consumer go on', async () => {
    const token = await mintToken({ tenant: '32.73', roles: ['admin'] });
    const answers: Array<{ status: number; type: string; code: unknown; retryAfter: unknown }> = [];
    const request = (url: string, method: 'GET' | 'POST') =>
      svc.app
        .inject({
          method,
          url,
          headers: bearer(token),
          ...(method === 'POST' ? { payload: { title: 'Lubang di Jl. Dago', unit: 'dsdabm' } } : {}),
        })
        .then((res) => {
          answers.push({
            status: res.statusCode,
            type: String(res.headers['content-type']),
            code: res.statusCode >= 300 ? res.json().code : undefined,
            retryAfter: res.headers['retry-after'],
          });
        });

    let terminated = 0;
    for (let round = 0; round < 4; round++) {
      const load = [
        ...Array.from({ length: 4 }, () => request('/v1/notes/held', 'POST')),
        ...Array.from({ length: 6 }, () => request('/v1/notes', 'POST')),
        ...Array.from({ length: 6 }, () => request('/v1/notes', 'GET')),
      ];
      // cut while transactions are certainly holding connections
      await eventually(async () => ((await sleeping()) > 0 ? true : undefined), 10_000, 'a transaction in use');
      terminated += await terminateAll();
      await Promise.all(load);
      // and again while the pool's connections sit idle
      terminated += await terminateAll();
    }
    expect(terminated).toBeGreaterThan(4);
    expect(answers.some((a) => a.status === 503)).toBe(true);
    for (const a of answers) {
      if (a.status < 300) continue;
      expect(a).toMatchObject({ status: 503, code: 'database_unavailable', retryAfter: '5' });
      expect(a.type).toMatch(/^application\/problem\+json/);
    }

    // still serving, and an event emitted after the drops reaches NATS and the consumer
    const after = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes',
      headers: bearer(token),
      payload: { title: 'Setelah gangguan', unit: 'dsdabm' },
    });
    expect(after.statusCode).toBe(201);
    const id = after.json().id as string;
    await eventually(
      async () =>
        (await sql`select 1 from note_log where note_id = ${id}`.execute(admin)).rows.length === 1 ? true : undefined,
      20_000,
      'the event emitted after the drops to be consumed',
    );
    // the relay's LISTEN connection, cut with the rest, is back
    await eventually(
      async () =>
        (
          await sql`select 1 from pg_stat_activity where datname = ${env.database} and application_name = 'sinergi-outbox-listener'`.execute(
            admin,
          )
        ).rows.length === 1
          ? true
          : undefined,
      20_000,
      'the outbox listener to reconnect',
    );
    expect(crashes).toEqual([]);
  });
});
