/**
 * The hostile-input sweep: every service under services/ runs from its dist as a process, and every
 * operation of its /openapi.json gets generated input (fast-check, from the operation's schemas) and
 * fixed hostile variants, from every kind of caller. Any 5xx, non-problem+json error, internals in an
 * answer, bad token accepted, planted personal data in a public answer, a log line or an event, or an
 * ERROR log line fails it. SWEEP_SEED replays a run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentEnv, discoverServices } from '@sinergi/cli/services';
import {
  createTestEnvironment,
  repositoryRoot as root,
  startServiceProcess,
  TEST_REGIONS,
  type TestEnvironment,
} from '@sinergi/testkit';
import { callers, TENANT } from './support/callers.js';
import { checkEvents, checkLogs, type Caller, type Failure } from './support/checks.js';
import { hostileShapes, plain } from './support/hostile.js';
import { operationArbitrary, operationSeed, operationsOf, type Operation, type Sample } from './support/operations.js';
import { plantedValues } from './support/personal.js';
import { known } from './support/schema-arbitrary.js';
import { seedBodies } from './support/platforms.js';
import { rawCases, sendRaw } from './support/raw-http.js';
import { BROWSER_ACCEPT, Sweeper } from './support/sweeper.js';

const SEED = Number(process.env.SWEEP_SEED ?? Date.UTC(2026, 11, 7) / 1000);
/** Generated requests per operation with its main caller, beyond one per caller and the fixed hostile ones. */
const EXTRA_SAMPLES = 4;
/** Planting rounds per writing operation (personal data in every free-text field). */
const PLANTS = 3;
/** Known ids tried per reading operation, as an anonymous caller and as an auditor. */
const READ_BACKS = 4;
const BANDUNG = JSON.parse(readFileSync(`${root}infra/directory/32.73-kota-bandung.json`, 'utf8')) as unknown;
const REGIONS = [BANDUNG, ...TEST_REGIONS.filter((r) => r.code !== TENANT)];
const planted = plantedValues(SEED);

let everyone: Caller[];
beforeAll(async () => {
  everyone = await callers();
  console.warn(`sweep seed ${SEED} (replay with SWEEP_SEED=${SEED})`);
});

const byName = (name: string) => everyone.find((c) => c.name === name)!;
const mainCaller = (op: Operation) => (op.secured ? byName('admin') : byName('anonymous'));
const samplesOf = (op: Operation, sweep: Sweeper, n: number, plant: boolean): Sample[] =>
  fc.sample(
    operationArbitrary(
      op,
      { pool: sweep.pool, ...(plant ? { planted } : {}) },
      seedBodies(`Jalan rusak. HP ${planted.phone}, NIK ${planted.nik}, ${planted.email}`, planted.name)[op.key] ?? [],
    ),
    {
      seed: operationSeed(SEED + (plant ? 1 : 0), op.key),
      numRuns: n,
    },
  );

