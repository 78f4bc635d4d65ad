/**
 * `npm run bench`: applications carried end to end per second, beside a raw PostgreSQL ceiling
 * measured in the same run, then the fiktif-positif sweep over 1,000,000 open applications with
 * the query plan that shows it uses the partial index.
 *
 * 1. A fresh database (migrated from scratch), its own NATS prefix and directory bucket holding
 *    Kota Bandung with its demo permit types; the service in this process (requests through
 *    `app.inject`, so no sockets: this measures the service and PostgreSQL, not the network).
 * 2. End to end with BENCH_CLIENTS concurrent applicants for BENCH_SECONDS: create, upload two
 *    documents, submit, complete, site inspection, assess the fee, approve, confirm payment (which
 *    numbers, signs and issues the permit): 10 requests per application.
 * 3. The raw ceiling: the same rows written by plain SQL (the same 10 transactions per application,
 *    as the application role with the tenant set), over as many connections as the pool.
 * 4. 1,000,000 open applications (plus 200,000 decided ones) by generate_series, 1,000 of them
 *    overdue: EXPLAIN ANALYZE of the sweep query as the service runs it, then the sweep itself
 *    timed (it deems the 1,000 granted and issues their permits), then an empty sweep.
 * 5. The database, the streams and the bucket are removed.
 *
 * Environment: DATABASE_URL (a server URL), NATS_URL, BENCH_SECONDS (10), BENCH_CLIENTS (16),
 * BENCH_OPEN (1000000), DATABASE_POOL_MAX (10), LOG_LEVEL (warn), BENCH_E2E (`0` skips steps 2 and 3).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createService, migrateDatabase, signDevToken } from '@sinergi/service-kit';
import { createScratchEnvironment, withAdminClient } from '@sinergi/testkit/scratch';
import { licensing } from '../src/app.js';
import { migrations } from '../src/db/migrations.js';
import { seedDemoPermitTypes } from '../src/permit-types/seed.js';
import { sweepTenant } from '../src/deadlines/job.js';

const SERVER_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres';
const NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS || 16);
const OPEN = Number(process.env.BENCH_OPEN || 1_000_000);
const POOL = Number(process.env.DATABASE_POOL_MAX || 10);
const TENANT = '32.73';
const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(20_000), Buffer.from('\nstartxref\n9\n%%EOF\n')]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(50_000), Buffer.from([0xff, 0xd9])]);
const DATA = { 'jenis-dagangan': 'Batagor', zona: 'hijau', 'luas-lapak-m2': '2', 'lama-bulan': 3 };

const scratch = await createScratchEnvironment({
  adminUrl: SERVER_URL,
  natsUrl: NATS_URL,
  name: 'licensing',
  label: 'bench',
  migrate: (url: string) => migrateDatabase({ url, appRole: 'sinergi_app', migrations }),
});
const f = (n: number, d = 1) => n.toFixed(d);

async function endToEnd(
  app: Awaited<ReturnType<typeof createService>>['app'],
  headers: { officer: Record<string, string>; integrator: Record<string, string> },
) {
  let done = 0;
  let failed = 0;
  let payRef = 0;
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const ok = (r: { statusCode: number; body: string }, expect: number) => {
    if (r.statusCode !== expect) throw new Error(`${r.statusCode} ${r.body.slice(0, 200)}`);
    return JSON.parse(r.body);
  };
  const one = async () => {
    const created = ok(
      await app.inject({
        method: 'POST',
        url: '/v1/applications',
        payload: { permitType: 'lokasi-pkl', applicant: { name: 'Pemohon Uji' }, data: DATA },
      }),
      201,
    );
    const reg = created.registrationNumber as string;
    const secret = { 'x-application-secret': created.secret as string };
    for (const [req, file] of [
      ['ktp', PDF],
      ['foto-lapak', JPEG],
    ] as const) {
      ok(
        await app.inject({
          method: 'PUT',
          url: `/v1/applications/${reg}/documents/${req}`,
          headers: { ...secret, 'content-type': 'application/octet-stream' },
          payload: file,
        }),
        201,
      );
    }
    ok(await app.inject({ method: 'POST', url: `/v1/applications/${reg}/submit`, headers: secret }), 200);
    const staff = (path: string, payload: object = {}) =>
      app.inject({ method: 'POST', url: `/v1/staff/applications/${reg}/${path}`, headers: headers.officer, payload });
    ok(await staff('complete'), 200);
    ok(await staff('start-review'), 200);
    ok(await staff('findings', { kind: 'site-inspection', result: 'meets', notes: 'Lokasi sesuai.' }), 200);
    ok(await staff('assess-fee'), 200);
    ok(await staff('approve'), 200);
    const paid = ok(
      await app.inject({
        method: 'POST',
        url: '/v1/integrations/payments',
        headers: headers.integrator,
        payload: { registrationNumber: reg, paymentReference: `BENCH-${process.pid}-${payRef++}`, amount: '45000' },
      }),
      200,
    );
    if (paid.status !== 'issued') throw new Error(`not issued: ${paid.status}`);
  };
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await one();
          done += 1;
          latencies.push(performance.now() - t);
        } catch (err) {
          failed += 1;
          if (failed < 3) console.error(err);
        }
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rate: done / elapsed,
    done,
    failed,
    p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0,
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0,
  };
}

/** The same rows by plain SQL: 10 transactions per application, as the application role. */
async function rawCeiling(count: number) {
  const pool = new pg.Pool({ connectionString: scratch.databaseUrl, max: POOL });
  let next = 0;
  const scope = `select set_config('role', 'sinergi_app', true), set_config('app.tenant', '${TENANT}', true)`;
  const tx = async (c: pg.PoolClient, statements: Array<[string, unknown[]]>) => {
    await c.query(`begin; ${scope}`);
    for (const [q, p] of statements) await c.query(q, p);
    await c.query('commit');
  };
  const timeline = (id: string, action: string) =>
    [
      `insert into application_timeline (tenant_id, application_id, actor, actor_role, action, from_status, to_status) values ($1, $2, 'x', 'unit', $3, 'draft', 'draft')`,
      [TENANT, id, action],
    ] as [string, unknown[]];
  const outbox = () =>
    [
      `insert into outbox (id, tenant_id, subject, type, event) values (gen_random_uuid()::text, $1, 'bench', 'bench', '{}')`,
      [TENANT],
    ] as [string, unknown[]];
  const start = performance.now();
  await Promise.all(
    Array.from({ length: POOL }, async () => {
      const c = await pool.connect();
      try {
        while (next < count) {
          const k = next++;
          await c.query(`begin; ${scope}`);
          const row = await c.query<{ id: string }>(
            `insert into application (tenant_id, registration_number, secret_hash, permit_type, unit, status, data, applicant_name) values ($1, $2, 'h', 'lokasi-pkl', 'dpmptsp', 'draft', $3, 'Pemohon Uji') returning id`,
            [TENANT, `RAW-${k}-${randomBytes(4).toString('hex')}`, JSON.stringify(DATA)],
          );
          const id = row.rows[0]!.id;
          await c.query(...timeline(id, 'create'));
          await c.query('commit');
          for (const [req, file] of [
            ['ktp', PDF],
            ['foto-lapak', JPEG],
          ] as const) {
            await tx(c, [
              [
                `insert into application_document (tenant_id, application_id, requirement, version, file_name, media_type, size_bytes, sha256, content, uploaded_by) values ($1, $2, $3, 1, 'f', 'x', $4, 'h', $5, 'a')`,
                [TENANT, id, req, file.length, file],
              ],
            ]);
          }
          for (const action of ['submit', 'complete', 'start-review', 'findings', 'assess-fee', 'approve']) {
            await tx(c, [
              [`select * from application where id = $1 for update`, [id]],
              [`update application set status = $2, updated_at = now() where id = $1`, [id, action]],
              timeline(id, action),
              ...(action === 'submit' || action === 'complete' ? [outbox()] : []),
            ]);
          }
          await tx(c, [
            [`select * from application where id = $1 for update`, [id]],
            [`update application set status = 'issued', payment_reference = $2 where id = $1`, [id, `RAW-PAY-${k}`]],
            timeline(id, 'confirm-payment'),
            [
              `insert into permit_sequence (tenant_id, permit_type, year, last) values ($1, 'raw', 2026, 1) on conflict (tenant_id, permit_type, year) do update set last = permit_sequence.last + 1 returning last`,
              [TENANT],
            ],
            [
              `insert into permit (tenant_id, number, application_id, permit_type, holder_name, legal_basis, issued_at, document, signature_kid, signature_alg, signature) values ($1, $2, $3, 'raw', 'x', 'decision', now(), '{}', 'k', 'EdDSA', 's')`,
              [TENANT, `RAW/${k}`, id],
            ],
            timeline(id, 'issue'),
            outbox(),
          ]);
        }
      } finally {
        c.release();
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  await pool.end();
  return { rate: count / elapsed };
}

async function main() {
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} at start`,
  );
  await scratch.applyDirectory([BANDUNG]);
  const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const svc = await createService(licensing, {
    ...scratch.env,
    NIK_HMAC_KEY: randomBytes(32).toString('hex'),
    PERMIT_SIGNING_KEYS: JSON.stringify([{ kid: 'bench', privateKey: key }]),
    DEFAULT_TENANT: TENANT,
    SUBMIT_RATE_PER_MINUTE: '100000000',
    DATABASE_POOL_MAX: String(POOL),
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    AUTH_DEV_KEYS: 'true',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0',
  });
  try {
    await svc.start({ listen: false });
    await seedDemoPermitTypes(svc.ctx, [TENANT]);
    const officer = {
      authorization: `Bearer ${await signDevToken({ sub: 'bench-officer', tenant: TENANT, roles: ['officer'], unit: 'dpmptsp' })}`,
    };
    const integrator = {
      authorization: `Bearer ${await signDevToken({ sub: 'bench-bank', tenant: TENANT, roles: ['integrator'] })}`,
    };

    if (process.env.BENCH_E2E !== '0') {
      console.log(
        `\n== end to end: ${CLIENTS} concurrent applicants for ${SECONDS} s, 10 requests per application (create, 2 uploads of 20 KB and 50 KB, submit, complete, review, findings, fee, approve, pay + issue) ==`,
      );
      const e2e = await endToEnd(svc.app, { officer, integrator });
      console.log(
        `service: ${f(e2e.rate)} applications/s issued (${e2e.done} done, ${e2e.failed} failed), ${f(e2e.rate * 10)} requests/s; per application p50 ${f(e2e.p50)} ms, p99 ${f(e2e.p99)} ms`,
      );
      const raw = await rawCeiling(Math.max(200, e2e.done));
      console.log(
        `raw PostgreSQL, the same rows in the same 10 transactions per application, ${POOL} connections: ${f(raw.rate)} applications/s`,
      );
      console.log(`ratio service / raw: ${f(e2e.rate / raw.rate, 2)}`);
    }

    console.log(`\n== the fiktif-positif sweep over ${OPEN.toLocaleString('en')} open applications ==`);
    let t = performance.now();
    await withAdminClient(scratch.databaseUrl, async (c) => {
      await c.query(`
        insert into application (tenant_id, registration_number, secret_hash, permit_type, unit, status, data, applicant_name, submitted_at, completed_at, decision_due, service_days, review_required, inspection_required, findings, fee)
        select '${TENANT}', 'BENCH-' || g, 'h', 'lokasi-pkl', 'dpmptsp',
               (array['complete', 'in-review', 'fee-assessed'])[1 + g % 3],
               '{"jenis-dagangan":"Batagor","zona":"hijau","luas-lapak-m2":"2","lama-bulan":"3"}', 'Pemohon Uji',
               now() - interval '3 days', now() - interval '2 days',
               case when g <= 1000 then now() - interval '1 minute' * g else now() + interval '1 second' * (g % 5184000) end,
               5, false, false, '[]', case when g % 3 = 2 then 45000 else null end
          from generate_series(1, ${OPEN}) g`);
      await c.query(`
        insert into application (tenant_id, registration_number, secret_hash, permit_type, unit, status, data, applicant_name, decision_due, outcome)
        select '${TENANT}', 'BENCH-DONE-' || g, 'h', 'lokasi-pkl', 'dpmptsp', 'issued', '{}', 'Pemohon Uji', now() - interval '30 days', 'issued'
          from generate_series(1, ${Math.floor(OPEN / 5)}) g`);
      await c.query('analyze application');
    });
    console.log(
      `seeded ${OPEN.toLocaleString('en')} open + ${Math.floor(OPEN / 5).toLocaleString('en')} decided applications in ${f((performance.now() - t) / 1000)} s`,
    );

    const plan = await withAdminClient(scratch.databaseUrl, async (c) => {
      await c.query('begin');
      await c.query(`select set_config('role', 'sinergi_app', true), set_config('app.tenant', '${TENANT}', true)`);
      const r = await c.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers, costs off) select * from application where tenant_id = '${TENANT}' and status in ('complete', 'in-review', 'fee-assessed') and decision_due <= now() and (grant_retry_at is null or grant_retry_at <= now()) order by decision_due limit 1 for update skip locked`,
      );
      await c.query('rollback');
      return r.rows.map((x) => x['QUERY PLAN']);
    });
    console.log('EXPLAIN (ANALYZE, BUFFERS) of one sweep claim, as the application role under row-level security:');
    for (const line of plan) console.log(`  ${line}`);
    if (!plan.some((l) => l.includes('application_decision_due_by_tenant')))
      console.log('  !! the sweep does not use application_decision_due_by_tenant');

    t = performance.now();
    const { granted } = await sweepTenant(svc.ctx, svc.deps, TENANT);
    const sweepMs = performance.now() - t;
    console.log(
      `sweep: ${granted} overdue applications deemed granted and issued (numbered, signed, evented) in ${f(sweepMs)} ms (${f(sweepMs / Math.max(granted, 1), 2)} ms each)`,
    );
    t = performance.now();
    const { granted: none } = await sweepTenant(svc.ctx, svc.deps, TENANT);
    console.log(
      `empty sweep (nothing due, the steady state every DEADLINE_SCAN_MS): ${none} granted in ${f(performance.now() - t, 2)} ms`,
    );
  } finally {
    await svc.stop().catch(() => undefined);
    await scratch.cleanup();
  }
}

await main();
