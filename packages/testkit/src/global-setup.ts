import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { roleUrl, serviceRoles, setupServiceRoles } from '@sinergi/service-kit';
import { databaseUrl, dbIdent, safeName, withAdminClient, type TestInfrastructure } from './infrastructure.js';

/** Advisory-lock class of test runs: (class, run id) is held for as long as a run lives. */
const RUN_LOCK_CLASS = 'sinergi-test-run';

export interface GlobalSetupOptions {
  /** The package under test, e.g. `complaints`. */
  name: string;
  /** Migrates an empty database (the template) to the schema the tests expect. */
  migrate: (databaseUrl: string) => Promise<void>;
}

/** Where `npm start` finds PostgreSQL and NATS too (packages/cli/src/up.ts): a developer's usual servers. */
export const LOCAL_DATABASE_URL = 'postgres://root@127.0.0.1:5432/postgres';
export const LOCAL_NATS_URL = 'nats://127.0.0.1:4222';

const PROBE_TIMEOUT_MS = 2000;

/** Whether a PostgreSQL server accepts this connection string and answers a query. */
export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
    application_name: 'sinergi-testkit-probe',
  });
  // a refused connection also emits 'error' on the client; without a listener that would crash the run
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether a NATS server answers at this URL (a server without JetStream fails the tests loudly later). */
export async function natsAnswers(url: string): Promise<boolean> {
  try {
    const nc = await connect({ servers: url, timeout: PROBE_TIMEOUT_MS, reconnect: false });
    await nc.close();
    return true;
  } catch {
    return false;
  }
}

export interface ChosenServer {
  /** Undefined: start one with testcontainers. */
  url: string | undefined;
  /** How it was chosen, for the one line the setup prints. */
  how: string;
}

/** A variable that is set wins; else the local default when it answers; else testcontainers. */
export async function chooseServer(
  variable: string,
  set: string | undefined,
  local: string,
  answers: (url: string) => Promise<boolean>,
): Promise<ChosenServer> {
  if (set) return { url: set, how: `${redact(set)} (from ${variable})` };
  if (await answers(local)) return { url: local, how: `${local} (${variable} unset; the local server answered)` };
  return { url: undefined, how: `testcontainers (${variable} unset; nothing answered at ${local})` };
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * Vitest global setup for any Sinergi package with database tests. Uses DATABASE_URL and
 * NATS_URL when they are set; otherwise the local servers `npm start` uses when they answer
 * (our machines and CI run both); otherwise starts PostgreSQL and NATS with testcontainers.
 * Then migrates one template database that each test file copies.
 */
export function sinergiGlobalSetup(opts: GlobalSetupOptions) {
  return async function setup(project: TestProject): Promise<() => Promise<void>> {
    // run in this order at teardown: the run's lock first, then containers (started last, stopped first)
    const stops: Array<() => Promise<unknown>> = [];
    const [pgChoice, natsChoice] = await Promise.all([
      chooseServer('DATABASE_URL', process.env.DATABASE_URL, LOCAL_DATABASE_URL, postgresAnswers),
      chooseServer('NATS_URL', process.env.NATS_URL, LOCAL_NATS_URL, natsAnswers),
    ]);
    process.stdout.write(`[${opts.name}] tests use PostgreSQL ${pgChoice.how}, NATS ${natsChoice.how}\n`);
    let adminUrl = pgChoice.url;
    let natsUrl = natsChoice.url;

    if (!adminUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const pgc = await new PostgreSqlContainer('postgres:15-alpine').start();
      stops.unshift(() => pgc.stop());
      adminUrl = databaseUrl(pgc.getConnectionUri(), 'postgres');
    }
    if (!natsUrl) {
      const { NatsContainer } = await import('@testcontainers/nats');
      const nc = await new NatsContainer('nats:2.9-alpine').withJetStream().start();
      stops.unshift(() => nc.stop());
      natsUrl = `nats://${nc.getHost()}:${nc.getMappedPort(4222)}`;
    }

    const base = safeName(opts.name);
    // Each run names its databases with its own id and holds an advisory lock on it while it runs,
    // so a second run of the same package beside it (another shell, a helper) removes only the
    // leftovers of runs that ended, never the databases of one still running.
    const runId = randomBytes(3).toString('hex');
    const runLock = new pg.Client({ connectionString: adminUrl, application_name: `sinergi-test-run-${runId}` });
    await runLock.connect();
    await runLock.query('select pg_advisory_lock(hashtext($1), hashtext($2))', [RUN_LOCK_CLASS, runId]);
    stops.unshift(() => runLock.end());
    const template = `tpl_${base}_${runId}`;
    await withAdminClient(adminUrl, async (c) => {
      // this version's names carry the run id; older ones (tpl_<name>, t_<name>_<8 hex>) are always leftovers
      const ours = new RegExp(`^(?:t|tpl)_${base}(?:_([0-9a-f]{6})(?:_|$)|_[0-9a-f]{8}$|$)`);
      const candidates = await c.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 or datname like $2`,
        [`t\\_${base}\\_%`, `tpl\\_${base}%`],
      );
      for (const { datname } of candidates.rows) {
        const match = ours.exec(datname);
        if (!match) continue;
        const owner = match[1];
        // a run that still holds its lock is alive: leave its databases alone
        if (owner && owner !== runId) {
          const { rows } = await c.query<{ free: boolean }>(
            'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as free',
            [RUN_LOCK_CLASS, owner],
          );
          if (!rows[0]!.free) continue;
          await c.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [RUN_LOCK_CLASS, owner]);
        }
        await c.query(`drop database if exists ${dbIdent(datname)} with (force)`);
      }
    });
    // the template is made and migrated as a deployment's database is: set-up as the superuser, then
    // migrations as the owner; every test file's copy keeps that ownership and those grants
    const roles = serviceRoles(template, `test_${base}`, 'sinergi_app');
    const password = new URL(adminUrl).password ? decodeURIComponent(new URL(adminUrl).password) : undefined;
    await setupServiceRoles({ adminUrl, roles, ownerPassword: password, runtimePassword: password });
    await opts.migrate(roleUrl(adminUrl, roles.owner, template, password));

    const infra: TestInfrastructure = {
      adminUrl,
      natsUrl,
      template,
      name: `${base}_${runId}`,
      roles: { owner: roles.owner, runtime: roles.runtime, app: roles.app, ...(password ? { password } : {}) },
    };
    project.provide('sinergi', infra);

    return async () => {
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${dbIdent(template)} with (force)`));
      for (const stop of stops) await stop();
    };
  };
}
