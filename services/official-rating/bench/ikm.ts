/**
 * `npm run bench`: the IKM of one unit-year over 1,000,000 responses, computed in the database by
 * the service's own code (nine sums and the service users for the sample check, then the exact formula),
 * beside plain aggregates over the same rows measured in the same run: count(*), and one sum.
 *
 * 1. A fresh database (migrated from scratch), its own NATS prefix and directory bucket.
 * 2. 1,000,000 invitations and ratings for one unit spread over the year 2026 (WIB), plus 200,000
 *    for ten other units, written by generate_series; then VACUUM ANALYZE, as autovacuum would.
 * 3. Each query runs BENCH_REPEAT times (default 7) after one warm-up; the median is printed. All
 *    run as the application role inside a tenant transaction (row-level security on), like the
 *    service's requests; the HTTP route is also timed end to end.
 * 4. The plan of the IKM aggregate as PostgreSQL chose it. When one unit holds most of the table a
 *    parallel sequential scan is cheaper than the covering index, and the planner takes it.
 * 5. Database, streams and bucket are removed.
 *
 * Environment: DATABASE_URL (a server URL), NATS_URL, BENCH_ROWS (1000000), BENCH_REPEAT (7).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createService, migrateDatabase } from '@sinergi/service-kit';
import { createScratchEnvironment, withAdminClient } from '@sinergi/testkit/scratch';
import { officialRating } from '../src/app.js';
import { migrations } from '../src/db/migrations.js';
import { periodRange } from '../src/skm/period.js';
import { unitResult } from '../src/skm/results.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT || 7);
const TENANT = '32.73';
const UNIT = 'disdukcapil';
const PERIOD = '2026';
const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);
const OTHER_UNITS = [
  'dishub',
  'dlh',
  'dinkes',
  'disdik',
  'dpmptsp',
  'dinsos',
  'kec-coblong',
  'kec-andir',
  'kec-cicendo',
  'satpol-pp',
];

const scratch = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'official_rating',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(
  label: string,
  fn: () => Promise<unknown>,
): Promise<{ label: string; ms: number; result: unknown }> {
  await fn(); // warm-up: the first read pays for the cache
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < REPEAT; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { label, ms: median(times), result };
}

let service: { stop(): Promise<void> } | undefined;
try {
  console.log(
    `official-rating IKM benchmark: ${ROWS.toLocaleString('en')} responses for ${UNIT} in ${PERIOD}, median of ${REPEAT}`,
  );
  const { from, to } = periodRange(PERIOD, 'Asia/Jakarta');
  const span = (to.getTime() - from.getTime()) / 1000;
  const t0 = performance.now();
  await withAdminClient(scratch.databaseUrl, async (c) => {
    // invitations and ratings in one statement each; answers vary deterministically so the sums are non-trivial
    const seed = async (unit: string, n: number, offset: number) => {
      await c.query(
        `insert into invitation (id, tenant_id, token_hash, system, transaction_id, unit, service_type, created_by, created_at, expires_at, used_at)
         select md5(($3 + g)::text)::uuid, $1, md5('t' || ($3 + g)), 'counter', 'bench-' || ($3 + g), $2, case when g % 3 = 0 then 'ktp-el' else 'kk' end, 'bench',
                to_timestamp($4 + ((g - 1)::float8 / $5) * $6), to_timestamp($4 + ((g - 1)::float8 / $5) * $6) + interval '30 days', to_timestamp($4 + ((g - 1)::float8 / $5) * $6)
           from generate_series(1, $5) g`,
        [TENANT, unit, offset, from.getTime() / 1000, n, span],
      );
      await c.query(
        `insert into rating (tenant_id, invitation_id, unit, service_type, official, system, a1, a2, a3, a4, a5, a6, a7, a8, a9, submitted_at)
         select $1, i.id, i.unit, i.service_type, null, i.system,
                1 + (h % 4), 1 + ((h >> 2) % 4), 2 + ((h >> 4) % 3), 3 + ((h >> 6) % 2), 1 + ((h >> 8) % 4),
                2 + ((h >> 10) % 3), 1 + ((h >> 12) % 4), 3 + ((h >> 14) % 2), 1 + ((h >> 16) % 4), i.created_at
           from (select *, abs(hashtext(id::text)) as h from invitation where unit = $2 and created_by = 'bench') i`,
        [TENANT, unit],
      );
    };
    await seed(UNIT, ROWS, 0);
    for (const [i, unit] of OTHER_UNITS.entries()) await seed(unit, Math.round(ROWS / 50), ROWS + (i + 1) * ROWS);
    await c.query('vacuum analyze invitation');
    await c.query('vacuum analyze rating');
  });
  console.log(
    `seeded ${(ROWS * 1.2).toLocaleString('en')} ratings and invitations in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  await scratch.applyDirectory([BANDUNG]);
  const running = await createService(officialRating, {
    ...process.env,
    ...scratch.env,
    LOG_LEVEL: 'error',
    AUTH_DEV_KEYS: 'true',
    DEFAULT_TENANT: TENANT,
    INDEX_REFRESH_MS: '3600000',
  });
  service = running;
  await running.start({ listen: false });
  const { ctx, app } = running;
  const profile = ctx.region(TENANT);
  const inTenant = <T>(fn: Parameters<typeof ctx.db.withTenant<T>>[1]) => ctx.db.withTenant(TENANT, fn);
  const where = sql`unit = ${UNIT} and submitted_at >= ${from} and submitted_at < ${to}`;

  const results = [
    await timed('plain count(*)', () =>
      inTenant((trx) => sql`select count(*) from rating where ${where}`.execute(trx)),
    ),
    await timed('plain sum(a1)', () => inTenant((trx) => sql`select sum(a1) from rating where ${where}`.execute(trx))),
    await timed('IKM (9 sums, sample check, exact formula)', () =>
      inTenant((trx) => unitResult(trx, { profile, unit: UNIT, period: PERIOD })),
    ),
    await timed('IKM over HTTP (GET /v1/public/units/:unit/ikm)', async () =>
      (await app.inject({ method: 'GET', url: `/v1/public/units/${UNIT}/ikm?period=${PERIOD}` })).json(),
    ),
  ];
  const plain = results[0]!.ms;
  console.log('\nquery                                              median ms   × plain count(*)');
  for (const r of results)
    console.log(`${r.label.padEnd(50)} ${r.ms.toFixed(1).padStart(9)}   ${(r.ms / plain).toFixed(2).padStart(6)}`);
  const ikm = results[2]!.result as {
    ikm: number;
    band: string;
    respondents: number;
    minimumSample: number;
    belowMinimumSample: boolean;
  };
  console.log(
    `\nIKM ${ikm.ikm} (${ikm.band}) from ${ikm.respondents.toLocaleString('en')} respondents; minimum sample ${ikm.minimumSample}, below: ${ikm.belowMinimumSample}`,
  );

  const plan = await inTenant((trx) =>
    sql<{
      'QUERY PLAN': string;
    }>`explain (analyze, buffers) select service_type, count(*), sum(a1), sum(a2), sum(a3), sum(a4), sum(a5), sum(a6), sum(a7), sum(a8), sum(a9) from rating where ${where} group by service_type`.execute(
      trx,
    ),
  );
  console.log('\nplan of the IKM aggregate (abridged to the scan):');
  for (const row of plan.rows)
    if (/Scan|Heap Fetches|Execution Time|Aggregate/.test(row['QUERY PLAN']))
      console.log(`  ${row['QUERY PLAN'].trim()}`);
} finally {
  await service?.stop();
  await scratch.cleanup();
}
