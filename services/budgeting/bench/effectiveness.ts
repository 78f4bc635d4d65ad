/**
 * `npm run bench:effectiveness`: the effectiveness review at a large region's scale, beside the raw
 * aggregate query over the same rows, measured in the same run.
 *
 * 1. A fresh database (migrated from scratch), its own NATS prefix and directory bucket.
 * 2. Kota Bandung with 400 units x 25 sub-activities (10,000) x 25 lines (250,000 line items) over
 *    eight catalogue items, written by generate_series, a few planted anomalies among them (Jakarta's
 *    Aibon line); Kota Palu with 20,000 lines of the same items, so the other-region aggregates work;
 *    then VACUUM ANALYZE.
 * 3. Each measure runs BENCH_REPEAT times (default 5) after one warm-up; the median is printed. All run
 *    as the application role in a tenant transaction (row-level security on), like the requests:
 *    - raw: `select catalogue_item, count(*), sum(total) from line_item where year = 2026 group by 1`;
 *    - raw rows: the same 250,000 rows with the columns the anomaly pass reads, fetched into Node;
 *    - the anomaly pass (`reviewAnomalies`: the lines, the tenant's settings, other regions' aggregates
 *      through `peer_item_aggregates`, every rule of `detectAnomalies`);
 *    - scoring the 10,000 sub-activities (`reviewCandidates`: figures per sub-activity, cost per output
 *      against other units, efficiency tags, citizen signals, `rankCandidates`).
 * 4. Database, streams and bucket are removed.
 *
 * Environment: DATABASE_URL (a server URL), NATS_URL, BENCH_UNITS (400), BENCH_REPEAT (5).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createService, migrateDatabase } from '@sinergi/service-kit';
import { createScratchEnvironment, withAdminClient } from '@sinergi/testkit/scratch';
import { TEST_REGIONS } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';
import { migrations } from '../src/db/migrations.js';
import { otherRegionAggregates } from '../src/review/repository.js';
import { screenedLines } from '../src/review/screening.js';
import {
  anomaliesOf,
  reviewAnomalies,
  reviewCandidates,
  reviewInput,
  screenedAnomalies,
} from '../src/review/use-cases.js';
import { settingsOf } from '../src/signals/use-cases.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const UNITS = Number(process.env.BENCH_UNITS || 400);
const REPEAT = Number(process.env.BENCH_REPEAT || 5);
const SUBS = 25;
const LINES = 25;
const YEAR = 2026;
const BANDUNG = '32.73';
const PALU = '72.71';

const ITEMS: [code: string, account: string, price: number, unit: string][] = [
  ['SSH-ATK-001', '5.1.02.01.01.0024', 54300, 'rim'],
  ['SSH-ATK-002', '5.1.02.01.01.0024', 3250, 'buah'],
  ['SSH-ATK-003', '5.1.02.01.01.0024', 184000, 'kaleng'],
  ['SSH-ATK-004', '5.1.02.01.01.0025', 97150, 'botol'],
  ['SSH-MMN-001', '5.1.02.01.01.0052', 41700, 'kotak'],
  ['SSH-MMN-002', '5.1.02.01.01.0052', 19350, 'galon'],
  ['SBU-PD-001', '5.1.02.04.01.0001', 430000, 'OH'],
  ['SSH-KBR-001', '5.1.02.01.01.0029', 27450, 'liter'],
];

const scratch = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'budgeting',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(label: string, fn: () => Promise<unknown>, repeat = REPEAT) {
  let result = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { label, ms: median(times), result };
}

/** One region's year: units x SUBS sub-activities x LINES lines, volumes varied deterministically. */
async function seedRegion(c: { query: (q: string, v?: unknown[]) => Promise<unknown> }, tenant: string, units: number) {
  await c.query(`insert into reference_version (tenant_id, version) values ($1, '2026')`, [tenant]);
  await c.query(`insert into fiscal_year (tenant_id, year, version) values ($1, $2, '2026')`, [tenant, YEAR]);
  for (const [code, account, price, unit] of ITEMS) {
    await c.query(
      `insert into catalogue_item (tenant_id, year, code, catalogue, name, specification, unit_of_measure, max_unit_price, accounts, annex, source)
       values ($1, $2, $3, 'SSH', $3, 'standar', $4, $5, $6, null, 'bench')`,
      [tenant, YEAR, code, unit, price, JSON.stringify([account])],
    );
  }
  await c.query(
    `insert into unit_budget (tenant_id, year, unit, pagu, status)
     select $1, $2, 'u' || lpad(g::text, 4, '0'), 100000000000, 'submitted' from generate_series(1, $3) g`,
    [tenant, YEAR, units],
  );
  await c.query(
    `insert into sub_activity (tenant_id, year, unit, code, pagu, planning_source, indicators)
     select $1, $2, 'u' || lpad(u::text, 4, '0'), '1.01.01.2.01.' || lpad(s::text, 4, '0'), 4000000000,
       (array['rpjmd', 'musrenbang', 'pokir', 'none'])[1 + (u + s) % 4],
       jsonb_build_array(jsonb_build_object('text', 'Keluaran', 'target', (5 + (u * s) % 20)::text, 'unit', 'paket'))
     from generate_series(1, $3) u, generate_series(1, $4) s`,
    [tenant, YEAR, units, SUBS],
  );
  await c.query(
    `insert into line_item (tenant_id, year, unit, sub_activity_id, account, catalogue_item, component_name, specification,
       unit_of_measure, factors, volume, unit_price, tax_percent, amount, tax, total, funding_source, location, created_by, updated_by)
     select $1, s.year, s.unit, s.id, i.account, i.code, i.code, 'standar ' || s.code || ' ' || n, i.unit,
       jsonb_build_array(jsonb_build_object('quantity', q::text, 'unit', i.unit), jsonb_build_object('quantity', '12', 'unit', 'bulan')),
       q * 12, i.price, 0, q * 12 * i.price, 0, q * 12 * i.price, 'PAD', 'bench', 'bench', 'bench'
     from sub_activity s, generate_series(1, $2) n,
       lateral (select 1 + (abs(hashtext(s.id::text || n)) % 40) as q) v,
       lateral (select (x->>0) as code, (x->>1) as account, (x->>2)::int8 as price, (x->>3) as unit
                from jsonb_array_elements($3::jsonb) with ordinality a(x, k) where k = 1 + (n % $4)) i
     where s.tenant_id = $1`,
    [tenant, LINES, JSON.stringify(ITEMS), ITEMS.length],
  );
}

