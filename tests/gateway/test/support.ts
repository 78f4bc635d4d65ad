import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { request as tlsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repositoryRoot } from '@sinergi/testkit';

export const NGINX = '/usr/sbin/nginx';
const RENDER = path.join(repositoryRoot, 'infra/gateway/render.mjs');

/** Runs the generator as compose does (`node render.mjs <dir>`) with `env` only. */
export function render(env: Record<string, string>, outDir: string) {
  return spawnSync(process.execPath, [RENDER, outDir], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

export interface Gateway {
  /** The site: http://, or https:// when started with a certificate. */
  url: string;
  /** The plain-HTTP port (with TLS: only redirects). */
  httpUrl: string;
  dir: string;
  config: string;
  output(): string;
  /** The access log so far. */
  accessLog(): string;
  stop(): Promise<void>;
}

/**
 * Renders the gateway for `upstreams` into a temporary prefix and runs Debian's nginx on it in the
 * foreground (pid, logs and temp files inside the prefix), until `/` answers.
 */
export async function startGateway(
  upstreams: Record<string, string>,
  tls?: { cert: string; key: string },
): Promise<Gateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sinergi-gateway-'));
  // nginx's workers run as nobody when the tests run as root: they must read the pages
  chmodSync(dir, 0o755);
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const tlsEnv: Record<string, string> = tls
    ? {
        SINERGI_GATEWAY_TLS_CERT: tls.cert,
        SINERGI_GATEWAY_TLS_KEY: tls.key,
        SINERGI_GATEWAY_TLS_LISTEN: `127.0.0.1:${tlsPort}`,
        SINERGI_GATEWAY_HTTPS_PORT: String(tlsPort),
      }
    : {};
  const accessLog = path.join(dir, 'access.log');
  // a child's stdout is a socket here, which nginx cannot open as /dev/stdout
  const rendered = render(
    {
      ...upstreams,
      SINERGI_GATEWAY_LISTEN: `127.0.0.1:${port}`,
      SINERGI_CITY_NAME: 'Kota Bandung',
      SINERGI_GATEWAY_ACCESS_LOG: accessLog,
      ...tlsEnv,
    },
    dir,
  );
  if (rendered.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`render.mjs failed: ${rendered.stderr}`);
  }
  const config = path.join(dir, 'nginx.conf');
  const child = spawn(NGINX, ['-p', dir, '-c', config, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // the prefix goes with nginx, however it ends
  child.once('close', () => rmSync(dir, { recursive: true, force: true }));
  const httpUrl = `http://127.0.0.1:${port}`;
  const url = tls ? `https://127.0.0.1:${tlsPort}` : httpUrl;
  const until = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${out}`);
    // with TLS, the plain port answers once both servers are up (nginx opens every listener at once)
    if (
      await send(`${httpUrl}/`).then(
        (r) => r.status === (tls ? 301 : 200),
        () => false,
      )
    )
      break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    httpUrl,
    dir,
    config: readFileSync(config, 'utf8'),
    output: () => out,
    accessLog: () => (existsSync(accessLog) ? readFileSync(accessLog, 'utf8') : ''),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // QUIT: graceful shutdown of master and workers
        child.kill('SIGQUIT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * An HTTP request from a chosen loopback address (127.0.0.2, 127.0.0.3, ...): fetch cannot pick its
 * source address, and the gateway must tell these clients apart to the services behind it.
 */
export function send(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string; ca?: string } = {},
): Promise<Answer> {
  // https: the certificate is checked against `ca` (the test's own self-signed one), never skipped
  const tls = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const req = (tls ? tlsRequest : request)(
      url,
      {
        method: opts.method ?? 'GET',
        headers: opts.headers,
        localAddress: opts.from,
        ...(tls ? { ca: opts.ca, servername: 'localhost', agent: false } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
