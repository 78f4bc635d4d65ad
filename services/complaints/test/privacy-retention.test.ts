/**
 * Retention of reporters' personal data (UU 27/2022 Art. 43-44): contacts of a report finished longer
 * ago than the period are erased, the report itself stays; open reports, newer ones, supporting
 * reports of an open report and the other region keep theirs; the service will not start with a bad period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applyRetention } from '@sinergi/service-kit';
import { aReport, startComplaints } from './fixtures.js';
import { retentionRules } from '../src/privacy/retention.js';
import { complaints } from '../src/app.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

const submit = async (query = '', overrides: Record<string, unknown> = {}) => {
  const res = await c.app.inject({ method: 'POST', url: `/v1/reports${query}`, payload: aReport(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { trackingId: string }).trackingId;
};
/** Owner access: a report's state set as if it had been finished `days` ago (no API moves time). */
const finish = (trackingId: string, status: string, days: number | null) =>
  sql`update report set status = ${status}, closed_at = ${days === null ? null : ago(days)}, updated_at = ${ago(days ?? 0)}
      where tracking_id = ${trackingId}`.execute(c.db);
const row = async (trackingId: string) =>
  (
    await sql<{
      reporter_name: string | null;
      reporter_phone: string | null;
      reporter_email: string | null;
      reporter_nik_masked: string | null;
      reporter_nik_hash: string | null;
      reporter_erased_at: Date | null;
      title: string;
      category: string;
      status: string;
    }>`select * from report where tracking_id = ${trackingId}`.execute(c.db)
  ).rows[0]!;
const run = (tenant: string, env: Record<string, string> = {}) =>
  applyRetention(c.ctx.db, tenant, retentionRules, { now, env });

const ids: Record<string, string> = {};
beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '100000' });
  // far apart, so none is attached to another as its support
  const at = (i: number) => ({ location: { lat: -6.85 - i * 0.01, lon: 107.55 + i * 0.01 } });
  ids.closedLongAgo = await submit('', at(1));
  ids.closedRecently = await submit('', at(2));
  ids.openOld = await submit('', at(3));
  ids.supportingFinished = await submit('', at(4));
  ids.supportingOpen = await submit('', at(5));
  ids.anonymousArchived = await submit('', { ...at(6), anonim: true, reporter: undefined });
  ids.archivedLongAgo = await submit('', at(7));
  ids.palu = await submit('?tenant=72.71', {
    location: { lat: -0.895, lon: 119.87 },
    districtCode: undefined,
    category: 'jalan-rusak',
  });
  await finish(ids.closedLongAgo, 'closed', 400);
  await finish(ids.closedRecently, 'closed', 100);
  await sql`update report set submitted_at = ${ago(500)}, received_at = ${ago(500)}, updated_at = ${ago(500)} where tracking_id = ${ids.openOld}`.execute(
    c.db,
  );
  await finish(ids.anonymousArchived, 'archived', 400);
  await finish(ids.archivedLongAgo, 'archived', null); // archived: no closed_at, the last change counts
  await sql`update report set updated_at = ${ago(380)} where tracking_id = ${ids.archivedLongAgo}`.execute(c.db);
  for (const [support, of] of [
    [ids.supportingFinished, ids.closedLongAgo],
    [ids.supportingOpen, ids.openOld],
  ] as const) {
    await sql`update report set status = 'supporting', supporting_id = (select id from report where tracking_id = ${of}),
              updated_at = ${ago(450)} where tracking_id = ${support}`.execute(c.db);
  }
  await finish(ids.palu!, 'closed', 400);
});
afterAll(async () => c?.stop());

describe('retention of reporter contacts', () => {
  it('erases the contacts of reports finished more than 365 days ago and keeps the reports', async () => {
    expect(await run('32.73')).toEqual({ 'reporter-contact': 3 });
    for (const id of [ids.closedLongAgo!, ids.supportingFinished!, ids.archivedLongAgo!]) {
      const r = await row(id);
      expect([r.reporter_name, r.reporter_phone, r.reporter_email, r.reporter_nik_masked, r.reporter_nik_hash]).toEqual(
        [null, null, null, null, null],
      );
      expect(r.reporter_erased_at).not.toBeNull();
      expect(r.title).toBe('Jalan berlubang di Jl. Dago');
      expect(r.category).toBe('jalan-rusak');
    }
    expect((await row(ids.closedLongAgo!)).status).toBe('closed');
  });

  it('keeps newer, open and supporting-an-open reports, and the other region', async () => {
    for (const id of [ids.closedRecently!, ids.openOld!, ids.supportingOpen!, ids.palu!]) {
      const r = await row(id);
      expect(r.reporter_phone).toBe('+6281234567890');
      expect(r.reporter_nik_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.reporter_erased_at).toBeNull();
    }
    expect((await row(ids.anonymousArchived!)).reporter_erased_at).toBeNull(); // nothing to erase, not counted
  });

  it('changes nothing on a second pass, and follows a shorter period from the environment', async () => {
    expect(await run('32.73')).toEqual({ 'reporter-contact': 0 });
    expect(await run('32.73', { RETENTION_REPORTER_CONTACT_DAYS: '90' })).toEqual({ 'reporter-contact': 1 });
    expect((await row(ids.closedRecently!)).reporter_phone).toBeNull();
    expect((await row(ids.openOld!)).reporter_phone).toBe('+6281234567890');
    expect(await run('72.71')).toEqual({ 'reporter-contact': 1 });
  });

  it('runs in the background: the service will not start with a bad period', () => {
    const saved = process.env.RETENTION_REPORTER_CONTACT_DAYS;
    process.env.RETENTION_REPORTER_CONTACT_DAYS = 'forever';
    try {
      expect(() => complaints.background!(c.ctx, undefined)).toThrow(/RETENTION_REPORTER_CONTACT_DAYS/);
    } finally {
      if (saved === undefined) delete process.env.RETENTION_REPORTER_CONTACT_DAYS;
      else process.env.RETENTION_REPORTER_CONTACT_DAYS = saved;
    }
  });
});
