/**
 * The staff console's sign-in against a real OpenID provider (oidc-provider, on a loopback port):
 * the authorization code flow with PKCE, state and nonce walked by an HTTP client that follows
 * redirects and keeps cookies; then what a session must refuse: a wrong state, a tampered or expired
 * cookie, a form without its CSRF token or from another origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  CookieBrowser,
  createTestEnvironment,
  freePort,
  startTestProvider,
  type TestEnvironment,
  type TestProvider,
} from '@sinergi/testkit';
import { signDevToken } from '../src/http/auth.js';
import { STAFF_COOKIE } from '../src/http/staff-session.js';
import { createAdminKysely } from '../src/db/database.js';
import { createService, type Service } from '../src/service.js';
import type { BaseConfig } from '../src/config.js';
import { staffService } from './fixtures/staff-service.js';
import type { SampleDB } from './fixtures/sample-service.js';
import { putRegions } from './helpers.js';

let env: TestEnvironment;
let idp: TestProvider;
let service: Service<SampleDB, BaseConfig>;
let site: string;
let serviceEnv: Record<string, string>;

const OFFICER = { sub: 'petugas-dsdabm', tenant: '32.73', roles: ['officer'], unit: 'dsdabm' };

beforeAll(async () => {
  env = await createTestEnvironment();
  await putRegions(env);
  const admin = createAdminKysely(env.databaseUrl);
  await sql`insert into note (id, tenant_id, unit, title) values
      ('a-1', '32.73', 'dsdabm', 'Jalan berlubang di Dago'), ('a-2', '32.73', 'dishub', 'Lampu lalu lintas mati')`.execute(
    admin,
  );
  await admin.destroy();
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  idp = await startTestProvider({ redirectUris: [`${site}/staf/contoh/masuk/kembali`] });
  // AUTH_DEV_KEYS only because the site is on a loopback address, which production config refuses
  serviceEnv = {
    ...env.env,
    ...idp.env(site),
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_DEV_KEYS: 'true',
    AUTH_PUBLIC_KEY: '',
  };
  service = await createService(staffService, serviceEnv);
  await service.start();
});
afterAll(async () => {
  await service?.stop();
  await idp?.close();
  await env?.cleanup();
});

/** Signs in through the provider from the console's first page; returns the browser and where it ended. */
async function signIn(account = OFFICER) {
  const browser = new CookieBrowser();
  idp.signInAs(account);
  const first = await browser.go(`${site}/staf/contoh/`);
  expect(first.status, first.body).toBe(200);
  expect(first.url).toBe(`${site}/staf/contoh/masuk?kembali=%2Fstaf%2Fcontoh%2F`);
  const start = /href="(\/staf\/contoh\/masuk\/mulai[^"]*)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
  expect(start, first.body).toBeDefined();
  const end = await browser.go(`${site}${start}`);
  return { browser, end };
}

