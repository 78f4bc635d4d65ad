import type { TestProject } from 'vitest/node';
import { databaseUrl, dbIdent, safeName, withAdminClient, type TestInfrastructure } from './infrastructure.js';

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
    const stops: Array<() => Promise<unknown>> = [];
    let adminUrl = process.env.DATABASE_URL;
    let natsUrl = process.env.NATS_URL;

    if (!adminUrl) {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
      const pgc = await new PostgreSqlContainer('postgres:15-alpine').start();
      stops.push(() => pgc.stop());
      adminUrl = databaseUrl(pgc.getConnectionUri(), 'postgres');
    }
    if (!natsUrl) {
      const { NatsContainer } = await import('@testcontainers/nats');
      const nc = await new NatsContainer('nats:2.9-alpine').withJetStream().start();
      stops.push(() => nc.stop());
      natsUrl = `nats://${nc.getHost()}:${nc.getMappedPort(4222)}`;
    }

    const base = safeName(opts.name);
    const template = `tpl_${base}`;
    await withAdminClient(adminUrl, async (c) => {
      // leftovers of an interrupted run of this package
      const stale = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1 or datname = $2`, [`t_${base}_%`, template]);
      for (const { datname } of stale.rows) await c.query(`drop database if exists ${dbIdent(datname)} with (force)`);
      await c.query(`create database ${dbIdent(template)}`);
    });
    await opts.migrate(databaseUrl(adminUrl, template));

    const infra: TestInfrastructure = { adminUrl, natsUrl, template, name: base };
    project.provide('sinergi', infra);

    return async () => {
      await withAdminClient(adminUrl, (c) => c.query(`drop database if exists ${dbIdent(template)} with (force)`));
      for (const stop of stops.reverse()) await stop();
    };
  };
}
