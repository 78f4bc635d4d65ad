import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, serviceConfig } from '../src/config.js';

const good = { DATABASE_URL: 'postgres://app@db:5432/sinergi', NATS_URL: 'nats://nats:4222', AUTH_DEV_KEYS: 'true' };

describe('configuration from the environment', () => {
  it('applies defaults and coerces types', () => {
    const c = loadConfig('svc', serviceConfig(), good);
    expect(c).toMatchObject({ HOST: '0.0.0.0', LOG_LEVEL: 'info', DATABASE_POOL_MAX: 10, MIGRATE_ON_START: false, AUTH_DEV_KEYS: true, AUTH_ALGORITHMS: ['RS256', 'ES256', 'EdDSA'] });
  });

  it('when a variable is missing, then the error names it', () => {
    const { DATABASE_URL: _d, ...rest } = good;
    expect(() => loadConfig('svc', serviceConfig(), rest)).toThrow(/DATABASE_URL/);
  });

  it('when several are bad, then one error names every one of them', () => {
    try {
      loadConfig('svc', serviceConfig({ NIK_HMAC_KEY: z.string().min(32) }), { ...good, NATS_URL: 'localhost', DATABASE_POOL_MAX: 'many', AUTH_ALGORITHMS: 'HS256,none' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables.sort()).toEqual(['AUTH_ALGORITHMS', 'DATABASE_POOL_MAX', 'NATS_URL', 'NIK_HMAC_KEY']);
    }
  });

  it('when no way to verify tokens is configured, then start-up refuses', () => {
    const { AUTH_DEV_KEYS: _a, ...rest } = good;
    expect(() => loadConfig('svc', serviceConfig(), rest)).toThrow(/AUTH_JWKS_URL: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY/);
    expect(() => loadConfig('svc', serviceConfig(), { ...rest, AUTH_JWKS_URL: 'https://idp/certs' })).toThrow(/AUTH_ISSUER/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig('svc', serviceConfig(), { ...good, DEFAULT_TENANT: '', AUTH_JWKS_URL: '' }).DEFAULT_TENANT).toBeUndefined();
  });
});
