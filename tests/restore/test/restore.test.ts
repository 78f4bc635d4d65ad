/**
 * The restore drill: four services run as processes with their own databases and streams; reports,
 * a permit, ratings and a breached deadline are made and their events flow; then
 * infra/backup/backup.sh saves everything, the databases, streams and directory bucket are destroyed,
 * infra/backup/restore.sh brings them back, and the restarted services carry on: every row is there,
 * a new event is consumed exactly once, no old event is applied again and no deadline fires twice.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@sinergi/testkit';
import {
  consumerLag,
  createDeployment,
  type Deployment,
  handledEvents,
  type ServiceName,
  streamedEvents,
} from './deployment.js';
import {
  closeReport,
  counterRating,
  issuePermit,
  permitInvitation,
  rate,
  reportInvitation,
  submitReport,
} from './flows.js';

const run = promisify(execFile);
const DRILL: ServiceName[] = ['budgeting', 'complaints', 'licensing', 'official-rating'];
/** The rows that matter, per service: what a citizen or officer would miss. */
const TABLES: Record<string, string[]> = {
  budgeting: ['citizen_report', 'unit_ikm', 'audit_entry'],
  complaints: ['report', 'deadline_breach', 'rating_invitation', 'report_timeline'],
  licensing: ['application', 'permit', 'application_document', 'rating_invitation'],
  'official-rating': ['rating', 'invitation'],
};
const repo = path.resolve(import.meta.dirname, '../../..');
const CLI = path.join(repo, 'packages/cli/dist/main.js');

let d: Deployment;
let dir: string;

beforeAll(async () => {
  d = await createDeployment('restore');
  dir = mkdtempSync(path.join(tmpdir(), 'sinergi-backup-'));
  await Promise.all(DRILL.map((s) => d.start(s)));
});