describe('sign-in through the OpenID provider', () => {
  it('when an officer opens the console, then PKCE sign-in brings them back to it with a session of their unit only', async () => {
    const before = idp.authorizations.length;
    const { browser, end } = await signIn();
    expect(end.status, end.body).toBe(200);
    expect(end.url).toBe(`${site}/staf/contoh/`);
    expect(end.trail.some((u) => u.startsWith(`${idp.issuer}/auth`))).toBe(true);
    expect(end.body).toContain('Catatan petugas-dsdabm');
    expect(end.body).toContain('Jalan berlubang di Dago');
    expect(end.body).not.toContain('Lampu lalu lintas mati');

    const auth = idp.authorizations[before]!;
    expect(auth.get('code_challenge_method')).toBe('S256');
    expect(auth.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.get('state')).toBeTruthy();
    expect(auth.get('nonce')).toBeTruthy();
    expect(auth.get('redirect_uri')).toBe(`${site}/staf/contoh/masuk/kembali`);

    const cookie = browser.cookie(STAFF_COOKIE)!;
    expect(cookie.path).toBe('/staf');
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Secure']));
    // encrypted: neither the unit nor the subject can be read from it
    expect(cookie.value.split('.')).toHaveLength(5);
    expect(Buffer.from(cookie.value.split('.')[3]!, 'base64url').toString()).not.toContain('dsdabm');
  });

  it('when the callback comes back with another state, then no session is made', async () => {
    const browser = new CookieBrowser();
    idp.signInAs(OFFICER);
    const stop = await browser.go(`${site}/staf/contoh/masuk/mulai`, { maxRedirects: 0 });
    expect(stop.status).toBe(303);
    // walk the provider's part, stopping before the callback
    let url = stop.headers.get('location')!;
    for (let i = 0; i < 10 && !url.startsWith(`${site}/staf/contoh/masuk/kembali`); i++) {
      const hop = await browser.go(url, { maxRedirects: 0 });
      url = new URL(hop.headers.get('location')!, url).href;
    }
    const callback = new URL(url);
    expect(callback.searchParams.get('code')).toBeTruthy();
    callback.searchParams.set('state', 'bukan-state-yang-dikirim');
    const res = await browser.go(callback.href);
    expect(res.status).toBe(400);
    expect(res.body).toContain('Gagal masuk');
    expect(browser.cookie(STAFF_COOKIE)).toBeUndefined();
    // the untouched callback would have worked: the refusal is the state's doing
    callback.searchParams.set('state', new URL(url).searchParams.get('state')!);
    expect((await browser.go(callback.href)).url).toBe(`${site}/staf/contoh/`);
    expect(browser.cookie(STAFF_COOKIE)).toBeDefined();
  });

  it('when a citizen account signs in, then the console refuses it', async () => {
    const { end, browser } = await signIn({ sub: 'warga-1', tenant: '32.73', roles: ['citizen'], unit: undefined! });
    expect(end.status).toBe(403);
    expect(end.body).toContain('Akses ditolak');
    expect(browser.cookie(STAFF_COOKIE)).toBeUndefined();
  });
});

