/*
 * infra/nats/nats-server.conf on a nats-server of its own (the installed binary, loopback, a free port,
 * a scratch store, killed after): each service's user publishes its own events and reads what it is
 * documented to consume, is refused another service's subjects, streams and replies, and cannot write
 * the directory bucket, which only the CLI's user can. The kit's own code paths connect (connectNats with
 * NATS_USER/NATS_PASSWORD, ensureStream, DirectoryClient, EventConsumer), as a service would.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, nkeys, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
import { pino } from 'pino';
import { createEvent, eventCatalog, reportClosed, streamConfigFor, subjectFor } from '@sinergi/contracts';
import { createTestEnvironment, freePort, TEST_REGIONS, type TestEnvironment } from '@sinergi/testkit';
import { ConfigError, loadConfig, serviceConfig } from '../src/config.js';
import { ServiceDatabase } from '../src/db/database.js';
import { DirectoryClient, openDirectoryBucket, putRegionProfile } from '../src/directory.js';
import { defineConsumer, EventConsumer } from '../src/events/consumer.js';
import { connectNats, ensureStream, natsAuthOptions } from '../src/events/nats.js';
import { ServiceMetrics } from '../src/metrics.js';
import { eventually } from './helpers.js';

const CONF = fileURLToPath(new URL('../../../infra/nats/nats-server.conf', import.meta.url));
const USERS = ['budgeting', 'licensing', 'complaints', 'social-intake', 'official-rating', 'cli', 'ops'] as const;
type User = (typeof USERS)[number];
const passwordVariable = (user: User) => `NATS_${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`;

const logger = pino({ level: 'silent' });
// as `npx sinergi secrets` makes them: nats-server would read a leading digit or '-' as a number
const passwords = Object.fromEntries(USERS.map((u) => [u, `n${randomBytes(24).toString('hex')}`])) as Record<
  User,
  string
>;
const natsServer = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(
  (p) => spawnSync(p, ['--version']).status === 0,
);

let url: string;
const open: NatsConnection[] = [];
const servers: Array<() => Promise<void>> = [];

/** nats-server from the installed binary on a free loopback port with its own store; stopped in afterAll. */
async function startNatsServer(config: string, env: Record<string, string>): Promise<string> {
  expect(natsServer, 'nats-server is installed (STACK.md)').toBeDefined();
  const store = await mkdtemp(join(tmpdir(), 'sinergi-nats-perm-'));
  const port = await freePort();
  const server: ChildProcess = spawn(
    natsServer!,
    ['-c', config, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store],
    { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  servers.push(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await rm(store, { recursive: true, force: true });
  });
  let log = '';
  server.stderr!.on('data', (d) => (log += d));
  await eventually(
    async () => {
      if (server.exitCode !== null) throw new Error(`nats-server exited ${server.exitCode}: ${log}`);
      return /Server is ready/.test(log) ? true : undefined;
    },
    15_000,
    `nats-server with ${config} to start`,
  );
  return `nats://127.0.0.1:${port}`;
}

/** The kit's connection, as a service with NATS_USER and NATS_PASSWORD set connects. */
async function as(user: User): Promise<NatsConnection> {
  const nc = await connectNats(url, user, logger, { NATS_USER: user, NATS_PASSWORD: passwords[user] });
  open.push(nc);
  return nc;
}

const refused = async (what: Promise<unknown>) =>
  expect(await what.then(() => 'allowed').catch((err: Error) => err.message)).toMatch(/permission/i);

beforeAll(async () => {
  url = await startNatsServer(CONF, Object.fromEntries(USERS.map((u) => [passwordVariable(u), passwords[u]])));
}, 30_000);

afterAll(async () => {
  await Promise.all(open.map((nc) => nc.close().catch(() => undefined)));
  await Promise.all(servers.map((stop) => stop()));
});

describe('infra/nats/nats-server.conf', () => {
  it('refuses a connection without credentials, or with a wrong password', async () => {
    await expect(connect({ servers: url, reconnect: false })).rejects.toThrow(/authoriz/i);
    await expect(
      connect({ servers: url, reconnect: false, user: 'complaints', pass: passwords.licensing }),
    ).rejects.toThrow(/authoriz/i);
  });

  it('lets only the CLI user create and write the directory bucket; a service reads it and cannot write it', async () => {
    const cli = await as('cli');
    const kv = await openDirectoryBucket(cli, 'sinergi-directory');
    await putRegionProfile(kv, TEST_REGIONS[0]);

    const complaints = await as('complaints');
    const directory = new DirectoryClient(complaints, 'sinergi-directory', logger);
    await directory.start();
    try {
      expect(directory.tenants()).toEqual(['32.73']);
      await refused(directory.put({ ...TEST_REGIONS[0], name: 'Kota Bandung (diubah)' }));
      await refused(directory.put(TEST_REGIONS[1]));
      // what the service tried did not land; the CLI's next write does, and reaches the service's watch
      expect((await kv.get('32.73'))?.json<{ name: string }>().name).toBe('Kota Bandung');
      expect(await kv.get('72.71')).toBeNull();
      await putRegionProfile(kv, TEST_REGIONS[1]);
      await eventually(async () => (directory.has('72.71') ? true : undefined), 5_000, 'the watch to see 72.71');
    } finally {
      directory.stop();
    }
    // and a service cannot create, purge or delete the bucket's stream either
    const jsm = await jetstreamManager(complaints);
    await refused(jsm.streams.purge('KV_sinergi-directory'));
    await refused(jsm.streams.delete('KV_sinergi-directory'));
  });

  it("lets a service publish its own events on its own stream and refuses another service's subjects and stream", async () => {
    const licensing = await as('licensing');
    const licensingJsm = await jetstreamManager(licensing);
    await ensureStream(licensingJsm, streamConfigFor('licensing'));
    const complaints = await as('complaints');
    const jsm = await jetstreamManager(complaints);
    await ensureStream(jsm, streamConfigFor('complaints'));
    const js = jetstream(complaints);

    const own = await js.publish(subjectFor('sinergi.complaints.report.submitted.v1', '32.73'), '{}', {
      msgID: 'own-1',
    });
    expect(own.stream).toBe('SINERGI_COMPLAINTS');
    expect(own.duplicate).toBe(false);

    const before = (await licensingJsm.streams.info('SINERGI_LICENSING')).state.messages;
    await refused(
      js.publish(subjectFor('sinergi.licensing.application.submitted.v1', '32.73'), '{}', { msgID: 'forged-1' }),
    );
    await refused(jsm.streams.purge('SINERGI_LICENSING'));
    await refused(jsm.streams.delete('SINERGI_LICENSING'));
    await refused(jsm.streams.update('SINERGI_LICENSING', { subjects: ['sinergi.licensing.>', 'x.>'] }));
    expect((await licensingJsm.streams.info('SINERGI_LICENSING')).state.messages).toBe(before);
    // the licensing user may publish there: the refusal above was the permission, not a missing stream
    const theirs = await jetstream(licensing).publish(
      subjectFor('sinergi.licensing.application.submitted.v1', '32.73'),
      '{}',
      { msgID: 'theirs-1' },
    );
    expect(theirs.stream).toBe('SINERGI_LICENSING');
  });

  it("refuses a service a subscription to another service's subjects or replies", async () => {
    const complaints = await as('complaints');
    for (const subject of ['sinergi.licensing.>', '_INBOX.licensing.>', '_INBOX.>', '$KV.sinergi-directory.>']) {
      const sub = complaints.subscribe(subject);
      const closed = await Promise.race([sub.closed, new Promise((r) => setTimeout(() => r('still open'), 5_000))]);
      expect(String(closed), subject).toMatch(/permission/i);
    }
  });

  it("lets a consumer read only what it is documented to consume, through the kit's EventConsumer", async () => {
    const env: TestEnvironment = await createTestEnvironment();
    const db = new ServiceDatabase<unknown>({ url: env.databaseUrl, appRole: 'sinergi_app', poolMax: 2, logger });
    const rating = await as('official-rating');
    const metrics = new ServiceMetrics('official-rating');
    const seen: string[] = [];
    const consumer = new EventConsumer(
      defineConsumer({
        name: 'official-rating-complaints',
        catalog: eventCatalog,
        handlers: {
          'sinergi.complaints.report.closed.v1': async (event) => {
            seen.push(event.id);
          },
        },
      }),
      { db, js: jetstream(rating), jsm: await jetstreamManager(rating), prefix: 'sinergi', logger, metrics },
    );
    try {
      await consumer.start();
      const event = createEvent(reportClosed, {
        tenant: '32.73',
        subject: 'LPR-PERM-0001',
        data: {
          trackingId: 'LPR-PERM-0001',
          category: 'jalan-rusak',
          at: new Date().toISOString(),
          unit: null,
          reason: 'accepted',
          source: null,
        },
      });
      await jetstream(await as('complaints')).publish(subjectFor(event.type, '32.73'), JSON.stringify(event), {
        msgID: event.id,
      });
      await eventually(async () => (seen.includes(event.id) ? true : undefined), 10_000, 'the event to be handled');
      // acknowledged (the ack subject is granted): nothing left pending, handled once
      await eventually(async () => ((await consumer.pending()).pending === 0 ? true : undefined), 10_000, 'the ack');
      const handled = (await metrics.eventsHandled.get()).values.find((v) => v.labels.outcome === 'handled');
      expect(handled?.value).toBe(1);

      // a durable of another name, or the documented one widened to every complaints event: refused
      const jsm = await jetstreamManager(rating);
      const config = { ack_policy: AckPolicy.Explicit, filter_subject: 'sinergi.complaints.>' };
      await refused(jsm.consumers.add('SINERGI_COMPLAINTS', { ...config, durable_name: 'official-rating-everything' }));
      await refused(jsm.consumers.add('SINERGI_COMPLAINTS', { ...config, durable_name: 'social-intake-complaints' }));
      await refused(
        jsm.consumers.update('SINERGI_COMPLAINTS', 'official-rating-complaints', {
          filter_subject: 'sinergi.complaints.>',
        }),
      );
      // nor may it touch the streams it reads
      await refused(jsm.streams.purge('SINERGI_COMPLAINTS'));
    } finally {
      await consumer.stop();
      await db.destroy();
      await env.cleanup();
    }
  });

  it('keeps every password out of the file: each user reads its own from the environment', async () => {
    const text = await readFile(CONF, 'utf8');
    const declared = [...text.matchAll(/^\s*password:\s*(\S+)/gm)].map((m) => m[1]);
    expect(declared.sort()).toEqual(USERS.map((u) => `$${passwordVariable(u)}`).sort());
  });
});

describe('NATS credentials in the configuration', () => {
  const base = { DATABASE_URL: 'postgres://x@h/d', NATS_URL: 'nats://h:4222', AUTH_DEV_KEYS: 'true' };
  const bad = (env: Record<string, string>) => {
    try {
      loadConfig('svc', serviceConfig(), { ...base, ...env });
      return [];
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return err.variables;
    }
  };
  const seed = `SU${'A'.repeat(56)}`;

  it('takes none (no authentication, the default), a user with its password, a .creds file or an nkey seed', () => {
    expect(bad({})).toEqual([]);
    expect(bad({ NATS_USER: 'complaints', NATS_PASSWORD: 'p' })).toEqual([]);
    expect(bad({ NATS_CREDS: '/run/secrets/complaints.creds' })).toEqual([]);
    expect(bad({ NATS_NKEY_SEED: seed })).toEqual([]);
  });

  it('names the variable when a user lacks its password, a password its user, or two ways are given', () => {
    expect(bad({ NATS_USER: 'complaints' })).toEqual(['NATS_PASSWORD']);
    expect(bad({ NATS_PASSWORD: 'p' })).toEqual(['NATS_USER']);
    expect(bad({ NATS_USER: 'complaints', NATS_PASSWORD: 'p', NATS_NKEY_SEED: seed })).toEqual(['NATS_CREDS']);
    expect(bad({ NATS_NKEY_SEED: 'SUshort' })).toEqual(['NATS_NKEY_SEED']);
  });

  it('logs in with an nkey seed (NATS_NKEY_SEED) to a server that lists the user by its public nkey', async () => {
    const user = nkeys.createUser();
    const dir = await mkdtemp(join(tmpdir(), 'sinergi-nkey-'));
    try {
      const config = join(dir, 'nkey.conf');
      await writeFile(
        config,
        `authorization { users = [ { nkey: ${user.getPublicKey()}, permissions: { publish: ["sinergi.sample.>"], subscribe: ["sinergi.sample.>", "_INBOX.sample.>"] } } ] }\n`,
      );
      const nkeyUrl = await startNatsServer(config, {});
      const seed = new TextDecoder().decode(user.getSeed());
      expect(bad({ NATS_NKEY_SEED: seed })).toEqual([]);
      const nc = await connectNats(nkeyUrl, 'sample', logger, { NATS_NKEY_SEED: seed });
      open.push(nc);
      // logged in: a message on its own subject comes back to it; without the seed the server refuses
      const sub = nc.subscribe('sinergi.sample.probe', { max: 1 });
      nc.publish('sinergi.sample.probe', 'hallo');
      const received = await Promise.race([
        (async () => {
          for await (const m of sub) return m.string();
        })(),
        new Promise((r) => setTimeout(() => r('nothing'), 5_000)),
      ]);
      expect(received).toBe('hallo');
      await expect(connect({ servers: nkeyUrl, reconnect: false })).rejects.toThrow(/authoriz/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('gives the connection its own inbox prefix only with credentials, and names an unreadable .creds file', () => {
    expect(natsAuthOptions({}, 'complaints')).toEqual({});
    expect(natsAuthOptions({ NATS_USER: '', NATS_PASSWORD: '' }, 'complaints')).toEqual({});
    expect(natsAuthOptions({ NATS_USER: 'complaints', NATS_PASSWORD: 'p' }, 'complaints')).toEqual({
      user: 'complaints',
      pass: 'p',
      inboxPrefix: '_INBOX.complaints',
    });
    // the user's own inbox, whatever the connection is called
    expect(natsAuthOptions({ NATS_USER: 'cli', NATS_PASSWORD: 'p' }, 'sinergi-cli').inboxPrefix).toBe('_INBOX.cli');
    expect(natsAuthOptions({ NATS_NKEY_SEED: seed }, 'cli').inboxPrefix).toBe('_INBOX.cli');
    expect(() => natsAuthOptions({ NATS_CREDS: '/nonexistent/x.creds' }, 'cli')).toThrow(/NATS_CREDS: cannot read/);
  });
});
