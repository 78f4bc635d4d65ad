/**
 * `npm run bench`: submissions per second and latency of POST /v1/reports, beside the raw
 * PostgreSQL rate of an equivalent insert transaction, measured in the same run.
 *
 * 1. A fresh database (migrated from scratch), its own NATS stream prefix and directory bucket
 *    holding Kota Bandung; the complaints service in this process on an ephemeral port, with the
 *    submission rate limit lifted. The load generator runs in a worker thread (bench/load.ts).
 * 2. Open loop at fixed arrival rates (latency from each request's due time), then closed loop
 *    with N clients for the sustained maximum. After each phase the outbox backlog is printed and
 *    the relay is given time to empty it, so no phase pays for the previous one's events.
 * 3. The service stopped, the raw rate: BEGIN; role and tenant; INSERT report (same columns);
 *    INSERT timeline; INSERT outbox; COMMIT, over as many connections as the service's pool. Then,
 *    for diagnosis, the transaction as the service sends it (the scope with BEGIN, as the kit does,
 *    plus the duplicate search): equal rates mean the gap is JavaScript, not round trips.
 * 4. The database, the streams and the bucket are removed.
 *
 * Environment: DATABASE_URL (a server URL; the benchmark creates and drops its own database),
 * NATS_URL, BENCH_RATES (default 100,250,500,750,1000), BENCH_SECONDS (10), BENCH_CLIENTS
 * (10,32,64), BENCH_CLOSED_SECONDS (6), DATABASE_POOL_MAX (10), LOG_LEVEL (warn).
 * Targets (issue 3): p99 < 100 ms at 500/s; sustained maximum >= half the raw rate.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { reportSubmitted, subjectFor } from '@sinergi/contracts';
import { createService, migrateDatabase, workingDayDeadline, calendarFor } from '@sinergi/service-kit';
import { createScratchEnvironment, withAdminClient } from '@sinergi/testkit/scratch';
import { complaints } from '../src/app.js';
import { migrations } from '../src/db/migrations.js';
import { hashSecret, newSecret, newTrackingId } from '../src/reports/identifiers.js';
import type { Command, PhaseResult } from './load.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const list = (v: string | undefined, d: number[]) => (v ? v.split(',').map(Number) : d);
const RATES = list(process.env.BENCH_RATES, [100, 250, 500, 750, 1000]);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CLIENTS = list(process.env.BENCH_CLIENTS, [10, 32, 64]);
const CLOSED_SECONDS = Number(process.env.BENCH_CLOSED_SECONDS || 6);
const POOL = Number(process.env.DATABASE_POOL_MAX || 10);
const TENANT = '32.73';
const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);

const scratch = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'complaints',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});
const { database, databaseUrl: dbUrl, eventPrefix: prefix } = scratch;

function startWorker(url: string) {
  // a worker does not run the parent's --import hooks: register tsx in it, then load the TypeScript
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(new URL('./load.ts', import.meta.url).href);
  const boot = `import { register } from ${tsx}; register(); await import(${entry});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { url } });
  const run = (cmd: Command) =>
    new Promise<PhaseResult>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(cmd);
    });
  return { run, stop: () => worker.postMessage({ kind: 'stop' } satisfies Command) };
}

/** Counts the outbox (owner connection, so row-level security does not hide rows) and waits for the relay to empty it. */
async function openOutboxCounter() {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const count = async () => Number((await client.query<{ n: string }>('select count(*) as n from outbox')).rows[0]!.n);
  return {
    count,
    async drain(timeoutMs: number): Promise<number> {
      const start = performance.now();
      while ((await count()) > 0 && performance.now() - start < timeoutMs) await new Promise((r) => setTimeout(r, 100));
      return performance.now() - start;
    },
    close: () => client.end(),
  };
}

