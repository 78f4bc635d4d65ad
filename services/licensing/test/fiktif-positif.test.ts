/**
 * Fiktif positif: when the service-standard deadline passes after completeness without a decision,
 * the application is deemed granted and issued on that legal basis, exactly once, with two
 * service instances sweeping the same database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { applicationDecided, streamConfigFor, subjectFor } from '@sinergi/contracts';
import { createTestEnvironment, type TestEnvironment } from '@sinergi/testkit';
import { sweepTenant } from '../src/deadlines/job.js';
import { ApplicationsService } from '../src/applications/service.js';
import { KeyRing } from '../src/permits/signing.js';
import { api, as, startLicensing, type Created, type Harness } from './support.js';

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

const waitFor = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('fiktif positif', () => {
  it('deems overdue applications granted exactly once with two instances running, and records the legal basis on the permit', async () => {
    const officer = await as.officer('dpmptsp');
    const apps: Created[] = [];
    // in each open state: complete, in-review and fee-assessed
    for (let i = 0; i < 6; i++) {
      const app = await a.submitted('lokasi-pkl');
      await a.staffOk(app.registrationNumber, 'complete', officer);
      if (i % 3 >= 1) await a.staffOk(app.registrationNumber, 'start-review', officer);
      if (i % 3 === 2) {
        await a.staffOk(app.registrationNumber, 'findings', officer, { kind: 'site-inspection', result: 'meets', notes: 'Lokasi sesuai.' });
        await a.staffOk(app.registrationNumber, 'assess-fee', officer);
      }
      apps.push(app);
    }
    // controls: one still running its clock, one returned (no clock), one approved (decided)
    const running = await a.submitted('lokasi-pkl');
    await a.staffOk(running.registrationNumber, 'complete', officer);
    const returned = await a.submitted('lokasi-pkl');
    await a.staffOk(returned.registrationNumber, 'return', officer, { items: [{ requirement: 'foto-lapak', reason: 'Foto buram.' }] });
    const approved = await a.assessed('lokasi-pkl');
    await a.staffOk(approved.registrationNumber, 'approve', officer);

    const regs = apps.map((x) => x.registrationNumber);
    await sql`update application set decision_due = now() - interval '1 minute' where registration_number in (${sql.join(regs)})`.execute(one.db);
    await sql`update application set decision_due = now() - interval '1 minute' where registration_number = ${approved.registrationNumber}`.execute(one.db);

    await waitFor(async () => (await sql<{ n: number }>`select count(*)::int as n from application where outcome = 'deemed-granted'`.execute(one.db)).rows[0]!.n >= 6);
    // let both replicas sweep a few more times: nothing may happen twice
    await new Promise((r) => setTimeout(r, 800));

    const grants = await sql<{ registration_number: string; n: number }>`
      select a.registration_number, count(t.*)::int as n from application a join application_timeline t on t.application_id = a.id and t.action = 'deem-grant'
       group by 1 order by 1`.execute(one.db);
    expect(grants.rows).toEqual([...regs].sort().map((r) => ({ registration_number: r, n: 1 })));
    const permits = await sql<{ legal_basis: string; document: { legalBasis: { kind: string; text: string; decisionDue: string } } }>`
      select p.legal_basis, p.document from permit p join application a on a.id = p.application_id where a.registration_number in (${sql.join(regs)})`.execute(one.db);
    expect(permits.rows).toHaveLength(6);
    for (const p of permits.rows) {
      expect(p.legal_basis).toBe('fiktif-positif');
      expect(p.document.legalBasis.kind).toBe('fiktif-positif');
      expect(p.document.legalBasis.text).toContain('dianggap dikabulkan secara hukum');
    }
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'lokasi-pkl'`.execute(one.db);
    expect(seq.rows).toEqual([{ last: 6 }]);

    for (const control of [running, returned, approved]) {
      expect((await a.row(control.registrationNumber)).outcome).toBeNull();
    }
    const view = (await a.get(apps[2]!)).json();
    expect(view).toMatchObject({ status: 'issued', outcome: 'deemed-granted', permit: { legalBasis: 'fiktif-positif', status: 'active' } });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'deem-grant', actorRole: 'system' });

    // exactly six "decided" events reached the stream, all deemed grants outside the standard
    await waitFor(async () => (await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(one.db)).rows[0]!.n === 0);
    const nc = await connect({ servers: env.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const subject = subjectFor(applicationDecided.type, '32.73', env.eventPrefix);
      const info = await jsm.streams.info(streamConfigFor('licensing', env.eventPrefix).name, { subjects_filter: subject });
      expect(info.state.subjects?.[subject]).toBe(6);
    } finally {
      await nc.close();
    }
  });

  it('grants once when two sweeps race in the same instant', async () => {
    const officer = await as.officer('dpmptsp');
    const apps: Created[] = [];
    for (let i = 0; i < 3; i++) {
      const app = await a.submitted('lokasi-pkl');
      await a.staffOk(app.registrationNumber, 'complete', officer);
      apps.push(app);
    }
    const future = new Date(Date.now() + 60 * 86_400_000);
    // the three, and the control of the first test whose clock still runs
    const open = (await sql<{ n: number }>`select count(*)::int as n from application where status in ('complete', 'in-review', 'fee-assessed')`.execute(one.db)).rows[0]!.n;
    expect(open).toBe(4);
    const services = [one, two].map((h) => new ApplicationsService(h.service.ctx, new KeyRing(h.service.ctx.config.PERMIT_SIGNING_KEYS)));
    const [x, y] = await Promise.all([sweepTenant(one.service.ctx, services[0]!, '32.73', future), sweepTenant(two.service.ctx, services[1]!, '32.73', future)]);
    expect(x + y).toBe(4);
    const timeline = await sql<{ n: number }>`select count(*)::int as n from application_timeline where action = 'deem-grant'`.execute(one.db);
    expect(timeline.rows[0]!.n).toBe(6 + 4);
    expect(await sweepTenant(one.service.ctx, services[0]!, '32.73', future)).toBe(0);
  });
});
