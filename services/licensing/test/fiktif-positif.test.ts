/**
 * Fiktif positif: when the service-standard deadline passes after completeness without a decision,
 * the application is deemed granted and issued on that legal basis, exactly once, with two
 * service instances sweeping the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applicationDecided } from '@sinergi/contracts';
import { createTestEnvironment, type TestEnvironment } from '@sinergi/testkit';
import { sweepTenant } from '../src/deadlines/job.js';
import { KeyRing } from '../src/permits/signing.js';
import { api, startLicensing, type Created, type Harness } from './fixtures.js';

/** The sweep's other counts (lapses, reminders, objections deemed granted): none in these tests. */
const NO_FOLLOW_UPS = { lapsed: 0, reminded: 0, objectionsGranted: 0 };

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

/** Longer than the testkit's `waitFor`: two replicas sweep every 200 ms on a shared two-core machine. */
const waitFor = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('fiktif positif', () => {
  it('deems overdue applications granted exactly once with two instances running, and records the legal basis on the permit', async () => {
    const officer = await one.as.officer('dpmptsp');
    const apps: Created[] = [];
    // in each open state: complete, in-review and fee-assessed
    for (let i = 0; i < 6; i++) {
      const app = await a.submitted('lokasi-pkl');
      await a.staffOk(app.registrationNumber, 'complete', officer);
      if (i % 3 >= 1) await a.staffOk(app.registrationNumber, 'start-review', officer);
      if (i % 3 === 2) {
        await a.staffOk(app.registrationNumber, 'findings', officer, {
          kind: 'site-inspection',
          result: 'meets',
          notes: 'Lokasi sesuai.',
        });
        await a.staffOk(app.registrationNumber, 'assess-fee', officer);
      }
      apps.push(app);
    }
    // controls: one still running its clock, one returned (no clock), one approved (decided)
    const running = await a.submitted('lokasi-pkl');
    await a.staffOk(running.registrationNumber, 'complete', officer);
    const returned = await a.submitted('lokasi-pkl');
    await a.staffOk(returned.registrationNumber, 'return', officer, {
      items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }],
    });
    const approved = await a.assessed('lokasi-pkl');
    await a.staffOk(approved.registrationNumber, 'approve', officer);

    const regs = apps.map((x) => x.registrationNumber);
    await sql`update application set decision_due = now() - interval '1 minute' where registration_number in (${sql.join(regs)})`.execute(
      one.db,
    );
    await sql`update application set decision_due = now() - interval '1 minute' where registration_number = ${approved.registrationNumber}`.execute(
      one.db,
    );

    await waitFor(
      async () =>
        (
          await sql<{ n: number }>`select count(*)::int as n from application where outcome = 'deemed-granted'`.execute(
            one.db,
          )
        ).rows[0]!.n >= 6,
    );
    // let both replicas sweep a few more times: nothing may happen twice
    await new Promise((r) => setTimeout(r, 800));

    const grants = await sql<{ registration_number: string; n: number }>`
      select a.registration_number, count(t.*)::int as n from application a join application_timeline t on t.application_id = a.id and t.action = 'deem-grant'
       group by 1 order by 1`.execute(one.db);
    expect(grants.rows).toEqual([...regs].sort().map((r) => ({ registration_number: r, n: 1 })));
    const permits = await sql<{
      legal_basis: string;
      document: { legalBasis: { kind: string; text: string; decisionDue: string } };
    }>`
      select p.legal_basis, p.document from permit p join application a on a.id = p.application_id where a.registration_number in (${sql.join(regs)})`.execute(
      one.db,
    );
    expect(permits.rows).toHaveLength(6);
    for (const p of permits.rows) {
      expect(p.legal_basis).toBe('fiktif-positif');
      expect(p.document.legalBasis.kind).toBe('fiktif-positif');
      expect(p.document.legalBasis.text).toContain('dianggap dikabulkan secara hukum');
    }
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'lokasi-pkl'`.execute(
      one.db,
    );
    expect(seq.rows).toEqual([{ last: 6 }]);

    for (const control of [running, returned, approved]) {
      expect((await a.row(control.registrationNumber)).outcome).toBeNull();
    }
    const view = (await a.get(apps[2]!)).json();
    expect(view).toMatchObject({
      status: 'issued',
      outcome: 'deemed-granted',
      permit: { legalBasis: 'fiktif-positif', status: 'active' },
    });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'deem-grant', actorRole: 'system' });

    // exactly six "decided" events reached the stream, all deemed grants outside the standard
    const decided = await one.events.published<{ outcome: string; withinServiceStandard: boolean }>(
      applicationDecided.type,
    );
    expect(decided.filter((e) => e.tenant === '32.73')).toHaveLength(6);
    expect(decided.every((e) => e.data.outcome === 'deemed-granted' && !e.data.withinServiceStandard)).toBe(true);
  });

  it('grants once when two sweeps race in the same instant', async () => {
    const officer = await one.as.officer('dpmptsp');
    const apps: Created[] = [];
    for (let i = 0; i < 3; i++) {
      const app = await a.submitted('lokasi-pkl');
      await a.staffOk(app.registrationNumber, 'complete', officer);
      apps.push(app);
    }
    const future = new Date(Date.now() + 60 * 86_400_000);
    // the three, and the control of the first test whose clock still runs
    const open = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from application where status in ('complete', 'in-review', 'fee-assessed')`.execute(
        one.db,
      )
    ).rows[0]!.n;
    expect(open).toBe(4);
    const services = [one, two].map((h) => ({ keys: new KeyRing(h.service.ctx.config.PERMIT_SIGNING_KEYS) }));
    const [x, y] = await Promise.all([
      sweepTenant(one.service.ctx, services[0]!, '32.73', future),
      sweepTenant(two.service.ctx, services[1]!, '32.73', future),
    ]);
    expect(x.granted + y.granted).toBe(4);
    expect(x.failed + y.failed).toBe(0);
    const timeline = await sql<{
      n: number;
    }>`select count(*)::int as n from application_timeline where action = 'deem-grant'`.execute(one.db);
    expect(timeline.rows[0]!.n).toBe(6 + 4);
    expect(await sweepTenant(one.service.ctx, services[0]!, '32.73', future)).toEqual({
      completed: 0,
      granted: 0,
      failed: 0,
      ...NO_FOLLOW_UPS,
    });
  });
});

