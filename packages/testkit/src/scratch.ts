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
import { grantDatabaseAccess, roleUrl } from '@sinergi/service-kit';
import { databaseUrl, dbIdent, withAdminClient, type TestRoles } from './infrastructure.js';

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
  /**
   * The template's roles: the copy is owned by `owner`, and the service logs in as `runtime`
   * (DATABASE_URL) and migrates as `owner` (DATABASE_MIGRATION_URL). Without: both as the admin.
   */
  roles?: TestRoles;
}

export interface ScratchEnvironment {
  database: string;
  /** The admin's (superuser's) URL of the database: for assertions and seeding, never for a service. */
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
  const roles = o.roles;
  await withAdminClient(o.adminUrl, async (c) => {
    const from = o.template ? ` template ${dbIdent(o.template)}` : '';
    await c.query(`create database ${dbIdent(database)}${from}${roles ? ` owner ${dbIdent(roles.owner)}` : ''}`);
    if (roles) await grantDatabaseAccess(c, { database, ...roles });
  });
  const url = databaseUrl(o.adminUrl, database);
  const serviceUrls: Record<string, string> = roles
    ? {
        DATABASE_URL: roleUrl(o.adminUrl, roles.runtime, database, roles.password),
        DATABASE_MIGRATION_URL: roleUrl(o.adminUrl, roles.owner, database, roles.password),
        DATABASE_APP_ROLE: roles.app,
      }
    : { DATABASE_URL: url };
  const eventPrefix = `${label}${id}`;
  const directoryBucket = `${label}${id}-directory`;
  const scratch: ScratchEnvironment = {
    database,
    databaseUrl: url,
    natsUrl: o.natsUrl,
    eventPrefix,
    directoryBucket,
    env: { ...serviceUrls, NATS_URL: o.natsUrl, EVENT_PREFIX: eventPrefix, DIRECTORY_BUCKET: directoryBucket },
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

/**
 * The variables that point a service at this environment's database (its runtime login, owner and
 * app role): for a service started beside another one in the same test file, over that one's env.
 */
export function databaseEnv(scratch: ScratchEnvironment): Record<string, string> {
  const names = ['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'DATABASE_APP_ROLE'];
  return Object.fromEntries(Object.entries(scratch.env).filter(([k]) => names.includes(k)));
}
