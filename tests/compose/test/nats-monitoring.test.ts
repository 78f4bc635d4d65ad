/*
 * docker-compose.yml's NATS with least privilege and its monitoring profile, checked against
 * infra/nats/nats-server.conf, infra/monitoring/prometheus.yml and the services' own definitions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NATS_USERS, natsPasswordVariable } from '@sinergi/cli/secrets';
import { EventConsumer, type ServiceDefinition } from '@sinergi/service-kit';
import { budgeting } from '@sinergi/budgeting/dist/app.js';
import { complaints } from '@sinergi/complaints/dist/app.js';
import { licensing } from '@sinergi/licensing/dist/app.js';
import { officialRating } from '@sinergi/official-rating/dist/app.js';
import { socialIntake } from '@sinergi/social-intake/dist/app.js';
import { compose, containerEnv, documentedEnv, referenced, root } from './compose-file.js';

const SERVICES = { budgeting, complaints, licensing, 'official-rating': officialRating, 'social-intake': socialIntake };

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
  const DEFINITIONS = SERVICES as unknown as Record<string, ServiceDefinition<unknown, never, unknown>>;

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
