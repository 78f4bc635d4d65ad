/**
 * One region's deployment for the ops tests: services started from their built dist as processes,
 * each with its own database `t_<run>_<service>` (a common prefix, as SINERGI_DB_PREFIX gives a real
 * one), one NATS prefix and directory bucket of its own. Destroying it drops only these names.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { inject } from 'vitest';
import {
  databaseUrl,
  dbIdent,
  type ServiceProcess,
  startServiceProcess,
  testAuthEnv,
  waitFor,
  withAdminClient,
} from '@sinergi/testkit';

export const SERVICES = ['budgeting', 'complaints', 'licensing', 'official-rating', 'social-intake'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as { code: string };

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Each service's own variables for a test region (the shared ones come from the deployment). */
function serviceEnv(name: ServiceName, extra: Record<string, string>): Record<string, string> {
  const own: Record<ServiceName, Record<string, string>> = {
    // the demo year takes minutes on a busy machine: only the scale measurement loads it (budgetSeeded)
    budgeting: { SEED_DEMO_BUDGET: 'false' },
    complaints: { NIK_HMAC_KEY: 'ops-nik-hmac-key-at-least-32-characters-long', DEADLINE_SCAN_MS: '1000' },
    licensing: {
      NIK_HMAC_KEY: 'ops-nik-hmac-key-at-least-32-characters-long',
      PERMIT_SIGNING_KEYS: JSON.stringify([{ kid: 'ops-2026', privateKey: signingKey }]),
      SEED_DEMO_PERMIT_TYPES: 'true',
      PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id',
    },
    'official-rating': { RATING_FORM_URL: 'https://nilai.bandung.go.id/r' },
    'social-intake': {
      META_APP_SECRET: 'ops-meta-app-secret',
      META_VERIFY_TOKEN: 'ops-meta-verify-token',
      IDENTIFIER_HMAC_KEY: 'ops-identifier-hmac-key-at-least-32-characters',
      META_PAGE_ACCESS_TOKEN: 'ops-page-token',
      OUTBOUND_SCAN_MS: '100',
      REPORT_TRACKING_URL: 'https://lapor.bandung.go.id/lapor/lacak',
    },
  };
  return { ...own[name], ...extra };
}

export interface Deployment {
  /** `t_<run>_`: every database of this deployment is `<dbPrefix><service with _>`. */
  dbPrefix: string;
  adminUrl: string;
  natsUrl: string;
  eventPrefix: string;
  directoryBucket: string;
  running: Partial<Record<ServiceName, ServiceProcess>>;
  database(name: ServiceName): string;
  databaseUrl(name: ServiceName): string;
  /** Creates the service's database when it is missing. */
  createDatabase(name: ServiceName): Promise<void>;
  /** A short-lived owner connection to a service's database. */
  query<R extends pg.QueryResultRow>(name: ServiceName, text: string, values?: unknown[]): Promise<R[]>;
  start(name: ServiceName, extra?: Record<string, string>): Promise<ServiceProcess>;
  stop(name: ServiceName): Promise<void>;
  /** Drops the databases, deletes the streams and the directory bucket. */
  destroy(): Promise<void>;
  /** Stops what runs, then destroys. */
  cleanup(): Promise<void>;
}

