/**
 * `npm run bench`: a Bandung-scale year (80 units, 10,000 sub-activities, 250,000 line items)
 * imported through HTTP into the running service, beside the raw COPY of the same file into a plain
 * table in the same run; the service's peak memory; the rollups and the ceiling check beside a
 * plain sum over the same rows; and the export streamed back.
 *
 * 1. A fresh database (migrated), its own NATS prefix and directory bucket holding Kota Bandung
 *    with 34 more units (80). The service runs as a child process from dist/main.js (built by the
 *    npm script), so its memory is its own: VmHWM (peak RSS) from /proc/<pid>/status.
 * 2. Reference data through the API: 2,625 nomenclature codes, 300 accounts, 2,000 catalogue items;
 *    80 ceilings set and units opened by TAPD.
 * 3. The line file is generated to disk (bench/generate.ts) and POSTed as a stream (fs -> socket).
 * 4. Raw ceiling: `psql \copy` of the same file into a plain table with the same columns, no keys.
 * 5. Rollups (unit, program, account), the ceiling check and a plain sum, as the application role
 *    in a tenant transaction (row-level security on), median of BENCH_REPEAT; every rollup's sum
 *    must equal the plain sum and the generator's own exact total.
 *
 * Environment: DATABASE_URL (a server URL), NATS_URL, BENCH_UNITS (80), BENCH_SUBS (125 per unit),
 * BENCH_LINES (25 per sub-activity), BENCH_REPEAT (5).
 */
import { spawn, execFileSync } from 'node:child_process';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { migrateDatabase, ServiceDatabase } from '@sinergi/service-kit';
import { createScratchEnvironment, withAdminClient } from '@sinergi/testkit/scratch';
import { freePort, mintToken, testAuthEnv, TEST_ISSUER } from '@sinergi/testkit';
import { migrations } from '../src/db/migrations.js';
import type { BudgetingDB } from '../src/db/schema.js';
import { ceilingCheck, plainSum, rollup } from '../src/exports/rollups.js';
import { SIPD_COLUMNS } from '../src/imports/columns.js';
import { accounts, catalogue, nomenclature, writeLineFile } from './generate.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const UNITS = Number(process.env.BENCH_UNITS || 80);
const SUBS = Number(process.env.BENCH_SUBS || 125);
const LINES = Number(process.env.BENCH_LINES || 25);
const REPEAT = Number(process.env.BENCH_REPEAT || 5);
const TENANT = '32.73';
const YEAR = 2026;
const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as { units: Array<{ code: string; name: string; kind: string }> };
const FILE = `${tmpdir()}/budgeting-bench-${process.pid}.csv`;

const extra = Array.from({ length: Math.max(0, UNITS - BANDUNG.units.length) }, (_, i) => ({
  code: `uptd-${String(i + 1).padStart(2, '0')}`,
  name: `UPTD ${i + 1}`,
  kind: 'dinas',
}));
const profile = { ...BANDUNG, units: [...BANDUNG.units, ...extra] };
const unitCodes = profile.units.slice(0, UNITS).map((u) => u.code);

