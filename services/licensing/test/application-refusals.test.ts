/**
 * Every refusal on an application's way: wrong state (409 with the current status), wrong unit (403),
 * wrong actor (403), bad data and incomplete files (422), failed reviews, payments that do not match;
 * and what auditors see of an application (everything personal masked).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, APPLICANT_TRACES, DATA, PDF, PNG, startLicensing, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let dpmptsp: Headers;
let dinkes: Headers;

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can read the events each step wrote
  await c.service.relay.stop();
  a = api(c);
  [dpmptsp, dinkes] = await Promise.all([c.as.officer('dpmptsp'), c.as.officer('dinkes')]);
});
afterAll(async () => c?.stop());

describe('refusals', () => {
  it('409 invalid_transition with the current status for a step out of order', async () => {
    const app = await a.submitted('lokasi-pkl');
    for (const path of ['approve', 'start-review', 'assess-fee']) {
      const res = await a.staff(app.registrationNumber, path, dpmptsp);
      expect(res.statusCode, path).toBe(409);
      expect(res.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'submitted' });
    }
    expect((await a.applicant(app, 'submit')).json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'submitted',
    });
    expect((await a.upload(app, 'ktp', PDF)).json()).toMatchObject({
      code: 'application_not_editable',
      currentStatus: 'submitted',
    });
  });

  it('403 forbidden_unit for another unit’s officer, who learns nothing and changes nothing', async () => {
    const app = await a.submitted('lokasi-pkl');
    const res = await a.staff(app.registrationNumber, 'complete', dinkes);
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'forbidden_unit' });
    expect(res.body).not.toContain('submitted');
    expect(
      (await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${app.registrationNumber}`, headers: dinkes }))
        .statusCode,
    ).toBe(403);
    expect((await a.row(app.registrationNumber)).status).toBe('submitted');
    const list = await c.app.inject({ method: 'GET', url: '/v1/staff/applications', headers: dinkes });
    expect(list.json().items.map((i: { registrationNumber: string }) => i.registrationNumber)).not.toContain(
      app.registrationNumber,
    );
    expect(
      (await c.app.inject({ method: 'GET', url: '/v1/staff/applications?unit=dpmptsp', headers: dinkes })).json(),
    ).toMatchObject({ code: 'forbidden_unit' });
    const own = await c.app.inject({ method: 'GET', url: '/v1/staff/applications', headers: dpmptsp });
    expect(own.json().items.map((i: { registrationNumber: string }) => i.registrationNumber)).toContain(
      app.registrationNumber,
    );
  });

  it('403 for roles that may not act, and 401/403 for applicants without the right secret', async () => {
    const app = await a.submitted('lokasi-pkl');
    expect((await a.staff(app.registrationNumber, 'complete', await c.as.auditor())).json()).toMatchObject({
      code: 'forbidden_role',
    });
    expect((await a.staff(app.registrationNumber, 'complete', await c.as.citizen())).json()).toMatchObject({
      code: 'forbidden_role',
    });
    expect((await a.staff(app.registrationNumber, 'complete', {})).statusCode).toBe(401);
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: '/v1/integrations/payments',
          headers: dpmptsp,
          payload: { registrationNumber: app.registrationNumber, paymentReference: 'X-1234', amount: '1' },
        })
      ).json(),
    ).toMatchObject({
      code: 'forbidden_role',
    });
    expect((await a.get(app, {})).json()).toMatchObject({ status: 401, code: 'credentials_required' });
    expect((await a.get(app, { 'x-application-secret': 'wrong-secret-value' })).json()).toMatchObject({
      status: 403,
      code: 'wrong_secret',
    });
    expect((await a.get({ ...app, registrationNumber: 'IZN-0000-0000' })).json()).toMatchObject({
      status: 404,
      code: 'application_not_found',
    });
    expect((await a.get({ ...app, registrationNumber: 'nonsense' })).statusCode).toBe(404);
  });

  it('422 with the failing fields for bad data, never a 500', async () => {
    const res = await a.create('reklame', { ...DATA.reklame, 'luas-m2': 12.5, sisi: 9, 'kelas-jalan': 'tol' });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['data.kelas-jalan', 'data.luas-m2', 'data.sisi']);
    expect((await a.create('tidak-ada')).json()).toMatchObject({ status: 404, code: 'permit_type_not_found' });
    const malformed = await c.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: { 'content-type': 'application/json' },
      payload: '{"permitType":',
    });
    expect(malformed.statusCode).toBe(400);
    const noReasons = await a.submitted('lokasi-pkl');
    expect((await a.staff(noReasons.registrationNumber, 'reject', dpmptsp, { reasons: [] })).statusCode).toBe(400);
    expect(
      (
        await a.staff(noReasons.registrationNumber, 'return', dpmptsp, {
          items: [{ requirement: 'bukan-syarat', reason: 'tidak ada' }],
        })
      ).json(),
    ).toMatchObject({
      status: 422,
      code: 'invalid_return',
    });
  });

  it('a failed review cannot lead to a fee; the application is rejected with reasons and that decision is an event', async () => {
    const app = await a.submitted('lokasi-pkl');
    const reg = app.registrationNumber;
    await a.staffOk(reg, 'complete', dpmptsp);
    await a.staffOk(reg, 'start-review', dpmptsp);
    expect(
      (
        await a.staff(reg, 'findings', dpmptsp, { kind: 'technical-review', result: 'meets', notes: 'Tidak perlu.' })
      ).json(),
    ).toMatchObject({ code: 'step_not_required' });
    await a.staffOk(reg, 'findings', dpmptsp, {
      kind: 'site-inspection',
      result: 'does-not-meet',
      notes: 'Lokasi di trotoar jalur hijau yang dilarang.',
    });
    expect((await a.staff(reg, 'assess-fee', dpmptsp)).json()).toMatchObject({ code: 'review_failed' });
    const rejected = await a.staffOk(reg, 'reject', dpmptsp, { reasons: ['Lokasi berada di zona larangan PKL.'] });
    expect(rejected).toMatchObject({
      status: 'rejected',
      outcome: 'rejected',
      rejectionReasons: ['Lokasi berada di zona larangan PKL.'],
      statusColour: 'red',
    });
    const decided = (await a.events(reg)).find((e) => e.type.endsWith('.decided.v1'))!.event.data;
    expect(decided).toMatchObject({ outcome: 'rejected', permitNumber: null, fee: null, withinServiceStandard: true });
    expect((await a.staff(reg, 'approve', dpmptsp)).json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'rejected',
    });
  });

  it('payments: the amount must match, one reference pays one application, and only approved ones', async () => {
    const integrator = await c.as.integrator();
    const first = await a.assessed('lokasi-pkl');
    // 2 m² × 7500 × 3 months
    expect((await a.pay(first.registrationNumber, 'PAY-EARLY-1', '45000', integrator)).json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'fee-assessed',
    });
    await a.staffOk(first.registrationNumber, 'approve', dpmptsp);
    expect((await a.pay(first.registrationNumber, 'PAY-1', '44999', integrator)).json()).toMatchObject({
      status: 422,
      code: 'amount_mismatch',
    });
    expect((await a.pay(first.registrationNumber, 'PAY-1', '45000', integrator)).json()).toMatchObject({
      status: 'issued',
    });
    // a replay of the reference is the same payment only with the same amount
    const replayed = await a.pay(first.registrationNumber, 'PAY-1', '45001', integrator);
    expect(replayed.statusCode).toBe(422);
    expect(replayed.json()).toMatchObject({ code: 'amount_mismatch', errors: [{ field: 'amount' }] });
    expect((await a.pay(first.registrationNumber, 'PAY-1', '45000', integrator)).json()).toMatchObject({
      replay: true,
    });
    const second = await a.assessed('lokasi-pkl');
    await a.staffOk(second.registrationNumber, 'approve', dpmptsp);
    expect((await a.pay(second.registrationNumber, 'PAY-1', '45000', integrator)).json()).toMatchObject({
      status: 409,
      code: 'payment_reference_used',
    });
    // two identical confirmations at the same moment: one transition, the same answer
    const [x, y] = await Promise.all([
      a.pay(second.registrationNumber, 'PAY-2', '45000', integrator),
      a.pay(second.registrationNumber, 'PAY-2', '45000', integrator),
    ]);
    expect([x.json().replay, y.json().replay].sort()).toEqual([false, true]);
    expect(x.json().permitNumber).toBe(y.json().permitNumber);
    const view = (
      await c.app.inject({
        method: 'GET',
        url: `/v1/staff/applications/${second.registrationNumber}`,
        headers: dpmptsp,
      })
    ).json();
    expect(view.timeline.filter((t: { action: string }) => t.action === 'confirm-payment')).toHaveLength(1);
  });
});

describe('what auditors see', () => {
  it('everything personal masked: data values, file names, notes, reasons; the unit sees them in full', async () => {
    const app = await a.created('sip-dokter');
    const reg = app.registrationNumber;
    const files = { ktp: PDF, str: PDF, 'rekomendasi-organisasi-profesi': PDF, 'pas-foto': PNG };
    for (const [req, file] of Object.entries(files))
      expect(
        (
          await a.upload(app, req, file, {
            headers: { 'x-file-name': `${req.toUpperCase()}_Siti_Rahmawati_3273024507900001.pdf` },
          })
        ).statusCode,
      ).toBe(201);
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(reg, 'return', dinkes, {
      items: [{ requirement: 'ktp', reason: 'KTP Siti Rahmawati buram; hubungi 0812-3456-7890.' }],
    });
    expect(
      (await a.upload(app, 'ktp', PDF, { headers: { 'x-file-name': 'KTP_Siti_Rahmawati_baru.pdf' } })).statusCode,
    ).toBe(201);
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(reg, 'complete', dinkes, { note: 'Lengkap, dikonfirmasi ke siti.r@example.com.' });
    await a.staffOk(reg, 'start-review', dinkes);
    await a.staffOk(reg, 'findings', dinkes, {
      kind: 'site-inspection',
      result: 'does-not-meet',
      notes: 'Bertemu dr. Siti RAHMAWATI; NIK 3273024507900001 tidak cocok.',
    });
    await a.staffOk(reg, 'reject', dinkes, {
      reasons: ['Tempat praktik Siti Rahmawati tidak memenuhi syarat (3273024507900001).'],
    });

    const secrets = [...APPLICANT_TRACES, 'STR-3273-0001', 'Klinik Sehat', 'Dago', 'RAHMAWATI', 'Rahmawati_'];
    const unit = await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}`, headers: dinkes });
    // the control: the handling unit reads them, so the auditor's answer would have them without masking
    for (const s of ['STR-3273-0001', 'Klinik Sehat', 'Rahmawati_', '0812-3456-7890', 'RAHMAWATI'])
      expect(unit.body).toContain(s);
    const audited = await c.app.inject({
      method: 'GET',
      url: `/v1/staff/applications/${reg}`,
      headers: await c.as.auditor(),
    });
    expect(audited.statusCode, audited.body).toBe(200);
    for (const s of secrets) expect(audited.body, s).not.toContain(s);
    const view = audited.json();
    // codes and amounts stay (the fee is audited from them); text values do not
    expect(view.data).toEqual({ 'nomor-str': '***', 'tempat-praktik': '***', 'jenis-praktik': 'dokter-umum' });
    expect(view.documents.map((d: { fileName: string }) => d.fileName)).toEqual(
      expect.arrayContaining(['ktp.pdf', 'str.pdf', 'pas-foto.png']),
    );
    expect(view.findings[0].notes).toContain('tidak cocok');
    expect(view.rejectionReasons[0]).toContain('tidak memenuhi syarat');
    expect(view.timeline.find((t: { action: string }) => t.action === 'return').details.items[0].reason).toContain(
      'buram',
    );
    // the applicant's steps name the role, not an account id that would link their applications
    expect(
      view.timeline
        .filter((t: { actorRole: string }) => t.actorRole === 'applicant')
        .every((t: { actor: string }) => t.actor === 'applicant'),
    ).toBe(true);
  });
});
