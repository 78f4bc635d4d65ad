import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DCLinter } from 'dclint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { z } from 'zod';
import { NATS_USERS, natsPasswordVariable, secretsEnv } from '@sinergi/cli/secrets';
import { budgetingConfig } from '@sinergi/budgeting/dist/config.js';
import { complaintsConfig } from '@sinergi/complaints/dist/config.js';
import { licensingConfig } from '@sinergi/licensing/dist/config.js';
import { officialRatingConfig } from '@sinergi/official-rating/dist/config.js';
import { ConfigError, EventConsumer, loadConfig, type ServiceDefinition } from '@sinergi/service-kit';
import { budgeting } from '@sinergi/budgeting/dist/app.js';
import { complaints } from '@sinergi/complaints/dist/app.js';
import { licensing } from '@sinergi/licensing/dist/app.js';
import { officialRating } from '@sinergi/official-rating/dist/app.js';
import { socialIntake } from '@sinergi/social-intake/dist/app.js';
import { socialIntakeConfig } from '@sinergi/social-intake/dist/config.js';

const root = (file: string) => fileURLToPath(new URL(`../../../${file}`, import.meta.url));
const composeFile = root('docker-compose.yml');

type ComposeService = {
  environment?: Record<string, string>;
  secrets?: string[];
  command?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  image?: string;
  ports?: string[];
  volumes?: string[];
};
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets?: Record<string, { environment?: string; file?: string }>;
};

const SERVICES: Record<string, z.ZodObject> = {
  budgeting: budgetingConfig,
  complaints: complaintsConfig,
  licensing: licensingConfig,
  'official-rating': officialRatingConfig,
  'social-intake': socialIntakeConfig,
};

/** KEY=value lines of a .env text (comments and blanks skipped; single quotes taken literally). */
const dotenv = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'(.*)'$/, '$1')]),
  );

const example = readFileSync(root('.env.example'), 'utf8');
/** The documented flow: `cp .env.example .env && npx sinergi secrets >> .env`. */
const documentedEnv = { ...dotenv(example), ...dotenv(secretsEnv()) };

