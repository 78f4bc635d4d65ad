import { createServer, type Server } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK } from 'jose';
import {
  bearer,
  createTestEnvironment,
  mintToken,
  TEST_AUDIENCE,
  TEST_ISSUER,
  type TestEnvironment,
  unsignedToken,
} from '@sinergi/testkit';
import { createService } from '../src/service.js';
import { signDevToken } from '../src/http/auth.js';
import { sampleService } from './fixtures/sample-service.js';
import { putRegions, startSample } from './helpers.js';

let env: TestEnvironment;
let svc: Awaited<ReturnType<typeof startSample>>;
const officer = (tenant = '32.73', unit = 'dsdabm') => mintToken({ tenant, roles: ['officer'], unit });

beforeAll(async () => {
  env = await createTestEnvironment();
  svc = await startSample(env, { DEFAULT_TENANT: '32.73' });
});
afterAll(async () => {
  await svc?.stop();
  await env?.cleanup();
});

const expectProblem = (
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) => {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:sinergi:problem:${code}` });
  expect(typeof body.detail).toBe('string');
  return body;
};

describe('errors are problem+json', () => {
  it('when the body fails validation, then 400 lists every failing field', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes',
      headers: bearer(await officer()),
      payload: { title: 'x', extra: 1 },
    });
    const body = expectProblem(res, 400, 'validation_failed');
    const fields = (body.errors as Array<{ in: string; field: string }>).map((e) => `${e.in}:${e.field}`);
    expect(fields).toEqual(expect.arrayContaining(['body:title', 'body:unit']));
  });

  it('when any text holds a NUL character (PostgreSQL cannot store one), then 400 nul_character naming the fields', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes?q=a%00b',
      headers: bearer(await officer()),
      payload: { title: 'ab\u0000c', unit: 'dsdabm' },
    });
    const body = expectProblem(res, 400, 'nul_character');
    expect((body.errors as Array<{ in: string; field: string }>).map((e) => `${e.in}:${e.field}`)).toEqual([
      'query:q',
      'body:title',
    ]);
    const inPath = await svc.app.inject({ method: 'GET', url: '/v1/notes/a%00b', headers: bearer(await officer()) });
    expectProblem(inPath, 400, 'nul_character');
  });

  it('security headers come with every answer, without forcing HTTPS on services run on plain HTTP', async () => {
    const res = await svc.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(await officer()) });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('when the JSON is malformed, then 400 malformed_json', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes',
      headers: { ...bearer(await officer()), 'content-type': 'application/json' },
      payload: '{"title": "abc",',
    });
    expectProblem(res, 400, 'malformed_json');
  });

  it('when the body is larger than the limit, then 413', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes',
      headers: { ...bearer(await officer()), 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(1_100_000), unit: 'dsdabm' }),
    });
    expectProblem(res, 413, 'body_too_large');
  });

  it('when the content type is not accepted, then 415', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/notes',
      headers: { ...bearer(await officer()), 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('when the route does not exist, then 404 route_not_found', async () => {
    expectProblem(
      await svc.app.inject({ method: 'GET', url: '/v1/nothing-here?tenant=99.99' }),
      404,
      'route_not_found',
    );
  });

  it('when a browser asks for a page that does not exist, then an Indonesian page, not JSON', async () => {
    const res = await svc.app.inject({
      method: 'GET',
      url: '/izin/<b>x</b>?tenant=32.73',
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Halaman tidak ditemukan');
    expect(res.body).toContain('lang="id"');
    expect(res.body).not.toContain('route_not_found');
    expect(res.body).not.toContain('<b>x</b>');
    // an API client asking for the same address still gets problem+json
    expectProblem(await svc.app.inject({ method: 'GET', url: '/izin/x?tenant=32.73' }), 404, 'route_not_found');
  });

  it('when the URL is malformed, then 400 problem+json from the router too', async () => {
    expectProblem(await svc.app.inject({ method: 'GET', url: '/v1/notes/%E0%A4%A' }), 400, 'bad_url');
  });

  it('when a handler crashes, then 500 without internals', async () => {
    const res = await svc.app.inject({ method: 'POST', url: '/v1/boom' });
    const body = expectProblem(res, 500, 'internal_error');
    expect(JSON.stringify(body)).not.toMatch(/secret|postgres|stack/);
  });

  it('when a route is called too often, then 429 with retry-after', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await svc.app.inject({ method: 'POST', url: '/v1/limited' })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
    const res = await svc.app.inject({ method: 'POST', url: '/v1/limited' });
    expectProblem(res, 429, 'rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('sets security headers and echoes a request id', async () => {
    const res = await svc.app.inject({ method: 'GET', url: '/v1/whoami', headers: { 'x-request-id': 'req-12345678' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });
});

describe('tenancy', () => {
  it('when anonymous, then the tenant comes from the query, then the host, then DEFAULT_TENANT', async () => {
    const q = await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=72.71' });
    expect(q.json()).toEqual({ tenant: '72.71', sub: null });
    const host = await svc.app.inject({ method: 'GET', url: '/v1/whoami', headers: { host: 'palu.test' } });
    expect(host.json()).toEqual({ tenant: '72.71', sub: null });
    const fallback = await svc.app.inject({ method: 'GET', url: '/v1/whoami' });
    expect(fallback.json()).toEqual({ tenant: '32.73', sub: null });
  });

  it('when the deployment has no DEFAULT_TENANT and the request names none, then 400 tenant_required', async () => {
    const noDefault = await createService(sampleService, env.env);
    await noDefault.start({ listen: false });
    try {
      expectProblem(await noDefault.app.inject({ method: 'GET', url: '/v1/whoami' }), 400, 'tenant_required');
    } finally {
      await noDefault.stop();
    }
  });

  it('when the tenant is unknown, then 404 unknown_tenant', async () => {
    expectProblem(await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=11.71' }), 404, 'unknown_tenant');
  });

  it("when authenticated, then the token's tenant applies and naming another is 403", async () => {
    const token = await officer('72.71', 'dpupr');
    expect((await svc.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) })).json()).toMatchObject({
      tenant: '72.71',
    });
    expectProblem(
      await svc.app.inject({ method: 'GET', url: '/v1/whoami?tenant=32.73', headers: bearer(token) }),
      403,
      'tenant_mismatch',
    );
  });
});

describe('authentication and roles', () => {
  const create = async (headers: Record<string, string>, unit = 'dsdabm') =>
    svc.app.inject({ method: 'POST', url: '/v1/notes', headers, payload: { title: 'Lubang di Jl. Dago', unit } });

  it('when the token is missing, then 401 with WWW-Authenticate', async () => {
    const res = await create({});
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('when the token is expired, from another issuer, for another audience, unsigned or not a JWT, then 401', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const tokens = {
      expired: await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm', expiresIn: -60 }),
      issuer: await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm', issuer: 'https://evil.example' }),
      audience: await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm', audience: 'another-app' }),
      foreignKey: await mintToken({
        tenant: '32.73',
        roles: ['officer'],
        unit: 'dsdabm',
        privateKey: other.privateKey,
      }),
      none: unsignedToken({ sub: 'x', tenant: '32.73', roles: ['admin'] }),
      garbage: 'not.a.jwt',
      devTokenWhenDevKeysAreOff: await signDevToken({ sub: 'dev', tenant: '32.73', roles: ['admin'] }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      const res = await create(bearer(token));
      expect(res.statusCode, name).toBe(401);
      expect(res.json().code, name).toBe('unauthenticated');
    }
  });

  it('when the scheme is not Bearer, then 401', async () => {
    expectProblem(await create({ authorization: 'Basic YWRtaW46YWRtaW4=' }), 401, 'unauthenticated');
  });

  it('when the role is wrong, then 403 forbidden_role', async () => {
    expectProblem(
      await create(bearer(await mintToken({ tenant: '32.73', roles: ['citizen'] }))),
      403,
      'forbidden_role',
    );
  });

  it("when an officer acts on another unit's object, then 403 forbidden_unit; an admin may", async () => {
    expectProblem(await create(bearer(await officer('32.73', 'dishub'))), 403, 'forbidden_unit');
    const admin = await mintToken({ tenant: '32.73', roles: ['admin'] });
    expect((await create(bearer(admin))).statusCode).toBe(201);
  });

  it('when an officer token has no unit claim, then 401', async () => {
    expectProblem(
      await create(bearer(await mintToken({ tenant: '32.73', roles: ['officer'] }))),
      401,
      'unauthenticated',
    );
  });

  it('accepts Keycloak-style realm_access.roles', async () => {
    const token = await mintToken({
      tenant: '32.73',
      roles: [],
      unit: 'dsdabm',
      extraClaims: { realm_access: { roles: ['officer', 'offline_access'] } },
    });
    expect((await create(bearer(token))).statusCode).toBe(201);
  });
});

describe('JWKS from an identity provider', () => {
  let idp: Server;
  let requests: string[] = [];
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });

  beforeAll(async () => {
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    idp = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => new Promise<void>((r) => idp.close(() => r())));

  it('when the token is signed with a published key, then it is accepted; with RS256 only when allowed', async () => {
    const { port } = idp.address() as { port: number };
    await putRegions(env);
    const { AUTH_PUBLIC_KEY: _unused, ...rest } = env.env;
    const jwksService = await createService(sampleService, {
      ...rest,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/realms/sinergi/protocol/openid-connect/certs`,
      AUTH_ALGORITHMS: 'RS256',
    });
    await jwksService.start({ listen: false });
    try {
      const { SignJWT } = await import('jose');
      const token = await new SignJWT({ tenant: '32.73', roles: ['admin'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject('keycloak-user')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setExpirationTime('5m')
        .sign(keys.privateKey);
      const res = await jwksService.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) });
      expect(res.json()).toEqual({ tenant: '32.73', sub: 'keycloak-user' });
      expect(requests).toContain('/realms/sinergi/protocol/openid-connect/certs');

      // an HS256 token "signed" with the public key must not pass (algorithm confusion)
      const forged = await new SignJWT({ tenant: '32.73', roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
        .setSubject('attacker')
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(keys.publicKey.export({ type: 'spki', format: 'pem' }).toString()));
      expect(
        (await jwksService.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(forged) })).statusCode,
      ).toBe(401);
    } finally {
      await jwksService.stop();
      requests = [];
    }
  });
});

