import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { roleUrl, type ServiceRoles } from '@sinergi/service-kit';
import { DATABASE_SERVICES, databaseServer, rolePasswordVariables, setupDatabases } from './db.js';
import { applyDirectoryFiles } from './directory.js';
import { developmentEnv, discoverServices, root } from './services.js';
import { CliError } from './errors.js';

/** The fixed ports of Sinergi's services. */
export const SERVICE_PORTS: Record<string, number> = {
  budgeting: 3001,
  licensing: 3002,
  complaints: 3003,
  'social-intake': 3004,
  'official-rating': 3005,
};

/** Where `up` sends a reader; a test checks that every file and heading named here exists. */
export const READ_ON = {
  start: 'README.md#the-two-commands',
  quickStart: (service: string) => `services/${service}/README.md#quick-start`,
};

/**
 * `SINERGI_PORT_OFFSET` moves every service off its fixed port (a test run beside a developer's
 * `npm start`); development values that name a service by its fixed port move with it.
 */
export function portOffset(env: NodeJS.ProcessEnv = process.env): number {
  const offset = Number(env.SINERGI_PORT_OFFSET ?? 0);
  if (!Number.isInteger(offset) || offset < 0 || offset > 60_000)
    throw new CliError(`SINERGI_PORT_OFFSET must be a whole number from 0 to 60000, not '${env.SINERGI_PORT_OFFSET}'`);
  return offset;
}

export function movePorts(value: string, offset: number): string {
  if (offset === 0) return value;
  return value.replace(/\b(localhost|127\.0\.0\.1):(\d+)\b/g, (match, host: string, port: string) =>
    Object.values(SERVICE_PORTS).includes(Number(port)) ? `${host}:${Number(port) + offset}` : match,
  );
}

