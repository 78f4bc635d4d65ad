/**
 * `npm run bench`: webhook intake rate and post-to-hand-over latency for a burst of posts, beside
 * the raw JetStream publish rate measured in the same run.
 *
 * 1. A fresh database (migrated from scratch), its own NATS prefix and directory bucket holding
 *    Kota Bandung; social-intake in this process on an ephemeral port.
 * 2. An ordered consumer on the service's stream records when each "complaint detected" event
 *    arrives. BENCH_POSTS (5,000) signed Instagram comments go to POST /webhooks/meta,
 *    BENCH_BATCH (50) per request, BENCH_CONCURRENCY (8) requests at a time.
 *    Intake rate: posts / wall time of the burst. Latency: from the moment the post's request was
 *    sent to its event arriving on the stream (stored, triaged, outbox, relay, JetStream, consumer).
 *    Near-duplicate attachment is limited to identical texts (NEAR_DUPLICATE_SIMILARITY=1) so that
 *    every complaint is handed over and measured; the window query still runs for each one.
 * 3. Raw JetStream: BENCH_RAW (20,000) async publishes with acks to a scratch stream, 1,000 in flight.
 * 4. The database, the streams and the bucket are removed.
 *
 * Environment: DATABASE_URL (a server URL; the benchmark creates and drops its own database), NATS_URL.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { streamConfigFor } from '@sinergi/contracts';
import { createService, migrateDatabase } from '@sinergi/service-kit';
import { createScratchEnvironment } from '@sinergi/testkit/scratch';
import { socialIntake } from '../src/app.js';
import { migrations } from '../src/db/migrations.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const POSTS = Number(process.env.BENCH_POSTS || 5000);
const BATCH = Number(process.env.BENCH_BATCH || 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 8);
const RAW = Number(process.env.BENCH_RAW || 20_000);
const SECRET = 'bench-meta-app-secret';
const IG_ACCOUNT = '17841400000000001';
const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as { code: string };

const env = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'social_intake',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});
const { database, eventPrefix: prefix } = env;

const STREETS = [
  'Dipatiukur',
  'Cihampelas',
  'Riau',
  'Merdeka',
  'Asia Afrika',
  'Braga',
  'Sukajadi',
  'Setiabudi',
  'Pasteur',
  'Buah Batu',
  'Soekarno-Hatta',
  'Pahlawan',
];
const PROBLEMS = [
  'jalan rusak parah, banyak lubang besar, motor sering jatuh',
  'saluran air mampet dan banjir setiap hujan deras',
  'sampah menumpuk sudah seminggu tidak diangkut, bau sekali',
  'lampu penerangan jalan mati total, gelap dan rawan',
];
const text = (i: number) =>
  `Tolong pak, di Jl. ${STREETS[i % STREETS.length]} No. ${i + 1} ${PROBLEMS[i % PROBLEMS.length]}. Laporan warga ${i}`;
const commentId = (i: number) => `1797${String(i).padStart(11, '0')}`;

function delivery(from: number, count: number): string {
  const time = Math.floor(Date.now() / 1000);
  return JSON.stringify({
    object: 'instagram',
    entry: Array.from({ length: count }, (_, k) => {
      const i = from + k;
      return {
        id: IG_ACCOUNT,
        time,
        changes: [
          {
            field: 'comments',
            value: {
              id: commentId(i),
              text: text(i),
              from: { id: `u${i}`, username: `warga${i}` },
              media: { id: 'm1', media_product_type: 'FEED' },
            },
          },
        ],
      };
    }),
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function main() {
  console.log(`social-intake intake benchmark: database ${database}, NATS prefix ${prefix}`);
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} at start`,
  );
  const nc = await connect({ servers: NATS_URL });
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  let service: { stop(): Promise<void> } | undefined;
  try {
    await env.applyDirectory([BANDUNG]);

    const svc = await createService(socialIntake, {
      ...env.env,
      META_APP_SECRET: SECRET,
      IDENTIFIER_HMAC_KEY: 'bench-identifier-hmac-key-0000000000000000',
      AUTH_DEV_KEYS: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      NEAR_DUPLICATE_SIMILARITY: '1',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
    });
    service = svc;
    await svc.start();
    const base = `http://127.0.0.1:${(svc.app.server.address() as AddressInfo).port}`;

    // arrivals of "complaint detected" on the stream, by external id
    const stream = streamConfigFor('social-intake', prefix).name;
    const arrived = new Map<string, number>();
    const consumer = await js.consumers.get(stream);
    const messages = await consumer.consume();
    const reading = (async () => {
      for await (const m of messages) {
        const e = m.json<{ data: { externalId: string } }>();
        arrived.set(e.data.externalId, performance.now());
      }
    })();

    const sentAt = new Map<string, number>();
    let stored = 0;
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const from = next;
          if (from >= POSTS) return;
          next += BATCH;
          const count = Math.min(BATCH, POSTS - from);
          const body = delivery(from, count);
          const start = performance.now();
          for (let i = from; i < from + count; i++) sentAt.set(commentId(i), start);
          const res = await fetch(`${base}/webhooks/meta`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
            },
            body,
          });
          if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
          stored += ((await res.json()) as { stored: number }).stored;
        }
      }),
    );
    const intakeSeconds = (performance.now() - t0) / 1000;
    const intakeRate = POSTS / intakeSeconds;

    const expected = await svc.ctx.db.withTenant(BANDUNG.code, async (trx) => {
      const rows = await trx
        .selectFrom('post')
        .select(['status', (eb) => eb.fn.countAll<bigint>().as('n')])
        .groupBy('status')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    });
    const complaints = expected.complaint ?? 0;
    const until = Date.now() + 60_000;
    while (arrived.size < complaints && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const drainSeconds = (performance.now() - t0) / 1000;
    await messages.close();
    await reading;

    const latencies = [...arrived].map(([ext, at]) => at - (sentAt.get(ext) ?? at)).sort((a, b) => a - b);
    await svc.stop();
    service = undefined;

    // raw JetStream publish rate, same server, same run
    const scratch = `${prefix.toUpperCase()}_SCRATCH`;
    await jsm.streams.add({ name: scratch, subjects: [`${prefix}.scratch.>`] });
    const payload = JSON.stringify({ data: text(1), pad: 'x'.repeat(600) });
    const r0 = performance.now();
    const WINDOW = 1000;
    for (let i = 0; i < RAW; i += WINDOW) {
      await Promise.all(
        Array.from({ length: Math.min(WINDOW, RAW - i) }, (_, k) =>
          js.publish(`${prefix}.scratch.${(i + k) % 16}`, payload, { msgID: `${prefix}-${i + k}` }),
        ),
      );
    }
    const rawRate = RAW / ((performance.now() - r0) / 1000);

    console.log('');
    console.log(
      `posts sent            ${fmt(POSTS)} (${BATCH} per webhook request, ${CONCURRENCY} requests at a time), stored ${fmt(stored)}`,
    );
    console.log(
      `triage                ${Object.entries(expected)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(`webhook intake        ${fmt(intakeRate)} posts/s (${fmt(intakeSeconds, 2)} s for the burst)`);
    console.log(
      `hand-over latency     ${fmt(latencies.length)} of ${fmt(complaints)} complaint events on the stream after ${fmt(drainSeconds, 2)} s; p50 ${fmt(pct(latencies, 50))} ms, p99 ${fmt(pct(latencies, 99))} ms, max ${fmt(latencies.at(-1) ?? NaN)} ms`,
    );
    console.log(
      `raw JetStream publish ${fmt(rawRate)} msgs/s (${fmt(RAW)} async publishes with acks, ${WINDOW} in flight)`,
    );
    console.log(`ratio                 intake / raw publish = ${(intakeRate / rawRate).toFixed(3)}`);
  } finally {
    await service?.stop().catch(() => undefined);
    await nc.close();
    await env.cleanup();
  }
}

await main();
