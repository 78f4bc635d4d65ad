/**
 * Memory of each compiled service (dist/main.js), for the limits in docker-compose.yml (README,
 * "Resource limits"). Each service runs as a process against a scratch database and NATS namespace
 * of its own; after start-up, a short closed-loop load of 8 clients sends 4,000 requests (health,
 * the OpenAPI document, /metrics, and the service's public page or list), then the peak resident set
 * (VmHWM) and the resident set (VmRSS) are read from /proc. The same load against a bare node:http
 * server in this run is printed beside them: the floor any Node.js process pays.
 *
 *   npm run build && npm run bench -w @sinergi/compose-tests
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { developmentEnv } from '@sinergi/cli/services';
import {
  createScratchEnvironment,
  freePort,
  repositoryRoot as root,
  startServiceProcess,
  type ScratchEnvironment,
} from '@sinergi/testkit';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REQUESTS = 4000;
const CLIENTS = 8;
const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;

/** Per service: a public read that touches its database (tenant 32.73, no token needed). */
const PUBLIC_READ: Record<string, string> = {
  complaints: '/lapor/',
  licensing: '/izin/',
  'official-rating': '/nilai/',
  budgeting: '/v1/public/budgets/2026',
  'social-intake': '/health/live',
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
const get = (url: string) =>
  new Promise<number>((resolve) => {
    http
      .get(url, { agent, headers: { accept: 'text/html' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', () => resolve(0));
  });

async function load(base: string, paths: string[]): Promise<Record<string, number>> {
  const codes: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < REQUESTS) {
        const path = paths[next++ % paths.length]!;
        const code = await get(`${base}${path}`);
        codes[code] = (codes[code] ?? 0) + 1;
      }
    }),
  );
  return codes;
}

const status = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
};

/** The floor: a bare node:http server answering the same number of requests. */
async function bareNode(): Promise<{ rss: number; peak: number }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['-e', `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50 && (await get(`http://127.0.0.1:${port}/`)) !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  await load(`http://127.0.0.1:${port}`, ['/']);
  const measured = status(child.pid!);
  child.kill();
  return measured;
}

const services = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(PUBLIC_READ);
const rows: string[] = [];
for (const name of services) {
  const scratch: ScratchEnvironment = await createScratchEnvironment({
    adminUrl: ADMIN_URL,
    natsUrl: NATS_URL,
    name: name.replace(/-/g, '_'),
    label: 'mem',
  });
  await scratch.applyDirectory([BANDUNG]);
  const service = await startServiceProcess(name, {
    ...developmentEnv(`${root}services/${name}`),
    ...scratch.env,
    LOG_LEVEL: 'warn',
    AUTH_DEV_KEYS: 'true',
    DEFAULT_TENANT: '32.73',
    // memory, not load shedding, is measured: on a shared machine the service would shed some requests
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  });
  try {
    const idle = status(service.pid);
    const codes = await load(service.url, ['/health/ready', '/docs/json', '/metrics', PUBLIC_READ[name]!]);
    const after = status(service.pid);
    rows.push(
      `${name.padEnd(16)} idle ${String(idle.rss).padStart(4)} MiB  after load ${String(after.rss).padStart(4)} MiB  peak ${String(after.peak).padStart(4)} MiB  answers ${JSON.stringify(codes)}`,
    );
  } finally {
    await service.stop();
    await scratch.cleanup();
  }
}
const floor = await bareNode();
agent.destroy();
console.log(`${REQUESTS} requests, ${CLIENTS} clients, Node ${process.version}`);
for (const row of rows) console.log(row);
console.log(`${'bare node:http'.padEnd(16)} after load ${floor.rss} MiB  peak ${floor.peak} MiB (the floor, same run)`);
