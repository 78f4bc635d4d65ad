/**
 * Fiktif positif against an officer: a decision after the deadline is refused and the application is
 * deemed granted in that step (also when racing the sweep, and not before a failed grant's back-off
 * ends); the fee of a deemed grant stays owed and its payment is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnvironment, type TestEnvironment } from '@sinergi/testkit';
import { sweepTenant } from '../src/deadlines/job.js';
import { staffAct } from '../src/applications/staff-actions.js';
import { KeyRing } from '../src/permits/signing.js';
import { api, startLicensing, type Harness } from './fixtures.js';

let env: TestEnvironment;
let one: Harness;
let two: Harness;
let a: ReturnType<typeof api>;

beforeAll(async () => {
  env = await createTestEnvironment();
  // two replicas on one database and one NATS namespace, each sweeping every 200 ms
  one = await startLicensing({ DEADLINE_SCAN_MS: '200' }, env);
  two = await startLicensing({ DEADLINE_SCAN_MS: '200' }, env);
  a = api(one);
});
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await env?.cleanup();
});

describe('an officer after the deadline', () => {
  it('cannot reject or approve: 409 deadline_passed, and the application is deemed granted in that same step', async () => {
    const officer = await one.as.officer('dpmptsp');
    const late = await a.assessed('lokasi-pkl');
    const reg = late.registrationNumber;
    // due in an hour, so the replicas' real-time sweeps leave it alone; the officer acts two hours from now
    await sql`update application set decision_due = now() + interval '1 hour' where registration_number = ${reg}`.execute(
      one.db,
    );
    const service = { keys: new KeyRing(one.service.ctx.config.PERMIT_SIGNING_KEYS) };
    const later = new Date(Date.now() + 2 * 3_600_000);
    const caller = { actsAs: 'unit' as const, id: 'officer-dpmptsp', unit: 'dpmptsp' };
    await expect(
      staffAct(one.service.ctx, service, {
        tenant: '32.73',
        registrationNumber: reg,
        action: 'reject',
        caller,
        input: { reasons: ['Terlambat diputus.'] },
        reader: 'unit',
        now: later,
      }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'deadline_passed',
      extensions: { currentStatus: 'issued' },
    });
    expect(await a.row(reg)).toMatchObject({ status: 'issued', outcome: 'deemed-granted', rejection_reasons: null });
    expect((await a.staff(reg, 'approve', officer)).json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'issued',
    });
    const view = (await a.get(late)).json();
    expect(
      view.timeline
        .map((t: { action: string }) => t.action)
        .filter((x: string) => x === 'deem-grant' || x === 'reject'),
    ).toEqual(['deem-grant']);
    expect(view.permit).toMatchObject({ legalBasis: 'fiktif-positif' });
  });

  it('does not retry a failed grant before its back-off ends, however often an officer clicks', async () => {
    const late = await a.assessed('lokasi-pkl');
    const reg = late.registrationNumber;
    const service = { keys: new KeyRing(one.service.ctx.config.PERMIT_SIGNING_KEYS) };
    const caller = { actsAs: 'unit' as const, id: 'officer-dpmptsp', unit: 'dpmptsp' };
    // a grant that cannot be signed (a fractional JSON number) failed once; its retry is an hour away
    await sql`update application set data = jsonb_set(data, '{luas-lapak-m2}', '2.5'::jsonb), decision_due = now() + interval '1 hour', grant_failures = 1, grant_retry_at = now() + interval '3 hours'
               where registration_number = ${reg}`.execute(one.db);
    const later = new Date(Date.now() + 2 * 3_600_000);
    for (const action of ['reject', 'approve', 'assess-fee'] as const) {
      await expect(
        staffAct(one.service.ctx, service, {
          tenant: '32.73',
          registrationNumber: reg,
          action,
          caller,
          input: { reasons: ['Terlambat.'] },
          reader: 'unit',
          now: later,
        }),
      ).rejects.toMatchObject({
        status: 409,
        code: 'deadline_passed',
        extensions: { currentStatus: 'fee-assessed', grantRetryAt: expect.any(String) },
      });
    }
    // no early attempt was made: the failure count and the retry time are what they were
    const row = await a.row(reg);
    expect(row).toMatchObject({ status: 'fee-assessed', grant_failures: 1 });
    expect((row.grant_retry_at as Date).getTime()).toBeGreaterThan(Date.now() + 2.5 * 3_600_000);
    // after the back-off an officer's click does carry out the retry (and counts it when it fails again)
    await expect(
      staffAct(one.service.ctx, service, {
        tenant: '32.73',
        registrationNumber: reg,
        action: 'reject',
        caller,
        input: { reasons: ['Terlambat.'] },
        reader: 'unit',
        now: new Date(Date.now() + 4 * 3_600_000),
      }),
    ).rejects.toMatchObject({ code: 'deadline_passed' });
    expect((await a.row(reg)).grant_failures).toBe(2);
    // repaired, so the replicas' later sweeps do not keep failing on it
    await sql`update application set data = jsonb_set(data, '{luas-lapak-m2}', '"2.5"'::jsonb), decision_due = now() + interval '30 days' where registration_number = ${reg}`.execute(
      one.db,
    );
  });

  it('racing the sweep: one deemed grant, one permit, and the officer’s decision is refused', async () => {
    const services = [one, two].map((h) => ({ keys: new KeyRing(h.service.ctx.config.PERMIT_SIGNING_KEYS) }));
    for (let i = 0; i < 3; i++) {
      const app = await a.assessed('lokasi-pkl');
      const reg = app.registrationNumber;
      const future = new Date(Date.now() + 60 * 86_400_000);
      const [swept, decided] = await Promise.allSettled([
        sweepTenant(one.service.ctx, services[i % 2]!, '32.73', new Date(future.getTime() + 2 * 86_400_000)),
        staffAct([one, two][(i + 1) % 2]!.service.ctx, services[(i + 1) % 2]!, {
          tenant: '32.73',
          registrationNumber: reg,
          action: i === 1 ? 'approve' : 'reject',
          caller: { actsAs: 'unit', id: 'officer-dpmptsp', unit: 'dpmptsp' },
          input: { reasons: ['Terlambat.'] },
          reader: 'unit',
          now: future,
        }),
      ]);
      expect(swept.status).toBe('fulfilled');
      expect(decided.status).toBe('rejected');
      const err = (decided as PromiseRejectedResult).reason as { status: number; code: string };
      expect(err.status).toBe(409);
      // the officer either came first (and carried out the grant) or found it already issued
      expect(['deadline_passed', 'invalid_transition']).toContain(err.code);
      expect(await a.row(reg)).toMatchObject({ status: 'issued', outcome: 'deemed-granted' });
      const counts = await sql<{ grants: number; permits: number; decided: number }>`
        select (select count(*)::int from application_timeline t join application x on x.id = t.application_id where x.registration_number = ${reg} and t.action = 'deem-grant') as grants,
               (select count(*)::int from permit p join application x on x.id = p.application_id where x.registration_number = ${reg}) as permits,
               (select count(*)::int from application_timeline t join application x on x.id = t.application_id where x.registration_number = ${reg} and t.action in ('reject', 'approve')) as decided`.execute(
        one.db,
      );
      expect(counts.rows[0]).toEqual({ grants: 1, permits: 1, decided: 0 });
    }
  });
});

describe('the fee of a deemed grant', () => {
  it('stays owed, and its payment is recorded on the issued application (idempotent, amount checked)', async () => {
    const integrator = await one.as.integrator();
    const app = await a.assessed('lokasi-pkl');
    const reg = app.registrationNumber;
    const service = { keys: new KeyRing(one.service.ctx.config.PERMIT_SIGNING_KEYS) };
    await sweepTenant(one.service.ctx, service, '32.73', new Date(Date.now() + 90 * 86_400_000));
    expect(await a.row(reg)).toMatchObject({
      status: 'issued',
      outcome: 'deemed-granted',
      fee: 45000n,
      payment_reference: null,
    });
    const owed = (await a.get(app)).json();
    const permitNumber = owed.permit.number;
    // the permit is in force, and the applicant is told what is still to pay, how much and how
    expect(owed.next).toMatchObject({ who: 'payment', amountDue: '45000' });
    expect(owed.next.text).toContain('45.000');
    expect(owed.next.text).toContain(reg);
    expect((await a.pay(reg, 'PAY-DEEMED-1', '40000', integrator)).json()).toMatchObject({
      status: 422,
      code: 'amount_mismatch',
    });
    const paid = await a.pay(reg, 'PAY-DEEMED-1', '45000', integrator);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toEqual({
      registrationNumber: reg,
      paymentReference: 'PAY-DEEMED-1',
      status: 'issued',
      permitNumber,
      replay: false,
    });
    expect((await a.pay(reg, 'PAY-DEEMED-1', '45000', integrator)).json()).toMatchObject({
      replay: true,
      permitNumber,
    });
    expect((await a.pay(reg, 'PAY-DEEMED-2', '45000', integrator)).json()).toMatchObject({
      status: 409,
      code: 'already_paid',
    });
    const view = (await a.get(app)).json();
    expect(view).toMatchObject({
      status: 'issued',
      outcome: 'deemed-granted',
      payment: { reference: 'PAY-DEEMED-1' },
      next: { who: 'nobody', amountDue: null },
    });
    expect(view.timeline.filter((t: { action: string }) => t.action === 'confirm-payment')).toHaveLength(1);
  });
});
