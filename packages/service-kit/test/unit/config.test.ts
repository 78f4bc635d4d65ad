import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, isLoopbackUrl, loadConfig, publicUrl, serviceConfig } from '../../src/config.js';

const good = { DATABASE_URL: 'postgres://app@db:5432/sinergi', NATS_URL: 'nats://nats:4222', AUTH_DEV_KEYS: 'true' };

describe('configuration from the environment', () => {
  it('applies defaults and coerces types', () => {
    const c = loadConfig('svc', serviceConfig(), good);
    expect(c).toMatchObject({
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      DATABASE_POOL_MAX: 10,
      MIGRATE_ON_START: false,
      AUTH_DEV_KEYS: true,
      AUTH_ALGORITHMS: ['RS256', 'ES256', 'EdDSA'],
    });
  });

  it('NATS_STREAM_REPLICAS: 1 by default, 3 or 5 on a cluster, anything else named as bad', () => {
    expect(loadConfig('svc', serviceConfig(), good).NATS_STREAM_REPLICAS).toBe(1);
    expect(loadConfig('svc', serviceConfig(), { ...good, NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3);
    for (const bad of ['2', '0', 'three'])
      expect(() => loadConfig('svc', serviceConfig(), { ...good, NATS_STREAM_REPLICAS: bad })).toThrow(
        /NATS_STREAM_REPLICAS/,
      );
  });

  it('when a variable is missing, then the error names it', () => {
    const { DATABASE_URL: _d, ...rest } = good;
    expect(() => loadConfig('svc', serviceConfig(), rest)).toThrow(/DATABASE_URL/);
  });

  it('when several are bad, then one error names every one of them', () => {
    try {
      loadConfig('svc', serviceConfig({ NIK_HMAC_KEY: z.string().min(32) }), {
        ...good,
        NATS_URL: 'localhost',
        DATABASE_POOL_MAX: 'many',
        AUTH_ALGORITHMS: 'HS256,none',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables.sort()).toEqual([
        'AUTH_ALGORITHMS',
        'DATABASE_POOL_MAX',
        'NATS_URL',
        'NIK_HMAC_KEY',
      ]);
    }
  });

  it('when no way to verify tokens is configured, then start-up refuses', () => {
    const { AUTH_DEV_KEYS: _a, ...rest } = good;
    expect(() => loadConfig('svc', serviceConfig(), rest)).toThrow(
      /AUTH_JWKS_URL: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY/,
    );
    expect(() => loadConfig('svc', serviceConfig(), { ...rest, AUTH_JWKS_URL: 'https://idp/certs' })).toThrow(
      /AUTH_ISSUER/,
    );
  });

  it('when the staff console’s provider is half configured, then start-up names what is missing', () => {
    const { AUTH_DEV_KEYS: _a, ...rest } = good;
    const prod = {
      ...rest,
      AUTH_JWKS_URL: 'https://sso.example.go.id/certs',
      AUTH_ISSUER: 'https://sso.example.go.id',
    };
    expect(loadConfig('svc', serviceConfig(), prod).STAFF_COOKIE_SECURE).toBe(true);
    try {
      loadConfig('svc', serviceConfig(), { ...prod, OIDC_ISSUER: 'https://sso.example.go.id' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).variables.sort()).toEqual([
        'OIDC_CLIENT_ID',
        'STAFF_SESSION_SECRET',
        'STAFF_SITE_URL',
      ]);
    }
    const full = {
      ...prod,
      OIDC_ISSUER: 'https://sso.example.go.id',
      OIDC_CLIENT_ID: 'sinergi-staf',
      STAFF_SITE_URL: 'https://sinergi.example.go.id',
      STAFF_SESSION_SECRET: 'x'.repeat(32),
    };
    expect(loadConfig('svc', serviceConfig(), full).OIDC_CLIENT_ID).toBe('sinergi-staf');
    expect(() => loadConfig('svc', serviceConfig(), { ...full, OIDC_ISSUER: 'http://sso.example.go.id' })).toThrow(
      /OIDC_ISSUER: must be https/,
    );
    expect(() => loadConfig('svc', serviceConfig(), { ...full, STAFF_SESSION_SECRET: 'pendek' })).toThrow(
      /STAFF_SESSION_SECRET/,
    );
    expect(() => loadConfig('svc', serviceConfig(), { ...full, STAFF_SITE_URL: 'http://localhost:8080' })).toThrow(
      /STAFF_SITE_URL/,
    );
  });

  it('treats empty strings as unset', () => {
    expect(
      loadConfig('svc', serviceConfig(), { ...good, DEFAULT_TENANT: '', AUTH_JWKS_URL: '' }).DEFAULT_TENANT,
    ).toBeUndefined();
  });

  it('when fields fail and no token verifier is set either, then one error names all of them, not one per restart', () => {
    try {
      loadConfig('svc', serviceConfig({ NIK_HMAC_KEY: z.string().min(32) }), {});
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).variables.sort()).toEqual([
        'AUTH_JWKS_URL',
        'DATABASE_URL',
        'NATS_URL',
        'NIK_HMAC_KEY',
      ]);
    }
  });
});

describe('public URLs', () => {
  const schema = serviceConfig({
    FORM_URL: publicUrl({ default: 'http://localhost:3005/r' }),
    LINK_URL: publicUrl({ optional: true }),
  });
  const production = {
    ...good,
    AUTH_DEV_KEYS: 'false',
    AUTH_JWKS_URL: 'https://sso.bandung.go.id/certs',
    AUTH_ISSUER: 'https://sso.bandung.go.id',
  };

  it('knows loopback hosts', () => {
    for (const url of [
      'http://localhost:3002',
      'https://LOCALHOST/x',
      'http://app.localhost',
      'http://127.0.0.1:8080',
      'http://127.10.0.3',
      'http://[::1]:3005/r',
    ])
      expect(isLoopbackUrl(url), url).toBe(true);
    for (const url of [
      'https://izin.bandung.go.id',
      'http://10.0.0.5:3002',
      'http://localhost.example.org',
      'http://128.0.0.1',
      'not a url',
    ])
      expect(isLoopbackUrl(url), url).toBe(false);
  });

  it('when AUTH_DEV_KEYS is not true, then a loopback public URL, given or defaulted, is an error naming each variable', () => {
    try {
      loadConfig('svc', schema, {
        ...production,
        LINK_URL: 'http://127.0.0.1:3002/v',
        PUBLIC_BASE_URL: 'http://[::1]:3003',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables.sort()).toEqual(['FORM_URL', 'LINK_URL', 'PUBLIC_BASE_URL']);
      expect((err as ConfigError).message).toMatch(
        /FORM_URL: must be an address people reach from outside, not localhost:3005/,
      );
    }
  });

  it('accepts public addresses in production and loopback ones on a development machine', () => {
    expect(loadConfig('svc', schema, { ...production, FORM_URL: 'https://nilai.bandung.go.id/r' }).FORM_URL).toBe(
      'https://nilai.bandung.go.id/r',
    );
    expect(loadConfig('svc', schema, good).FORM_URL).toBe('http://localhost:3005/r');
  });
});
