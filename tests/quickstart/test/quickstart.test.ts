/**
 * Every service README's "Quick start", run as written: `sinergi up` (what `npm start` runs) starts
 * the services on ports, databases, subjects and a directory bucket of this run's own, so neither a
 * developer's `npm start` nor a parallel run is disturbed; each README's ```sh blocks run in one
 * `bash -euo pipefail` with `localhost:300N` moved to this run's ports, and each block's output is
 * checked for what the README says it shows.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createScratchEnvironment, withAdminClient, type ScratchEnvironment } from '@sinergi/testkit';
import { checkReferences, markdownLinks, printedReferences, quickStartSection, shellBlocks } from './readme.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = path.join(root, 'packages/cli/bin/sinergi.js');
const FIXED_PORTS: Record<string, number> = {
  budgeting: 3001,
  licensing: 3002,
  complaints: 3003,
  'social-intake': 3004,
  'official-rating': 3005,
};
const services = readdirSync(path.join(root, 'services'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const readme = (service: string) => readFileSync(path.join(root, 'services', service, 'README.md'), 'utf8');

let scratch: ScratchEnvironment;
let adminUrl: string;
let up: ChildProcess | undefined;
let upOutput = '';
let offset = 0;
const port = (service: string) => FIXED_PORTS[service]! + offset;

async function portFree(p: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) =>
    server.once('error', () => resolve(false)).listen(p, () => resolve(true)),
  );
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

/** An offset at which every service port is free right now. */
async function freeOffset(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = 20_000 + Math.floor(Math.random() * 2_000) * 10;
    const free = await Promise.all(Object.values(FIXED_PORTS).map((p) => portFree(p + candidate)));
    if (free.every(Boolean)) return candidate;
  }
  throw new Error('no free ports for the services');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: p } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return p;
}

const serverUrl = (databaseUrl: string) => {
  const u = new URL(databaseUrl);
  u.pathname = '';
  return u.toString().replace(/\/+$/, '');
};

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 90_000;
  while (!(await check().catch(() => false))) {
    if (up?.exitCode !== null) throw new Error(`sinergi up exited while waiting for ${what}:\n${upOutput}`);
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}:\n${upOutput}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => {
  const infra = inject('sinergi');
  adminUrl = infra.adminUrl;
  scratch = await createScratchEnvironment({ adminUrl, natsUrl: infra.natsUrl, name: 'quickstart', label: 'qs' });
  offset = await freeOffset();
  up = spawn(process.execPath, [bin, 'up'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SINERGI_POSTGRES_URL: serverUrl(adminUrl),
      NATS_URL: infra.natsUrl,
      SINERGI_PORT_OFFSET: String(offset),
      SINERGI_DB_PREFIX: `${scratch.database}_`,
      EVENT_PREFIX: scratch.eventPrefix,
      DIRECTORY_BUCKET: scratch.directoryBucket,
      LOG_LEVEL: 'warn',
    },
  });
  for (const stream of [up.stdout!, up.stderr!]) stream.on('data', (d: Buffer) => (upOutput += d.toString()));
  for (const service of Object.keys(FIXED_PORTS)) {
    await waitFor(
      `${service} to be ready`,
      async () => (await fetch(`http://localhost:${port(service)}/health/ready`)).ok,
    );
  }
  // the demo permit types are seeded beside start-up, not before readiness
  await waitFor(
    'the demo permit types',
    async () => (await fetch(`http://localhost:${port('licensing')}/v1/permit-types/keramaian`)).ok,
  );
});

afterAll(async () => {
  if (up && up.exitCode === null) {
    const exited = new Promise((resolve) => up!.once('exit', resolve));
    up.kill('SIGTERM');
    await exited;
  }
  await withAdminClient(adminUrl, async (c) => {
    for (const service of services)
      await c.query(`drop database if exists "${scratch.database}_${service.replaceAll('-', '_')}" with (force)`);
  });
  await scratch?.cleanup();
});

interface Ran {
  code: number;
  stderr: string;
  /** stdout of each block, in README order */
  blocks: string[];
}

/** Runs the README's quick-start blocks in one shell, as a reader pasting them in order would. */
function runQuickStart(service: string): Promise<Ran> {
  const blocks = shellBlocks(quickStartSection(readme(service)) ?? '');
  const script = blocks
    .map((b, i) => `echo '::block ${i}::'\n${b}`)
    .join('\n')
    .replace(/localhost:(300[1-5])\b/g, (_, p: string) => `localhost:${Number(p) + offset}`);
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', script],
      { cwd: root, timeout: 240_000, maxBuffer: 10_000_000 },
      (err, stdout, stderr) => {
        const parts = stdout.split(/^::block \d+::\n/m).slice(1);
        resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stderr, blocks: parts });
      },
    );
  });
}

const lines = (out: string | undefined) => (out ?? '').trim().split('\n');
const json = (line: string | undefined) => JSON.parse(line ?? 'null') as Record<string, unknown>;

