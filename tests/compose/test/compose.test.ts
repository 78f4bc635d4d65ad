import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { budgetingConfig } from '@sinergi/budgeting/dist/config.js';
import { complaintsConfig } from '@sinergi/complaints/dist/config.js';
import { licensingConfig } from '@sinergi/licensing/dist/config.js';
import { officialRatingConfig } from '@sinergi/official-rating/dist/config.js';
import { ConfigError, loadConfig } from '@sinergi/service-kit';
import { socialIntakeConfig } from '@sinergi/social-intake/dist/config.js';
import { readFileSync } from 'node:fs';
import { compose, composeFile, containerEnv, documentedEnv, interpolate, referenced, root } from './compose-file.js';

const SERVICES: Record<string, z.ZodObject> = {
  budgeting: budgetingConfig,
  complaints: complaintsConfig,
  licensing: licensingConfig,
  'official-rating': officialRatingConfig,
  'social-intake': socialIntakeConfig,
};

const badVariables = (schema: z.ZodType, env: Record<string, string>) => {
  try {
    loadConfig('x', schema, env);
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.variables.sort();
  }
};

describe('docker-compose.yml', () => {
  it('passes dclint (the Compose Specification schema and its error rules) without errors', () => {
    const [result] = new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] }).lintFiles(
      [composeFile],
      false,
    );
    // dclint's declaration files import without extensions, so under NodeNext its message type is lost
    const messages = result!.messages as Array<{ type: string; line: number; message: string; rule: string }>;
    const errors = messages.filter((m) => m.type === 'error').map((m) => `${m.line}: ${m.message} (${m.rule})`);
    expect(errors).toEqual([]);
    // dclint parses the whole file: several seconds on a busy machine
  }, 60_000);

  it('names in its profiles only services that exist', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const profile of service.profiles ?? []) {
        if (profile !== 'all' && profile !== 'monitoring')
          expect(Object.keys(SERVICES), `${name}: profile ${profile}`).toContain(profile);
      }
    }
    expect(
      Object.keys(compose.services)
        .filter((s) => s in SERVICES)
        .sort(),
    ).toEqual(Object.keys(SERVICES).sort());
  });

  it.each(Object.keys(SERVICES))(
    'passes %s every variable it reads, and each variable it takes from .env is listed in .env.example or printed by sinergi secrets',
    (name) => {
      const environment = compose.services[name]!.environment!;
      // migrations run in their own job, as the owner role (its DATABASE_URL); the service never gets that URL
      const notNeeded = ['DATABASE_MIGRATION_URL'];
      expect(Object.keys(SERVICES[name]!.shape).filter((v) => !notNeeded.includes(v) && !(v in environment))).toEqual(
        [],
      );
      const fromDotenv = Object.values(environment).flatMap((v) => referenced(String(v)));
      expect(fromDotenv.filter((v) => !(v in documentedEnv))).toEqual([]);
    },
  );

  it.each(Object.keys(SERVICES))('gives %s every variable it requires', (name) => {
    const required = badVariables(SERVICES[name]!, {});
    expect(required.length).toBeGreaterThan(0);
    const environment = compose.services[name]!.environment!;
    expect(required.filter((v) => !(v in environment))).toEqual([]);
  });

  it('runs each service after its directory, migration and configuration jobs, restarting only the service itself', () => {
    for (const name of Object.keys(SERVICES)) {
      const service = compose.services[name]!;
      expect(service.restart).toBe('unless-stopped');
      for (const job of ['directory', `${name}-migrate`, `${name}-config`]) {
        expect(service.depends_on?.[job], `${name} waits for ${job}`).toEqual({
          condition: 'service_completed_successfully',
        });
        expect(compose.services[job]!.restart, job).toBe('no');
      }
      expect(compose.services[`${name}-config`]!.command).toEqual([
        'node',
        `services/${name}/dist/main.js`,
        '--check-config',
      ]);
      expect(compose.services[`${name}-config`]!.environment).toEqual(service.environment);
    }
  });

  it('gives each migration job its database as the owner role and nothing else; the service logs in as its runtime role', () => {
    const login = (url: string) => {
      const u = new URL(interpolate(url, documentedEnv));
      return { user: u.username, database: u.pathname };
    };
    for (const name of Object.keys(SERVICES)) {
      const job = compose.services[`${name}-migrate`]!;
      const service = compose.services[name]!.environment!;
      const base = `sinergi_${name.replaceAll('-', '_')}`;
      expect(job.command).toEqual(['node', `services/${name}/dist/migrate.js`]);
      expect(Object.keys(job.environment!).sort()).toEqual(['DATABASE_APP_ROLE', 'DATABASE_URL']);
      expect(login(job.environment!.DATABASE_URL!)).toEqual({ user: `${base}_owner`, database: `/${base}` });
      expect(login(service.DATABASE_URL!)).toEqual({ user: `${base}_runtime`, database: `/${base}` });
      expect([job.environment!.DATABASE_APP_ROLE, service.DATABASE_APP_ROLE]).toEqual([`${base}_app`, `${base}_app`]);
      expect(job.depends_on?.['db-setup']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('uses the PostgreSQL superuser only in the db-setup job, which gives each role its own password', () => {
    const superuser = /postgres:\/\/sinergi:/;
    const users = Object.entries(compose.services).filter(([, s]) =>
      Object.values(s.environment ?? {}).some((v) => superuser.test(String(v))),
    );
    expect(users.map(([name]) => name)).toEqual(['db-setup']);
    const setup = compose.services['db-setup']!;
    expect(setup.command).toEqual(['node', 'packages/cli/dist/main.js', 'db', 'setup']);
    const passwords = Object.keys(setup.environment!).filter((k) => k !== 'SINERGI_POSTGRES_URL');
    expect(passwords).toHaveLength(2 * Object.keys(SERVICES).length);
    for (const v of passwords) expect(documentedEnv[v], v).toMatch(/^[A-Za-z0-9_-]{24,}$/);
  });

  it('limits every container’s memory and CPU, and rotates every container’s logs', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      const limits = s.deploy?.resources?.limits;
      expect(limits?.memory, `${name} memory limit`).toMatch(/^\d+[MG]$/);
      expect(Number(limits?.cpus), `${name} cpu limit`).toBeGreaterThan(0);
      const log = s.logging;
      expect(['json-file', 'local'], `${name} log driver`).toContain(log?.driver);
      if (log?.driver === 'json-file') {
        expect(log.options?.['max-size'], `${name} max-size`).toMatch(/^\d+[kmg]$/);
        expect(Number(log.options?.['max-file']), `${name} max-file`).toBeGreaterThan(0);
      }
    }
  });

  it('sets each service’s memory limit to the README’s, at least 1.5 times the peak measured there', () => {
    const readme = readFileSync(root('README.md'), 'utf8');
    for (const name of Object.keys(SERVICES)) {
      const row = new RegExp(`^\\| ${name} +\\| (\\d+) MiB +\\| (\\d+) MiB +\\| (\\d+)M +\\|`, 'm').exec(readme);
      expect(row, `README's resource table lists ${name}`).not.toBeNull();
      const [, , peak, documented] = row!.map(Number);
      const limit = compose.services[name]!.deploy!.resources!.limits!.memory!;
      expect(limit, name).toBe(`${documented}M`);
      expect(documented!, name).toBeGreaterThanOrEqual(1.5 * peak!);
    }
  });

  it('with .env from .env.example and sinergi secrets, every service lacks only the settings a region must choose', () => {
    for (const name of Object.keys(SERVICES)) {
      const bad = badVariables(SERVICES[name]!, containerEnv(name, documentedEnv));
      // the identity provider; licensing's, official-rating's and social-intake's public links default to localhost, refused in production
      const expected = {
        licensing: ['AUTH_JWKS_URL', 'PUBLIC_VERIFY_BASE_URL'],
        'official-rating': ['AUTH_JWKS_URL', 'RATING_FORM_URL'],
        'social-intake': ['AUTH_JWKS_URL', 'REPORT_TRACKING_URL'],
      }[name] ?? ['AUTH_JWKS_URL'];
      expect(bad, name).toEqual(expected);
    }
  });

  it('with those settings filled in, every service accepts its configuration; on one machine AUTH_DEV_KEYS=true is enough', () => {
    const region = {
      ...documentedEnv,
      AUTH_JWKS_URL: 'https://sso.example.go.id/realms/pemda/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://sso.example.go.id/realms/pemda',
      PUBLIC_VERIFY_BASE_URL: 'https://izin.example.go.id',
      RATING_FORM_URL: 'https://nilai.example.go.id/r',
      REPORT_TRACKING_URL: 'https://lapor.example.go.id/lapor/lacak',
    };
    for (const name of Object.keys(SERVICES)) {
      expect(badVariables(SERVICES[name]!, containerEnv(name, region)), name).toEqual([]);
      expect(
        badVariables(SERVICES[name]!, containerEnv(name, { ...documentedEnv, AUTH_DEV_KEYS: 'true' })),
        name,
      ).toEqual([]);
    }
  });
});