describe('development keys', () => {
  it('when AUTH_DEV_KEYS=true, then tokens from `sinergi token` are accepted', async () => {
    const dev = await createService(sampleService, { ...env.env, AUTH_DEV_KEYS: 'true' });
    await dev.start({ listen: false });
    try {
      const token = await signDevToken({ sub: 'dev-admin', tenant: '32.73', roles: ['admin'] });
      expect((await dev.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(token) })).json()).toEqual({
        tenant: '32.73',
        sub: 'dev-admin',
      });
    } finally {
      await dev.stop();
    }
  });

  it('when a development token has no exp, then 401 as for a production token', async () => {
    const dev = await createService(sampleService, { ...env.env, AUTH_DEV_KEYS: 'true' });
    await dev.start({ listen: false });
    try {
      const { SignJWT } = await import('jose');
      const valid = await signDevToken({ sub: 'dev-admin', tenant: '32.73', roles: ['admin'] });
      // the development key is public by design (see auth.ts): anyone can sign with it, exp or not
      const [, payload] = valid.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      delete claims.exp;
      const { createPrivateKey, createHash } = await import('node:crypto');
      const seed = createHash('sha256').update('sinergi development signing key; never trust in production').digest();
      const key = createPrivateKey({
        key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
        format: 'der',
        type: 'pkcs8',
      });
      const forever = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' }).sign(key);
      const res = await dev.app.inject({ method: 'GET', url: '/v1/whoami', headers: bearer(forever) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    } finally {
      await dev.stop();
    }
  });
});