let service: { stop(): Promise<void> } | undefined;
try {
  const t0 = performance.now();
  await withAdminClient(scratch.databaseUrl, async (c) => {
    await seedRegion(c, BANDUNG, UNITS);
    await seedRegion(c, PALU, Math.max(4, Math.round(UNITS / 12.5)));
    // Jakarta, 2019: 37,500 cans x 12 months x Rp 184,000, replacing one line of one unit
    const aibon = await c.query<{ unit: string }>(
      `update line_item set factors = '[{"quantity":"37500","unit":"kaleng"},{"quantity":"12","unit":"bulan"}]',
         volume = 450000, amount = 82800000000, total = 82800000000, unit_price = 184000
       where id = (select id from line_item where tenant_id = $1 and catalogue_item = 'SSH-ATK-003' order by id limit 1)
       returning unit`,
      [BANDUNG],
    );
    const aibonUnit = aibon.rows[0]!.unit;
    // staff per unit (quantities per staff member) and beneficiaries on every tenth sub-activity
    const staff = Object.fromEntries(
      Array.from({ length: UNITS }, (_, i) => [`u${String(i + 1).padStart(4, '0')}`, 40 + ((i * 7) % 160)]),
    );
    staff[aibonUnit] = 120;
    await c.query(
      `insert into review_setting (tenant_id, weights, thresholds, unit_staff) values ($1, '{}', '{}', $2)`,
      [BANDUNG, JSON.stringify(staff)],
    );
    await c.query(
      `update sub_activity set beneficiaries = 500 + (abs(hashtext(id::text)) % 5000) where tenant_id = $1 and right(code, 1) = '0'`,
      [BANDUNG],
    );
    await c.query('vacuum analyze line_item');
    await c.query('vacuum analyze sub_activity');
  });
  const counts = await withAdminClient(scratch.databaseUrl, (c) =>
    c.query<{ lines: string; subs: string }>(
      `select (select count(*) from line_item where tenant_id = $1) as lines, (select count(*) from sub_activity where tenant_id = $1) as subs`,
      [BANDUNG],
    ),
  );
  const { lines, subs } = counts.rows[0]!;
  console.log(
    `budgeting effectiveness benchmark: ${Number(lines).toLocaleString('en')} line items, ${Number(subs).toLocaleString('en')} sub-activities in ${BANDUNG} (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s), median of ${REPEAT}`,
  );

  await scratch.applyDirectory(TEST_REGIONS);
  const running = await createService(budgeting, {
    ...process.env,
    ...scratch.env,
    LOG_LEVEL: 'error',
    AUTH_DEV_KEYS: 'true',
    DEFAULT_TENANT: BANDUNG,
  });
  service = running;
  await running.start({ listen: false });
  const { ctx } = running;
  const inTenant = <T>(fn: Parameters<typeof ctx.db.withTenant<T>>[1]) => ctx.db.withTenant(BANDUNG, fn);

  const raw = await timed('raw: catalogue_item, count(*), sum(total) group by', () =>
    inTenant((trx) =>
      sql`select catalogue_item, count(*), sum(total) from line_item where year = ${YEAR} group by catalogue_item`.execute(
        trx,
      ),
    ),
  );
  const rawSubs = await timed('raw: sub_activity_id, count(*), sum(total) group by', () =>
    inTenant((trx) =>
      sql`select sub_activity_id, count(*), sum(total) from line_item where year = ${YEAR} group by sub_activity_id`.execute(
        trx,
      ),
    ),
  );
  const rows = await timed('raw rows: the 250,000 lines fetched into Node', () =>
    inTenant((trx) =>
      sql`select id, unit, account, catalogue_item, factors, unit_price, total from line_item where year = ${YEAR}`.execute(
        trx,
      ),
    ),
  );
  const read = await inTenant((trx) => settingsOf(trx));
  const items = ITEMS.map(([code]) => code);
  const remote = await timed("  of which: other regions' aggregates (peer_item_aggregates)", () =>
    inTenant((trx) => otherRegionAggregates(trx, YEAR, items)),
  );
  const screen = await timed('  of which: the screening statement (screenedLines)', () =>
    inTenant((trx) =>
      screenedLines(trx, {
        year: YEAR,
        thresholds: read.thresholds,
        unitStaff: read.unitStaff,
        otherRegions: remote.result as Awaited<ReturnType<typeof otherRegionAggregates>>,
      }),
    ),
  );
  const cold = await timed('anomaly pass after a change (screenedAnomalies)', () =>
    inTenant((trx) => screenedAnomalies(trx, YEAR)),
  );
  const pass = await timed('anomaly pass, nothing changed (reviewAnomalies, stored)', () =>
    reviewAnomalies(ctx, { tenant: BANDUNG, year: YEAR }),
  );
  // the reference: every line into Node and every rule over all of them (the pass before screening), once
  const memory = await timed(
    'reference: every line into Node, every rule (anomaliesOf)',
    async () => anomaliesOf(await inTenant((trx) => reviewInput(trx, YEAR))),
    1,
  );
  const scoring = await timed('scoring 10,000 sub-activities (reviewCandidates)', () =>
    reviewCandidates(ctx, { tenant: BANDUNG, year: YEAR }),
  );
  const results = [raw, rawSubs, rows, cold, remote, screen, pass, memory, scoring];
  console.log(`\n${'measure'.padEnd(56)} median ms   x raw group by`);
  for (const r of results)
    console.log(`${r.label.padEnd(56)} ${r.ms.toFixed(1).padStart(9)}   ${(r.ms / raw.ms).toFixed(2).padStart(8)}`);
  const found = cold.result as Awaited<ReturnType<typeof screenedAnomalies>>;
  const stored = pass.result as Awaited<ReturnType<typeof reviewAnomalies>>;
  // (the stored result comes back from jsonb, which orders keys its own way: compare the fields)
  const fields = (list: typeof found.anomalies) =>
    JSON.stringify(list.map((a) => [a.lineId, a.kind, a.severity, a.reason]));
  if (fields(stored.anomalies) !== fields(found.anomalies)) {
    console.log('the stored result differs from the pass');
    process.exitCode = 1;
  }
  const severe = found.anomalies.filter((a) => a.severity === 'critical');
  const reference = memory.result as Awaited<ReturnType<typeof anomaliesOf>>;
  const same = JSON.stringify(found.anomalies) === JSON.stringify(reference.anomalies);
  const screenedIn = (screen.result as Awaited<ReturnType<typeof screenedLines>>).screened.length;
  console.log(
    `screened in: ${screenedIn} of ${found.reviewed.toLocaleString('en')} lines; the same anomalies as every rule over every line: ${same ? 'yes' : 'NO'}`,
  );
  if (!same) process.exitCode = 1;
  const ranked = scoring.result as Awaited<ReturnType<typeof reviewCandidates>>;
  console.log(
    `\n${found.anomalies.length.toLocaleString('en')} anomalies over ${found.reviewed.toLocaleString('en')} lines, ${severe.length} critical (${[...new Set(severe.map((a) => a.kind))].join(', ')}); ${ranked.candidates.length.toLocaleString('en')} sub-activities ranked, top score ${ranked.candidates[0]?.score}`,
  );
} finally {
  await service?.stop();
  await scratch.cleanup();
}
