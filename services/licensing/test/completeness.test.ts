/**
 * The registration check's own deadline: a submitted file neither returned nor found complete
 * within the permit type's completeness days is deemed complete (once, however many sweeps run),
 * and the service-standard clock runs from that deadline; returns are limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { calendarFor } from '@sinergi/service-kit';
import { staffAct } from '../src/applications/staff-actions.js';
import { decisionDue } from '../src/deadlines/rules.js';
import { sweepTenant } from '../src/deadlines/job.js';
import { KeyRing } from '../src/permits/signing.js';
import { api, BANDUNG, JPEG, startLicensing, type Harness, type Headers } from './fixtures.js';

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

const bandung = calendarFor(BANDUNG);

describe('the completeness deadline', () => {
  it('is set at submission from the type’s working days, cleared by a return and set again at resubmission', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reg = app.registrationNumber;
    const row = await a.row(reg);
    expect(row.completeness_due).toEqual(expect.any(Date));
    expect((row.completeness_due as Date).getTime()).toBeGreaterThan((row.submitted_at as Date).getTime() + 86_400_000);
    const returned = await a.staffOk(reg, 'return', officer, {
      items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }],
    });
    // the registration check's deadline is gone; the deadline shown now is the lapse of the returned file (issue 16)
    expect(returned).toMatchObject({
      status: 'returned',
      completenessDue: null,
      next: { deadline: returned.returnDue },
    });
    expect(returned.returnDue).toEqual(expect.any(String));
  });

  it('deems a file complete at its deadline, once with two sweeps racing; the clock runs from the deadline and the completed event is emitted', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reg = app.registrationNumber;
    const due = (await a.row(reg)).completeness_due as Date;
    const at = new Date(due.getTime() + 60_000);
    const results = await Promise.all(services.map((s) => sweepTenant(c.service.ctx, s, '32.73', at)));
    expect(results.reduce((n, r) => n + r.completed, 0)).toBe(1);
    const row = await a.row(reg);
    expect(row).toMatchObject({ status: 'complete', completeness_due: null, outcome: null });
    expect(row.completed_at).toEqual(new Date(due.getTime() - 1));
    // the same decision deadline as an officer finding it complete in the check's last minute, not a day more
    expect(row.decision_due).toEqual(decisionDue(new Date(due.getTime() - 60_000), 5, bandung));
    const steps = await sql<{ action: string; actor_role: string }>`
      select t.action, t.actor_role from application_timeline t join application x on x.id = t.application_id where x.registration_number = ${reg} order by t.id`.execute(
      c.db,
    );
    expect(steps.rows.map((r) => `${r.action}:${r.actor_role}`)).toEqual([
      'create:applicant',
      'submit:applicant',
      'deem-complete:system',
    ]);
    const completed = (await a.events(reg)).filter((e) => e.type.endsWith('.completed.v1'));
    expect(completed).toHaveLength(1);
    expect(completed[0]!.event.data).toMatchObject({
      decisionDue: (row.decision_due as Date).toISOString(),
      serviceStandardWorkingDays: 5,
    });
    // a later sweep finds nothing more to do for it
    expect((await sweepTenant(c.service.ctx, services[0]!, '32.73', at)).completed).toBe(0);
    // the applicant sees the decision deadline now
    expect((await a.get(app)).json()).toMatchObject({
      status: 'complete',
      next: { deadline: (row.decision_due as Date).toISOString() },
    });
  });

  it('an officer after the completeness deadline cannot return or complete the file: 409, and it is complete from the deadline', async () => {
    for (const action of ['return', 'complete'] as const) {
      const app = await a.submitted('lokasi-pkl');
      const reg = app.registrationNumber;
      const due = (await a.row(reg)).completeness_due as Date;
      const caller = { actsAs: 'unit' as const, id: 'officer-dpmptsp', unit: 'dpmptsp' };
      await expect(
        staffAct(c.service.ctx, services[0]!, {
          tenant: '32.73',
          registrationNumber: reg,
          action,
          caller,
          input: { items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }] },
          reader: 'unit',
          now: new Date(due.getTime() + 3_600_000),
        }),
      ).rejects.toMatchObject({
        status: 409,
        code: 'completeness_deadline_passed',
        extensions: { currentStatus: 'complete', completenessDue: due.toISOString() },
      });
      expect(await a.row(reg)).toMatchObject({
        status: 'complete',
        completed_at: new Date(due.getTime() - 1),
        returned_items: null,
      });
      expect((await a.events(reg)).filter((e) => e.type.endsWith('.completed.v1'))).toHaveLength(1);
    }
    // a rejection after the deadline is still a decision the office may take (on the now complete file)
    const app = await a.submitted('lokasi-pkl');
    const due = (await a.row(app.registrationNumber)).completeness_due as Date;
    const view = await staffAct(c.service.ctx, services[0]!, {
      tenant: '32.73',
      registrationNumber: app.registrationNumber,
      action: 'reject',
      caller: { actsAs: 'unit', id: 'officer-dpmptsp', unit: 'dpmptsp' },
      input: { reasons: ['Lokasi di zona larangan.'] },
      reader: 'unit',
      now: new Date(due.getTime() + 60_000),
    });
    expect(view).toMatchObject({ status: 'rejected', completedAt: new Date(due.getTime() - 1).toISOString() });
  });

  it('a file that cannot be deemed complete is passed over, and the others are not held up', async () => {
    const bad = await a.submitted('lokasi-pkl');
    const good = await a.submitted('lokasi-pkl');
    const due = (await a.row(good.registrationNumber)).completeness_due as Date;
    // the broken file is due first: its permit type is gone (a row left by an older version, say)
    await sql`update application set permit_type = 'tidak-ada', completeness_due = completeness_due - interval '1 day' where registration_number = ${bad.registrationNumber}`.execute(
      c.db,
    );
    const result = await sweepTenant(c.service.ctx, services[0]!, '32.73', new Date(due.getTime() + 60_000));
    expect(result.failed).toBe(1);
    expect(await a.row(good.registrationNumber)).toMatchObject({ status: 'complete' });
    expect(await a.row(bad.registrationNumber)).toMatchObject({ status: 'submitted' });
    await sql`update application set status = 'withdrawn', completeness_due = null where registration_number = ${bad.registrationNumber}`.execute(
      c.db,
    );
  });

  it('uses the permit type’s own number of working days', async () => {
    const admin = await c.as.admin();
    const type = {
      code: 'izin-lengkap-5',
      name: 'Izin Uji Kelengkapan',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      completenessCheckDays: 5,
      numberFormat: '503/{seq:4}/{TYPE}/{year}',
    };
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-lengkap-5',
      headers: admin,
      payload: type,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ completenessCheckDays: 5 });
    const app = await a.created('izin-lengkap-5', {});
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    const row = await a.row(app.registrationNumber);
    expect(row.completeness_due).toEqual(decisionDue(row.submitted_at as Date, 5, bandung));
    expect(
      (
        await c.app.inject({
          method: 'PUT',
          url: '/v1/admin/permit-types/izin-lengkap-5',
          headers: admin,
          payload: { ...type, completenessCheckDays: 0 },
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe('returns for completion', () => {
  it('are limited to three; then the office must declare the file complete or reject it', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reg = app.registrationNumber;
    const item = { items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }] };
    for (let i = 0; i < 3; i++) {
      await a.staffOk(reg, 'return', officer, item);
      expect((await a.upload(app, 'foto-lapak', JPEG)).statusCode).toBe(201);
      expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    }
    const fourth = await a.staff(reg, 'return', officer, item);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json()).toMatchObject({ code: 'return_limit_reached', currentStatus: 'submitted', maxReturns: 3 });
    expect((await a.row(reg)).status).toBe('submitted');
    expect(await a.staffOk(reg, 'complete', officer)).toMatchObject({ status: 'complete' });
  });
});
