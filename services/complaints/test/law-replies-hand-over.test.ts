/**
 * Issue 16, complaints rules 1 and 2 against the real service, PostgreSQL and NATS:
 * - LAPOR! closes a followed-up report automatically only "tanpa adanya balasan dari pelapor maupun
 *   administrator": a reply by either holds the closure and restarts the 10 working days.
 * - "Bukan wewenang" is no wrong door: it names where the report went (a unit, a region of the
 *   directory, a named agency), the reporter sees it, an event says it, the timeline shows it.
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

/** A report of the road unit (dsdabm) with its follow-up posted, its automatic closing already due. */
async function followedUpAndDue() {
  const r = await api.submit({ location: undefined });
  await api.actOk(r.trackingId, 'dispose', admin);
  await api.actOk(r.trackingId, 'follow-up', await c.as.officer('dsdabm'), {
    resolution: 'Lubang sudah ditambal oleh tim lapangan.',
  });
  await sql`update report set autoclose_due = now() - interval '1 minute' where tracking_id = ${r.trackingId}`.execute(
    c.db,
  );
  return r;
}

describe('automatic closing waits for silence from both sides', () => {
  it('when the reporter replies after the follow-up, then the closure is held and 10 working days start again', async () => {
    const r = await followedUpAndDue();
    const reply = await api.asReporter(r, 'replies', { note: 'Lubangnya masih ada di sisi kiri jalan.' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'followed-up', deadline: { kind: 'auto-close' } });
    expect(new Date(reply.json().deadline.due).getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000);

    await scanTenant(c.ctx, '32.73');
    expect((await api.row(r.trackingId)).status).toBe('followed-up');
    await scanTenant(c.ctx, '32.73', new Date(Date.now() + 40 * 86_400_000));
    const closed = await api.staffView(r.trackingId, admin);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'auto' });
    expect(closed.timeline.at(-1).note).toMatch(/tanpa balasan dari pelapor maupun administrator/);
  });

  it('when an admin (or the handling unit) replies, then the closure is held too; another unit may not reply', async () => {
    const r = await followedUpAndDue();
    const other = await api.act(r.trackingId, 'replies', await c.as.officer('dishub'), { note: 'Bukan kami.' });
    expect(other.statusCode).toBe(403);
    const view = await api.actOk(r.trackingId, 'replies', admin, { note: 'Mohon kirim foto sisi kiri jalan.' });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'reply', actor: 'admin-1' });
    await scanTenant(c.ctx, '32.73');
    expect((await api.row(r.trackingId)).status).toBe('followed-up');
  });

  it('when nobody replies, then the report still closes once the period is over', async () => {
    const r = await followedUpAndDue();
    expect((await scanTenant(c.ctx, '32.73')).autoClosed).toBeGreaterThanOrEqual(1);
    expect((await api.row(r.trackingId)).status).toBe('closed');
  });

  it('a staff reply to a closed report is 409 report_finished', async () => {
    const r = await followedUpAndDue();
    await scanTenant(c.ctx, '32.73');
    const res = await api.act(r.trackingId, 'replies', admin, { note: 'Terlambat.' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'report_finished', currentStatus: 'closed' });
  });
});

