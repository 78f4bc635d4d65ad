/**
 * The gateway as a city runs it: Debian's nginx with the config infra/gateway/render.mjs writes, in
 * front of complaints and official-rating started from their dist as processes. Licensing is not
 * deployed here; official-rating is stopped halfway to be deployed but down.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv } from '@sinergi/cli/services';
import {
  applyDirectory,
  createTestEnvironment,
  repositoryRoot as root,
  type ServiceProcess,
  startServiceProcess,
  type TestEnvironment,
  waitFor,
  databaseEnv,
} from '@sinergi/testkit';
import { type Gateway, NGINX, send, startGateway } from './support.js';

const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as unknown;

const haveNginx = existsSync(NGINX);
if (!haveNginx) {
  // CI installs it (.ci/run); anywhere else the suite says so once and skips
  if (process.env.CI === 'true')
    throw new Error(`${NGINX} is missing: CI must install Debian's nginx (apt-get install -y nginx)`);
  console.warn(`tests/gateway skipped: ${NGINX} not found (apt-get install -y nginx)`);
}

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const REPORT = JSON.stringify({
  category: 'jalan-rusak',
  title: 'Jalan berlubang di Jl. Dago',
  description: 'Lubang besar di depan nomor 120, berbahaya bagi pengendara motor.',
  reporter: { name: 'Siti Rahmawati', phone: '0812-3456-7890' },
});

let complaintsEnv: TestEnvironment;
let ratingEnv: TestEnvironment;
let complaints: ServiceProcess | undefined;
let rating: ServiceProcess | undefined;
let gateway: Gateway | undefined;

const hostPort = (p: ServiceProcess) => new URL(p.url).host;

describe.skipIf(!haveNginx)('the gateway in front of complaints and official-rating', () => {
  beforeAll(async () => {
    complaintsEnv = await createTestEnvironment();
    ratingEnv = await createTestEnvironment();
    await applyDirectory(complaintsEnv, [BANDUNG]);
    const shared = {
      ...complaintsEnv.env,
      LOG_LEVEL: 'warn',
      AUTH_DEV_KEYS: 'true',
      DEFAULT_TENANT: '32.73',
      TRUST_PROXY: 'true',
    };
    // one report per minute per client: the limit shows which client address the service saw
    complaints = await startServiceProcess('complaints', {
      ...developmentEnv(`${root}services/complaints`),
      ...shared,
      SUBMIT_RATE_PER_MINUTE: '1',
    });
    rating = await startServiceProcess('official-rating', {
      ...developmentEnv(`${root}services/official-rating`),
      ...shared,
      ...databaseEnv(ratingEnv),
    });
    gateway = await startGateway({
      SINERGI_UPSTREAM_COMPLAINTS: hostPort(complaints),
      SINERGI_UPSTREAM_OFFICIAL_RATING: hostPort(rating),
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await rating?.stop();
    await complaints?.stop();
    await ratingEnv?.cleanup();
    await complaintsEnv?.cleanup();
  });

  it('lists on its home page only what this city deployed, in Indonesian, without JavaScript', async () => {
    const home = await send(`${gateway!.url}/`, { headers: BROWSER });
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.body).toContain('<html lang="id">');
    expect(home.body).toContain('Layanan publik Kota Bandung');
    expect(home.body).toContain('href="/lapor/"');
    expect(home.body).toContain('href="/nilai/"');
    expect(home.body).not.toContain('/izin/');
    expect(home.body).not.toContain('/anggaran/');
    expect(home.body).not.toMatch(/<script/i);
    expect(home.headers.server).toBe('nginx');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    const typed = await send(`${gateway!.url}/lapor`, { headers: BROWSER });
    expect([typed.status, typed.headers.location]).toEqual([301, '/lapor/']);
  });

  it('strips /api/complaints/ on the way to complaints', async () => {
    const ready = await send(`${gateway!.url}/api/complaints/health/ready`);
    expect(ready.status, ready.body).toBe(200);
    const services = await send(`${gateway!.url}/open311/v2/services.json?jurisdiction_id=32.73`);
    expect(services.status, services.body).toBe(200);
    expect((JSON.parse(services.body) as Array<{ service_code: string }>).map((s) => s.service_code)).toContain(
      'jalan-rusak',
    );
  });

  it('passes the client address the gateway saw, so the service limits each citizen, not the gateway', async () => {
    const submit = (from: string, headers: Record<string, string> = {}) =>
      send(`${gateway!.url}/api/complaints/v1/reports`, {
        method: 'POST',
        from,
        headers: { 'content-type': 'application/json', ...headers },
        body: REPORT,
      });
    const first = await submit('127.0.0.2');
    expect(first.status, first.body).toBe(201);
    const { trackingId } = JSON.parse(first.body) as { trackingId: string };
    const tracked = await send(`${gateway!.url}/api/complaints/v1/reports/${trackingId}`);
    expect(tracked.status, tracked.body).toBe(200);
    expect(JSON.parse(tracked.body)).toMatchObject({ trackingId });

    expect((await submit('127.0.0.2')).status).toBe(429);
    // a client cannot pose as another by sending its own X-Forwarded-For: the gateway replaces it
    expect((await submit('127.0.0.2', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    const other = await submit('127.0.0.3');
    expect(other.status, other.body).toBe(201);
  });

  it("maps /nilai/r to official-rating's form at /r", async () => {
    const form = await send(`${gateway!.url}/nilai/r?token=tidak-ada`, { headers: BROWSER });
    // official-rating's own answer for an unknown link, not the gateway's
    expect(form.status).toBeLessThan(500);
    expect(form.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(form.body).not.toContain('Layanan ini sedang tidak tersedia');
  });

  const expectUnavailable = async (page: string, api: string) => {
    const html = await send(`${gateway!.url}${page}`, { headers: BROWSER });
    expect(html.status).toBe(503);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.body).toContain('Layanan ini sedang tidak tersedia');
    expect(html.body).not.toMatch(/nginx|<script/i);
    expect(html.headers['retry-after']).toBe('60');

    for (const method of ['GET', 'POST']) {
      const problem = await send(`${gateway!.url}${api}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(problem.status, `${method} ${api}`).toBe(503);
      expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(problem.body)).toMatchObject({ status: 503, code: 'service_unavailable' });
    }
    // a page asked for by a client that wants JSON
    const asJson = await send(`${gateway!.url}${page}`, { headers: { accept: 'application/json' } });
    expect(asJson.status).toBe(503);
    expect(JSON.parse(asJson.body)).toMatchObject({ code: 'service_unavailable' });
  };

  it('answers a service this city did not deploy with 503: a page for people, problem+json for API clients', async () => {
    await expectUnavailable('/izin/', '/api/licensing/v1/permit-types');
    await expectUnavailable('/anggaran/', '/api/budgeting/v1/budgets');
    // licensing and budgeting are not deployed here, so their parts of the staff console are 503 too
    for (const part of ['/staf/', '/staf/izin/', '/staf/anggaran/']) {
      const staff = await send(`${gateway!.url}${part}`, { headers: BROWSER });
      expect(staff.status, part).toBe(503);
      expect(staff.body).toContain('Layanan ini sedang tidak tersedia');
    }
  });

  it('takes /staf/lapor/ to complaints’ staff console: sign-in, then the queue with the session cookie', async () => {
    const first = await send(`${gateway!.url}/staf/lapor/`, { headers: BROWSER });
    expect([first.status, first.headers.location]).toEqual([303, '/staf/lapor/masuk?kembali=%2Fstaf%2Flapor%2F']);
    const signIn = await send(`${gateway!.url}/staf/lapor/masuk`, { headers: BROWSER });
    expect(signIn.status).toBe(200);
    expect(signIn.body).toContain('Masuk halaman staf');
    // what an officer pastes on a development machine: `npx sinergi token`
    const token = execFileSync(process.execPath, [
      `${root}packages/cli/dist/main.js`,
      'token',
      '--tenant',
      '32.73',
      '--role',
      'officer',
      '--unit',
      'dsdabm',
    ])
      .toString()
      .trim();
    const form = (origin: string) =>
      send(`${gateway!.url}/staf/lapor/masuk/dev`, {
        method: 'POST',
        headers: { ...BROWSER, 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ token, kembali: '/staf/lapor/' }).toString(),
      });
    expect((await form('https://penipu.example')).status).toBe(403);
    const posted = await form(gateway!.url);
    expect([posted.status, posted.headers.location]).toEqual([303, '/staf/lapor/']);
    const cookie = String(posted.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^sinergi_staf=/);
    const queue = await send(`${gateway!.url}/staf/lapor/`, { headers: { ...BROWSER, cookie } });
    expect(queue.status, queue.body).toBe(200);
    expect(queue.body).toContain('Laporan untuk Dinas Sumber Daya Air dan Bina Marga');
  });

  it('answers a deployed service that is down the same way', async () => {
    expect((await send(`${gateway!.url}/api/official-rating/health/ready`)).status).toBe(200);
    await rating!.stop();
    await expectUnavailable('/nilai/r?token=x', '/api/official-rating/health/ready');
    // complaints is untouched
    expect((await send(`${gateway!.url}/api/complaints/health/ready`)).status).toBe(200);
  });

  it('answers what it does not route, and bodies over its limit, the same two ways', async () => {
    const page = await send(`${gateway!.url}/tidak-ada`, { headers: BROWSER });
    expect(page.status).toBe(404);
    expect(page.body).toContain('Halaman tidak ditemukan');
    const api = await send(`${gateway!.url}/api/tidak-ada/v1/x`);
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toMatchObject({ status: 404, code: 'route_not_found' });
    // a 404 from complaints itself passes through as complaints wrote it
    const own = await send(`${gateway!.url}/api/complaints/v1/tidak-ada`);
    expect(own.status).toBe(404);
    expect(JSON.parse(own.body)).toMatchObject({ status: 404, detail: 'There is no GET /v1/tidak-ada.' });

    const big = 'x'.repeat(7 * 1024 * 1024);
    const json = await send(`${gateway!.url}/api/complaints/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expect(json.status).toBe(413);
    expect(JSON.parse(json.body)).toMatchObject({ status: 413, code: 'body_too_large' });
    const form = await send(`${gateway!.url}/lapor/kirim`, {
      method: 'POST',
      headers: { ...BROWSER, 'content-type': 'multipart/form-data; boundary=x' },
      body: big,
    });
    expect(form.status).toBe(413);
    expect(form.body).toContain('Kiriman Anda terlalu besar');
  });

  it('keeps metrics inside and query strings (link secrets) out of its access log', async () => {
    expect((await send(`${gateway!.url}/api/complaints/metrics`)).status).toBe(404);
    await send(`${gateway!.url}/api/complaints/v1/reports/LPR-X?secret-in-query=rahasia123`);
    // nginx writes the line after the answer has left
    const line = await waitFor(
      () =>
        gateway!
          .accessLog()
          .split('\n')
          .find((l) => l.includes('/api/complaints/v1/reports/LPR-X')),
      'the access log line',
      10_000,
    );
    expect(line).toContain('"GET /api/complaints/v1/reports/LPR-X" 404');
    expect(gateway!.accessLog()).not.toContain('rahasia123');
  });
});