async function ranOk(service: string, blockCount: number): Promise<string[]> {
  const ran = await runQuickStart(service);
  expect(
    ran.code,
    `${service} quick start failed:\n${ran.stderr}\n${ran.blocks.join('\n---\n')}\n${upOutput.slice(-5000)}`,
  ).toBe(0);
  // a block added to the README needs its expectation here
  expect(ran.blocks).toHaveLength(blockCount);
  return ran.blocks;
}

describe('every service README has a quick start', () => {
  it.each(services)('%s: a Quick start section with sh blocks, whose links lead somewhere', (service) => {
    const section = quickStartSection(readme(service));
    expect(section, `services/${service}/README.md has no "## Quick start"`).toBeDefined();
    expect(shellBlocks(section!).length).toBeGreaterThan(0);
    expect(section).toContain(`localhost:${FIXED_PORTS[service]}`);
    const dir = path.join(root, 'services', service);
    expect(checkReferences(markdownLinks(section!), dir, path.join(dir, 'README.md')).problems).toEqual([]);
  });
});

describe('the quick starts, run against sinergi up', () => {
  it('complaints: categories, a report, tracking, disposition to the unit, follow-up, closing, the rating link', async () => {
    const [categories, submitted, tracked, handled, closed, ratingLink] = await ranOk('complaints', 6);
    expect(categories).toContain('jalan-rusak: Jalan dan trotoar rusak (Dinas Sumber Daya Air dan Bina Marga)');
    const report = json(lines(submitted)[0]);
    expect(report).toMatchObject({
      trackingId: expect.stringMatching(/^LPR-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      status: 'submitted',
    });
    const [publicView, reporterView] = lines(tracked).map(json);
    expect(publicView).toMatchObject({ trackingId: report.trackingId, status: 'submitted', reporter: null });
    expect(JSON.stringify(publicView)).not.toContain('7890');
    expect(reporterView).toMatchObject({
      reporter: { name: 'S*** R***', phone: '+62*********90' },
      ratingInvitation: null,
    });
    expect(lines(handled)).toEqual([
      'disposed',
      `"trackingId":"${report.trackingId as string}"`,
      'in-progress',
      'followed-up',
    ]);
    expect(lines(closed)).toEqual(['closed', 'closed']);
    expect(lines(ratingLink)).toEqual([
      expect.stringMatching(
        new RegExp(`^http://localhost:${port('official-rating')}/r\\?tenant=32\\.73&token=[0-9A-Z]{32}$`),
      ),
    ]);
  });

  it('social-intake: a signed webhook, the post triaged and handed over, the report in complaints', async () => {
    const [received, triage, inComplaints] = await ranOk('social-intake', 3);
    expect(json(lines(received)[0])).toEqual({ received: 1, stored: 1, repeated: 0, unknownAccount: 0, skipped: 0 });
    const post = (json(lines(triage).at(-1)).items as Record<string, unknown>[])[0]!;
    expect(post).toMatchObject({
      channel: 'facebook',
      kind: 'dm',
      status: 'complaint',
      category: 'sekolah-pendidikan',
      reportTrackingId: expect.stringMatching(/^LPR-/),
    });
    const [report, source] = lines(inComplaints);
    expect(json(report)).toMatchObject({
      trackingId: post.reportTrackingId,
      channel: 'social',
      category: 'sekolah-pendidikan',
    });
    expect(json(source)).toMatchObject({ system: 'social-intake:facebook' });
  });

  it('licensing: apply, upload, review, pay, issue, and the permit verifies as active', async () => {
    const [types, applied, uploaded, reviewed, paid, verified] = await ranOk('licensing', 6);
    expect(types).toContain('keramaian: Izin Penyelenggaraan Acara/Keramaian di Ruang Publik');
    const application = json(lines(applied)[0]);
    expect(application).toMatchObject({ registrationNumber: expect.stringMatching(/^IZN-/), status: 'draft' });
    expect(lines(uploaded)).toEqual(['ktp', 'proposal-acara', 'denah-lokasi', 'submitted']);
    expect(lines(reviewed)).toEqual(['complete', 'in-review', 'meets', '500000', '500000']);
    const [payment, permit] = lines(paid).map(json);
    expect(payment).toMatchObject({
      registrationNumber: application.registrationNumber,
      status: 'issued',
      replay: false,
    });
    expect(permit).toMatchObject({ number: payment!.permitNumber, status: 'active', legalBasis: 'decision' });
    const [url, verification] = lines(verified);
    expect(url).toMatch(new RegExp(`^http://localhost:${port('licensing')}/v1/public/permits/verify\\?`));
    expect(json(verification)).toMatchObject({
      status: 'active',
      number: payment!.permitNumber,
      holder: 'S*** R***',
      signatureValid: true,
    });
  });

  it('official-rating: a counter link, a rating, and the IKM that counts it', async () => {
    const [link, rated, ikm] = await ranOk('official-rating', 3);
    expect(json(lines(link)[0])).toMatchObject({
      token: expect.stringMatching(/^[0-9A-Z]{32}$/),
      url: expect.stringContaining(`http://localhost:${port('official-rating')}/r?tenant=32.73&token=`),
    });
    const [invitation, element, rating] = lines(rated).map(json);
    expect(invitation).toMatchObject({ status: 'open', serviceType: 'ktp-el', transactionKind: 'counter' });
    expect(element).toMatchObject({ number: 1, code: 'persyaratan' });
    expect(rating).toMatchObject({ ratingId: expect.any(String) });
    expect(json(lines(ikm)[0])).toMatchObject({
      ikm: 91.67,
      band: 'A',
      respondents: 1,
      respondentsByKind: { complaints: 0, licensing: 0, counter: 1 },
    });
  });
});

describe('the budgeting quick start', () => {
  it('budgeting: reference data, a ceiling, a line within the price lock and one refused, review to the locked DPA, open data, the audit chain, the effectiveness review and its savings', async () => {
    const [reference, drafted, approved, reviewDrafts, review] = await ranOk('budgeting', 5);
    // 2027 beside the demo year 2026 that sinergi up loads (SEED_DEMO_BUDGET in development.defaults)
    expect(lines(reference).map(json)).toEqual([
      { version: '2027', imported: 15 },
      { version: '2027', imported: 17 },
      { year: 2027, version: '2027', created: true },
      { year: 2027, imported: 5 },
    ]);
    const d = lines(drafted);
    expect(d.slice(0, 4)).toEqual(['ceilings', 'drafting', 'Rehabilitasi Jalan', '246420000']);
    expect(json(d[4])).toEqual({
      in: 'body',
      field: 'unitPrice',
      message: 'unit price 250000 is above 185000, the catalogue maximum for HSPK-JLN-01',
    });
    const a = lines(approved);
    expect(a.slice(0, 5)).toEqual(['submitted', 'approved', 'region-approved', 'locked', '246420000']);
    expect(a[5]).toBe(
      'unit,status,sub_activity,sub_activity_name,account,account_name,component,specification,volume,unit_of_measure,unit_price,tax_percent,total,currency,funding_source,location\r',
    );
    expect(a[6]).toBe(
      'dsdabm,locked,1.03.10.2.01.0021,Rehabilitasi Jalan,5.2.04.01.01.0001,Belanja Modal Jalan Kota,Lapis aspal AC-WC,Tebal 4 cm,1200,m2,185000,11,246420000,IDR,PAD,Jl. Soekarno-Hatta\r',
    );
    expect(json(a[7])).toMatchObject({
      year: 2027,
      intact: true,
      entries: 14,
      head: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // issue 14: two more units draft and submit, with each unit's staff recorded
    expect(lines(reviewDrafts)).toEqual([
      '40',
      'ceilings',
      'drafting',
      'ceilings',
      'drafting',
      'Penyusunan Rencana Induk Jaringan LLAJ Kabupaten/Kota',
      '210000000',
      '25800000',
      'Penyediaan Peralatan dan Perlengkapan Kantor',
      '4200000',
      'submitted',
      'submitted',
    ]);
    // TAPD: the unplanned master plan ranks first with its reason, Dishub's ballpoints are critical,
    // the cut saves both its lines, the keep is recorded, and the public report shows the cut
    const r = lines(review);
    expect(r.slice(0, 3)).toEqual(['2.15.02.2.01.0001', '100,0%', '["tidak terkait RPJMD maupun Musrenbang"]']);
    expect(r.slice(3, 6)).toEqual(['dishub', 'Ballpoint', 'critical']);
    expect(r.slice(6, 9)).toEqual(['235800000', 'keep', '1 sub kegiatan dihapus, Rp 235.800.000 dihemat']);
    expect(json(r[9])).toEqual({
      unit: 'dishub',
      unitName: 'Dinas Perhubungan',
      reason: 'tidak terkait RPJMD maupun Musrenbang',
      activities: 1,
      lines: 2,
      saved: '235800000',
    });
    expect(r).toHaveLength(10);
    // each `npx sinergi token` takes seconds on a loaded machine, and this quick start takes six
  }, 240_000);
});

describe('what npm start prints', () => {
  it('points at README files and sections that exist: the quick start of every service it started', () => {
    const refs = printedReferences(upOutput);
    for (const service of Object.keys(FIXED_PORTS)) expect(refs).toContain(`services/${service}/README.md#quick-start`);
    expect(checkReferences(refs, root).problems).toEqual([]);
  });

  it('when PostgreSQL cannot be reached, says so and points at a section that exists', async () => {
    const closed = await closedPort();
    const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [bin, 'up'],
        { cwd: root, env: { ...process.env, SINERGI_POSTGRES_URL: `postgres://root@127.0.0.1:${closed}` } },
        (err, _out, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot reach PostgreSQL at postgres://root@127.0.0.1:${closed}`);
    const refs = printedReferences(r.stderr);
    expect(refs.length).toBeGreaterThan(0);
    expect(checkReferences(refs, root).problems).toEqual([]);
  });
});