/** Tests pass nothing (the global setup's servers); the scale measurement passes its own. */
export async function createDeployment(
  label: string,
  infra: { adminUrl: string; natsUrl: string; name: string } = inject('sinergi'),
): Promise<Deployment> {
  const id = randomBytes(3).toString('hex');
  // t_<package>_<run id>_…: a later run's global setup removes leftovers of a run that died
  const dbPrefix = `t_${infra.name}_${label}${id}_`;
  const eventPrefix = `ops${label}${id}`;
  const directoryBucket = `${eventPrefix}-directory`;
  const database = (name: ServiceName) => `${dbPrefix}${name.replaceAll('-', '_')}`;
  const shared = {
    NATS_URL: infra.natsUrl,
    EVENT_PREFIX: eventPrefix,
    DIRECTORY_BUCKET: directoryBucket,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    OUTBOX_POLL_MS: '200',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    DEFAULT_TENANT: BANDUNG.code,
    AUTH_DEV_KEYS: 'false',
    ...testAuthEnv(),
  };
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const kv = await new Kvm(nc).create(directoryBucket, { history: 5 });
    await kv.put(BANDUNG.code, JSON.stringify(BANDUNG));
  } finally {
    await nc.close();
  }
  const deployment: Deployment = {
    dbPrefix,
    adminUrl: infra.adminUrl,
    natsUrl: infra.natsUrl,
    eventPrefix,
    directoryBucket,
    running: {},
    database,
    databaseUrl: (name) => databaseUrl(infra.adminUrl, database(name)),
    async createDatabase(name) {
      await withAdminClient(infra.adminUrl, async (c) => {
        const exists = await c.query('select 1 from pg_database where datname = $1', [database(name)]);
        if (exists.rowCount === 0) await c.query(`create database ${dbIdent(database(name))}`);
      });
    },
    async query<R extends pg.QueryResultRow>(name: ServiceName, text: string, values: unknown[] = []) {
      const client = new pg.Client({ connectionString: deployment.databaseUrl(name) });
      await client.connect();
      try {
        return (await client.query<R>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async start(name, extra = {}) {
      await deployment.createDatabase(name);
      const process = await startServiceProcess(name, {
        ...shared,
        DATABASE_URL: deployment.databaseUrl(name),
        ...serviceEnv(name, extra),
      });
      deployment.running[name] = process;
      return process;
    },
    async stop(name) {
      await deployment.running[name]?.stop();
      delete deployment.running[name];
    },
    async destroy() {
      const c = await connect({ servers: infra.natsUrl });
      try {
        const jsm = await jetstreamManager(c);
        for await (const s of jsm.streams.list()) {
          if (s.config.name.startsWith(`${eventPrefix.toUpperCase()}_`)) await jsm.streams.delete(s.config.name);
        }
        await new Kvm(c)
          .open(directoryBucket)
          .then((kv) => kv.destroy())
          .catch(() => undefined);
      } finally {
        await c.close();
      }
      await withAdminClient(infra.adminUrl, async (c) => {
        for (const name of SERVICES) await c.query(`drop database if exists ${dbIdent(database(name))} with (force)`);
      });
    },
    async cleanup() {
      for (const name of SERVICES) await deployment.stop(name);
      await deployment.destroy();
    },
  };
  return deployment;
}

/** Waits until budgeting, started with SEED_DEMO_BUDGET=true and LOG_LEVEL=info, has loaded its demo year. */
export async function budgetSeeded(budgeting: ServiceProcess): Promise<void> {
  await waitFor(
    () => (budgeting.lines.some((l) => l.includes('demo budget loaded')) ? true : undefined),
    'the demo budget year',
    180_000,
  );
}

/** `events_handled_total` of a running service by outcome, summed over its consumers. */
export async function handledEvents(service: ServiceProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^events_handled_total\{([^}]*)\} (\d+)/gm)) {
    const outcome = /outcome="([^"]+)"/.exec(m[1]!)?.[1] ?? 'unknown';
    out[outcome] = (out[outcome] ?? 0) + Number(m[2]);
  }
  return out;
}

/** Every durable consumer of the deployment's streams with what it has not acknowledged yet. */
export async function consumerLag(d: Deployment): Promise<Record<string, number>> {
  const nc = await connect({ servers: d.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const lag: Record<string, number> = {};
    for await (const s of jsm.streams.list()) {
      if (!s.config.name.startsWith(`${d.eventPrefix.toUpperCase()}_`)) continue;
      for await (const c of jsm.consumers.list(s.config.name))
        if (c.config.durable_name) lag[c.config.durable_name] = c.num_pending + c.num_ack_pending;
    }
    return lag;
  } finally {
    await nc.close();
  }
}

/** Messages in the deployment's streams by event (subject without prefix and tenant), e.g. `complaints.report.closed.v1`. */
export async function streamedEvents(d: Deployment): Promise<Record<string, number>> {
  const nc = await connect({ servers: d.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const out: Record<string, number> = {};
    for await (const s of jsm.streams.list()) {
      if (!s.config.name.startsWith(`${d.eventPrefix.toUpperCase()}_`)) continue;
      const info = await jsm.streams.info(s.config.name, { subjects_filter: '>' });
      for (const [subject, n] of Object.entries(info.state.subjects ?? {})) {
        const [, service, , ...rest] = subject.split('.');
        const key = [service, ...rest].join('.');
        out[key] = (out[key] ?? 0) + n;
      }
    }
    return out;
  } finally {
    await nc.close();
  }
}
