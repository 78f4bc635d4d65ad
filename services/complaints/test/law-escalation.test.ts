/**
 * Issue 16, complaints rules 3 and 5 against the real service, PostgreSQL and NATS: a breached
 * deadline goes to the unit head at once and to the region's oversight (Kota Bandung: the
 * Inspektorat) after `oversightAfterWorkingDays`, each exactly once even with two replicas
 * scanning; escalations show in staff views and statistics; a deferred report has a limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { scanTenant } from '../src/deadlines/job.js';
import { startComplaints } from './fixtures.js';
import type { reportsApi } from './report-helpers.js';
import { startHeld, type, type Harness, type Headers } from './report-helpers.js';

let c: Harness;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
beforeAll(async () => {
  ({ c, api, admin } = await startHeld(startComplaints));
});
afterAll(async () => c?.stop());

const escalations = async (trackingId: string) =>
  (await api.events(trackingId))
    .filter((e) => e.type === type('escalated'))
    .map((e) => e.event.data as { level: number; office: string; to: string | null; kind: string });
const listed = async (headers: Headers, query = '') => {
  const res = await c.app.inject({ method: 'GET', url: `/v1/staff/escalations${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { trackingId: string; escalationLevel: number }[]).map((i) => i.trackingId);
};
const both = () => Promise.all([scanTenant(c.ctx, '32.73'), scanTenant(c.ctx, '32.73')]);

/** A report disposed to dsdabm whose follow-up deadline has just passed. */
async function missedFollowUp() {
  const r = await api.submit({ location: undefined });
  await api.actOk(r.trackingId, 'dispose', admin);
  await sql`update report set followup_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
    c.db,
  );
  return r;
}
const oversightTimeHasCome = (trackingId: string) =>
  sql`update escalation set next_level_due = now() - interval '1 minute'
       where report_id = (select id from report where tracking_id = ${trackingId}) and level = 1`.execute(c.db);

describe('escalation of a missed deadline', () => {
  it('goes to the unit head once, then to the Inspektorat once when still missed, with two replicas scanning', async () => {
    const r = await missedFollowUp();
    await both();
    await both();
    expect(await escalations(r.trackingId)).toEqual([
      expect.objectContaining({ kind: 'follow-up', level: 1, office: 'unit-head', to: 'dsdabm' }),
    ]);
    const level1 = await api.staffView(r.trackingId, admin);
    expect(level1.escalations).toEqual([expect.objectContaining({ level: 1, office: 'unit-head', to: 'dsdabm' })]);
    expect(level1.timeline.at(-1)).toMatchObject({ action: 'escalate', actor: 'system' });
    expect(level1.timeline.at(-1).note).toMatch(/Kepala Dinas Sumber Daya Air dan Bina Marga \(tingkat 1\)/);
    // the oversight waits for its working days
    expect(await escalations(r.trackingId)).toHaveLength(1);

    await oversightTimeHasCome(r.trackingId);
    const [a, b] = await both();
    expect(a.toOversight + b.toOversight).toBe(1);
    await both();
    expect((await escalations(r.trackingId)).map((e) => [e.level, e.office, e.to])).toEqual([
      [1, 'unit-head', 'dsdabm'],
      [2, 'oversight', 'inspektorat'],
    ]);
  });

  it('shows escalations to the unit head, to the oversight and to admins, not to other units nor the public', async () => {
    const r = await missedFollowUp();
    await scanTenant(c.ctx, '32.73');
    expect(await listed(await c.as.head('dsdabm'))).toContain(r.trackingId);
    expect(await listed(await c.as.officer('dishub'))).not.toContain(r.trackingId);
    expect(await listed(await c.as.officer('inspektorat'))).not.toContain(r.trackingId);
    await oversightTimeHasCome(r.trackingId);
    await scanTenant(c.ctx, '32.73');
    expect(await listed(await c.as.officer('inspektorat'))).toContain(r.trackingId);
    expect(await listed(admin, '?level=2')).toContain(r.trackingId);
    const inbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: await c.as.head('dsdabm') });
    expect(inbox.json().items.find((i: { trackingId: string }) => i.trackingId === r.trackingId)).toMatchObject({
      escalationLevel: 2,
      overdue: true,
    });
    const publicView = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(publicView.json()).not.toHaveProperty('escalations');
  });

  it('does not go to the oversight once the unit has followed up', async () => {
    const r = await missedFollowUp();
    await scanTenant(c.ctx, '32.73');
    await api.actOk(r.trackingId, 'follow-up', await c.as.officer('dsdabm'), {
      resolution: 'Sudah ditambal, terlambat dua hari.',
    });
    await oversightTimeHasCome(r.trackingId);
    await scanTenant(c.ctx, '32.73');
    expect((await escalations(r.trackingId)).map((e) => e.level)).toEqual([1]);
  });

  it('counts escalations in the public statistics', async () => {
    const before = (await c.app.inject({ method: 'GET', url: '/v1/public/statistics' })).json();
    const r = await missedFollowUp();
    await scanTenant(c.ctx, '32.73');
    await oversightTimeHasCome(r.trackingId);
    await scanTenant(c.ctx, '32.73');
    const after = (await c.app.inject({ method: 'GET', url: '/v1/public/statistics' })).json();
    expect(after.totals.escalated).toBe(before.totals.escalated + 1);
    expect(after.totals.escalatedToOversight).toBe(before.totals.escalatedToOversight + 1);
    const unit = (s: { units: { unit: string; escalated: number }[] }) => s.units.find((u) => u.unit === 'dsdabm')!;
    expect(unit(after).escalated).toBe(unit(before).escalated + 1);
  });
});

describe('a deferred report has a limit', () => {
  it('gets the region’s deferral limit, and past it escalates to the verifiers, then the oversight', async () => {
    const r = await api.submit({ location: undefined });
    const deferred = await api.actOk(r.trackingId, 'defer', admin, { note: 'Mohon sebutkan nomor rumah terdekat.' });
    expect(deferred.deadline.kind).toBe('deferral');
    const due = new Date(deferred.deadline.due).getTime();
    // 10 working days (Kota Bandung's complaintHandling) are at least two calendar weeks
    expect(due).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(due).toBeLessThan(Date.now() + 40 * 86_400_000);

    expect(await escalations(r.trackingId)).toEqual([]);
    await sql`update report set deferred_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );
    await both();
    expect(await escalations(r.trackingId)).toEqual([
      expect.objectContaining({ kind: 'deferral', level: 1, office: 'verifier', to: null }),
    ]);
    const breach = (await api.events(r.trackingId)).find((e) => e.type === type('deadline-breached'));
    expect(breach?.event.data).toMatchObject({ kind: 'deferral' });
    const overdue = await c.app.inject({ method: 'GET', url: '/v1/staff/escalations', headers: admin });
    expect(overdue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
  });

  it('the reporter’s answer ends the deferral: no escalation for it afterwards', async () => {
    const r = await api.submit({ location: undefined });
    await api.actOk(r.trackingId, 'defer', admin, { note: 'Mohon foto.' });
    expect((await api.asReporter(r, 'replies', { note: 'Fotonya sudah saya unggah.' })).statusCode).toBe(200);
    await sql`update report set deferred_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );
    await scanTenant(c.ctx, '32.73');
    expect(await escalations(r.trackingId)).toEqual([]);
  });
});