const reachable = (url: string, fallbackPort: number) =>
  new Promise<boolean>((resolve) => {
    const u = new URL(url);
    const socket = net.connect(Number(u.port || fallbackPort), u.hostname);
    socket.setTimeout(2000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/** Debian's nginx: when installed, `up` also runs the gateway (README, "Gateway") in front of the services. */
const NGINX = '/usr/sbin/nginx';
export const GATEWAY_PORT = 8080;

/**
 * Renders infra/gateway for the services started (`name` -> port) into a temporary prefix and runs
 * nginx on it in the foreground; undefined (with one line saying why) when it cannot.
 */
function startGateway(ports: Record<string, number>, offset: number): ChildProcess | undefined {
  const port = GATEWAY_PORT + offset;
  if (port > 65_535) {
    console.error(`[gateway] skipped: port ${port} is out of range (SINERGI_PORT_OFFSET too large)`);
    return undefined;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-gateway-'));
  // nginx's workers run as nobody when started as root: they must read the pages
  chmodSync(dir, 0o755);
  const upstreams = Object.fromEntries(
    Object.entries(ports).map(([name, p]) => [
      `SINERGI_UPSTREAM_${name.toUpperCase().replaceAll('-', '_')}`,
      `127.0.0.1:${p}`,
    ]),
  );
  const rendered = spawnSync(process.execPath, [path.join(root, 'infra/gateway/render.mjs'), dir], {
    env: {
      PATH: process.env.PATH ?? '',
      ...upstreams,
      SINERGI_GATEWAY_LISTEN: `127.0.0.1:${port}`,
      SINERGI_GATEWAY_ACCESS_LOG: path.join(dir, 'access.log'),
    },
    encoding: 'utf8',
  });
  if (rendered.status !== 0) {
    console.error(`[gateway] skipped: ${rendered.stderr.trim()}`);
    return undefined;
  }
  const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  console.log(`[gateway] the city's site on http://localhost:${port}/ (nginx, access log ${dir}/access.log)`);
  return child;
}

/** The service logs in as its runtime role and migrates (MIGRATE_ON_START) as its owner. */
function serviceDatabaseEnv(
  pgBase: string,
  roles: ServiceRoles | undefined,
  passwords: { owner: string; runtime: string },
): Record<string, string> {
  if (!roles) return {};
  const password = (variable: string) => process.env[variable] || undefined;
  return {
    DATABASE_URL: roleUrl(pgBase, roles.runtime, roles.database, password(passwords.runtime)),
    DATABASE_MIGRATION_URL: roleUrl(pgBase, roles.owner, roles.database, password(passwords.owner)),
    DATABASE_APP_ROLE: roles.app,
  };
}

const COLORS = [36, 35, 33, 32, 34, 31];
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Pino JSON lines become `[service] level message {fields}`; anything else is passed through. */
function formatLine(line: string): string {
  try {
    const {
      level,
      time,
      msg,
      service: _s,
      pid: _p,
      hostname: _h,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const fields = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${new Date(time as number).toISOString().slice(11, 23)} ${LEVELS[level as number] ?? level} ${msg ?? ''}${fields}`;
  } catch {
    return line;
  }
}

export async function up(): Promise<number> {
  const services = discoverServices();
  if (services.length === 0) {
    console.log('There are no services under services/ yet: nothing to start.');
    return 0;
  }
  const offset = portOffset();
  // a test run or a second checkout keeps its own databases beside the developer's sinergi_*
  const { adminUrl: pgBase, dbPrefix } = databaseServer();
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const missing = [
    !(await reachable(pgBase, 5432)) && `PostgreSQL at ${pgBase}`,
    !(await reachable(natsUrl, 4222)) && `NATS at ${natsUrl}`,
  ].filter(Boolean);
  if (missing.length > 0) {
    console.error(
      `Cannot reach ${missing.join(' and ')}. Start them or set SINERGI_POSTGRES_URL / NATS_URL (see ${READ_ON.start}).`,
    );
    return 1;
  }

  // the superuser's only part: each service's database and roles (README, "Database roles"); the
  // services then migrate as their owner role and run as their runtime login
  const roles = await setupDatabases({
    adminUrl: pgBase,
    dbPrefix,
    services: services.filter((s) => DATABASE_SERVICES.includes(s)),
    env: process.env,
    log: (line) => console.log(`[db] ${line}`),
  });

  const directoryDir = path.join(root, 'infra/directory');
  const files = readdirSync(directoryDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(directoryDir, f));
  await applyDirectoryFiles(files, (line) => console.log(`[directory] ${line}`));

  const children = new Map<string, ChildProcess>();
  /** Prints a child's lines under its tag and forgets it when it exits; returns the tag. */
  const watch = (name: string, child: ChildProcess, color: number) => {
    const tag = `\x1b[${COLORS[color % COLORS.length]}m[${name}]\x1b[0m`;
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => console.log(`${tag} ${formatLine(line)}`));
    }
    child.on('exit', (code, signal) => {
      children.delete(name);
      console.log(`${tag} exited (${signal ?? code})`);
    });
    children.set(name, child);
    return tag;
  };
  const gateway = existsSync(NGINX);
  const started: Record<string, number> = {};
  services.forEach((name, i) => {
    const main = path.join(root, 'services', name, 'dist/main.js');
    const fixed = SERVICE_PORTS[name];
    const port = fixed === undefined ? undefined : fixed + offset;
    if (!existsSync(main) || port === undefined || !roles[name]) {
      console.error(
        `[${name}] skipped: ${fixed === undefined ? 'no fixed port is assigned to it' : 'not built (dist/main.js missing)'}`,
      );
      return;
    }
    const child = spawn(process.execPath, [main], {
      cwd: path.join(root, 'services', name),
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group: Ctrl-C reaches only us, and each service gets exactly one SIGTERM
      detached: true,
      env: {
        DEFAULT_TENANT: '32.73',
        AUTH_DEV_KEYS: 'true',
        MIGRATE_ON_START: 'true',
        // behind the gateway, the client is the address it forwards
        ...(gateway ? { TRUST_PROXY: 'true' } : {}),
        ...Object.fromEntries(
          Object.entries(developmentEnv(path.join(root, 'services', name))).map(([k, v]) => [k, movePorts(v, offset)]),
        ),
        ...process.env,
        PORT: String(port),
        ...serviceDatabaseEnv(pgBase, roles[name], rolePasswordVariables(name)),
        NATS_URL: natsUrl,
      },
    });
    const tag = watch(name, child, i);
    started[name] = port;
    console.log(
      `${tag} starting on http://localhost:${port}; API docs at http://localhost:${port}/docs; try it: ${READ_ON.quickStart(name)}`,
    );
  });
  if (children.size === 0) return 1;
  const nginx = gateway ? startGateway(started, offset) : undefined;
  if (nginx) watch('gateway', nginx, COLORS.length - 1);
  console.log(
    `Development tokens: npx sinergi token --tenant 32.73 --role admin (see ${READ_ON.start}). Ctrl-C stops everything.`,
  );

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      for (const c of children.values()) c.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // detached children would outlive us if we died first
    process.on('exit', () => children.forEach((c) => c.kill('SIGTERM')));
    const check = setInterval(() => {
      if (children.size === 0) {
        clearInterval(check);
        resolve(stopping ? 0 : 1);
      }
    }, 200);
  });
}