/** Compose's interpolation of ${NAME}, ${NAME:-default}, ${NAME-default} and ${NAME:?message}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{([A-Z_][A-Z0-9_]*)(?:(:?-)([^}]*)|:?\?[^}]*)?\}/g,
    (_m, name: string, op?: string, fallback?: string) => {
      const v = env[name];
      if (op === ':-') return v ? v : (fallback ?? '');
      if (op === '-') return v ?? fallback ?? '';
      return v ?? '';
    },
  );
}
const referenced = (value: string) => [...value.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]!);

/** The environment compose gives a container, from a .env. */
const containerEnv = (service: string, env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), env)]),
  );

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
  });

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
      // the owner connection is the one DATABASE_URL; migrations run in their own job
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

  it('gives each migration job its database URL and nothing else', () => {
    for (const name of Object.keys(SERVICES)) {
      const job = compose.services[`${name}-migrate`]!;
      expect(job.command).toEqual(['node', `services/${name}/dist/migrate.js`]);
      expect(Object.keys(job.environment!)).toEqual(['DATABASE_URL']);
      expect(job.environment!.DATABASE_URL).toBe(compose.services[name]!.environment!.DATABASE_URL);
    }
  });

  it('with .env from .env.example and sinergi secrets, every service lacks only the settings a region must choose', () => {
    for (const name of Object.keys(SERVICES)) {
      const bad = badVariables(SERVICES[name]!, containerEnv(name, documentedEnv));
      // the identity provider; licensing's and official-rating's public links default to localhost, refused in production
      const expected = {
        licensing: ['AUTH_JWKS_URL', 'PUBLIC_VERIFY_BASE_URL'],
        'official-rating': ['AUTH_JWKS_URL', 'RATING_FORM_URL'],
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

describe('NATS with least privilege in docker-compose.yml', () => {
  const conf = readFileSync(root('infra/nats/nats-server.conf'), 'utf8');
  const users = [...conf.matchAll(/^\s*user:\s*"([^"]+)"/gm)].map((m) => m[1]!);

  it('runs nats-server with infra/nats/nats-server.conf and gives it every password the file reads', () => {
    const nats = compose.services.nats!;
    expect(nats.volumes).toContain('./infra/nats/nats-server.conf:/etc/nats/sinergi.conf:ro');
    expect(nats.command!.slice(0, 2)).toEqual(['-c', '/etc/nats/sinergi.conf']);
    const read = [...conf.matchAll(/password:\s*\$(\w+)/g)].map((m) => m[1]!).sort();
    expect(Object.keys(nats.environment!).sort()).toEqual(read);
    // each from .env, printed by sinergi secrets
    for (const [name, value] of Object.entries(nats.environment!)) {
      expect(referenced(value)).toEqual([name]);
      expect(documentedEnv[name], name).toMatch(/^[a-z][0-9a-f]{48}$/);
    }
  });

  it('has one user per service, the CLI and operators, as sinergi secrets prints their passwords', () => {
    expect([...users].sort()).toEqual([...Object.keys(SERVICES), 'cli', 'ops'].sort());
    expect([...NATS_USERS].sort()).toEqual([...users].sort());
  });

  /** The block of the file that defines one user's permissions. */
  const grantsOf = (user: string) => {
    const start = conf.indexOf(`user: "${user}"`);
    const end = conf.indexOf('user: "', start + 1);
    return conf.slice(start, end === -1 ? undefined : end);
  };
  const DEFINITIONS = {
    budgeting,
    complaints,
    licensing,
    'official-rating': officialRating,
    'social-intake': socialIntake,
  } as unknown as Record<string, ServiceDefinition<unknown, never, unknown>>;

  it.each(Object.keys(SERVICES))(
    'grants %s exactly the durable consumers its definition starts, each with its filter, and its own events',
    (name) => {
      // the consumer factories only keep what they are given; nothing connects here
      const ctx = {
        name,
        logger: { warn() {}, info() {}, error() {}, debug() {} },
        config: { EVENT_PREFIX: 'sinergi' },
      };
      const definitions = DEFINITIONS[name]!.consumers?.(ctx as never, {} as never) ?? [];
      const wanted = definitions.map((d) => {
        const { stream, filter } = new EventConsumer(d, { prefix: 'sinergi' } as never).source();
        return `${stream} ${d.name} ${filter}`;
      });
      const grants = grantsOf(name);
      const granted = [...grants.matchAll(/"\$JS\.API\.CONSUMER\.CREATE\.(SINERGI_[A-Z_]+)\.([a-z-]+)\.([^"]+)"/g)].map(
        (m) => `${m[1]} ${m[2]} ${m[3]}`,
      );
      expect(granted.sort()).toEqual(wanted.sort());
      for (const w of wanted) {
        const [stream, consumer] = w.split(' ');
        for (const subject of [
          `$JS.API.CONSUMER.INFO.${stream}.${consumer}`,
          `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
          `$JS.ACK.${stream}.${consumer}.>`,
        ])
          expect(grants, subject).toContain(`"${subject}"`);
      }
      expect(grants).toContain(`"sinergi.${name}.>"`);
      expect([...grants.matchAll(/"(sinergi\.[^"]+)"/g)].map((m) => m[1])).toEqual([`sinergi.${name}.>`]);
      expect(grants).toContain(`subscribe: { allow: ["_INBOX.${name}.>"] }`);
    },
  );

  it('logs each service in as its own user, and the directory job as cli, the only writer of the bucket', () => {
    for (const name of Object.keys(SERVICES)) {
      const env = containerEnv(name, documentedEnv);
      expect(env.NATS_USER, name).toBe(name);
      expect(env.NATS_PASSWORD, name).toBe(documentedEnv[natsPasswordVariable(name)]);
    }
    const directory = containerEnv('directory', documentedEnv);
    expect(directory.NATS_USER).toBe('cli');
    expect(directory.NATS_PASSWORD).toBe(documentedEnv.NATS_CLI_PASSWORD);
    const kvWriters = conf.split(/\n\s*\{\s*\n/).filter((block) => block.includes('"$KV.sinergi-directory.>"'));
    expect(kvWriters.map((b) => /user:\s*"([^"]+)"/.exec(b)?.[1])).toEqual(['cli']);
  });
});

describe('monitoring in docker-compose.yml', () => {
  const prometheus = parse(readFileSync(root('infra/monitoring/prometheus.yml'), 'utf8')) as {
    scrape_configs: {
      authorization?: { type?: string; credentials_file?: string };
      static_configs: { targets: string[] }[];
    }[];
  };

  it('starts Prometheus and Grafana only in the monitoring profile, published on 127.0.0.1', () => {
    for (const name of ['prometheus', 'grafana']) {
      const service = compose.services[name]!;
      expect(service.profiles, name).toEqual(['monitoring']);
      expect(
        service.ports!.every((p) => p.startsWith('127.0.0.1:')),
        name,
      ).toBe(true);
    }
    expect(compose.services.prometheus!.volumes).toContain(
      './infra/monitoring/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
    );
  });

  it('scrapes every service on its compose host and port with the token the services ask for', () => {
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets)).sort();
    expect(targets).toEqual(
      Object.keys(SERVICES)
        .map((name) => `${name}:${compose.services[name]!.environment!.PORT}`)
        .sort(),
    );
    for (const job of prometheus.scrape_configs) {
      expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics_token' });
    }
    // the file is compose's secret metrics_token, made from the same METRICS_TOKEN every service reads
    expect(compose.services.prometheus!.secrets).toEqual(['metrics_token']);
    expect(compose.secrets?.metrics_token).toEqual({ environment: 'METRICS_TOKEN' });
    for (const name of Object.keys(SERVICES)) {
      expect(compose.services[name]!.environment!.METRICS_TOKEN, name).toMatch(/^\$\{METRICS_TOKEN:\?/);
      expect(containerEnv(name, documentedEnv).METRICS_TOKEN, name).toBe(documentedEnv.METRICS_TOKEN);
    }
  });
});