describe('a grant that fails', () => {
  it('is recorded, backed off and skipped while the region’s other grants go on', async () => {
    const officer = await one.as.officer('dpmptsp');
    const apps: Created[] = [];
    for (let i = 0; i < 4; i++) {
      const app = await a.submitted('lokasi-pkl');
      await a.staffOk(app.registrationNumber, 'complete', officer);
      apps.push(app);
    }
    const [poison, ...healthy] = apps as [Created, ...Created[]];
    // the poison row is due first (but not yet in real time, so the replicas' own sweeps leave it to this test), and its data cannot be signed (a fractional JSON number, as a
    // careless data migration could leave): every attempt to issue its permit throws
    await sql`update application set data = jsonb_set(data, '{luas-lapak-m2}', '2.5'::jsonb), decision_due = now() + interval '1 hour' where registration_number = ${poison.registrationNumber}`.execute(
      one.db,
    );
    const services = [one, two].map((h) => ({ keys: new KeyRing(h.service.ctx.config.PERMIT_SIGNING_KEYS) }));
    const future = new Date(Date.now() + 60 * 86_400_000);

    expect(await sweepTenant(one.service.ctx, services[0]!, '32.73', future)).toEqual({
      completed: 0,
      granted: 3,
      failed: 1,
      ...NO_FOLLOW_UPS,
    });
    for (const h of healthy) expect((await a.row(h.registrationNumber)).outcome).toBe('deemed-granted');
    const bad = await a.row(poison.registrationNumber);
    expect(bad).toMatchObject({ status: 'complete', outcome: null, grant_failures: 1 });
    expect(String(bad.grant_last_error)).toContain('TypeError');
    expect(String(bad.grant_last_error)).not.toContain('Siti');
    // nothing of the failed attempt was kept: no permit, no timeline step (and so no event: they share the transaction)
    expect(
      (
        await sql`select 1 from permit p join application a on a.id = p.application_id where a.registration_number = ${poison.registrationNumber}`.execute(
          one.db,
        )
      ).rows,
    ).toEqual([]);
    const steps = await sql<{
      action: string;
    }>`select t.action from application_timeline t join application x on x.id = t.application_id where x.registration_number = ${poison.registrationNumber} order by t.id`.execute(
      one.db,
    );
    expect(steps.rows.map((r) => r.action)).toEqual(['create', 'submit', 'complete']);

    // backed off: the same instant does not retry it; later it is retried (and fails again)
    expect(await sweepTenant(one.service.ctx, services[1]!, '32.73', future)).toEqual({
      completed: 0,
      granted: 0,
      failed: 0,
      ...NO_FOLLOW_UPS,
    });
    expect(await sweepTenant(one.service.ctx, services[1]!, '32.73', new Date(future.getTime() + 86_400_000))).toEqual({
      completed: 0,
      granted: 0,
      failed: 1,
      ...NO_FOLLOW_UPS,
    });
    expect((await a.row(poison.registrationNumber)).grant_failures).toBe(2);

    // repaired, it is granted by the next sweep that reaches it
    await sql`update application set data = jsonb_set(data, '{luas-lapak-m2}', '"2.5"'::jsonb) where registration_number = ${poison.registrationNumber}`.execute(
      one.db,
    );
    expect(
      await sweepTenant(one.service.ctx, services[0]!, '32.73', new Date(future.getTime() + 3 * 86_400_000)),
    ).toEqual({ completed: 0, granted: 1, failed: 0, ...NO_FOLLOW_UPS });
    expect((await a.row(poison.registrationNumber)).outcome).toBe('deemed-granted');
  });
});