afterAll(async () => {
  await d?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function counts() {
  const out: Record<string, number> = {};
  for (const s of DRILL) {
    for (const t of TABLES[s]!) {
      const [row] = await d.query<{ n: string }>(s, `select count(*)::text as n from ${t}`);
      out[`${s}.${t}`] = Number(row!.n);
    }
  }
  return out;
}

/** Every (consumer, event id) any service's inbox holds. */
async function inbox(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const s of DRILL) {
    for (const r of await d.query<{ k: string }>(s, `select consumer || ' ' || event_id as k from inbox`)) ids.add(r.k);
  }
  return ids;
}

/** Nothing waits in an outbox and no consumer has anything left to read. */
async function settled() {
  await waitFor(
    async () => {
      for (const s of DRILL) {
        const [row] = await d.query<{ n: string }>(s, 'select count(*)::text as n from outbox');
        if (row!.n !== '0') return undefined;
      }
      const lag = await consumerLag(d);
      return Object.values(lag).every((n) => n === 0) && Object.keys(lag).length > 0 ? true : undefined;
    },
    'outboxes and consumers to settle',
    60_000,
  );
}

async function overdue(title: string) {
  const report = await submitReport(d.running.complaints!, title);
  // its disposition deadline passed yesterday: the next scan records one breach and emits its event
  await d.query('complaints', `update report set disposition_due = now() - interval '1 day' where tracking_id = $1`, [
    report.trackingId,
  ]);
  return report;
}

const breachesOf = async (trackingId: string) =>
  Number(
    (
      await d.query<{ n: string }>(
        'complaints',
        'select count(*)::text as n from deadline_breach b join report r on r.id = b.report_id where r.tracking_id = $1',
        [trackingId],
      )
    )[0]!.n,
  );

const env = () => ({
  PATH: process.env.PATH ?? '',
  SINERGI_POSTGRES_URL: new URL('/', d.adminUrl).toString(),
  SINERGI_DB_PREFIX: d.dbPrefix,
  SINERGI_SERVICES: DRILL.join(' '),
  NATS_URL: d.natsUrl,
  EVENT_PREFIX: d.eventPrefix,
  DIRECTORY_BUCKET: d.directoryBucket,
  // roles live in the shared server: dump them (as an operator would) but never write them back here
  RESTORE_ROLES: 'false',
});

describe('backup, destroy, restore', () => {
  it('brings back every row, event and consumer position; the restarted services neither lose nor repeat work', async () => {
    const { complaints, licensing } = d.running;
    const rating = d.running['official-rating']!;
    const closed = await submitReport(complaints!);
    await closeReport(complaints!, closed);
    await rate(rating, (await reportInvitation(complaints!, closed)).url);
    await settled();
    // consumer positions from here, older than the dumps: the widest overlap backup.sh's order allows
    // (positions first), so the restored consumers see the later events again and only the inbox stops them
    const early = path.join(dir, 'early');
    await run(process.execPath, [CLI, 'backup', 'consumers', early], { env: env() });
    const permit = await issuePermit(licensing!);
    await rate(rating, (await permitInvitation(licensing!, permit)).url, [4, 4, 4, 4, 4, 4, 3, 3, 3]);
    await counterRating(rating, 'A-0001');
    const late = await overdue('Drainase tersumbat di Jl. Riau');
    await waitFor(async () => ((await breachesOf(late.trackingId)) === 1 ? true : undefined), 'the breach', 30_000);
    await settled();

    const before = await counts();
    const inboxBefore = await inbox();
    const eventsBefore = await streamedEvents(d);
    expect(before).toMatchObject({
      'complaints.report': 2,
      'complaints.deadline_breach': 1,
      'complaints.rating_invitation': 1,
      'licensing.permit': 1,
      'licensing.rating_invitation': 1,
      'official-rating.rating': 3,
    });
    expect(before['budgeting.citizen_report']).toBeGreaterThan(0);
    expect(inboxBefore.size).toBeGreaterThan(0);

    const backup = await run('bash', [path.join(repo, 'infra/backup/backup.sh'), dir], { env: env() });
    expect(backup.stdout).toContain('backup complete');
    copyFileSync(path.join(early, 'consumers.json'), path.join(dir, 'consumers.json'));

    for (const s of DRILL) await d.stop(s);
    await d.destroy();
    const left = await d.query('complaints', 'select 1').then(
      () => 'database still there',
      (err: Error) => err.message,
    );
    expect(left).toMatch(/does not exist/);
    expect(await streamedEvents(d)).toEqual({});

    const restored = await run('bash', [path.join(repo, 'infra/backup/restore.sh'), dir], { env: env() });
    expect(restored.stdout).toContain('restore complete');
    expect(await counts()).toEqual(before);
    expect(await inbox()).toEqual(inboxBefore);
    expect(await streamedEvents(d)).toEqual(eventsBefore);

    await Promise.all(DRILL.map((s) => d.start(s)));
    // after the restart: one more report closed (its events reach official-rating and back), one more deadline
    const fresh = await submitReport(d.running.complaints!, 'Lampu jalan mati di Jl. Braga');
    await closeReport(d.running.complaints!, fresh);
    await reportInvitation(d.running.complaints!, fresh);
    const later = await overdue('Sampah menumpuk di Jl. Cihampelas');
    await waitFor(
      async () => ((await breachesOf(later.trackingId)) === 1 ? true : undefined),
      'the new breach',
      30_000,
    );
    await settled();

    const after = await counts();
    const grew = Object.fromEntries(Object.entries(after).map(([k, n]) => [k, n - before[k]!]));
    expect(grew).toMatchObject({
      'complaints.report': 2,
      'complaints.deadline_breach': 1, // the new one; the old one did not fire again
      'complaints.rating_invitation': 1,
      'official-rating.invitation': 1,
      'official-rating.rating': 0,
      'licensing.application': 0,
      'licensing.permit': 0,
      'licensing.rating_invitation': 0,
    });
    expect(await breachesOf(late.trackingId)).toBe(1);
    const eventsAfter = await streamedEvents(d);
    const breached = Object.keys(eventsAfter).filter((k) => k.includes('deadline-breached'));
    expect(breached.reduce((n, k) => n + eventsAfter[k]! - (eventsBefore[k] ?? 0), 0)).toBe(1);

    // consumed exactly once: every old inbox entry is still there, and what the services handled
    // since the restart is exactly the new entries (an old event seen again counts as a duplicate)
    const inboxAfter = await inbox();
    for (const k of inboxBefore) expect(inboxAfter.has(k), k).toBe(true);
    const added = inboxAfter.size - inboxBefore.size;
    const outcomes = await Promise.all(DRILL.map((s) => handledEvents(d.running[s]!)));
    const sum = (o: string) => outcomes.reduce((n, x) => n + (x[o] ?? 0), 0);
    expect(added).toBeGreaterThanOrEqual(3); // official-rating took the closing, complaints the invitation, budgeting signals
    expect(sum('handled')).toBe(added);
    expect(sum('dead_lettered')).toBe(0);
    // the permit's, the counter's and the breach's events came again and were skipped, not applied
    expect(sum('duplicate')).toBeGreaterThanOrEqual(3);
    for (const s of DRILL) expect(await d.query(s, 'select 1 from dead_letter')).toEqual([]);
    console.warn(
      `restore drill: ${inboxBefore.size} events consumed before the backup, ${added} after the restore, ` +
        `${sum('duplicate')} older ones redelivered and skipped by the inbox; rows ${JSON.stringify(before)}`,
    );
  });
});
