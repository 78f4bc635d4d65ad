/*
 * infra/monitoring: the Grafana dashboard parses and every PromQL expression in it names only metrics
 * and labels a started service really serves on /metrics (scraped with METRICS_TOKEN, as Prometheus
 * does), and its deadline panel matches the real CloudEvents types. promtool, when installed
 * (`apt-get install prometheus`), also checks prometheus.yml and parses every expression; without it
 * those two checks are skipped and everything else still runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '@sinergi/contracts';
import { createTestEnvironment, type TestEnvironment } from '@sinergi/testkit';
import { startSample } from './helpers.js';

const monitoring = (file: string) => fileURLToPath(new URL(`../../../infra/monitoring/${file}`, import.meta.url));
const promtool = spawnSync('promtool', ['--version']).status === 0;
const TOKEN = 'monitoring-test-scrape-token';

type Panel = { title: string; targets?: { expr: string }[] };
type Dashboard = { title: string; panels: Panel[]; templating: { list: { query?: unknown; definition?: string }[] } };

const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/** Metric names of a PromQL expression: identifiers that are neither functions (followed by `(`) nor keywords. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/(?<![A-Za-z0-9_:])\d[\w.]*/g, ' ');
  const names = [...stripped.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)]
    .filter((m) => !m[2] && !KEYWORDS.has(m[1]!.toLowerCase()))
    .map((m) => m[1]!);
  return [...new Set(names)];
}

/** Label names an expression groups by or selects on. */
function labelNames(expr: string): string[] {
  const inBy = [...expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)].flatMap((m) => m[1]!.split(','));
  const inSelectors = [...expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
    [...m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!),
  );
  return [...new Set([...inBy, ...inSelectors].map((l) => l.trim()).filter(Boolean))];
}

/**
 * Each metric family of an exposition, by sample name, with its label names: those on its samples and
 * those it declares (a labelled counter has no sample until it first counts).
 */
function families(exposition: string, declared: (family: string) => string[]): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const samples = type === 'histogram' ? ['_bucket', '_count', '_sum'].map((s) => name + s) : [name!];
    for (const s of samples) byName.set(s, new Set([...declared(name!), ...(s.endsWith('_bucket') ? ['le'] : [])]));
  }
  for (const [, name, labels] of exposition.matchAll(/^([A-Za-z_:][A-Za-z0-9_:]*)\{([^}]*)\}/gm)) {
    for (const [, label] of labels!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)="/g)) byName.get(name!)?.add(label!);
  }
  return byName;
}

const dashboard = JSON.parse(await readFile(monitoring('grafana-sinergi.json'), 'utf8')) as Dashboard;
const expressions = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

describe('the PromQL reader of this test', () => {
  it('finds metric and label names, so a misspelt metric in the dashboard would fail below', () => {
    const expr =
      'histogram_quantile(0.95, sum by (service, route, le) (rate(http_requests_secs_bucket{service=~"$service"}[$__rate_interval]))) / max(dead_letters offset 5m)';
    expect(metricNames(expr).sort()).toEqual(['dead_letters', 'http_requests_secs_bucket']);
    expect(labelNames(expr).sort()).toEqual(['le', 'route', 'service']);
  });
});

describe('infra/monitoring/grafana-sinergi.json', () => {
  let env: TestEnvironment;
  let exposed: Map<string, Set<string>>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const svc = await startSample(env, { METRICS_TOKEN: TOKEN });
    try {
      await svc.app.inject({ method: 'GET', url: '/health/live' });
      const res = await svc.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.statusCode).toBe(200);
      // every series carries the registry's default label `service`, plus the labels its metric declares
      const declared = (family: string) => {
        const metric = svc.ctx.metrics.registry.getSingleMetric(family) as { labelNames?: string[] } | undefined;
        return ['service', ...(metric?.labelNames ?? [])];
      };
      exposed = families(res.body, declared);
    } finally {
      await svc.stop();
    }
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('has a panel for each thing an operator watches', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase());
    for (const wanted of [
      'requests per second',
      '5xx error ratio',
      'p95 latency',
      'outbox backlog',
      'consumer lag',
      'dead letters',
      'events handled by outcome',
      'deadlines breached',
    ]) {
      expect(
        titles.some((t) => t.includes(wanted)),
        wanted,
      ).toBe(true);
    }
    expect(expressions.length).toBeGreaterThanOrEqual(8);
  });

  it('uses only metrics a started service serves on /metrics', () => {
    for (const { expr } of expressions) {
      const names = metricNames(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect([...exposed.keys()], `${name} in ${expr}`).toContain(name);
    }
    const variables = dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : []));
    expect(variables.length).toBeGreaterThan(0);
    for (const definition of variables) {
      const [, metric, label] = /^label_values\((\w+),\s*(\w+)\)$/.exec(definition) ?? [];
      expect([...(exposed.get(metric ?? '') ?? [])], definition).toContain(label);
    }
    // the metrics the kit promises (src/metrics.ts) all appear in the dashboard
    const used = new Set(expressions.flatMap((e) => metricNames(e.expr)));
    for (const name of [
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_bucket',
      'outbox_published_total',
      'outbox_publish_failures_total',
      'outbox_backlog',
      'dead_letters',
      'events_handled_total',
      'event_redeliveries_total',
      'consumer_pending',
    ])
      expect(used, name).toContain(name);
  });

  it('groups and selects only on labels those metrics carry', () => {
    for (const { expr } of expressions) {
      const labels = new Set(metricNames(expr).flatMap((n) => [...(exposed.get(n) ?? [])]));
      for (const label of labelNames(expr)) expect([...labels], `${label} in ${expr}`).toContain(label);
    }
  });

  it('counts deadline breaches by the real CloudEvents types of packages/contracts', () => {
    const deadline = expressions.filter((e) => /deadline/i.test(e.panel));
    expect(deadline.length).toBe(1);
    const pattern = /type=~"([^"]+)"/.exec(deadline[0]!.expr)![1]!;
    const matching = eventCatalog.types.filter((t) => new RegExp(`^(?:${pattern})$`).test(t));
    expect(matching).toEqual(['sinergi.complaints.report.deadline-breached.v1']);
  });

  it.skipIf(!promtool)('parses every expression with promtool (skipped where promtool is not installed)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sinergi-promtool-'));
    try {
      const rules = expressions.map(
        (e, i) =>
          `      - record: sinergi:dashboard:${i}\n        expr: ${JSON.stringify(e.expr.replace(/\$__rate_interval/g, '5m').replace(/\$service/g, '.*'))}`,
      );
      await writeFile(join(dir, 'rules.yml'), `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
      const run = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('infra/monitoring/prometheus.yml', () => {
  it.skipIf(!promtool)('passes promtool check config (skipped where promtool is not installed)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sinergi-promtool-'));
    try {
      // the token file compose mounts at /run/secrets/metrics_token, here in a scratch directory
      await writeFile(join(dir, 'metrics_token'), TOKEN);
      const config = (await readFile(monitoring('prometheus.yml'), 'utf8')).replace(
        '/run/secrets/metrics_token',
        join(dir, 'metrics_token'),
      );
      expect(config).toContain(join(dir, 'metrics_token'));
      await writeFile(join(dir, 'prometheus.yml'), config);
      const run = spawnSync('promtool', ['check', 'config', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
      expect(run.status, run.stdout + run.stderr).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
