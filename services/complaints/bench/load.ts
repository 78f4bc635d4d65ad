/**
 * The load generator, in its own worker thread so that building requests and reading responses
 * does not share an event loop with the service under test. Plain node:http with a keep-alive
 * agent; latencies in milliseconds.
 *
 * Open loop: request i is due at t0 + i/rate and is sent then, whether or not earlier ones have
 * answered; its latency counts from when it was due (so a stalled server cannot hide its queue:
 * no coordinated omission). Closed loop: N clients, each sends its next request when the last one
 * answered; throughput is what the server sustains.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export type Command =
  | { kind: 'open'; rate: number; seconds: number }
  | { kind: 'closed'; clients: number; seconds: number }
  | { kind: 'stop' };

export interface PhaseResult {
  kind: 'open' | 'closed';
  /** Offered rate (open) or clients (closed). */
  load: number;
  sent: number;
  ok: number;
  errors: number;
  /** Errors by status code (0 = network error or timeout). */
  errorCodes: Record<string, number>;
  /** Reports the service linked as support of a nearby one. */
  supporting: number;
  seconds: number;
  achieved: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const { url } = workerData as { url: string };
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });
const TIMEOUT_MS = 10_000;

// Bandung's bounding box, and the categories whose duplicate radius is 50 m
const BBOX = { minLat: -6.97, maxLat: -6.84, minLon: 107.55, maxLon: 107.74 };
const CATEGORIES = ['jalan-rusak', 'lampu-jalan-mati', 'rambu-lampu-lalu-lintas', 'sampah', 'pohon-taman', 'lainnya'];
let seq = 0;

function body(): string {
  const n = seq++;
  return JSON.stringify({
    type: 'pengaduan',
    category: CATEGORIES[n % CATEGORIES.length],
    title: `Laporan uji beban nomor ${n}`,
    description: 'Lubang besar di tengah jalan, sudah dua minggu dan membahayakan pengendara motor di malam hari.',
    location: {
      lat: BBOX.minLat + Math.random() * (BBOX.maxLat - BBOX.minLat),
      lon: BBOX.minLon + Math.random() * (BBOX.maxLon - BBOX.minLon),
    },
    address: `Jl. Uji Beban No. ${n % 500}`,
    anonim: n % 2 === 0,
    reporter: { name: 'Warga Uji Beban', phone: '0812-3456-7890', email: 'warga@example.com' },
  });
}

interface Outcome {
  status: number;
  supporting: boolean;
}

function post(): Promise<Outcome> {
  const payload = body();
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: '/v1/reports',
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            supporting: res.statusCode === 201 && text.includes('"status":"supporting"'),
          });
        });
        res.on('error', () => resolve({ status: 0, supporting: false }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, supporting: false }));
    req.end(payload);
  });
}

class Recorder {
  latencies: number[] = [];
  ok = 0;
  errors = 0;
  supporting = 0;
  errorCodes: Record<string, number> = {};
  record(o: Outcome, ms: number) {
    this.latencies.push(ms);
    if (o.status === 201) {
      this.ok += 1;
      if (o.supporting) this.supporting += 1;
    } else {
      this.errors += 1;
      this.errorCodes[o.status] = (this.errorCodes[o.status] ?? 0) + 1;
    }
  }
  result(kind: PhaseResult['kind'], load: number, seconds: number): PhaseResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const pct = (p: number) =>
      sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
    return {
      kind,
      load,
      sent: this.latencies.length,
      ok: this.ok,
      errors: this.errors,
      errorCodes: this.errorCodes,
      supporting: this.supporting,
      seconds,
      achieved: this.ok / seconds,
      p50: pct(0.5),
      p90: pct(0.9),
      p99: pct(0.99),
      max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    };
  }
}

async function openLoop(rate: number, seconds: number): Promise<PhaseResult> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const rec = new Recorder();
  const t0 = performance.now() + 5;
  let last = t0;
  const inflight: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        const due = t0 + i * interval;
        inflight.push(
          post().then((o) => {
            const end = performance.now();
            last = Math.max(last, end);
            rec.record(o, end - due);
          }),
        );
        i += 1;
      }
      if (i < total) setTimeout(tick, Math.max(0, Math.min(1, t0 + i * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 5);
  });
  await Promise.all(inflight);
  // achieved: successful submissions per second from the first due time to the last answer
  return rec.result('open', rate, Math.max(seconds, (last - t0) / 1000));
}

async function closedLoop(clients: number, seconds: number): Promise<PhaseResult> {
  const rec = new Recorder();
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  let last = start;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < stopAt) {
        const t = performance.now();
        const o = await post();
        const end = performance.now();
        last = Math.max(last, end);
        rec.record(o, end - t);
      }
    }),
  );
  return rec.result('closed', clients, (last - start) / 1000);
}

parentPort!.on('message', async (cmd: Command) => {
  if (cmd.kind === 'stop') {
    agent.destroy();
    parentPort!.close();
    return;
  }
  const result =
    cmd.kind === 'open' ? await openLoop(cmd.rate, cmd.seconds) : await closedLoop(cmd.clients, cmd.seconds);
  parentPort!.postMessage(result);
});
