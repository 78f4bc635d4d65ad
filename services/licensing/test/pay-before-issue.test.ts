/**
 * Issue 16, through the API on the real database: a deemed grant of a type issued only after payment
 * (PBG, PP 16/2021 Art. 261) waits for the fee and is issued on payment; each type states its fee
 * kind (the billboard pays Pajak Reklame); business permits belong to OSS-RBA.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { sweepTenant } from '../src/deadlines/job.js';
import { KeyRing } from '../src/permits/signing.js';
import { SYSTEM } from '../src/applications/access.js';
import { act } from '../src/applications/transitions.js';
import { api, PBG_FEE, REKLAME_FEE, startLicensing, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let dcktr: Headers;
let integrator: Headers;
let service: { keys: KeyRing };

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can read the events
  await c.service.relay.stop();
  a = api(c);
  dcktr = await c.as.officer('dcktr');
  integrator = await c.as.integrator();
  service = { keys: new KeyRing(c.service.ctx.config.PERMIT_SIGNING_KEYS) };
});
afterAll(async () => c?.stop());

const overdue = (reg: string) =>
  sql`update application set decision_due = now() - interval '1 minute' where registration_number = ${reg}`.execute(
    c.db,
  );
const sweep = () => sweepTenant(c.service.ctx, service, '32.73', new Date(Date.now() + 60_000));
const permitRows = async (reg: string) =>
  (
    await sql<{
      legal_basis: string;
    }>`select p.legal_basis from permit p join application a on a.id = p.application_id where a.registration_number = ${reg}`.execute(
      c.db,
    )
  ).rows;

describe('a type issued only after payment (PBG)', () => {
  it('is deemed granted into "approved, awaiting payment" with no permit, and issued on fiktif-positif grounds when paid', async () => {
    const app = await a.assessed('pbg');
    const reg = app.registrationNumber;
    await overdue(reg);
    expect(await sweep()).toMatchObject({ granted: 1, failed: 0 });

    const view = (await a.get(app)).json();
    expect(view).toMatchObject({
      status: 'approved',
      outcome: 'deemed-granted',
      permit: null,
      fee: PBG_FEE,
      feeKind: 'retribusi',
      feeName: 'Retribusi PBG',
      next: { who: 'payment', amountDue: PBG_FEE },
    });
    expect(view.next.text).toContain('fiktif positif');
    expect(view.next.text).toContain('Bayar Retribusi PBG');
    expect(view.timeline.at(-1)).toMatchObject({ action: 'deem-approve', to: 'approved', actorRole: 'system' });
    expect(await permitRows(reg)).toEqual([]);
    // the decision by law is announced once, without a permit number
    const decided = (await a.events(reg)).filter((e) => e.type === 'sinergi.licensing.application.decided.v1');
    expect(decided.map((e) => e.event.data)).toEqual([
      expect.objectContaining({
        outcome: 'deemed-granted',
        permitNumber: null,
        permitTypeName: 'Persetujuan Bangunan Gedung (PBG) — tahap daerah',
        fee: PBG_FEE,
        official: null,
      }),
    ]);
    // approved is decided: a later sweep does nothing more
    expect(await sweep()).toMatchObject({ granted: 0 });

    const paid = await a.pay(reg, `BJB-PBG-${reg}`, PBG_FEE, integrator);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ status: 'issued' });
    expect(await permitRows(reg)).toEqual([{ legal_basis: 'fiktif-positif' }]);
    const permit = (await a.get(app, undefined, '')).json().permit;
    expect(permit).toMatchObject({ legalBasis: 'fiktif-positif', status: 'active' });
    const signed = await c.app.inject({
      method: 'GET',
      url: `/v1/applications/${reg}/permit`,
      headers: { 'x-application-secret': app.secret },
    });
    expect(signed.json().document.legalBasis.text).toContain('Perppu 2/2022');
    expect(signed.json().document.legalBasis.text).not.toContain('11/2020');
    expect(signed.json().document).toMatchObject({ fee: PBG_FEE, feeKind: 'retribusi', feeName: 'Retribusi PBG' });
    expect((await a.row(reg)).outcome).toBe('deemed-granted');
    // no second decision: the one at the deemed grant stands
    expect((await a.events(reg)).filter((e) => e.type === 'sinergi.licensing.application.decided.v1')).toHaveLength(1);
  });

  it('computes the fee from the type’s rule when the deadline passes before the office assessed it', async () => {
    const app = await a.submitted('pbg');
    await a.staffOk(app.registrationNumber, 'complete', dcktr);
    await overdue(app.registrationNumber);
    await sweep();
    expect((await a.get(app)).json()).toMatchObject({ status: 'approved', fee: PBG_FEE, outcome: 'deemed-granted' });
    expect(await permitRows(app.registrationNumber)).toEqual([]);
  });

  it('an ordinary approval waits for payment too, and the issuing step itself refuses an unpaid permit of the type', async () => {
    const app = await a.assessed('pbg');
    const reg = app.registrationNumber;
    expect(await a.staffOk(reg, 'approve', dcktr)).toMatchObject({ status: 'approved', permit: null });
    // whatever calls it, the issuing step of a pay-before-issue type refuses without a payment
    await expect(
      c.service.ctx.db.withTenant('32.73', async (trx) => {
        const row = await trx
          .selectFrom('application')
          .selectAll()
          .where('registration_number', '=', reg)
          .forUpdate()
          .executeTakeFirstOrThrow();
        return act(trx, c.service.ctx, service.keys, {
          tenant: '32.73',
          row,
          action: 'issue',
          caller: SYSTEM,
          now: new Date(),
        });
      }),
    ).rejects.toMatchObject({ code: 'unpaid_permit' });
    expect(await permitRows(reg)).toEqual([]);
  });

  it('a type not marked pay-before-issue is still issued at once when deemed granted (the fee stays owed)', async () => {
    const app = await a.assessed('lokasi-pkl');
    await overdue(app.registrationNumber);
    await sweep();
    expect((await a.get(app)).json()).toMatchObject({ status: 'issued', outcome: 'deemed-granted' });
  });
});

describe('fee kinds', () => {
  it('the catalogue and the application state what the fee is: Pajak Reklame for the billboard, none for a free permit', async () => {
    const types = (await c.app.inject({ method: 'GET', url: '/v1/permit-types' })).json().items as {
      code: string;
      feeKind: string;
      feeName: string;
      category: string;
    }[];
    const byCode = Object.fromEntries(types.map((t) => [t.code, t]));
    expect(byCode.reklame).toMatchObject({ feeKind: 'pajak', feeName: 'Pajak Reklame', category: 'local' });
    expect(byCode.pbg).toMatchObject({ feeKind: 'retribusi', payBeforeIssue: true });
    expect(byCode['sip-dokter']).toMatchObject({ feeKind: 'none' });

    const app = await a.assessed('reklame');
    const approved = await a.staffOk(app.registrationNumber, 'approve', await c.as.officer('dpmptsp'));
    expect(approved).toMatchObject({ feeKind: 'pajak', feeName: 'Pajak Reklame', fee: REKLAME_FEE });
    const mine = (await a.get(app)).json();
    expect(mine.next.text).toContain('Bayar Pajak Reklame');
    expect(mine.next.text).not.toMatch(/retribusi/i);
  });

  it('an admin cannot call a paid fee "none" (400 naming feeKind), and the type is left as it was', async () => {
    const admin = await c.as.admin();
    const current = (await c.app.inject({ method: 'GET', url: '/v1/permit-types/keramaian' })).json();
    const { category: _k, ...rest } = current;
    const res = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/keramaian',
      headers: admin,
      payload: { ...rest, feeKind: 'none' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'feeKind' })]);
    expect((await c.app.inject({ method: 'GET', url: '/v1/permit-types/keramaian' })).json()).toEqual(current);
  });
});

describe('business permits (OSS-RBA, PP 28/2025)', () => {
  it('are listed apart with their KBLI and risk level, and an application is sent to OSS with nothing stored', async () => {
    const admin = await c.as.admin();
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/toko-swalayan',
      headers: admin,
      payload: {
        code: 'toko-swalayan',
        name: 'Izin Usaha Toko Swalayan',
        unit: 'dpmptsp',
        fee: { kind: 'free' },
        numberFormat: '510/{seq:4}/{TYPE}/{year}',
        business: { kbli: '47111', riskLevel: 'medium-high' },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const listed = (await c.app.inject({ method: 'GET', url: '/v1/permit-types/toko-swalayan' })).json();
    expect(listed).toMatchObject({ category: 'business', business: { kbli: '47111', riskLevel: 'medium-high' } });

    const before = await sql<{ n: number }>`select count(*)::int as n from application`.execute(c.db);
    const res = await a.create('toko-swalayan', {});
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'business_permit_in_oss',
      oss: 'https://oss.go.id',
      kbli: '47111',
      riskLevel: 'medium-high',
    });
    expect((await sql<{ n: number }>`select count(*)::int as n from application`.execute(c.db)).rows).toEqual(
      before.rows,
    );
  });
});
