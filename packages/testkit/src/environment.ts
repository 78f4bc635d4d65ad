import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { databaseUrl, dbIdent, withAdminClient } from './infrastructure.js';
import { testAuthEnv } from './tokens.js';

export interface TestEnvironment {
  /** This file's own database, copied from the migrated template. */
  databaseUrl: string;
  natsUrl: string;
  /** This file's subject prefix: its streams and subjects never meet another file's. */
  eventPrefix: string;
  directoryBucket: string;
  /** Environment variables for `createService`: the file's database, NATS prefix, test auth. */
  env: Record<string, string>;
  /** Drops the database, the streams and the bucket. */
  cleanup(): Promise<void>;
}

/**
 * Gives the calling test file a fresh database and its own NATS namespace. Call it in
 * `beforeAll` and `cleanup()` in `afterAll`.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const infra = inject('sinergi');
  const id = randomBytes(4).toString('hex');
  const database = `t_${infra.name}_${id}`;
  await withAdminClient(infra.adminUrl, (c) => c.query(`create database ${dbIdent(database)} template ${dbIdent(infra.template)}`));
  const url = databaseUrl(infra.adminUrl, database);
  const eventPrefix = `t${id}`;
  const directoryBucket = `t${id}-directory`;

  return {
    databaseUrl: url,
    natsUrl: infra.natsUrl,
    eventPrefix,
    directoryBucket,
    env: {
      DATABASE_URL: url,
      NATS_URL: infra.natsUrl,
      EVENT_PREFIX: eventPrefix,
      DIRECTORY_BUCKET: directoryBucket,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      OUTBOX_POLL_MS: '200',
      // two cores running several test files lag now and then; shedding is tested on its own
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
      ...testAuthEnv(),
    },
    async cleanup() {
      const nc = await connect({ servers: infra.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        const prefix = eventPrefix.toUpperCase();
        for await (const s of jsm.streams.list()) {
          if (s.config.name.startsWith(`${prefix}_`)) await jsm.streams.delete(s.config.name);
        }
        await new Kvm(nc)
          .open(directoryBucket)
          .then((kv) => kv.destroy())
          .catch(() => undefined);
      } finally {
        await nc.close();
      }
      await withAdminClient(infra.adminUrl, (c) => c.query(`drop database if exists ${dbIdent(database)} with (force)`));
    },
  };
}