describe('not our authority names where the report went', () => {
  it('when the unit says another unit is responsible, then the report is handed over there, on the timeline and in events', async () => {
    const r = await api.submit({ location: undefined });
    await api.actOk(r.trackingId, 'dispose', admin);
    const view = await api.actOk(r.trackingId, 'forward', await c.as.officer('dsdabm'), {
      to: { kind: 'unit', unit: 'dishub' },
      note: 'Rambu lalu lintas, bukan jalan.',
    });
    expect(view).toMatchObject({
      status: 'disposed',
      unit: 'dishub',
      handedOverTo: { kind: 'unit', code: 'dishub', name: 'Dinas Perhubungan' },
    });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'hand-over', from: 'disposed', to: 'disposed' });
    expect(view.timeline.at(-1).note).toMatch(/^Bukan wewenang: diserahkan ke Dinas Perhubungan\. Rambu/);
    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(mine.json().handedOverTo).toMatchObject({ kind: 'unit', name: 'Dinas Perhubungan' });
    const handedOver = (await api.events(r.trackingId)).find((e) => e.type === type('handed-over'));
    expect(handedOver?.event.data).toMatchObject({ from: 'dsdabm', to: { kind: 'unit', unit: 'dishub' } });
    expect(await api.eventTypes(r.trackingId)).toContain(type('disposed'));
    // the new unit has it in its inbox, the old one no longer
    expect((await api.staffGet(r.trackingId, await c.as.officer('dsdabm'))).statusCode).toBe(403);
    expect((await api.staffGet(r.trackingId, await c.as.officer('dishub'))).statusCode).toBe(200);
  });

  it('when it belongs to another region, then it is closed as not-authority naming that region, with no rating invitation', async () => {
    const r = await api.submit({ location: undefined });
    const view = await api.actOk(r.trackingId, 'reject', admin, { to: { kind: 'region', region: '72.71' } });
    expect(view).toMatchObject({
      status: 'closed',
      closeReason: 'not-authority',
      forwardedTo: 'Kota Palu',
      handedOverTo: { kind: 'region', code: '72.71', name: 'Kota Palu' },
    });
    const events = await api.events(r.trackingId);
    expect(events.find((e) => e.type === type('handed-over'))?.event.data.to).toEqual({
      kind: 'region',
      region: '72.71',
    });
    // official-rating invites only for closings other than not-authority
    expect(events.find((e) => e.type === type('closed'))?.event.data.reason).toBe('not-authority');
    const publicView = await api.publicGet(r.trackingId);
    expect(publicView.json().timeline.at(-1)).toMatchObject({ action: 'reject-not-authority', note: null });
    expect(publicView.json().handedOverTo.name).toBe('Kota Palu');
    const page = await c.app.inject({ method: 'GET', url: `/lapor/lacak/${r.trackingId}?kunci=${r.secret}` });
    expect(page.body).toMatch(/Diteruskan ke\s*<\/dt>\s*<dd>Kota Palu/);
  });

  it('when it goes to a named agency, then the agency is named everywhere and personal data in the name is masked in the event', async () => {
    const r = await api.submit({ location: undefined });
    const view = await api.actOk(r.trackingId, 'forward', admin, {
      to: { kind: 'agency', name: 'BBPJN Jawa Barat, kontak 0812-9999-1234' },
    });
    expect(view).toMatchObject({ status: 'forwarded', handedOverTo: { kind: 'agency', code: null } });
    const event = (await api.events(r.trackingId)).find((e) => e.type === type('handed-over'))!;
    expect(event.text).not.toContain('0812-9999-1234');
    expect(event.event.data.to).toMatchObject({ kind: 'agency' });
  });

  it('refuses a not-authority without a destination, with an unknown region, or its own region; nothing changes', async () => {
    const r = await api.submit({ location: undefined });
    const bare = await api.act(r.trackingId, 'reject', admin, { note: 'Bukan wewenang kami.' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json()).toMatchObject({ code: 'forwarded_to_required', errors: [{ field: 'to' }] });
    const unknown = await api.act(r.trackingId, 'forward', admin, { to: { kind: 'region', region: '32.04' } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'unknown_region', errors: [{ field: 'to.region' }] });
    const own = await api.act(r.trackingId, 'forward', admin, { to: { kind: 'region', region: '32.73' } });
    expect(own.json().code).toBe('unknown_region');
    const noUnit = await api.act(r.trackingId, 'forward', admin, { to: { kind: 'unit', unit: 'tidak-ada' } });
    expect(noUnit.json()).toMatchObject({ code: 'unknown_unit' });
    expect((await api.row(r.trackingId)).status).toBe('submitted');
    expect(await api.eventTypes(r.trackingId)).toEqual([type('submitted')]);
  });
});
