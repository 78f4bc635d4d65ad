/**
 * A throwaway namespace on a real PostgreSQL and NATS: its own database, subject prefix and
 * directory bucket, and one cleanup that removes all three. Test files get theirs through
 * `createTestEnvironment` (copied from the migrated template); benchmarks, which run outside
 * vitest, call this directly (`@sinergi/testkit/scratch`) and migrate from scratch.
 */
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { RegionProfile } from '@sinergi/contracts';
import { databaseUrl, dbIdent, withAdminClient } from './infrastructure.js';

/** One short-lived connection as the server's user (the scratch database's owner): for benchmarks' seeding and plans. */
export { withAdminClient };

export interface ScratchOptions {
  /** Any database URL of the server; the scratch database is created beside it. */
  adminUrl: string;
  natsUrl: string;
  /** Names the database `<label>_<name>_<id>`, e.g. `t_complaints_1a2b3c4d`. */
  name: string;
  label?: string;
  /** Copy this (migrated) database; otherwise start empty and run `migrate`. */
  template?: string;
  migrate?: (databaseUrl: string) => Promise<void>;
}

export interface ScratchEnvironment {
  database: string;
  databaseUrl: string;
  natsUrl: string;
  /** Subject prefix: its streams and subjects never meet anyone else's. */
  eventPrefix: string;
  directoryBucket: string;
  /** The variables that point a service at this namespace. */
  env: Record<string, string>;
  /** Writes region profiles into the bucket, keyed by region code as services read them. */
  applyDirectory(regions: unknown[]): Promise<void>;
  /** Drops the database, the streams and the bucket. */
  cleanup(): Promise<void>;
}

export async function createScratchEnvironment(o: ScratchOptions): Promise<ScratchEnvironment> {
  const id = randomBytes(4).toString('hex');
  const label = o.label ?? 't';
  const database = `${label}_${o.name}_${id}`;
  await withAdminClient(o.adminUrl, (c) =>
    c.query(`create database ${dbIdent(database)}${o.template ? ` template ${dbIdent(o.template)}` : ''}`),
  );
  const url = databaseUrl(o.adminUrl, database);
  const eventPrefix = `${label}${id}`;
  const directoryBucket = `${label}${id}-directory`;
  const scratch: ScratchEnvironment = {
    database,
    databaseUrl: url,
    natsUrl: o.natsUrl,
    eventPrefix,
    directoryBucket,
    env: { DATABASE_URL: url, NATS_URL: o.natsUrl, EVENT_PREFIX: eventPrefix, DIRECTORY_BUCKET: directoryBucket },
    async applyDirectory(regions) {
      const nc = await connect({ servers: o.natsUrl });
      try {
        const kv = await new Kvm(nc).create(directoryBucket, { history: 5 });
        for (const r of regions) {
          const profile = RegionProfile.parse(r);
          await kv.put(profile.code, JSON.stringify(profile));
        }
      } finally {
        await nc.close();
      }
    },
    async cleanup() {
      const nc = await connect({ servers: o.natsUrl });
      try {
        const jsm = await jetstreamManager(nc);
        for await (const s of jsm.streams.list()) {
          if (s.config.name.startsWith(`${eventPrefix.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
        }
        await new Kvm(nc)
          .open(directoryBucket)
          .then((kv) => kv.destroy())
          .catch(() => undefined);
      } finally {
        await nc.close();
      }
      await withAdminClient(o.adminUrl, (c) => c.query(`drop database if exists ${dbIdent(database)} with (force)`));
    },
  };
  try {
    if (!o.template) await o.migrate?.(url);
  } catch (err) {
    await scratch.cleanup();
    throw err;
  }
  return scratch;
}
