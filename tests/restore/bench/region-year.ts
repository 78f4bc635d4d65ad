/**
 * What one region costs, measured (docs/scale.md): budgeting, complaints, licensing and
 * official-rating run as processes; reports, closings, permits and ratings go in through their APIs
 * and their events flow; then the growth of each database (pg_total_relation_size of every table,
 * indexes and TOAST included) per item, the events per item on the streams, and each process's RSS.
 * Budget lines come from budgeting's demo year, against an empty migrated database.
 *
 *   npm run bench -w @sinergi/ops-tests     # BENCH_REPORTS, BENCH_PERMITS, BENCH_RATINGS to size it
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_DATABASE_URL, LOCAL_NATS_URL, type ServiceProcess } from '@sinergi/testkit';
import {
  budgetSeeded,
  consumerLag,
  createDeployment,
  type Deployment,
  type ServiceName,
  streamedEvents,
} from '../test/deployment.js';
import { closeReport, counterRating, issuePermit, submitReport } from '../test/flows.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');
const REPORTS = Number(process.env.BENCH_REPORTS ?? 1000);
const CLOSED = Math.round(REPORTS / 4);
const PERMITS = Number(process.env.BENCH_PERMITS ?? 60);
const RATINGS = Number(process.env.BENCH_RATINGS ?? 400);
const MEASURED: ServiceName[] = ['budgeting', 'complaints', 'licensing', 'official-rating'];

const dbBytes = async (d: Deployment, s: ServiceName) =>
  Number(
    (
      await d.query<{ n: string }>(
        s,
        `select coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as n from pg_class c
           join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p')`,
      )
    )[0]!.n,
  );

/** Resident memory of the process listening on the service's port (Linux: ss and /proc). */
function rssMiB(p: ServiceProcess): number {
  const port = new URL(p.url).port;
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  if (!pid) return NaN;
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

/** Runs `task(i)` for i < n, `width` at a time. */
async function pool(n: number, width: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await task(next++);
    }),
  );
}

async function main() {
  const d = await createDeployment('bench', {
    adminUrl: process.env.DATABASE_URL ?? LOCAL_DATABASE_URL,
    natsUrl: process.env.NATS_URL ?? LOCAL_NATS_URL,
    name: 'bench',
  });
  try {
    // one client sends a region's year: the per-client limits are raised as tests/sweep does
    const limits = { SUBMIT_RATE_PER_MINUTE: '1000000', COUNTER_TOKENS_PER_HOUR: '1000000' };
    await Promise.all(
      MEASURED.map((s) =>
        d.start(s, s === 'budgeting' ? { ...limits, SEED_DEMO_BUDGET: 'true', LOG_LEVEL: 'info' } : limits),
      ),
    );
    await budgetSeeded(d.running.budgeting!);
    const start = Object.fromEntries(await Promise.all(MEASURED.map(async (s) => [s, await dbBytes(d, s)])));
    const complaints = d.running.complaints!;
    const t0 = Date.now();
    const reports: Array<{ trackingId: string; secret: string }> = [];
    await pool(REPORTS, 8, async (i) => reports.push(await submitReport(complaints, `Jalan berlubang nomor ${i}`)));
    await pool(CLOSED, 4, (i) => closeReport(complaints, reports[i]!));
    await pool(PERMITS, 2, () => issuePermit(d.running.licensing!));
    await pool(RATINGS, 8, (i) => counterRating(d.running['official-rating']!, `A-${i}`));
    const until = Date.now() + 300_000;
    for (;;) {
      const lag = await consumerLag(d);
      if (Object.values(lag).every((n) => n === 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (Date.now() - t0) / 1000;
    // VACUUM-free sizes: what the tables hold after a year of inserts, as a region's would
    const grown = Object.fromEntries(
      await Promise.all(MEASURED.map(async (s) => [s, (await dbBytes(d, s)) - start[s]!])),
    );
    const events = await streamedEvents(d);
    // social-intake takes no items here (its posts need a platform): only its memory beside the others'
    await d.start('social-intake', limits);
    const rss = Object.fromEntries(Object.entries(d.running).map(([s, p]) => [s, rssMiB(p)]));

    // budgeting: its demo year against an empty migrated database
    const lines = (await d.query<{ n: string }>('budgeting', 'select count(*)::text as n from line_item'))[0]!.n;
    await d.stop('budgeting');
    const seeded = await dbBytes(d, 'budgeting');
    const emptyDb = `${d.database('budgeting')}_empty`;
    const { adminUrl } = d;
    await run('psql', ['-q', '-d', adminUrl, '-c', `create database "${emptyDb}"`]);
    const emptyUrl = new URL(adminUrl);
    emptyUrl.pathname = `/${emptyDb}`;
    await run(process.execPath, [path.join(repo, 'services/budgeting/dist/migrate.js')], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: emptyUrl.toString(), LOG_LEVEL: 'warn' },
    });
    const empty = Number(
      (
        await run('psql', [
          '-tA',
          '-d',
          emptyUrl.toString(),
          '-c',
          `select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind in ('r', 'p')`,
        ])
      ).stdout.trim(),
    );
    await run('psql', ['-q', '-d', adminUrl, '-c', `drop database "${emptyDb}" with (force)`]);

    const per = (bytes: number, n: number) => Math.round(bytes / n);
    console.log(
      JSON.stringify(
        {
          made: { reports: REPORTS, closed: CLOSED, permits: PERMITS, counterRatings: RATINGS, seconds },
          bytesPerItem: {
            report: per(grown.complaints, REPORTS),
            permit: per(grown.licensing, PERMITS),
            // official-rating also keeps the invitations of closed reports and permits
            rating: per(grown['official-rating'], RATINGS + CLOSED + PERMITS),
            budgetLine: per(seeded - empty, Number(lines)),
          },
          budgetDemoYear: { lines: Number(lines), bytes: seeded - empty },
          eventsOnStreams: events,
          rssMiB: rss,
        },
        null,
        2,
      ),
    );
  } finally {
    await d.cleanup();
  }
}

await main();