describe('the gateway in docker-compose.yml', () => {
  const every = [...Object.keys(SERVICES), 'all'].sort();

  it('runs the official nginx image in every profile, after its config job, published on 127.0.0.1 only', () => {
    const gateway = compose.services.gateway!;
    expect(gateway.image).toMatch(/^nginx:\d/);
    expect([...gateway.profiles!].sort()).toEqual(every);
    expect([...compose.services['gateway-config']!.profiles!].sort()).toEqual(every);
    expect(gateway.depends_on).toEqual({ 'gateway-config': { condition: 'service_completed_successfully' } });
    expect(gateway.ports!.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    expect(gateway.command).toEqual(['nginx', '-c', '/etc/sinergi-gateway/nginx.conf', '-g', 'daemon off;']);
  });

  it('renders the config with infra/gateway/render.mjs and points each upstream at its service and port', () => {
    const job = compose.services['gateway-config']!;
    expect(job.command).toEqual(['node', '/gateway/render.mjs', '/etc/sinergi-gateway']);
    expect(job.volumes).toContain('./infra/gateway:/gateway:ro');
    const env = containerEnv('gateway-config', documentedEnv);
    for (const name of Object.keys(SERVICES)) {
      const port = compose.services[name]!.environment!.PORT;
      expect(env[`SINERGI_UPSTREAM_${name.toUpperCase().replace(/-/g, '_')}`], name).toBe(`${name}:${port}`);
    }
    // a region leaves a service out of its site by setting its upstream empty
    expect(
      containerEnv('gateway-config', { ...documentedEnv, SINERGI_UPSTREAM_LICENSING: '' }).SINERGI_UPSTREAM_LICENSING,
    ).toBe('');
  });

  it('tells the services behind it to trust its X-Forwarded-* headers', () => {
    for (const name of Object.keys(SERVICES)) expect(containerEnv(name, documentedEnv).TRUST_PROXY, name).toBe('true');
  });
});

describe('npm test', () => {
  it('runs on Node.js 24 (the node package in devDependencies), whatever Node runs npm', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });
});
