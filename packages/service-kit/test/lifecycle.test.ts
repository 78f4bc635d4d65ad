import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, TEST_REGIONS, type TestEnvironment } from '@sinergi/testkit';
import { connect } from '@nats-io/transport-node';
import { openDirectoryBucket, putRegionProfile } from '../src/directory.js';
import { createService } from '../src/service.js';
import { sampleService } from './fixtures/sample-service.js';
import { eventually, putRegions, startSample } from './helpers.js';

let env: TestEnvironment;
beforeAll(async () => {
  env = await createTestEnvironment();
  await putRegions(env);
});
afterAll(async () => {
  await env?.cleanup();
});

const main = fileURLToPath(new URL('./fixtures/sample-main.ts', import.meta.url));
const migrate = fileURLToPath(new URL('./fixtures/sample-migrate.ts', import.meta.url));

function runSample(
  extraEnv: Record<string, string | undefined>,
  { script = main, args = [], only = false }: { script?: string; args?: string[]; only?: boolean } = {},
): { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    // only: exactly extraEnv (and PATH), as a container that is given nothing else
    env: only
      ? { PATH: process.env.PATH, ...extraEnv }
      : { PATH: process.env.PATH, ...env.env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...extraEnv },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

describe('configuration', () => {
  it('when variables are missing or bad, then start-up stops with one message naming each', async () => {
    const { output, exit } = runSample({
      DATABASE_URL: undefined,
      NATS_URL: 'http://wrong',
      DEFAULT_TENANT: 'bandung',
    });
    expect(await exit).toBe(78);
    const text = output();
    expect(text).toMatch(/sample cannot start; fix these environment variables/);
    expect(text).toMatch(/DATABASE_URL/);
    expect(text).toMatch(/NATS_URL: must be a nats:\/\/ URL/);
    expect(text).toMatch(/DEFAULT_TENANT: must be a region code/);
  });

  it('when --check-config finds bad variables, then it exits 78 naming each, without starting', async () => {
    const { output, exit } = runSample(
      { NATS_URL: 'http://wrong', AUTH_PUBLIC_KEY: undefined, AUTH_DEV_KEYS: undefined },
      { args: ['--check-config'] },
    );
    expect(await exit).toBe(78);
    expect(output()).toMatch(/NATS_URL: must be a nats:\/\/ URL/);
    expect(output()).toMatch(/AUTH_JWKS_URL: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY/);
    expect(output()).not.toMatch(/is ready/);
  });

  it('when --check-config finds a good configuration, then it exits 0 without connecting to anything', async () => {
    const { output, exit } = runSample(
      { DATABASE_URL: 'postgres://nobody@db.invalid:5432/x', NATS_URL: 'nats://nats.invalid:4222' },
      { args: ['--check-config'] },
    );
    expect(await exit).toBe(0);
    expect(output()).toMatch(/sample: the configuration is valid/);
  });

  it('when migrating, then the database URL is all it needs: no NATS, no auth, no secrets', async () => {
    const fresh = await createTestEnvironment();
    try {
      const { output, exit } = runSample({ DATABASE_URL: fresh.databaseUrl }, { script: migrate, only: true });
      expect(await exit, output()).toBe(0);
    } finally {
      await fresh.cleanup();
    }
  });
});

describe('health, metrics and shutdown', () => {
  it('when started, then live and ready; metrics expose latency, outbox backlog and dead letters', async () => {
    const svc = await startSample(env);
    try {
      expect((await svc.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      const ready = await svc.app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.json()).toEqual({ status: 'ready', checks: { state: 'ready', postgres: 'ok', nats: 'ok' } });
      await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=32.73' });
      const metrics = (await svc.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/v1\/whoami"/);
      expect(metrics).toMatch(/^outbox_backlog\{service="sample"\} 0$/m);
      expect(metrics).toMatch(/^dead_letters\{service="sample"\} 0$/m);
      expect(metrics).toMatch(/event_redeliveries_total/);
      expect(metrics).toMatch(/^consumer_pending\{consumer="[a-z-]+",service="sample"\} \d+$/m);
    } finally {
      await svc.stop();
    }
  });

  it('when a scrape token is set, then /metrics answers only that bearer token, as problem+json otherwise', async () => {
    const token = 'scrape-token-0123456789';
    const svc = await startSample(env, { METRICS_TOKEN: token });
    try {
      for (const authorization of [undefined, 'Bearer wrong-token-0123456789', token]) {
        const res = await svc.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization ? { authorization } : {},
        });
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.json().code).toBe('unauthenticated');
        expect(res.body).not.toContain(token);
      }
      const ok = await svc.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toMatch(/^outbox_backlog\{service="sample"\} 0$/m);
    } finally {
      await svc.stop();
    }
  });

  it('when stopping, then readiness turns 503 before the pool closes', async () => {
    const svc = await createService(sampleService, env.env);
    expect((await svc.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503); // still starting
    await svc.start({ listen: false });
    expect((await svc.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    await svc.stop();
    expect(svc.state).toBe('stopped');
  });

  it('when SIGTERM arrives mid-request, then the request completes and the process exits 0', async () => {
    const { child, output, exit } = runSample({});
    const port = await eventually(
      async () => output().match(/listening at http:\/\/127\.0\.0\.1:(\d+)/)?.[1],
      20_000,
      'the service to listen',
    );
    await eventually(async () => (/sample is ready/.test(output()) ? true : undefined), 20_000, 'readiness');
    const inFlight = fetch(`http://127.0.0.1:${port}/v1/slow?tenant=32.73`, { method: 'POST' });
    await eventually(
      async () => (/"url":"\/v1\/slow"/.test(output()) ? true : undefined),
      20_000,
      'the request to arrive',
    );
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    expect(await exit).toBe(0);
    expect(output()).toMatch(/sample stopped/);
  });
});

describe('directory', () => {
  it('when a region profile changes in the KV bucket, then the running service sees it without a restart', async () => {
    const svc = await startSample(env);
    try {
      expect(svc.ctx.directory.get('32.73')?.units.map((u) => u.code)).toEqual(['dsdabm', 'dishub']);
      expect((await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=11.71' })).statusCode).toBe(404);
      const bandung = TEST_REGIONS[0]!;
      await putRegions(env, [
        { ...bandung, units: [...bandung.units, { code: 'dlh', name: 'Dinas Lingkungan Hidup', kind: 'dinas' }] },
        { code: '11.71', name: 'Kota Banda Aceh', timeZone: 'Asia/Jakarta' },
      ]);
      await eventually(async () => (svc.ctx.directory.has('11.71') ? true : undefined));
      expect(svc.ctx.directory.get('32.73')?.units.map((u) => u.code)).toContain('dlh');
      expect((await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=11.71' })).statusCode).toBe(200);

      // social accounts are indexed for webhooks, and moved when a profile changes
      expect(svc.ctx.directory.accountOwner('telegram', 'aceh_bot')).toBeUndefined();
      await putRegions(env, [
        {
          code: '11.71',
          name: 'Kota Banda Aceh',
          timeZone: 'Asia/Jakarta',
          units: [{ code: 'diskominfo', name: 'Diskominfo', kind: 'dinas' }],
          socialAccounts: [{ platform: 'telegram', accountId: 'aceh_bot', unit: 'diskominfo' }],
        },
      ]);
      await eventually(async () => svc.ctx.directory.accountOwner('telegram', 'aceh_bot'));
      expect(svc.ctx.directory.accountOwner('telegram', 'aceh_bot')).toEqual({ tenant: '11.71', unit: 'diskominfo' });
      await putRegions(env, [{ code: '11.71', name: 'Kota Banda Aceh', timeZone: 'Asia/Jakarta' }]);
      await eventually(async () => (svc.ctx.directory.accountOwner('telegram', 'aceh_bot') ? undefined : true));
    } finally {
      await svc.stop();
      await putRegions(env);
    }
  });

  it('refuses to store an invalid profile', async () => {
    const nc = await connect({ servers: env.natsUrl });
    try {
      const kv = await openDirectoryBucket(nc, env.directoryBucket);
      await expect(
        putRegionProfile(kv, { code: '32.73', name: 'Kota Bandung', timeZone: 'Asia/Jayapura' }),
      ).rejects.toThrow(/time zone|timeZone/i);
      expect((await kv.get('32.73'))?.json()).toMatchObject({ timeZone: 'Asia/Jakarta' });
    } finally {
      await nc.close();
    }
  });
});