/** The service's submit transaction without the service: same statements, same columns, same role. */
async function rawInserts(
  connections: number,
  seconds: number,
  asService = false,
): Promise<{ rate: number; p50: number; p99: number; count: number }> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: connections });
  const calendar = calendarFor(BANDUNG);
  const description = 'Lubang besar di tengah jalan, sudah dua minggu dan membahayakan pengendara motor di malam hari.';
  let n = 0;
  const once = async (client: pg.PoolClient) => {
    const now = new Date();
    const k = n++;
    const lat = -6.97 + Math.random() * 0.13;
    const lon = 107.55 + Math.random() * 0.19;
    if (asService) {
      // as the kit does it: the scope travels with BEGIN in one round trip
      await client.query(
        `begin; select set_config('role', 'sinergi_app', true), set_config('app.tenant', '${TENANT}', true)`,
      );
    } else {
      await client.query('begin');
      await client.query("select set_config('role', 'sinergi_app', true), set_config('app.tenant', $1, true)", [
        TENANT,
      ]);
    }
    try {
      const trackingId = newTrackingId();
      if (asService) {
        // what the service adds: the duplicate search
        await client.query(
          `select id, tracking_id, lat, lon, rahasia from report where category = 'jalan-rusak' and supporting_id is null and rahasia = false
             and status in ('submitted','disposed','deferred','in-progress','followed-up') and submitted_at >= $1
             and lat >= $2 and lat <= $3 and lon >= $4 and lon <= $5 limit 50`,
          [new Date(now.getTime() - 30 * 86_400_000), lat - 0.00045, lat + 0.00045, lon - 0.00046, lon + 0.00046],
        );
      }
      const r = await client.query<{ id: string }>(
        `insert into report (tenant_id, secret_hash, open311_token, type, category, title, description, lat, lon, address, district_code, village_code,
           attachments, channel, reporter_name, reporter_phone, reporter_email, reporter_nik_masked, reporter_nik_hash, anonim, rahasia,
           source_system, source_id, source_url, status, supporting_id, submitted_at, disposition_due, updated_at, tracking_id)
         values ($1,$2,null,'pengaduan','jalan-rusak',$3,$4,$5,$6,$7,null,null,'[]','web','Warga Uji Beban','0812-3456-7890','warga@example.com',null,null,$8,false,
           null,null,null,'submitted',null,$9,$10,$9,$11) returning id, tracking_id`,
        [
          TENANT,
          hashSecret(newSecret()),
          `Laporan uji beban nomor ${k}`,
          description,
          lat,
          lon,
          `Jl. Uji Beban No. ${k % 500}`,
          k % 2 === 0,
          now,
          workingDayDeadline(now, 3, calendar),
          trackingId,
        ],
      );
      await client.query(
        `insert into report_timeline (tenant_id, report_id, actor, actor_role, action, from_status, to_status, unit, note) values ($1,$2,'reporter','reporter','submit',null,'submitted',null,null)`,
        [TENANT, r.rows[0]!.id],
      );
      const eventId = randomUUID();
      const event = {
        specversion: '1.0',
        id: eventId,
        source: `/sinergi/complaints/${TENANT}`,
        type: 'sinergi.complaints.report.submitted.v1',
        time: now.toISOString(),
        subject: trackingId,
        datacontenttype: 'application/json',
        dataschema: 'urn:sinergi:schema:sinergi.complaints.report.submitted.v1',
        tenant: TENANT,
        data: {
          trackingId,
          category: 'jalan-rusak',
          at: now.toISOString(),
          type: 'pengaduan',
          channel: 'web',
          suggestedUnit: 'dsdabm',
          location: { lat, lon },
          districtCode: null,
          villageCode: null,
          anonim: k % 2 === 0,
          rahasia: false,
          source: null,
          dispositionDue: now.toISOString(),
        },
      };
      await client.query('insert into outbox (id, tenant_id, subject, type, event) values ($1,$2,$3,$4,$5)', [
        eventId,
        TENANT,
        subjectFor(reportSubmitted.type, TENANT, prefix),
        event.type,
        JSON.stringify(event),
      ]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback');
      throw err;
    }
  };

  const phase = async (secs: number) => {
    const latencies: number[] = [];
    const start = performance.now();
    const stopAt = start + secs * 1000;
    let last = start;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < stopAt) {
            const t = performance.now();
            await once(client);
            last = performance.now();
            latencies.push(last - t);
          }
        } finally {
          client.release();
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)]!;
    return { rate: latencies.length / ((last - start) / 1000), p50: pct(0.5), p99: pct(0.99), count: latencies.length };
  };
  try {
    await phase(1); // warm-up: connections, plans
    return await phase(seconds);
  } finally {
    await pool.end();
  }
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const pad = (s: string | number, w: number) => String(s).padStart(w);

