/*
 * The five services as compose runs them, against infra/nats/nats-server.conf: a nats-server of the
 * test's own (installed binary, loopback, a free port, a scratch store, stopped after), the directory
 * applied by the CLI as `cli`, and each compiled service started with the environment docker-compose.yml
 * gives its container (its own NATS user and password, METRICS_TOKEN), on scratch databases of the local
 * PostgreSQL. Every service gets ready within its grants, an event crosses from complaints to
 * social-intake, and the CLI logged in as a service is refused the directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServiceProcess, withAdminClient, type ServiceProcess } from '@sinergi/testkit';
import { containerEnv, documentedEnv, root } from './compose-file.js';

const NATS_SERVER = ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find(existsSync);
const SERVICES = ['budgeting', 'licensing', 'complaints', 'social-intake', 'official-rating'];
const PG = (process.env.SINERGI_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432').replace(/\/+$/, '');
const prefix = `sinergi_natsperm_${process.pid}_`;
const database = (service: string) => `${prefix}${service.replace(/-/g, '_')}`;
const admin = (sql: string) => withAdminClient(`${PG}/postgres`, (c) => c.query(sql));
const natsPasswords = Object.fromEntries(Object.entries(documentedEnv).filter(([k]) => /^NATS_\w+_PASSWORD$/.test(k)));

let store: string;
let natsUrl: string;
let nats: ChildProcess | undefined;
const running: Record<string, ServiceProcess> = {};

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const directoryApply = (user: string) =>
  spawnSync(
    process.execPath,
    [root('packages/cli/dist/main.js'), 'directory', 'apply', root('infra/directory/32.73-kota-bandung.json')],
    {
      env: {
        PATH: process.env.PATH,
        NATS_URL: natsUrl,
        NATS_USER: user,
        NATS_PASSWORD: documentedEnv[`NATS_${user.toUpperCase().replace(/-/g, '_')}_PASSWORD`],
      },
      encoding: 'utf8',
    },
  );

const metrics = async (service: string, token = documentedEnv.METRICS_TOKEN) => {
  const res = await fetch(`${running[service]!.url}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  expect(NATS_SERVER, 'nats-server is installed (shared/engineering/STACK.md)').toBeDefined();
  store = mkdtempSync(join(tmpdir(), 'sinergi-nats-services-'));
  const natsPort = await freePort();
  natsUrl = `nats://127.0.0.1:${natsPort}`;
  nats = spawn(
    NATS_SERVER!,
    ['-c', root('infra/nats/nats-server.conf'), '-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', store],
    { env: { PATH: process.env.PATH, ...natsPasswords }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let natsLog = '';
  nats.stderr!.on('data', (d) => (natsLog += d));
  await until('nats-server', 15_000, async () => (/Server is ready/.test(natsLog) ? true : undefined));

  const applied = directoryApply('cli');
  expect(applied.status, applied.stderr).toBe(0);

  // one at a time, each until /health/ready answers 200: its stream, the directory and its consumers
  for (const service of SERVICES) {
    await admin(`create database ${database(service)}`);
    running[service] = await startServiceProcess(service, {
      // what compose gives the container, from .env.example + `sinergi secrets`, on one machine
      ...containerEnv(service, { ...documentedEnv, AUTH_DEV_KEYS: 'true', DEFAULT_TENANT: '32.73' }),
      DATABASE_URL: `${PG}/${database(service)}`,
      NATS_URL: natsUrl,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_MS: '200',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    });
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(running).map((p) => p.stop()));
  if (nats && nats.exitCode === null) {
    const exited = new Promise((resolve) => nats!.once('exit', resolve));
    nats.kill('SIGTERM');
    await exited;
  }
  for (const service of SERVICES) await admin(`drop database if exists ${database(service)}`);
  if (store) rmSync(store, { recursive: true, force: true });
}, 90_000);

describe('the five services with their own NATS users (infra/nats/nats-server.conf)', () => {
  it('all got ready within their grants (own stream, directory, every consumer), none refused anything', () => {
    expect(Object.keys(running).sort()).toEqual([...SERVICES].sort());
    for (const service of SERVICES) expect(running[service]!.output(), service).not.toMatch(/Permissions Violation/i);
  });

  it('carries an event from complaints (its own subject) to social-intake (its documented consumer)', async () => {
    const res = await fetch(`${running.complaints!.url}/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'jalan-rusak',
        title: 'Jalan berlubang di Jl. Dago',
        description: 'Lubang besar di depan nomor 120, berbahaya bagi pengendara motor.',
        reporter: { name: 'Siti Rahmawati', phone: '0812-3456-7890' },
      }),
    });
    expect(res.status).toBe(201);
    const handled = /^events_handled_total\{consumer="social-intake-complaints",outcome="handled"[^}]*\} 1$/m;
    await until('social-intake to handle report.submitted', 30_000, async () =>
      handled.test((await metrics('social-intake')).text) ? true : undefined,
    );
    const published = (await metrics('complaints')).text;
    expect(published).toMatch(/^outbox_published_total\{type="sinergi.complaints.report.submitted.v1"[^}]*\} 1$/m);
    expect(published).toMatch(/^outbox_backlog\{[^}]*\} 0$/m);
    for (const service of SERVICES) expect(running[service]!.output(), service).not.toMatch(/Permissions Violation/i);
  });

  it('answers /metrics only with the scrape token compose gives Prometheus', async () => {
    for (const service of SERVICES) {
      expect((await metrics(service, '')).status, service).toBe(401);
      expect((await metrics(service)).status, service).toBe(200);
    }
  });

  it('refuses the CLI logged in as a service to write the directory', () => {
    const refused = directoryApply('complaints');
    expect(refused.status).toBe(1);
    expect(refused.stderr + refused.stdout).toMatch(/Permissions Violation for Publish to "\$KV\.sinergi-directory\./);
  });
});