const scratch = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'budgeting',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const vm = (pid: number, key: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function startChild() {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: new URL('..', import.meta.url).pathname,
    env: {
      PATH: process.env.PATH ?? '',
      ...scratch.env,
      ...testAuthEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DEFAULT_TENANT: TENANT,
      // BENCH_PROFILE=1: a CPU profile of the service into /tmp/budgeting-profile (for diagnosis)
      ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/budgeting-profile' } : {}),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    if (
      await fetch(`${url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the service did not become ready');
}

const token = (role: string) => mintToken({ tenant: TENANT, roles: [role], sub: `bench-${role}`, issuer: TEST_ISSUER });

async function call(url: string, o: { method: string; role: string; body?: string; type?: string }) {
  const res = await fetch(url, {
    method: o.method,
    headers: { authorization: `Bearer ${await token(o.role)}`, 'content-type': o.type ?? 'application/json' },
    ...(o.body !== undefined ? { body: o.body } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${o.method} ${url}: ${res.status} ${text.slice(0, 500)}`);
  return text;
}

/** POSTs the file as a stream from disk to the socket; resolves with the answer. */
async function postFile(url: string): Promise<{ status: number; body: string }> {
  const auth = await token('admin');
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/imports?year=${YEAR}`,
      { method: 'POST', headers: { authorization: `Bearer ${auth}`, 'content-type': 'text/csv' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    createReadStream(FILE).pipe(req);
  });
}

/** The export, read and dropped as it streams. */
async function drainExport(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/exports/${YEAR}`, { headers: { authorization: `Bearer ${await token('tapd')}` } });
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

let service: Awaited<ReturnType<typeof startChild>> | undefined;
const db = new ServiceDatabase<BudgetingDB>({ url: scratch.databaseUrl, appRole: 'sinergi_app', poolMax: 2 });
try {
  await scratch.applyDirectory([profile]);
  service = await startChild();
  const { url, child } = service;
  const nom = nomenclature();
  const acc = accounts();
  const cat = catalogue(acc.codes);
  const csv = (path: string, body: string) =>
    call(`${url}${path}`, { method: 'PUT', role: 'admin', body, type: 'text/csv' });
  await csv('/v1/admin/reference/2026/nomenclature', nom.csv);
  await csv('/v1/admin/reference/2026/accounts', acc.csv);
  await call(`${url}/v1/admin/years/${YEAR}`, {
    method: 'PUT',
    role: 'admin',
    body: JSON.stringify({ version: '2026' }),
  });
  await csv(`/v1/admin/catalogue/${YEAR}`, cat.csv);

  let t0 = performance.now();
  const year = await writeLineFile(
    FILE,
    { units: unitCodes, subActivitiesPerUnit: SUBS, linesPerSubActivity: LINES },
    {
      subCodes: nom.subCodes,
      items: cat.items,
    },
  );
  console.log(
    `budgeting import benchmark: ${unitCodes.length} units, ${(unitCodes.length * SUBS).toLocaleString('en')} sub-activities, ${year.rows.toLocaleString('en')} line items, Rp ${year.total.toLocaleString('en')} (${mb(year.bytes)} file, generated in ${secs(performance.now() - t0)})`,
  );
  for (const unit of unitCodes) {
    const base = `${url}/v1/budgets/${YEAR}/units/${unit}`;
    await call(`${base}/ceiling`, {
      method: 'PUT',
      role: 'tapd',
      body: JSON.stringify({ pagu: String(year.unitPagu.get(unit)) }),
    });
    await call(`${base}/open`, { method: 'POST', role: 'tapd', body: '{}' });
  }
  const rssBefore = vm(child.pid!, 'VmHWM');

  t0 = performance.now();
  const imported = await postFile(url);
  const importMs = performance.now() - t0;
  if (imported.status !== 200) throw new Error(`import refused: ${imported.status} ${imported.body.slice(0, 2000)}`);
  const answer = JSON.parse(imported.body) as { rows: number; total: string; subActivitiesCreated: number };
  const rssAfterImport = vm(child.pid!, 'VmHWM');

  t0 = performance.now();
  const exportedBytes = await drainExport(url);
  const exportMs = performance.now() - t0;
  const rssPeak = vm(child.pid!, 'VmHWM');

  // the raw ceiling: the same file into a plain table (same columns, no keys, no checks), by psql's \copy
  const columns = SIPD_COLUMNS.map((c) =>
    /^(pagu|pagumurni|harga_satuan|total_harga|harga_satuan_murni|total_harga_murni)$/.test(c)
      ? `${c} int8`
      : /^(volum\d|pajak)$/.test(c)
        ? `${c} numeric`
        : `${c} text`,
  );
  await withAdminClient(scratch.databaseUrl, (c) => c.query(`create table raw_line (${columns.join(', ')})`));
  t0 = performance.now();
  execFileSync('psql', [
    scratch.databaseUrl,
    '-q',
    '-c',
    `\\copy raw_line from '${FILE}' with (format csv, header true)`,
  ]);
  const copyMs = performance.now() - t0;

  // diagnosis: the same rows written set-based from inside the database into line_item itself (its keys,
  // foreign keys, checks and indexes), rolled back: the floor any import path into this table pays
  const setBasedMs = await withAdminClient(scratch.databaseUrl, async (c) => {
    await c.query('analyze raw_line; analyze sub_activity');
    await c.query('begin');
    const s = performance.now();
    await c.query(`insert into line_item (tenant_id, year, unit, sub_activity_id, account, catalogue_item, component_name,
        specification, unit_of_measure, factors, volume, unit_price, tax_percent, amount, tax, total, funding_source,
        location, excess_reason, created_by, updated_by)
      select '${TENANT}', ${YEAR}, r.kode_skpd, s.id, r.kode_akun, r.kode_standar_harga, '', coalesce(r.spek_komponen, ''), '',
        '[]', r.volum1, r.harga_satuan, r.pajak, r.total_harga, 0, r.total_harga, r.sumber_dana, r.lokasi, r.alasan_harga,
        'bench', 'bench'
      from raw_line r join sub_activity s on s.unit = r.kode_skpd and s.code = r.kode_sub_giat and s.year = ${YEAR}`);
    const ms = performance.now() - s;
    await c.query('rollback');
    return ms;
  });

  const rate = (ms: number) => Math.round(year.rows / (ms / 1000));
  console.log('\n                                            seconds      rows/s');
  console.log(
    `raw COPY into a plain table (psql \\copy)  ${secs(copyMs).padStart(9)} ${rate(copyMs).toLocaleString('en').padStart(11)}`,
  );
  console.log(
    `INSERT ... SELECT into line_item (in DB)   ${secs(setBasedMs).padStart(9)} ${rate(setBasedMs).toLocaleString('en').padStart(11)}   ${((copyMs / setBasedMs) * 100).toFixed(0)}% of raw: the table's own keys, FKs, indexes`,
  );
  console.log(
    `POST /v1/imports (HTTP, checked, audited)  ${secs(importMs).padStart(9)} ${rate(importMs).toLocaleString('en').padStart(11)}   ${((copyMs / importMs) * 100).toFixed(0)}% of raw (goal >= 30%)`,
  );
  console.log(
    `GET /v1/exports/${YEAR} (cursor, streamed)    ${secs(exportMs).padStart(9)} ${rate(exportMs).toLocaleString('en').padStart(11)}   ${mb(exportedBytes)}`,
  );
  console.log(
    `\nservice peak RSS (VmHWM): ${mb(rssBefore)} before the import, ${mb(rssAfterImport)} after it, ${mb(rssPeak)} after the export (goal < 512 MB)`,
  );
  console.log(
    `import answer: ${answer.rows.toLocaleString('en')} rows, ${answer.subActivitiesCreated.toLocaleString('en')} sub-activities created, total Rp ${BigInt(answer.total).toLocaleString('en')}`,
  );

  const inTenant = <T>(fn: Parameters<typeof db.withTenant<T>>[1]) => db.withTenant(TENANT, fn);
  const timed = async <T>(fn: () => Promise<T>) => {
    let result = await fn();
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const s = performance.now();
      result = await fn();
      times.push(performance.now() - s);
    }
    return { ms: median(times), result };
  };
  const plain = await timed(() => inTenant((trx) => plainSum(trx, YEAR)));
  const results = [
    ['rollup per unit', await timed(() => inTenant((trx) => rollup(trx, YEAR, 'unit')))],
    ['rollup per program', await timed(() => inTenant((trx) => rollup(trx, YEAR, 'program')))],
    ['rollup per account', await timed(() => inTenant((trx) => rollup(trx, YEAR, 'account')))],
  ] as const;
  const check = await timed(() => inTenant((trx) => ceilingCheck(trx, YEAR)));
  console.log(
    `\nquery (app role, RLS on, median of ${REPEAT})          ms   x plain sum   groups   sum of groups = plain = generated`,
  );
  console.log(
    `plain sum(total)                              ${plain.ms.toFixed(1).padStart(8)}         1.00        1   ${plain.result === year.total}`,
  );
  for (const [label, r] of results) {
    const sum = [...r.result.values()].reduce((a, b) => a + b, 0n);
    console.log(
      `${label.padEnd(45)} ${r.ms.toFixed(1).padStart(8)} ${(r.ms / plain.ms).toFixed(2).padStart(12)} ${String(r.result.size).padStart(8)}   ${sum === plain.result && sum === year.total}`,
    );
  }
  console.log(
    `ceiling check (sub-activities and units)      ${check.ms.toFixed(1).padStart(8)} ${(check.ms / plain.ms).toFixed(2).padStart(12)}        -   over ceiling: ${check.result.subActivities} sub-activities, ${check.result.units} units`,
  );
  if (BigInt(answer.total) !== year.total || plain.result !== year.total) throw new Error('a rupiah was lost');
} finally {
  if (service?.child.exitCode === null) {
    service.child.kill('SIGTERM');
    await new Promise((r) => service!.child.once('close', r));
  }
  await db.destroy();
  rmSync(FILE, { force: true });
  // BENCH_KEEP=1 keeps the database for a look at plans (dropped otherwise)
  if (process.env.BENCH_KEEP) console.log(`kept database ${scratch.database}`);
  else await scratch.cleanup();
}
