/**
 * Issued permits: numbers without gaps under concurrent issuance (and after a rollback), numbers that
 * would collide with another type's, and the issuing unit. The signed document, its public verification
 * and revocation are in permit-verification.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localDate } from '@sinergi/service-kit';
import { act } from '../src/applications/transitions.js';
import { KeyRing } from '../src/permits/signing.js';
import { sweepTenant } from '../src/deadlines/job.js';
import { api, startLicensing, type Created, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let officer: Headers;
let integrator: Headers;

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can read the events
  await c.service.relay.stop();
  a = api(c);
  [officer, integrator] = await Promise.all([c.as.officer('dpmptsp'), c.as.integrator()]);
});
afterAll(async () => c?.stop());

const approved = async (): Promise<Created> => {
  const app = await a.assessed('lokasi-pkl');
  await a.staffOk(app.registrationNumber, 'approve', officer);
  return app;
};
const seqOf = (n: string) => Number(n.split('/')[1]);

describe('permit numbers', () => {
  it('run 1..N without gaps when N payments issue at the same moment, and a rolled-back issuance gives its number back', async () => {
    const apps: Created[] = [];
    for (let i = 0; i < 8; i++) apps.push(await approved());

    // an issuance that fails after taking its number: the rollback must return the number
    const ctx = c.service.ctx;
    const keys = new KeyRing(ctx.config.PERMIT_SIGNING_KEYS);
    await expect(
      ctx.db.withTenant('32.73', async (trx) => {
        const row = await trx
          .selectFrom('application')
          .selectAll()
          .where('registration_number', '=', apps[0]!.registrationNumber)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await act(trx, ctx, keys, {
          tenant: '32.73',
          row,
          action: 'issue',
          caller: { actsAs: 'system', id: 'system' },
          now: new Date(),
        });
        throw new Error('the signing hardware failed');
      }),
    ).rejects.toThrow('signing hardware');

    const paid = await Promise.all(
      apps.map((app, i) => a.pay(app.registrationNumber, `PAY-CONC-${i}`, '45000', integrator)),
    );
    const numbers = paid.map((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return r.json().permitNumber as string;
    });
    expect(numbers.map(seqOf).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(numbers.every((n) => /^511\.3\/\d{4}\/PKL\/20\d\d$/.test(n))).toBe(true);
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'lokasi-pkl'`.execute(
      c.db,
    );
    expect(seq.rows).toEqual([{ last: 8 }]);
  });
});

describe('permit numbers that would collide', () => {
  it('a number another type already holds is skipped in the same transaction: the permit gets the next free number, and the skip is recorded', async () => {
    const dinkes = await c.as.officer('dinkes');
    const pkl = (
      await sql<{ number: string }>`select number from permit where permit_type = 'lokasi-pkl' order by number`.execute(
        c.db,
      )
    ).rows.map((r) => r.number);
    expect(pkl.length).toBeGreaterThan(3);
    // a format giving lokasi-pkl's numbers, as a row stored before formats were checked could
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
    const first = await a.assessed('sip-dokter');
    const issued = await a.staffOk(first.registrationNumber, 'approve', dinkes);
    expect(issued).toMatchObject({ status: 'issued' });
    expect(pkl).not.toContain(issued.permit.number);
    expect(seqOf(issued.permit.number)).toBe(pkl.length + 1);
    // the skipped numbers are on the issuing step for staff (not for the applicant)
    expect(issued.timeline.at(-1)).toMatchObject({
      action: 'issue',
      details: { permitNumber: issued.permit.number, skippedPermitNumbers: pkl },
    });
    expect((await a.get(first)).json().timeline.at(-1).details).toEqual({ permitNumber: issued.permit.number });
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'sip-dokter'`.execute(
      c.db,
    );
    expect(seq.rows).toEqual([{ last: pkl.length + 1 }]);

    // a deemed grant is not stuck either: the sweep grants it with the next number, first time
    const deemed = await a.assessed('sip-dokter');
    await sql`update application set decision_due = now() + interval '1 minute' where registration_number = ${deemed.registrationNumber}`.execute(
      c.db,
    );
    const service = { keys: new KeyRing(c.service.ctx.config.PERMIT_SIGNING_KEYS) };
    expect(await sweepTenant(c.service.ctx, service, '32.73', new Date(Date.now() + 2 * 60_000))).toMatchObject({
      granted: 1,
      failed: 0,
    });
    expect(await a.row(deemed.registrationNumber)).toMatchObject({
      status: 'issued',
      outcome: 'deemed-granted',
      grant_failures: 0,
    });
    expect(seqOf((await a.get(deemed)).json().permit.number)).toBe(pkl.length + 2);

    // and the other way round: lokasi-pkl's next numbers are now held by sip-dokter, and are skipped too
    const next = await approved();
    const paid = await a.pay(next.registrationNumber, 'PAY-SKIP-1', '45000', integrator);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(seqOf(paid.json().permitNumber)).toBe(pkl.length + 3);
    const all = (await sql<{ number: string }>`select number from permit`.execute(c.db)).rows.map((r) => r.number);
    expect(new Set(all).size).toBe(all.length);
    await sql`update permit_type set number_format = '440/{seq:4}/SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
  });

  it('more held numbers than anyone would probe one by one are skipped in one look', async () => {
    const dinkes = await c.as.officer('dinkes');
    const year = localDate(new Date(), 'Asia/Jakarta').slice(0, 4);
    const last =
      (
        await sql<{
          last: number;
        }>`select last from permit_sequence where permit_type = 'sip-dokter' and year = ${Number(year)}`.execute(c.db)
      ).rows[0]?.last ?? 0;
    // 150 permits of another type hold sip-dokter's next numbers (as rows from before formats were checked could)
    const [template] = (
      await sql<{ id: string; application_id: string }>`select id, application_id from permit limit 1`.execute(c.db)
    ).rows;
    await sql`
      with apps as (
        insert into application
        select (jsonb_populate_record(null::application, to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), 'registration_number', 'IZN-HELD-' || lpad(g::text, 4, '0'), 'payment_reference', null))).*
          from application x, generate_series(1, 150) g where x.id = ${template!.application_id}
        returning id, registration_number
      )
      insert into permit
      select (jsonb_populate_record(null::permit, to_jsonb(p) || jsonb_build_object(
               'id', gen_random_uuid(), 'application_id', apps.id, 'permit_type', 'keramaian',
               'number', '440/' || lpad((${last} + substr(apps.registration_number, 10)::int)::text, 4, '0') || '/SIP/DINKES/' || ${year}))).*
        from permit p, apps where p.id = ${template!.id}`.execute(c.db);
    const app = await a.assessed('sip-dokter');
    const issued = await a.staffOk(app.registrationNumber, 'approve', dinkes);
    expect(seqOf(issued.permit.number)).toBe(last + 151);
    expect(issued.timeline.at(-1).details).toMatchObject({
      skippedCount: 150,
      skippedPermitNumbers: expect.arrayContaining([`440/${String(last + 1).padStart(4, '0')}/SIP/DINKES/${year}`]),
    });
    expect(
      (
        await sql<{
          last: number;
        }>`select last from permit_sequence where permit_type = 'sip-dokter' and year = ${Number(year)}`.execute(c.db)
      ).rows,
    ).toEqual([{ last: last + 151 }]);
  });

  it('a format whose numbers do not change with the sequence is a 409 at issuance that changes nothing, never a 500', async () => {
    const dinkes = await c.as.officer('dinkes');
    await sql`update permit_type set number_format = 'SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(c.db);
    const total = async () =>
      (
        await sql<{
          n: number;
        }>`select sum(last)::int as n from permit_sequence where permit_type = 'sip-dokter'`.execute(c.db)
      ).rows[0]!.n;
    const before = await total();
    const first = await a.assessed('sip-dokter');
    expect(await a.staffOk(first.registrationNumber, 'approve', dinkes)).toMatchObject({ status: 'issued' });
    const second = await a.assessed('sip-dokter');
    const res = await a.staff(second.registrationNumber, 'approve', dinkes);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'permit_number_taken' });
    expect(await a.row(second.registrationNumber)).toMatchObject({
      status: 'fee-assessed',
      approved_at: null,
      outcome: null,
    });
    expect(await total()).toBe(before + 1);
    await sql`update permit_type set number_format = '440/{seq:4}/SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
  });

  it('admins cannot configure a format that can give a number already issued to another type, even under that type’s older format', async () => {
    const admin = await c.as.admin();
    // lokasi-pkl has issued 511.3/NNNN/PKL/YYYY numbers; its current format no longer gives them
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL-B/{year}' where code = 'lokasi-pkl'`.execute(
      c.db,
    );
    const body = {
      code: 'izin-uji-terbit',
      name: 'Izin Uji Terbit',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat: '511.3/{seq:4}/PKL/{year}',
    };
    const res = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-uji-terbit',
      headers: admin,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'invalid_permit_type',
      errors: [{ field: 'numberFormat', message: expect.stringMatching(/already issued.*lokasi-pkl/) }],
    });
    expect((await sql`select 1 from permit_type where code = 'izin-uji-terbit'`.execute(c.db)).rows).toEqual([]);
    expect(
      (
        await c.app.inject({
          method: 'PUT',
          url: '/v1/admin/permit-types/izin-uji-terbit',
          headers: admin,
          payload: { ...body, numberFormat: '511.3/{seq:4}/{TYPE}/{year}' },
        })
      ).statusCode,
    ).toBe(200);
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL/{year}' where code = 'lokasi-pkl'`.execute(
      c.db,
    );
  });

  it('admins cannot configure a format that can give another type’s numbers, or one longer than 80 characters', async () => {
    const admin = await c.as.admin();
    const type = (numberFormat: string, code = 'izin-uji-nomor') => ({
      code,
      name: 'Izin Uji Nomor',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat,
    });
    const put = (body: ReturnType<typeof type>) =>
      c.app.inject({ method: 'PUT', url: `/v1/admin/permit-types/${body.code}`, headers: admin, payload: body });
    // lokasi-pkl gives 511.3/0001/PKL/2026
    for (const clash of ['511.3/{seq:4}/PKL/{year}', '511.3/{seq}/PKL/{year}', '511.3/0{seq:3}/PKL/{year}']) {
      const res = await put(type(clash));
      expect(res.statusCode, clash).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'invalid_permit_type',
        errors: [{ field: 'numberFormat', message: expect.stringContaining('lokasi-pkl') }],
      });
    }
    // at most '503/' + 9 digits + the 48-character code + DPMPTSP + VIII + a year + 4 slashes = 80 characters; one more is too many
    const longCode = 'izin-penyelenggaraan-reklame-insidental-khusus-x';
    expect(longCode).toHaveLength(48);
    expect((await put(type('503/{seq:9}/{TYPE}/{UNIT}/{roman}/{year}', longCode))).statusCode).toBe(200);
    const long = await put(type('503./{seq:9}/{TYPE}/{UNIT}/{roman}/{year}', longCode));
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual([
      expect.objectContaining({ field: 'numberFormat', message: expect.stringContaining('at most 80') }),
    ]);
    expect((await sql`select number_format from permit_type where code = ${longCode}`.execute(c.db)).rows).toEqual([
      { number_format: '503/{seq:9}/{TYPE}/{UNIT}/{roman}/{year}' },
    ]);
    expect((await sql`select 1 from permit_type where code = 'izin-uji-nomor'`.execute(c.db)).rows).toEqual([]);
    expect((await put(type('511.3/{seq:4}/{TYPE}/{year}'))).statusCode).toBe(200);
  });
});

describe('the issuing unit', () => {
  it('is the unit that handled the application, in the document and in {UNIT}, even after the type moved to another unit', async () => {
    const admin = await c.as.admin();
    const type = {
      code: 'izin-unit',
      name: 'Izin Uji Unit',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat: '{UNIT}/{seq:4}/{TYPE}/{year}',
    };
    const put = (unit: string) =>
      c.app.inject({
        method: 'PUT',
        url: '/v1/admin/permit-types/izin-unit',
        headers: admin,
        payload: { ...type, unit },
      });
    expect((await put('dpmptsp')).statusCode).toBe(200);
    const app = await a.created('izin-unit', {});
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(app.registrationNumber, 'complete', officer);
    await a.staffOk(app.registrationNumber, 'assess-fee', officer);
    // the type moves to the health office while this application is being decided by DPMPTSP
    expect((await put('dinkes')).statusCode).toBe(200);
    const issued = await a.staffOk(app.registrationNumber, 'approve', officer);
    expect(issued.permit.number).toMatch(/^DPMPTSP\/0001\/IZIN-UNIT\/20\d\d$/);
    const doc = (
      await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${app.registrationNumber}/permit`,
        headers: { 'x-application-secret': app.secret },
      })
    ).json().document;
    expect(doc.issuer).toMatchObject({ unit: 'dpmptsp', unitName: expect.stringMatching(/Penanaman Modal/i) });
  });
});
