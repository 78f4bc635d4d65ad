/**
 * Issue 16 on the real database: a returned file gets the type's completion window, a reminder
 * before it ends and then lapses, once however many sweeps race; a rejection can be objected to
 * within 21 working days (UU 30/2014 Art. 75-78), the office answers by its deadline (upheld or
 * granted), and an objection it leaves undecided is deemed granted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { calendarFor, workingDayDeadline } from '@sinergi/service-kit';
import { sweepTenant } from '../src/deadlines/job.js';
import { OBJECTION_FOLLOW_UP_DAYS } from '../src/permit-types/legal.js';
import { KeyRing } from '../src/permits/signing.js';
import { api, BANDUNG, JPEG, startLicensing, type Created, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let officer: Headers;
let services: { keys: KeyRing }[];

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can read the events
  await c.service.relay.stop();
  a = api(c);
  officer = await c.as.officer('dpmptsp');
  services = [0, 1].map(() => ({ keys: new KeyRing(c.service.ctx.config.PERMIT_SIGNING_KEYS) }));
});
afterAll(async () => c?.stop());

/** Two sweeps racing at the same instant, as two replicas would. */
const race = async (at: Date) => {
  const results = await Promise.all(services.map((s) => sweepTenant(c.service.ctx, s, '32.73', at)));
  return {
    lapsed: results.reduce((n, r) => n + r.lapsed, 0),
    reminded: results.reduce((n, r) => n + r.reminded, 0),
    objectionsGranted: results.reduce((n, r) => n + r.objectionsGranted, 0),
    failed: results.reduce((n, r) => n + r.failed, 0),
  };
};
const eventsOf = async (reg: string, name: string) =>
  (await a.events(reg)).filter((e) => e.type === `sinergi.licensing.application.${name}.v1`).map((e) => e.event.data);
const timelineActions = async (app: Created) =>
  ((await a.get(app)).json().timeline as { action: string }[]).map((t) => t.action);
const returned = async () => {
  const app = await a.submitted('lokasi-pkl');
  await a.staffOk(app.registrationNumber, 'return', officer, {
    items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }],
  });
  return app;
};

describe('a returned file', () => {
  it('gets the type’s completion window, one reminder before it ends and then lapses, once with two sweeps racing', async () => {
    const app = await returned();
    const reg = app.registrationNumber;
    const row = await a.row(reg);
    const due = row.return_due as Date;
    const remindAt = row.return_remind_at as Date;
    // lokasi-pkl takes the defaults: 14 working days, reminded 3 working days before
    const cal = calendarFor(BANDUNG);
    expect(due).toEqual(workingDayDeadline(row.updated_at as Date, 14, cal));
    expect(remindAt).toEqual(workingDayDeadline(row.updated_at as Date, 11, cal));
    const view = (await a.get(app)).json();
    expect(view).toMatchObject({
      status: 'returned',
      returnDue: due.toISOString(),
      next: { deadline: due.toISOString() },
    });
    expect(view.next.text).toContain('gugur');
    const list = await c.app.inject({ method: 'GET', url: '/v1/staff/applications?status=returned', headers: officer });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ registrationNumber: reg, returnDue: due.toISOString() }),
    );

    expect(await race(new Date(remindAt.getTime() - 1000))).toMatchObject({ reminded: 0, lapsed: 0 });
    expect(await race(new Date(remindAt.getTime() + 1000))).toMatchObject({ reminded: 1, lapsed: 0, failed: 0 });
    expect(await race(new Date(remindAt.getTime() + 2000))).toMatchObject({ reminded: 0 });
    expect((await a.get(app)).json().status).toBe('returned');
    expect(await eventsOf(reg, 'completion-reminded')).toEqual([
      expect.objectContaining({ registrationNumber: reg, completeBy: due.toISOString() }),
    ]);

    expect(await race(new Date(due.getTime() + 1000))).toMatchObject({ lapsed: 1, reminded: 0, failed: 0 });
    const lapsed = (await a.get(app)).json();
    expect(lapsed).toMatchObject({ status: 'lapsed', statusColour: 'red', next: { who: 'nobody' } });
    expect(lapsed.timeline.at(-1)).toMatchObject({ action: 'lapse', to: 'lapsed', actorRole: 'system' });
    expect((await timelineActions(app)).filter((x) => x === 'remind-completion')).toHaveLength(1);
    expect(await eventsOf(reg, 'lapsed')).toEqual([expect.objectContaining({ completeBy: due.toISOString() })]);
    expect(await race(new Date(due.getTime() + 5000))).toMatchObject({ lapsed: 0 });

    const late = await a.applicant(app, 'submit');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'lapsed' });
  });

  it('does not lapse once completed and resubmitted in time', async () => {
    const app = await returned();
    const due = (await a.row(app.registrationNumber)).return_due as Date;
    const up = await a.upload(app, 'foto-lapak', JPEG);
    expect(up.statusCode, up.body).toBe(201);
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    const row = await a.row(app.registrationNumber);
    expect(row).toMatchObject({ status: 'submitted', return_due: null, return_remind_at: null });
    await race(new Date(due.getTime() + 1000));
    expect((await a.get(app)).json().status).not.toBe('lapsed');
  });
});

