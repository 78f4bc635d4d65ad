import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { calendarFor } from '@sinergi/service-kit';
import { autoCloseDue, currentDeadline, dispositionDue, followUpDue, isOverdue } from '../src/deadlines/rules.js';
import { scanTenant } from '../src/deadlines/job.js';
import { ReportsService } from '../src/reports/service.js';
import { as, aReport, BANDUNG, startComplaints } from './support.js';

const bandung = calendarFor(BANDUNG);
const ternate = calendarFor({ timeZone: 'Asia/Jayapura', holidays: BANDUNG.holidays });
const palu = calendarFor({ timeZone: 'Asia/Makassar', holidays: [] });

describe('statutory deadlines in working days', () => {
  it('gives disposition 3, follow-up 5 and auto-close 10 working days, ending at local midnight', () => {
    // Monday 1 June 2026 is Hari Lahir Pancasila (a holiday): a report on Friday 29 May 10:00 WIB
    const friday = new Date('2026-05-29T03:00:00Z');
    expect(dispositionDue(friday, bandung).toISOString()).toBe('2026-06-04T17:00:00.000Z'); // Tue 2, Wed 3, Thu 4 June
    expect(followUpDue(friday, bandung).toISOString()).toBe('2026-06-08T17:00:00.000Z'); // 2, 3, 4, 5 and Mon 8 June
  });

  it('skips the whole Lebaran break of 2026 (18-24 March)', () => {
    const tuesday = new Date('2026-03-17T02:00:00Z'); // 09:00 WIB
    // working days after 17 Mar: 25, 26, 27 -> due end of Friday 27 March
    expect(dispositionDue(tuesday, bandung).toISOString()).toBe('2026-03-27T17:00:00.000Z');
    // ten working days: 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Apr Good Friday), 6, 7, 8 Apr
    expect(autoCloseDue(tuesday, bandung).toISOString()).toBe('2026-04-08T17:00:00.000Z');
  });

  it('counts in the region’s own zone: 23:30 WIB Friday is already Saturday in Ternate (WIT)', () => {
    const late = new Date('2026-06-05T16:30:00Z');
    expect(dispositionDue(late, bandung).toISOString()).toBe('2026-06-10T17:00:00.000Z'); // Mon, Tue, Wed (WIB)
    expect(dispositionDue(late, ternate).toISOString()).toBe('2026-06-10T15:00:00.000Z'); // Mon, Tue, Wed, end at WIT midnight
    expect(dispositionDue(new Date('2026-06-05T15:30:00Z'), palu).toISOString()).toBe('2026-06-10T16:00:00.000Z'); // 23:30 WITA Friday
  });

  it('knows which deadline a report runs against and when it is overdue', () => {
    const r = { status: 'disposed', disposition_due: new Date('2026-06-03T17:00:00Z'), followup_due: new Date('2026-06-10T17:00:00Z'), autoclose_due: null };
    expect(currentDeadline(r)).toEqual({ kind: 'follow-up', due: r.followup_due });
    expect(isOverdue(r, new Date('2026-06-10T16:59:59Z'))).toBe(false);
    expect(isOverdue(r, new Date('2026-06-10T17:00:00Z'))).toBe(true);
    expect(currentDeadline({ ...r, status: 'closed' })).toBeUndefined();
  });
});

describe('the deadline job', () => {
  let c: Awaited<ReturnType<typeof startComplaints>>;
  beforeAll(async () => {
    c = await startComplaints();
  });
  afterAll(async () => c?.stop());

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport(overrides) });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { trackingId: string; secret: string };
  };
  const breaches = async (trackingId: string) =>
    (
      await sql<{ kind: string }>`select event->'data'->>'kind' as kind from outbox where type = 'sinergi.complaints.report.deadline-breached.v1' and event->>'subject' = ${trackingId}`.execute(c.db)
    ).rows.map((r) => r.kind);

  it('emits each breach once, even when two replicas scan at the same moment, and lists the report as overdue', async () => {
    const r = await submit({ location: { lat: -6.95, lon: 107.65 } });
    // stop the relay from draining the outbox so the test can count events there
    await c.service.relay.stop();
    const reports = new ReportsService(c.service.ctx);
    await sql`update report set disposition_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(c.db);
    const [a, b] = await Promise.all([scanTenant(c.service.ctx, reports, '32.73'), scanTenant(c.service.ctx, reports, '32.73')]);
    expect(a.breaches + b.breaches).toBe(1);
    await scanTenant(c.service.ctx, reports, '32.73');
    expect(await breaches(r.trackingId)).toEqual(['disposition']);

    const overdue = await c.app.inject({ method: 'GET', url: '/v1/staff/overdue?kind=disposition', headers: await as.admin() });
    expect(overdue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
    c.service.relay.start();
  });

  it('emits a follow-up breach for the unit, and closes a followed-up report automatically after 10 working days', async () => {
    const r = await submit({ location: { lat: -6.91, lon: 107.58 }, category: 'sampah' });
    const admin = await as.admin();
    expect((await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${r.trackingId}/dispose`, headers: admin, payload: {} })).statusCode).toBe(200);
    await c.service.relay.stop();
    const reports = new ReportsService(c.service.ctx);
    await sql`update report set followup_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(c.db);
    await scanTenant(c.service.ctx, reports, '32.73');
    expect(await breaches(r.trackingId)).toEqual(['follow-up']);
    const unitOverdue = await c.app.inject({ method: 'GET', url: '/v1/staff/overdue?kind=follow-up', headers: await as.officer('dlh') });
    expect(unitOverdue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
    const otherUnit = await c.app.inject({ method: 'GET', url: '/v1/staff/overdue?kind=follow-up', headers: await as.officer('dishub') });
    expect(otherUnit.json().items.map((i: { trackingId: string }) => i.trackingId)).not.toContain(r.trackingId);

    const officer = await as.officer('dlh');
    expect((await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${r.trackingId}/follow-up`, headers: officer, payload: { resolution: 'Sampah sudah diangkut oleh petugas.' } })).statusCode).toBe(200);
    const nineDays = await scanTenant(c.service.ctx, reports, '32.73', new Date(Date.now() + 9 * 86_400_000));
    expect(nineDays.autoClosed).toBe(0);
    const later = await scanTenant(c.service.ctx, reports, '32.73', new Date(Date.now() + 40 * 86_400_000));
    expect(later.autoClosed).toBe(1);
    const view = await c.app.inject({ method: 'GET', url: `/v1/reports/${r.trackingId}`, headers: { 'x-report-secret': r.secret } });
    expect(view.json()).toMatchObject({ status: 'closed', closeReason: 'auto' });
    expect(view.json().timeline.at(-1)).toMatchObject({ action: 'auto-close', actor: 'system' });
    c.service.relay.start();
  });
});