async function main() {
  const t0 = performance.now();
  console.log(`complaints submission benchmark: database ${database}, NATS prefix ${prefix}, pool ${POOL}`);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} at start (other processes skew the numbers)`,
  );
  let service: { stop(): Promise<void> } | undefined;
  try {
    await scratch.applyDirectory([BANDUNG]);

    const svc = await createService(complaints, {
      ...scratch.env,
      NIK_HMAC_KEY: randomBytes(32).toString('hex'),
      DEFAULT_TENANT: TENANT,
      SUBMIT_RATE_PER_MINUTE: '100000000',
      DATABASE_POOL_MAX: String(POOL),
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      // submissions are anonymous; a verifier is still required to start
      AUTH_DEV_KEYS: 'true',
      HOST: '127.0.0.1',
      PORT: '0',
    });
    service = svc;
    await svc.start();
    const port = (svc.app.server.address() as AddressInfo).port;
    const load = startWorker(`http://127.0.0.1:${port}`);

    const results: (PhaseResult & { backlog: number })[] = [];
    const outbox = await openOutboxCounter();
    // each phase starts with the relay caught up, so no phase pays for the previous one's events
    const phase = async (label: string, cmd: Command) => {
      process.stdout.write(`${label} ... `);
      const r = await load.run(cmd);
      const backlog = await outbox.count();
      const drained = await outbox.drain(30_000);
      results.push({ ...r, backlog });
      console.log(
        `achieved ${f(r.achieved)}/s, p99 ${f(r.p99)} ms; outbox backlog ${backlog}, drained in ${f(drained / 1000)} s`,
      );
    };
    process.stdout.write('warm-up 3 s at 100/s ... ');
    await load.run({ kind: 'open', rate: 100, seconds: 3 });
    await outbox.drain(30_000);
    console.log('done');
    for (const rate of RATES)
      await phase(`open loop ${rate}/s for ${SECONDS} s`, { kind: 'open', rate, seconds: SECONDS });
    for (const clients of CLIENTS)
      await phase(`closed loop ${clients} clients for ${CLOSED_SECONDS} s`, {
        kind: 'closed',
        clients,
        seconds: CLOSED_SECONDS,
      });
    await outbox.close();
    load.stop();
    await svc.stop();
    service = undefined;

    process.stdout.write(`raw PostgreSQL, ${POOL} connections for ${CLOSED_SECONDS} s ... `);
    const raw = await rawInserts(POOL, CLOSED_SECONDS);
    console.log(`${f(raw.rate)}/s`);
    process.stdout.write(
      `raw PostgreSQL as the service sends it (scope with BEGIN, plus the duplicate search), ${POOL} connections ... `,
    );
    const rawAsService = await rawInserts(POOL, CLOSED_SECONDS, true);
    console.log(`${f(rawAsService.rate)}/s`);
    const rows = await withAdminClient(dbUrl, (c) =>
      c.query<{ n: string; s: string }>(
        "select count(*) as n, count(*) filter (where status = 'supporting') as s from report",
      ),
    );

    const best = results.filter((r) => r.kind === 'closed').reduce((a, b) => (b.achieved > a.achieved ? b : a));
    const at500 = results.find((r) => r.kind === 'open' && r.load === 500);
    console.log(
      `\n${'phase'.padEnd(18)}${pad('offered', 9)}${pad('achieved/s', 12)}${pad('ok', 8)}${pad('errors', 8)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}${pad('outbox', 8)}`,
    );
    for (const r of results) {
      const name = r.kind === 'open' ? `open ${r.load}/s` : `closed ${r.load} clients`;
      const offered = r.kind === 'open' ? String(r.load) : '-';
      console.log(
        `${name.padEnd(18)}${pad(offered, 9)}${pad(f(r.achieved), 12)}${pad(r.ok, 8)}${pad(r.errors, 8)}${pad(f(r.p50), 9)}${pad(f(r.p90), 9)}${pad(f(r.p99), 9)}${pad(f(r.max), 9)}${pad(r.backlog, 8)}`,
      );
      if (r.errors > 0) console.log(`${''.padEnd(18)}errors by status: ${JSON.stringify(r.errorCodes)}`);
    }
    console.log(
      `${`raw pg ${POOL} conns`.padEnd(18)}${pad('-', 9)}${pad(f(raw.rate), 12)}${pad(raw.count, 8)}${pad(0, 8)}${pad(f(raw.p50), 9)}${pad('-', 9)}${pad(f(raw.p99), 9)}${pad('-', 9)}${pad('-', 8)}`,
    );
    console.log(
      `${'raw pg, as service'.padEnd(18)}${pad('-', 9)}${pad(f(rawAsService.rate), 12)}${pad(rawAsService.count, 8)}${pad(0, 8)}${pad(f(rawAsService.p50), 9)}${pad('-', 9)}${pad(f(rawAsService.p99), 9)}${pad('-', 9)}${pad('-', 8)}`,
    );
    console.log('');
    const ratio = best.achieved / raw.rate;
    console.log(
      `sustained maximum: ${f(best.achieved)}/s (closed loop, ${best.load} clients); raw PostgreSQL: ${f(raw.rate)}/s; ratio ${f(ratio, 2)}`,
    );
    console.log(
      `the same transaction as the service sends it (scope with BEGIN, duplicate search): ${f(rawAsService.rate)}/s (ratio of the sustained maximum to it ${f(best.achieved / rawAsService.rate, 2)})`,
    );
    console.log(`reports written: ${rows.rows[0]!.n}, linked as support (duplicates within 50 m): ${rows.rows[0]!.s}`);
    const p99ok = !!at500 && at500.p99 < 100 && at500.errors === 0;
    console.log(
      `target p99 < 100 ms at 500/s: ${at500 ? `${f(at500.p99)} ms, ${p99ok ? 'MET' : 'NOT MET'}` : 'not measured'}`,
    );
    console.log(`target sustained maximum >= half the raw rate: ${f(ratio, 2)} ${ratio >= 0.5 ? 'MET' : 'NOT MET'}`);
    console.log(
      `total time ${f((performance.now() - t0) / 1000)} s; load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} at the end`,
    );
  } finally {
    if (service) await service.stop().catch(() => undefined);
    await scratch.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
