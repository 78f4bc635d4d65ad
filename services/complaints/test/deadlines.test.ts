import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { scanTenant } from '../src/deadlines/job.js';
import { aReport, startComplaints } from './fixtures.js';

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
      await sql<{
        kind: string;
      }>`select event->'data'->>'kind' as kind from outbox where type = 'sinergi.complaints.report.deadline-breached.v1' and event->>'subject' = ${trackingId}`.execute(
        c.db,
      )
    ).rows.map((r) => r.kind);

  it('emits each breach once, even when two replicas scan at the same moment, and lists the report as overdue', async () => {
    const r = await submit({ location: { lat: -6.95, lon: 107.65 } });
    // stop the relay from draining the outbox so the test can count events there
    await c.service.relay.stop();
    await sql`update report set disposition_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );
    const [a, b] = await Promise.all([scanTenant(c.ctx, '32.73'), scanTenant(c.ctx, '32.73')]);
    expect(a.breaches + b.breaches).toBe(1);
    await scanTenant(c.ctx, '32.73');
    expect(await breaches(r.trackingId)).toEqual(['disposition']);

    const overdue = await c.app.inject({
      method: 'GET',
      url: '/v1/staff/overdue?kind=disposition',
      headers: await c.as.admin(),
    });
    expect(overdue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
    c.service.relay.start();
  });

  it('emits a follow-up breach for the unit, and closes a followed-up report automatically after 10 working days', async () => {
    const r = await submit({ location: { lat: -6.91, lon: 107.58 }, category: 'sampah' });
    const admin = await c.as.admin();
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: `/v1/staff/reports/${r.trackingId}/dispose`,
          headers: admin,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);
    await c.service.relay.stop();
    await sql`update report set followup_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
      c.db,
    );
    await scanTenant(c.ctx, '32.73');
    expect(await breaches(r.trackingId)).toEqual(['follow-up']);
    const unitOverdue = await c.app.inject({
      method: 'GET',
      url: '/v1/staff/overdue?kind=follow-up',
      headers: await c.as.officer('dlh'),
    });
    expect(unitOverdue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
    const otherUnit = await c.app.inject({
      method: 'GET',
      url: '/v1/staff/overdue?kind=follow-up',
      headers: await c.as.officer('dishub'),
    });
    expect(otherUnit.json().items.map((i: { trackingId: string }) => i.trackingId)).not.toContain(r.trackingId);

    const officer = await c.as.officer('dlh');
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: `/v1/staff/reports/${r.trackingId}/follow-up`,
          headers: officer,
          payload: { resolution: 'Sampah sudah diangkut oleh petugas.' },
        })
      ).statusCode,
    ).toBe(200);
    const nineDays = await scanTenant(c.ctx, '32.73', new Date(Date.now() + 9 * 86_400_000));
    expect(nineDays.autoClosed).toBe(0);
    const later = await scanTenant(c.ctx, '32.73', new Date(Date.now() + 40 * 86_400_000));
    expect(later.autoClosed).toBe(1);
    const view = await c.app.inject({
      method: 'GET',
      url: `/v1/reports/${r.trackingId}`,
      headers: { 'x-report-secret': r.secret },
    });
    expect(view.json()).toMatchObject({ status: 'closed', closeReason: 'auto' });
    expect(view.json().timeline.at(-1)).toMatchObject({ action: 'auto-close', actor: 'system' });
    c.service.relay.start();
  });
});
