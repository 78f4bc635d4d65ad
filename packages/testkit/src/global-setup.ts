import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { databaseUrl, dbIdent, safeName, withAdminClient, type TestInfrastructure } from './infrastructure.js';

/** Advisory-lock class of test runs: (class, run id) is held for as long as a run lives. */
const RUN_LOCK_CLASS = 'sinergi-test-run';

export interface GlobalSetupOptions {
  /** The package under test, e.g. `complaints`. */
  name: string;
  /** Migrates an empty database (the template) to the schema the tests expect. */
  migrate: (databaseUrl: string) => Promise<void>;
}

/**
 * Vitest global setup for any Sinergi package with database tests. Uses DATABASE_URL and
 * NATS_URL when they are set (our machines and CI run both); otherwise starts PostgreSQL and
 * NATS with testcontainers. Then migrates one template database that each test file copies.
 */
export function sinergiGlobalSetup(opts: GlobalSetupOptions) {
  return async function setup(project: TestProject): Promise<() => Promise<void>> {
    // run in this order at teardown: the run's lock first, then containers (started last, stopped first)
    const stops: Array<() => Promise<unknown>> = [];
    let adminUrl = process.env.DATABASE_URL;
    let natsUrl = process.env.NATS_URL;

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
      const candidates = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname like $2`, [`t\\_${base}\\_%`, `tpl\\_${base}%`]);
      for (const { datname } of candidates.rows) {
        const match = ours.exec(datname);
        if (!match) continue;
        const owner = match[1];
        // a run that still holds its lock is alive: leave its databases alone
        if (owner && owner !== runId) {
          const { rows } = await c.query<{ free: boolean }>('select pg_try_advisory_lock(hashtext($1), hashtext($2)) as free', [RUN_LOCK_CLASS, owner]);
          if (!rows[0]!.free) continue;
          await c.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [RUN_LOCK_CLASS, owner]);
        }
        await c.query(`drop database if exists ${dbIdent(datname)} with (force)`);
      }
      await c.query(`create database ${dbIdent(template)}`);
    });
    await opts.migrate(databaseUrl(adminUrl, template));

    const infra: TestInfrastructure = { adminUrl, natsUrl, template, name: `${base}_${runId}` };
    project.provide('sinergi', infra);

    return async () => {
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${dbIdent(template)} with (force)`));
      for (const stop of stops) await stop();
    };
  };
}