describe('an objection (keberatan) against a rejection', () => {
  const rejected = async () => {
    const app = await a.submitted('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'complete', officer);
    await a.staffOk(app.registrationNumber, 'reject', officer, { reasons: ['Lokasi berada di zona merah.'] });
    return app;
  };
  const object = (app: Created, reasons = ['Lokasi saya berada di zona kuning menurut peta terbaru.']) =>
    c.app.inject({
      method: 'POST',
      url: `/v1/applications/${app.registrationNumber}/objection`,
      headers: { 'x-application-secret': app.secret },
      payload: { reasons },
    });

  it('is open for 21 working days, gives the office its deadline, and an upheld rejection stays final', async () => {
    const app = await rejected();
    const reg = app.registrationNumber;
    const decidedAt = (await a.row(reg)).decided_at as Date;
    const until = workingDayDeadline(decidedAt, 21, calendarFor(BANDUNG));
    const view = (await a.get(app)).json();
    expect(view).toMatchObject({
      status: 'rejected',
      objection: { until: until.toISOString() },
      next: { who: 'applicant' },
    });
    expect(view.next.text).toContain('keberatan');

    const res = await object(app);
    expect(res.statusCode, res.body).toBe(200);
    const due = workingDayDeadline((await a.row(reg)).objected_at as Date, 10, calendarFor(BANDUNG));
    expect(res.json()).toMatchObject({
      status: 'objected',
      objection: { decisionDue: due.toISOString(), outcome: null },
      next: { who: 'office', deadline: due.toISOString() },
    });
    expect(await eventsOf(reg, 'objected')).toEqual([expect.objectContaining({ objectionDue: due.toISOString() })]);
    // the office's list shows the objection and its deadline
    const list = await c.app.inject({ method: 'GET', url: '/v1/staff/applications?status=objected', headers: officer });
    expect(list.json().items).toContainEqual(
      expect.objectContaining({ registrationNumber: reg, objectionDue: due.toISOString() }),
    );

    const upheld = await a.staffOk(reg, 'uphold-rejection', officer, { reasons: ['Peta zona 2026 tetap merah.'] });
    expect(upheld).toMatchObject({ status: 'rejected', objection: { outcome: 'upheld', until: null } });
    expect(upheld.timeline.at(-1)).toMatchObject({ action: 'uphold-rejection', details: { outcome: 'upheld' } });
    expect(await eventsOf(reg, 'objection-decided')).toEqual([
      expect.objectContaining({ outcome: 'upheld', deemed: false, withinDeadline: true, decisionDue: null }),
    ]);
    // one objection per rejection
    const again = await object(app);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('objection_window_closed');
  });

  it('granted by the office annuls the rejection: the file is complete again with a new decision deadline', async () => {
    const app = await rejected();
    expect((await object(app)).statusCode).toBe(200);
    const granted = await a.staffOk(app.registrationNumber, 'grant-objection', officer);
    const row = await a.row(app.registrationNumber);
    expect(granted).toMatchObject({ status: 'complete', outcome: null, objection: { outcome: 'granted' } });
    expect(row.decision_due).toEqual(
      workingDayDeadline(row.updated_at as Date, OBJECTION_FOLLOW_UP_DAYS, calendarFor(BANDUNG)),
    );
    expect(await eventsOf(app.registrationNumber, 'objection-decided')).toEqual([
      expect.objectContaining({
        outcome: 'granted',
        deemed: false,
        decisionDue: (row.decision_due as Date).toISOString(),
      }),
    ]);
    // the office decides again, as on any complete file
    expect(await a.staffOk(app.registrationNumber, 'start-review', officer)).toMatchObject({ status: 'in-review' });
  });

  it('is refused after 21 working days, changing nothing', async () => {
    const app = await rejected();
    await sql`update application set decided_at = now() - interval '45 days' where registration_number = ${app.registrationNumber}`.execute(
      c.db,
    );
    const res = await object(app);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'objection_window_closed', currentStatus: 'rejected' });
    expect((await a.row(app.registrationNumber)).objected_at).toBeNull();
  });

  it('left undecided past the office’s deadline is deemed granted once, with two sweeps racing', async () => {
    const app = await rejected();
    expect((await object(app)).statusCode).toBe(200);
    const due = (await a.row(app.registrationNumber)).objection_due as Date;
    expect(await race(new Date(due.getTime() + 1000))).toMatchObject({ objectionsGranted: 1, failed: 0 });
    const view = (await a.get(app)).json();
    expect(view).toMatchObject({ status: 'complete', objection: { outcome: 'granted' } });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'deem-grant-objection', actorRole: 'system' });
    expect(await eventsOf(app.registrationNumber, 'objection-decided')).toEqual([
      expect.objectContaining({ outcome: 'granted', deemed: true, withinDeadline: false }),
    ]);
    const late = await a.staff(app.registrationNumber, 'uphold-rejection', officer, { reasons: ['Terlambat.'] });
    expect(late.statusCode).toBe(409);
  });

  it('an officer answering after the office’s deadline is refused: the objection is already granted by law', async () => {
    const app = await rejected();
    expect((await object(app)).statusCode).toBe(200);
    await sql`update application set objection_due = now() - interval '1 minute' where registration_number = ${app.registrationNumber}`.execute(
      c.db,
    );
    const late = await a.staff(app.registrationNumber, 'uphold-rejection', officer, { reasons: ['Zona merah.'] });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'objection_deadline_passed', currentStatus: 'complete' });
    expect((await a.get(app)).json()).toMatchObject({ status: 'complete', objection: { outcome: 'granted' } });
    expect(await eventsOf(app.registrationNumber, 'objection-decided')).toEqual([
      expect.objectContaining({ outcome: 'granted', deemed: true }),
    ]);
  });
});