describe('documentation', () => {
  it('serves OpenAPI 3 generated from the route schemas, and Swagger UI', async () => {
    const doc = (await svc.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/v1/notes'].post.requestBody.content['application/json'].schema.properties.title).toMatchObject({
      type: 'string',
      minLength: 3,
    });
    expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
    const ui = await svc.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toMatch(/swagger/i);
  });
});

describe('load shedding', () => {
  it('when the event loop stalls beyond the threshold, then requests get 503 overloaded with retry-after', async () => {
    const tight = await createService(sampleService, {
      ...env.env,
      DEFAULT_TENANT: '32.73',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '20',
    });
    await tight.start({ listen: false });
    try {
      // keep the loop busy in bursts so the sampler sees a mean delay far above 20 ms
      // an idle moment first: start-up itself keeps the loop busy for a while
      let res = await tight.app.inject({ method: 'GET', url: '/v1/whoami' });
      for (let i = 0; i < 50 && res.statusCode !== 200; i++) {
        await new Promise((r) => setTimeout(r, 50));
        res = await tight.app.inject({ method: 'GET', url: '/v1/whoami' });
      }
      expect(res.statusCode).toBe(200);
      for (let i = 0; i < 40 && res.statusCode !== 503; i++) {
        const until = Date.now() + 100;
        while (Date.now() < until) {
          // busy: a stalled event loop, as under a CPU-bound overload
        }
        await new Promise((r) => setImmediate(r));
        res = await tight.app.inject({ method: 'GET', url: '/v1/whoami' });
      }
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'overloaded', status: 503 });
      expect(res.headers['retry-after']).toBe('10');
    } finally {
      await tight.stop();
    }
  });
});
