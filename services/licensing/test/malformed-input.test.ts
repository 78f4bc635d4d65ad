/**
 * Malformed input is refused with a problem naming the field, never a 500, and nothing of it is
 * applied: impossible dates, NUL characters, document ids that are not UUIDs, fees beyond bigint,
 * one payment reference for two applications at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { api, APPLICANT, DATA, startLicensing, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let dpmptsp: Headers;

beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
  dpmptsp = await c.as.officer('dpmptsp');
});
afterAll(async () => c?.stop());

const KERAMAIAN = {
  'nama-acara': 'Festival Kopi',
  lokasi: 'Alun-alun',
  'tanggal-mulai': '2026-09-01',
  'lama-hari': 2,
  'perkiraan-peserta': 500,
};
const count = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from application`.execute(c.db)).rows[0]!.n;

describe('malformed input', () => {
  it('an impossible date is a 422 naming the field', async () => {
    for (const date of ['2026-13-01', '2026-02-30', '0000-00-00', '2026-00-10']) {
      const res = await a.create('keramaian', { ...KERAMAIAN, 'tanggal-mulai': date });
      expect(res.statusCode, `${date}: ${res.body}`).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'invalid_data',
        errors: [{ field: 'data.tanggal-mulai', message: expect.stringContaining('date') }],
      });
    }
    expect((await a.create('keramaian', KERAMAIAN)).statusCode).toBe(201);
  });

  it('NUL characters anywhere are a 400 naming the field, and nothing is stored', async () => {
    const before = await count();
    const name = await c.app.inject({
      method: 'POST',
      url: '/v1/applications',
      payload: {
        permitType: 'lokasi-pkl',
        applicant: { ...APPLICANT, name: 'Siti\u0000Rahmawati' },
        data: DATA['lokasi-pkl'],
      },
    });
    expect(name.statusCode, name.body).toBe(400);
    expect(name.json()).toMatchObject({ code: 'nul_character', errors: [{ in: 'body', field: 'applicant.name' }] });
    const data = await a.create('lokasi-pkl', { ...DATA['lokasi-pkl'], 'jenis-dagangan': 'Bata\u0000gor' });
    expect(data.json()).toMatchObject({ status: 400, errors: [{ field: 'data.jenis-dagangan' }] });
    const key = await a.create('lokasi-pkl', { ...DATA['lokasi-pkl'], 'x\u0000': 'a' });
    expect(key.statusCode).toBe(400);
    expect(await count()).toBe(before);

    const app = await a.submitted('lokasi-pkl');
    const reject = await a.staff(app.registrationNumber, 'return', dpmptsp, {
      items: [{ requirement: 'ktp', reason: 'Buram\u0000' }],
    });
    expect(reject.json()).toMatchObject({ status: 400, errors: [{ field: 'items.0.reason' }] });
    expect((await a.row(app.registrationNumber)).status).toBe('submitted');
    const verify = await a.verify('503/0001/\u0000/2026');
    expect(verify.json()).toMatchObject({ status: 400, errors: [{ in: 'query', field: 'number' }] });
    const patch = await c.app.inject({
      method: 'PATCH',
      url: `/v1/applications/${app.registrationNumber}`,
      headers: { 'x-application-secret': app.secret },
      payload: { applicant: { email: 'a\u0000@example.com' } },
    });
    expect(patch.statusCode).toBe(400);
  });

  it('a document id that is not a UUID is a 400 naming it', async () => {
    const app = await a.created('lokasi-pkl');
    for (const id of ['not-a-uuid', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g']) {
      const res = await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${app.registrationNumber}/documents/${encodeURIComponent(id)}`,
        headers: { 'x-application-secret': app.secret },
      });
      expect(res.statusCode, id).toBe(400);
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'documentId' })]);
    }
    const staff = await c.app.inject({
      method: 'GET',
      url: `/v1/staff/applications/${app.registrationNumber}/documents/nope`,
      headers: dpmptsp,
    });
    expect(staff.statusCode).toBe(400);
  });

  it('a fee beyond what bigint holds is a 422 fee_not_computable naming the fields, and the application stays where it was', async () => {
    const admin = await c.as.admin();
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-besar',
      headers: admin,
      payload: {
        code: 'izin-besar',
        name: 'Izin Besar',
        unit: 'dpmptsp',
        fields: [
          { code: 'luas', label: 'Luas', type: 'decimal' },
          { code: 'tarif', label: 'Tarif', type: 'decimal' },
        ],
        fee: { kind: 'product', factors: [{ field: 'luas' }, { field: 'tarif' }] },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    const app = await a.created('izin-besar', { luas: '9999999999999', tarif: '9999999999999' });
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(app.registrationNumber, 'complete', dpmptsp);
    const res = await a.staff(app.registrationNumber, 'assess-fee', dpmptsp);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ code: 'fee_not_computable' });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['data.luas', 'data.tarif']);
    expect(await a.row(app.registrationNumber)).toMatchObject({ status: 'complete', fee: null });
  });

  it('one payment reference for two applications at the same moment: one is paid, the other is a 409, never a 500', async () => {
    const integrator = await c.as.integrator();
    const [x, y] = [await a.assessed('lokasi-pkl'), await a.assessed('lokasi-pkl')];
    for (const app of [x, y]) await a.staffOk(app.registrationNumber, 'approve', dpmptsp);
    // x's payment is recorded but not yet committed, so y's check cannot see it and y reaches the unique index
    const held = await c.db.startTransaction().execute();
    try {
      await sql`update application set payment_reference = 'PAY-TWICE', status = 'paid' where registration_number = ${x.registrationNumber}`.execute(
        held,
      );
      const pending = a.pay(y.registrationNumber, 'PAY-TWICE', '45000', integrator);
      // wait until y's transaction waits on x's index entry (a state, not a timing)
      for (;;) {
        const waiting = await sql<{
          n: number;
        }>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%payment_reference%'`.execute(
          c.db,
        );
        if (waiting.rows[0]!.n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await held.commit().execute();
      const res = await pending;
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'payment_reference_used' });
    } catch (err) {
      await held
        .rollback()
        .execute()
        .catch(() => undefined);
      throw err;
    }
    expect(await a.row(y.registrationNumber)).toMatchObject({ status: 'approved', payment_reference: null });
  });
});

describe('what the applicant and staff see', () => {
  it('PATCH of the applicant merges: fields left out keep their value', async () => {
    const app = await a.created('lokasi-pkl');
    const res = await c.app.inject({
      method: 'PATCH',
      url: `/v1/applications/${app.registrationNumber}`,
      headers: { 'x-application-secret': app.secret },
      payload: { applicant: { phone: '0813-1111-2222' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await a.row(app.registrationNumber)).toMatchObject({
      applicant_name: APPLICANT.name,
      applicant_email: APPLICANT.email,
      applicant_nik_masked: '**************01',
      applicant_phone: expect.stringContaining('8131111222'),
    });
    await c.app.inject({
      method: 'PATCH',
      url: `/v1/applications/${app.registrationNumber}`,
      headers: { 'x-application-secret': app.secret },
      payload: { applicant: { email: null } },
    });
    expect(await a.row(app.registrationNumber)).toMatchObject({
      applicant_name: APPLICANT.name,
      applicant_email: null,
    });
  });

  it('staff do not see an unsubmitted draft', async () => {
    const app = await a.created('lokasi-pkl');
    for (const headers of [dpmptsp, await c.as.admin(), await c.as.auditor()]) {
      expect(
        (
          await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${app.registrationNumber}`, headers })
        ).json(),
      ).toMatchObject({ status: 404, code: 'application_not_found' });
    }
    expect(
      (await a.staff(app.registrationNumber, 'reject', dpmptsp, { reasons: ['Tidak lengkap sama sekali.'] }))
        .statusCode,
    ).toBe(404);
    expect((await a.row(app.registrationNumber)).status).toBe('draft');
  });

  it('the applicant’s timeline carries no officer account in its details', async () => {
    const app = await a.submitted('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'complete', dpmptsp);
    const staff = await a.staffOk(app.registrationNumber, 'start-review', dpmptsp, {
      assignee: 'officer-tim-lapangan-7',
    });
    expect(staff.timeline.at(-1).details).toEqual({ assignee: 'officer-tim-lapangan-7' });
    const mine = await a.get(app);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).not.toContain('officer-tim-lapangan-7');
    expect(mine.body).not.toContain('officer-dpmptsp');
    const steps = mine.json().timeline;
    expect(steps.find((t: { action: string }) => t.action === 'start-review').details).toBeNull();
    expect(steps.find((t: { action: string }) => t.action === 'complete').details).toMatchObject({
      serviceStandardDays: 5,
    });
  });

  it('a later finding of the same kind supersedes the earlier one', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reg = app.registrationNumber;
    await a.staffOk(reg, 'complete', dpmptsp);
    await a.staffOk(reg, 'start-review', dpmptsp);
    await a.staffOk(reg, 'findings', dpmptsp, {
      kind: 'site-inspection',
      result: 'does-not-meet',
      notes: 'Lapak menutup saluran air.',
    });
    expect((await a.staff(reg, 'assess-fee', dpmptsp)).json()).toMatchObject({ code: 'review_failed' });
    const again = await a.staffOk(reg, 'findings', dpmptsp, {
      kind: 'site-inspection',
      result: 'meets',
      notes: 'Lapak sudah digeser, saluran bebas.',
    });
    expect(again.findings).toEqual([expect.objectContaining({ kind: 'site-inspection', result: 'meets' })]);
    expect(again.timeline.filter((t: { action: string }) => t.action === 'record-findings')).toHaveLength(2);
    expect(await a.staffOk(reg, 'assess-fee', dpmptsp)).toMatchObject({ status: 'fee-assessed' });
  });

  it('permit types: two data fields may not share a label', async () => {
    const res = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-label',
      headers: await c.as.admin(),
      payload: {
        code: 'izin-label',
        name: 'Izin Label',
        unit: 'dpmptsp',
        fee: { kind: 'free' },
        fields: [
          { code: 'a', label: 'Luas', type: 'text' },
          { code: 'b', label: 'luas', type: 'text' },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'invalid_permit_type', errors: [{ field: 'fields.1.label' }] });
  });
});
