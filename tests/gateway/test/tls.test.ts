/**
 * TLS at the gateway (infra/gateway/README.md, "TLS"): Debian's nginx with a self-signed certificate made
 * here by openssl, in front of complaints twice: once with TRUST_PROXY=true (as deployed) and once
 * without, to show what the setting changes for a service behind an HTTPS gateway.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  applyDirectory,
  createTestEnvironment,
  repositoryRoot as root,
  type ServiceProcess,
  startServiceProcess,
  type TestEnvironment,
} from '@sinergi/testkit';
import { type Gateway, NGINX, send, startGateway } from './support.js';

const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as unknown;
const REPORT = JSON.stringify({
  category: 'jalan-rusak',
  title: 'Jalan berlubang di Jl. Dago',
  description: 'Lubang besar di depan nomor 120, berbahaya bagi pengendara motor.',
  reporter: { name: 'Siti Rahmawati', phone: '0812-3456-7890' },
});

const haveTools = existsSync(NGINX) && spawnSync('openssl', ['version']).status === 0;

interface Site {
  env: TestEnvironment;
  service: ServiceProcess;
  gateway: Gateway;
}

let certDir: string;
let ca: string;
const sites: Partial<Record<'trusting' | 'untrusting', Site>> = {};

/** A self-signed certificate for localhost and 127.0.0.1, valid for a day (README's test recipe). */
function selfSigned(dir: string) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
      '-keyout', key, '-out', cert, '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], // prettier-ignore
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

async function startSite(trustProxy: boolean, tls: { cert: string; key: string }): Promise<Site> {
  const env = await createTestEnvironment();
  await applyDirectory(env, [BANDUNG]);
  // one report per minute per client: the limit shows which address the service took for the client
  const service = await startServiceProcess('complaints', {
    ...developmentEnv(`${root}services/complaints`),
    ...env.env,
    LOG_LEVEL: 'warn',
    AUTH_DEV_KEYS: 'true',
    DEFAULT_TENANT: '32.73',
    TRUST_PROXY: String(trustProxy),
    SUBMIT_RATE_PER_MINUTE: '1',
  });
  const gateway = await startGateway({ SINERGI_UPSTREAM_COMPLAINTS: new URL(service.url).host }, tls);
  return { env, service, gateway };
}

const submit = (site: Site, from: string) =>
  send(`${site.gateway.url}/api/complaints/v1/reports`, {
    method: 'POST',
    from,
    ca,
    headers: { 'content-type': 'application/json' },
    body: REPORT,
  });

/** The Open311 endpoint complaints announces, built from the protocol and host it sees (PUBLIC_BASE_URL unset). */
async function announcedEndpoint(site: Site): Promise<string> {
  const answer = await send(`${site.gateway.url}/open311/v2/discovery.json?jurisdiction_id=32.73`, { ca });
  expect(answer.status, answer.body).toBe(200);
  return (JSON.parse(answer.body) as { endpoints: Array<{ url: string }> }).endpoints[0]!.url;
}

describe.skipIf(!haveTools)('the gateway with TLS', () => {
  beforeAll(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'sinergi-tls-'));
    const tls = selfSigned(certDir);
    ca = readFileSync(tls.cert, 'utf8');
    sites.trusting = await startSite(true, tls);
    sites.untrusting = await startSite(false, tls);
  });

  afterAll(async () => {
    for (const site of Object.values(sites)) {
      await site?.gateway.stop();
      await site?.service.stop();
      await site?.env.cleanup();
    }
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  it('serves the site over HTTPS with a certificate the client verifies, and sends HSTS once, on pages and APIs', async () => {
    const gw = sites.trusting!.gateway;
    const home = await send(`${gw.url}/`, { ca });
    expect(home.status).toBe(200);
    expect(home.body).toContain('Layanan publik Kota Bandung');
    expect(home.headers['strict-transport-security']).toBe('max-age=31536000');
    const ready = await send(`${gw.url}/api/complaints/health/ready`, { ca });
    expect(ready.status, ready.body).toBe(200);
    // complaints' own HSTS (helmet) is replaced by the gateway's: one header, not two
    expect(ready.headers['strict-transport-security']).toBe('max-age=31536000');
    const missing = await send(`${gw.url}/tidak-ada`, { ca });
    expect(missing.status).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('redirects plain HTTP to HTTPS, path and query kept, without HSTS on the plain answer', async () => {
    const gw = sites.trusting!.gateway;
    const plain = await send(`${gw.httpUrl}/lapor/lacak?id=LPR-1`, { headers: { host: 'localhost' } });
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`https://localhost:${new URL(gw.url).port}/lapor/lacak?id=LPR-1`);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('speaks TLS 1.3, and TLS 1.2 only with forward-secret AEAD ciphers', async () => {
    const handshake = (maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3', ciphers?: string) =>
      new Promise<string>((resolve) => {
        const { port } = new URL(sites.trusting!.gateway.url);
        const socket = connect({
          host: '127.0.0.1',
          port: Number(port),
          ca,
          servername: 'localhost',
          maxVersion,
          ...(ciphers ? { ciphers } : {}),
        });
        socket.once(
          'secureConnect',
          () => (resolve(`${socket.getProtocol()} ${socket.getCipher().name}`), socket.end()),
        );
        socket.once('error', () => resolve('refused'));
      });
    expect(await handshake('TLSv1.3')).toMatch(/^TLSv1\.3 TLS_/);
    expect(await handshake('TLSv1.2')).toMatch(/^TLSv1\.2 ECDHE-ECDSA-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/);
    // what an old client offers: CBC without forward secrecy, or a protocol before 1.2
    expect(await handshake('TLSv1.2', 'AES128-SHA:AES256-SHA:ECDHE-ECDSA-AES128-SHA')).toBe('refused');
    expect(await handshake('TLSv1.1')).toBe('refused');
  });

  it('with TRUST_PROXY, the service sees https and the citizen’s address: rate limits count each citizen', async () => {
    const site = sites.trusting!;
    expect(await announcedEndpoint(site)).toMatch(/^https:\/\/127\.0\.0\.1\/open311\/v2/);
    const first = await submit(site, '127.0.0.2');
    expect(first.status, first.body).toBe(201);
    expect((await submit(site, '127.0.0.2')).status).toBe(429);
    const other = await submit(site, '127.0.0.3');
    expect(other.status, other.body).toBe(201);
  });

  it('without TRUST_PROXY, the service sees http and the gateway’s address: one citizen’s report blocks the next', async () => {
    const site = sites.untrusting!;
    expect(await announcedEndpoint(site)).toMatch(/^http:\/\/127\.0\.0\.1\/open311\/v2/);
    const first = await submit(site, '127.0.0.2');
    expect(first.status, first.body).toBe(201);
    // another citizen, but the same address (the gateway's) as far as the service can tell
    expect((await submit(site, '127.0.0.3')).status).toBe(429);
  });
});