describe('a session', () => {
  it('when its cookie is tampered with, expired or made for sign-in, then the console asks to sign in again', async () => {
    const { browser } = await signIn();
    const good = browser.cookie(STAFF_COOKIE)!.value;
    const parts = good.split('.');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    parts[3] = flip(parts[3]!);
    const expired = await service.ctx.staffSessions.seal('session', { sid: 'x', p: OFFICER }, -60);
    const wrongPurpose = await service.ctx.staffSessions.seal('sign-in', { sid: 'x', p: OFFICER }, 600);
    for (const value of [parts.join('.'), expired, wrongPurpose]) {
      const other = new CookieBrowser();
      other.setCookie(STAFF_COOKIE, value, '/staf');
      const res = await other.go(`${site}/staf/contoh/`, { maxRedirects: 0 });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/staf/contoh/masuk?kembali=%2Fstaf%2Fcontoh%2F');
    }
    const same = new CookieBrowser();
    same.setCookie(STAFF_COOKIE, good, '/staf');
    expect((await same.go(`${site}/staf/contoh/`, { maxRedirects: 0 })).status).toBe(200);
  });

  it('when a form comes without its CSRF token, with another session’s or from another origin, then nothing is written', async () => {
    const { browser, end } = await signIn();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(end.body)![1]!;
    const { end: otherEnd } = await signIn();
    const othersCsrf = /name="_csrf" value="([^"]+)"/.exec(otherEnd.body)![1]!;
    expect(othersCsrf).not.toBe(csrf);
    const post = (form: Record<string, string>, origin?: string) =>
      browser.go(`${site}/staf/contoh/catatan`, { form, maxRedirects: 0, ...(origin ? { origin } : {}) });
    for (const [form, origin] of [
      [{ judul: 'Tanpa token' }, undefined],
      [{ judul: 'Token sesi lain', _csrf: othersCsrf }, undefined],
      [{ judul: 'Dari situs lain', _csrf: csrf }, 'https://penipu.example'],
    ] as const) {
      const res = await post(form, origin);
      expect(res.status, form.judul).toBe(403);
      expect(res.body).toContain('Formulir kedaluwarsa');
    }
    const ok = await post({ judul: 'Catatan yang sah', _csrf: csrf });
    expect(ok.status).toBe(303);
    const titles = await service.ctx.db.withTenant('32.73', (trx) => trx.selectFrom('note').select('title').execute());
    expect(titles.map((t) => t.title)).toContain('Catatan yang sah');
    expect(titles.map((t) => t.title)).not.toEqual(expect.arrayContaining(['Tanpa token']));
    expect(titles.map((t) => t.title).filter((t) => /token|situs/i.test(t))).toEqual([]);
  });

  it('when signing out, then the cookie is cleared and the console asks to sign in', async () => {
    const { browser, end } = await signIn();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(end.body)![1]!;
    const out = await browser.go(`${site}/staf/contoh/keluar`, { form: { _csrf: csrf } });
    expect(out.url).toBe(`${site}/staf/contoh/masuk?keluar=1`);
    expect(out.body).toContain('Anda sudah keluar');
    expect(browser.cookie(STAFF_COOKIE)).toBeUndefined();
  });

  it('when another service shares the secret, then the same cookie is a session there too', async () => {
    const { browser } = await signIn();
    const other = await createService(staffService, { ...serviceEnv, PORT: '0' });
    try {
      await other.start({ listen: false });
      const res = await other.app.inject({
        url: '/staf/contoh/',
        headers: { cookie: `${STAFF_COOKIE}=${browser.cookie(STAFF_COOKIE)!.value}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Catatan petugas-dsdabm');
      const stranger = await createService(staffService, {
        ...serviceEnv,
        STAFF_SESSION_SECRET: 'rahasia-lain-yang-juga-cukup-panjang-0123456789',
      });
      const refused = await stranger.app.inject({
        url: '/staf/contoh/',
        headers: { cookie: `${STAFF_COOKIE}=${browser.cookie(STAFF_COOKIE)!.value}` },
      });
      expect(refused.statusCode).toBe(303);
      await stranger.stop();
    } finally {
      await other.stop();
    }
  });
});

describe('development sign-in', () => {
  it('with AUTH_DEV_KEYS=true, a pasted development token signs in, but only from this site', async () => {
    const token = await signDevToken({ sub: 'dev-admin', tenant: '32.73', roles: ['admin'] });
    const browser = new CookieBrowser();
    const cross = await browser.go(`${site}/staf/contoh/masuk/dev`, {
      form: { token, kembali: '/staf/contoh/' },
      origin: 'https://penipu.example',
    });
    expect(cross.status).toBe(403);
    expect(browser.cookie(STAFF_COOKIE)).toBeUndefined();
    const res = await browser.go(`${site}/staf/contoh/masuk/dev`, { form: { token, kembali: '/staf/contoh/' } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Catatan dev-admin');
    expect(res.body).toContain('Lampu lalu lintas mati');
  });

  it('without AUTH_DEV_KEYS there is no development sign-in, and a development token is no session', async () => {
    const production = await createService(staffService, {
      ...serviceEnv,
      AUTH_DEV_KEYS: 'false',
      STAFF_SITE_URL: 'https://sinergi.example.go.id',
    });
    try {
      const page = await production.app.inject({ url: '/staf/contoh/masuk' });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Masuk dengan akun pemerintah daerah');
      expect(page.body).not.toContain('Masuk pengembangan');
      const token = await signDevToken({ sub: 'dev-admin', tenant: '32.73', roles: ['admin'] });
      const res = await production.app.inject({
        method: 'POST',
        url: '/staf/contoh/masuk/dev',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80' },
        payload: new URLSearchParams({ token }).toString(),
      });
      expect(res.statusCode).toBe(404);
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      await production.stop();
    }
  });
});