async function sweepService(
  name: string,
  env: TestEnvironment,
): Promise<{
  failures: Failure[];
  requests: number;
  statuses: Sweeper['statuses'];
  timeByLabel: Sweeper['timeByLabel'];
}> {
  await env.applyDirectory(REGIONS);
  const nc = await connect({ servers: env.natsUrl });
  const events: Array<{ subject: string; data: string }> = [];
  const sub = nc.subscribe(`${env.eventPrefix}.>`, {
    callback: (_err, m) => void events.push({ subject: m.subject, data: m.string() }),
  });
  const serviceEnv: Record<string, string> = {
    DEFAULT_TENANT: TENANT,
    ...developmentEnv(`${root}services/${name}`),
    ...env.env,
    LOG_LEVEL: 'info',
    AUTH_DEV_KEYS: 'true',
    // rate limits would answer 429 before the hostile input reaches a parser or a handler
    SUBMIT_RATE_PER_MINUTE: '1000000',
    COUNTER_TOKENS_PER_HOUR: '1000000',
    // the demo budget year (thousands of writes at start) would only race the sweep's own requests
    SEED_DEMO_BUDGET: 'false',
  };
  const proc = await startServiceProcess(name, serviceEnv);
  const sweep = new Sweeper({ url: proc.url, env: serviceEnv, planted });
  const extra: Failure[] = [];
  try {
    const doc = (await (await fetch(`${proc.url}/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
    const ops = operationsOf(doc);
    expect(ops.length, `${name} documents no operation`).toBeGreaterThan(0);
    sweep.learn(REGIONS);

    // 0. learn ids and codes from what the service lists (categories, units, keys) before writing
    for (const op of ops.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
      const [s] = samplesOf(op, sweep, 1, false);
      for (const who of ['admin', 'anonymous'])
        await sweep.send(op, plain(op, { ...s!, query: {} }, 'discovery'), byName(who));
    }

    // 1. plant personal data through every writing operation, creating things first, so the reads below find it
    const writes = ops
      .filter((o) => o.method !== 'GET' && o.method !== 'DELETE')
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length);
    for (const op of writes) {
      const who = op.secured ? ['admin', 'officer', 'integrator'] : ['anonymous', 'citizen', 'integrator'];
      for (const [i, s] of samplesOf(op, sweep, PLANTS, true).entries())
        await sweep.send(op, plain(op, s, 'personal data planted'), byName(who[i % who.length]!));
    }

    // 2. every operation, reads first and deletions last: generated input from every caller, then the hostile variants
    const order = (o: Operation) => (o.method === 'GET' ? 0 : o.method === 'DELETE' ? 2 : 1);
    for (const op of [...ops].sort((a, b) => order(a) - order(b))) {
      const samples = samplesOf(op, sweep, everyone.length + EXTRA_SAMPLES, false);
      for (const [i, caller] of everyone.entries()) await sweep.send(op, plain(op, samples[i]!), caller);
      for (const s of samples.slice(everyone.length)) await sweep.send(op, plain(op, s), mainCaller(op));
      for (const shape of hostileShapes(op, samples[0]!)) await sweep.send(op, shape, mainCaller(op));
      if (op.method === 'GET') {
        await sweep.send(op, plain(op, samples[1]!, 'a browser asking for HTML'), byName('anonymous'), BROWSER_ACCEPT);
        await sweep.send(op, plain(op, samples[2]!, 'a browser asking for HTML'), byName('auditor'), BROWSER_ACCEPT);
      }
    }

    // 3. what anonymous callers and auditors read back of the planted data, by every id the sweep has seen
    for (const op of ops.filter((o) => o.method === 'GET' && o.params.some((p) => p.in === 'path'))) {
      const [s] = samplesOf(op, sweep, 1, false);
      const pathParams = op.params.filter((p) => p.in === 'path');
      for (let i = 0; i < READ_BACKS; i++) {
        const path = Object.fromEntries(
          pathParams.map((p) => [p.name, known(sweep.pool, p.name, p.schema ?? {})[i] ?? s!.path[p.name]!]),
        );
        for (const who of ['anonymous', 'auditor'])
          await sweep.send(op, plain(op, { ...s!, path }, 'read back'), byName(who));
      }
    }

    // 4. malformed HTTP on a raw socket, against the first operation that takes a JSON body
    const target =
      ops.find((o) => o.bodyTypes.some((t) => t.includes('json')) && !o.path.includes('{'))?.path ?? '/health/live';
    for (const c of rawCases(target, Number(serviceEnv.BODY_LIMIT_BYTES ?? 1_048_576))) {
      sweep.requests++;
      const answer = await sendRaw(proc.url, c);
      const request = `(${c.label}) raw socket, ${target}`;
      if ('error' in answer) extra.push({ kind: 'no-answer', operation: 'raw HTTP', request, answer: answer.error });
      else if (!(answer.headers as Record<string, string>)['content-type']?.startsWith('application/problem+json')) {
        extra.push({
          kind: 'not-problem-json',
          operation: 'raw HTTP',
          request,
          status: answer.status,
          answer: answer.text.slice(0, 500),
        });
      }
    }

    // the outbox relay publishes shortly after each commit: wait until the events stop coming
    for (let last = -1, quiet = 0, rounds = 0; quiet < 3 && rounds < 15; rounds++) {
      await new Promise((r) => setTimeout(r, 400));
      quiet = events.length === last ? quiet + 1 : 0;
      last = events.length;
    }
  } finally {
    await proc.stop();
    sub.unsubscribe();
    await nc.close();
  }
  return {
    failures: [
      ...sweep.failures,
      ...extra,
      ...checkLogs(proc.lines, planted, sweep.byRequestId),
      ...checkEvents(events, planted),
    ],
    requests: sweep.requests,
    statuses: sweep.statuses,
    timeByLabel: sweep.timeByLabel,
  };
}

function summarise(name: string, failures: Failure[], requests: number): string {
  const kinds = new Map<string, Failure[]>();
  for (const f of failures) kinds.set(f.kind, [...(kinds.get(f.kind) ?? []), f]);
  const lines = [`${name}: ${requests} requests, ${failures.length} failures (seed ${SEED})`];
  for (const [kind, list] of kinds) {
    const ops = [...new Set(list.map((f) => f.operation))];
    lines.push(
      `  ${kind}: ${list.length} in ${ops.length} operations: ${ops.slice(0, 12).join(', ')}${ops.length > 12 ? ', …' : ''}`,
    );
    for (const f of list.slice(0, 3)) {
      lines.push(
        `    ${f.operation}${f.note ? ` — ${f.note}` : ''}\n      request: ${f.request.slice(0, 400)}\n      status ${f.status ?? '-'}: ${f.answer.slice(0, 500).replace(/\n/g, '\\n')}`,
      );
    }
  }
  return lines.join('\n');
}

describe('hostile-input sweep of every service', () => {
  // SWEEP_SERVICES=complaints,licensing narrows a replay; the suite always sweeps every service
  const services = discoverServices().filter(
    (s) => !process.env.SWEEP_SERVICES || process.env.SWEEP_SERVICES.split(',').includes(s),
  );
  const envs: TestEnvironment[] = [];
  afterAll(async () => {
    for (const e of envs) await e.cleanup();
  });

  it('finds services to sweep', () => expect(services.length).toBeGreaterThan(0));

  it.each(services)(
    '%s: no 5xx, no non-problem errors, no internals, no personal data where it must not be',
    async (name) => {
      const env = await createTestEnvironment();
      envs.push(env);
      const { failures, requests, statuses, timeByLabel } = await sweepService(name, env);
      const summary = summarise(name, failures, requests);
      console.warn(summary);
      writeFileSync(
        `${tmpdir()}/sinergi-sweep-${name}.json`,
        JSON.stringify({ seed: SEED, requests, timeByLabel, statuses, failures }, null, 1),
      );
      if (failures.length > 0) throw new Error(`${summary}\nall failures: ${tmpdir()}/sinergi-sweep-${name}.json`);
    },
  );
});
