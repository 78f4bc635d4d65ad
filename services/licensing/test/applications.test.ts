/**
 * An application through every transition over HTTP: the billboard permit from draft to issued with
 * the return-for-completion loop and its clock, payments idempotent on their reference, and the events
 * each step leaves in the outbox (without personal data); then the other paths (a free permit, tracking
 * with a citizen token, edit and withdraw, permit-type configuration). Refusals and what auditors see
 * are in application-refusals.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  APPLICANT_TRACES,
  HEAD_OF_DPMPTSP_ACCOUNT,
  PDF,
  PNG,
  REKLAME_FEE,
  startLicensing,
  type Harness,
  type Headers,
} from './fixtures.js';

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

describe('a billboard permit from draft to issued', () => {
  it('walks every step, with the timeline, what happens next and the deadline', async () => {
    const app = await a.created('reklame');
    expect(app.status).toBe('draft');
    const reg = app.registrationNumber;
    expect(reg).toMatch(/^IZN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    // submission checks the whole checklist first
    const early = await a.applicant(app, 'submit');
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'incomplete_application' });
    expect(early.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'ktp',
      'desain-reklame',
      'foto-lokasi',
      'persetujuan-pemilik-lahan',
    ]);

    for (const [req, file] of Object.entries({
      ktp: PDF,
      'desain-reklame': PNG,
      'foto-lokasi': PNG,
      'persetujuan-pemilik-lahan': PDF,
    })) {
      expect((await a.upload(app, req, file)).statusCode).toBe(201);
    }
    const submitted = await a.applicant(app, 'submit');
    expect(submitted.statusCode, submitted.body).toBe(200);
    // the registration check has its own deadline (2 working days by default); the decision clock has not started
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      decisionDue: null,
      next: { who: 'office', deadline: submitted.json().completenessDue },
    });
    expect(Date.parse(submitted.json().completenessDue)).toBeGreaterThan(Date.now() + 86_400_000);

    // the registration check sends the file back: no clock yet
    const returned = await a.staffOk(reg, 'return', dpmptsp, {
      items: [{ requirement: 'persetujuan-pemilik-lahan', reason: 'Tanda tangan pemilik lahan tidak ada.' }],
    });
    expect(returned).toMatchObject({
      status: 'returned',
      statusColour: 'red',
      decisionDue: null,
      completedAt: null,
      next: { who: 'applicant' },
    });
    expect(returned.returnedItems).toEqual([
      { requirement: 'persetujuan-pemilik-lahan', reason: 'Tanda tangan pemilik lahan tidak ada.' },
    ]);

    // resubmitting without replacing the returned document is refused
    const stale = await a.applicant(app, 'submit');
    expect(stale.statusCode).toBe(422);
    expect(stale.json().errors).toEqual([
      expect.objectContaining({ field: 'persetujuan-pemilik-lahan', message: expect.stringContaining('returned') }),
    ]);
    const v2 = await a.upload(app, 'persetujuan-pemilik-lahan', PDF, {
      headers: { 'x-file-name': 'persetujuan-v2.pdf' },
    });
    expect(v2.json()).toMatchObject({ version: 2, fileName: 'persetujuan-v2.pdf' });
    expect((await a.applicant(app, 'submit')).json()).toMatchObject({ status: 'submitted' });

    const before = Date.now();
    const complete = await a.staffOk(reg, 'complete', dpmptsp);
    expect(complete).toMatchObject({ status: 'complete', serviceStandardDays: 7 });
    expect(Date.parse(complete.decisionDue)).toBeGreaterThan(before + 7 * 86_400_000);
    expect(complete.next.deadline).toBe(complete.decisionDue);
    // staff see whether the deadline rests on confirmed holiday lists (Bandung confirms 2026 only)
    expect(complete.next.holidaysConfirmed).toBe(
      new Date(complete.decisionDue) <= new Date('2027-01-01T00:00:00+07:00'),
    );

    // fee assessment waits for the technical review and the site inspection
    expect((await a.staff(reg, 'assess-fee', dpmptsp)).json()).toMatchObject({
      code: 'review_pending',
      currentStatus: 'complete',
    });
    expect((await a.staffOk(reg, 'start-review', dpmptsp, { assignee: 'officer-tim-teknis' })).assignedTo).toBe(
      'officer-tim-teknis',
    );
    await a.staffOk(reg, 'findings', dpmptsp, {
      kind: 'technical-review',
      result: 'meets',
      notes: 'Konstruksi rangka baja memenuhi syarat.',
    });
    expect((await a.staff(reg, 'assess-fee', dpmptsp)).json()).toMatchObject({
      code: 'review_pending',
      pending: ['site-inspection'],
    });
    await a.staffOk(reg, 'findings', dpmptsp, {
      kind: 'site-inspection',
      result: 'meets',
      notes: 'Titik reklame sesuai denah.',
    });

    const assessed = await a.staffOk(reg, 'assess-fee', dpmptsp);
    expect(assessed).toMatchObject({ status: 'fee-assessed', fee: REKLAME_FEE });
    expect(assessed.feeExplanation).toContain('12.5 × 2 × 35000 × 6');

    // the head approves: the directory knows their account, so "decided" names them for official-rating
    const approved = await a.staffOk(reg, 'approve', await c.as.head('dpmptsp', { sub: HEAD_OF_DPMPTSP_ACCOUNT }));
    expect(approved).toMatchObject({
      status: 'approved',
      statusLabel: 'Disetujui, menunggu pembayaran',
      next: { who: 'payment' },
      permit: null,
    });

    const integrator = await c.as.integrator();
    const paid = await a.pay(reg, 'BJB-2026-000123', REKLAME_FEE, integrator);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({
      status: 'issued',
      replay: false,
      permitNumber: expect.stringMatching(/^503\/\d{4}\/REKLAME\/DPMPTSP\/[IVX]+\/20\d\d$/),
    });

    const view = (await a.get(app)).json();
    expect(view).toMatchObject({
      status: 'issued',
      outcome: 'issued',
      payment: { reference: 'BJB-2026-000123' },
      permit: { status: 'active', legalBasis: 'decision' },
    });
    expect(view.timeline.map((t: { action: string }) => t.action)).toEqual([
      'create',
      'submit',
      'return',
      'submit',
      'complete',
      'start-review',
      'record-findings',
      'record-findings',
      'assess-fee',
      'approve',
      'confirm-payment',
      'issue',
    ]);
    // applicants see roles, not officers' accounts, and their own contact details masked
    expect(view.timeline.map((t: { actor: string }) => t.actor)).not.toContain('officer-dpmptsp');
    expect(view.applicant).toEqual({
      name: 'S*** R***',
      nik: '**************01',
      phone: expect.stringContaining('*'),
      email: 's***@e***.com',
    });

    const events = await a.events(reg);
    const types = events.map((e) => e.type.split('.').slice(3, 4)[0]).sort();
    expect(types).toEqual(['completed', 'decided', 'submitted', 'submitted']);
    const decided = events.find((e) => e.type.endsWith('.decided.v1'))!.event.data;
    expect(decided).toMatchObject({
      outcome: 'issued',
      permitNumber: paid.json().permitNumber,
      fee: REKLAME_FEE,
      withinServiceStandard: true,
      official: 'pjb-dpmptsp-kadis',
      unit: 'dpmptsp',
      permitType: 'reklame',
    });
    expect(
      events
        .filter((e) => e.type.endsWith('.submitted.v1'))
        .map((e) => e.event.data.resubmission)
        .sort(),
    ).toEqual([false, true]);
    for (const e of events) for (const trace of APPLICANT_TRACES) expect(e.text).not.toContain(trace);

    // a second, identical confirmation changes nothing; another reference is a conflict
    const again = await a.pay(reg, 'BJB-2026-000123', REKLAME_FEE, integrator);
    expect(again.json()).toMatchObject({ status: 'issued', replay: true, permitNumber: paid.json().permitNumber });
    expect((await a.pay(reg, 'BJB-2026-999999', REKLAME_FEE, integrator)).json()).toMatchObject({
      status: 409,
      code: 'already_paid',
    });
    expect((await a.events(reg)).length).toBe(4);
  });
});

describe('other paths', () => {
  it('a rejection without reasons and an empty upload are refused, naming what is missing, and change nothing', async () => {
    const app = await a.submitted('lokasi-pkl');
    const officer = await c.as.officer('dpmptsp');
    for (const body of [{}, { reasons: [] }]) {
      const noReasons = await a.staff(app.registrationNumber, 'reject', officer, body);
      expect(noReasons.statusCode).toBe(400);
      expect(noReasons.json()).toMatchObject({ code: 'validation_failed', errors: [{ in: 'body', field: 'reasons' }] });
    }
    expect((await a.row(app.registrationNumber)).status).toBe('submitted');
    const draft = await a.created('lokasi-pkl');
    const empty = await a.upload(draft, 'ktp', Buffer.alloc(0));
    expect([empty.statusCode, empty.json().code]).toEqual([422, 'empty_file']);
  });

  it('a free permit (SIP dokter) is issued at approval, without payment', async () => {
    const app = await a.assessed('sip-dokter');
    const assessed = (await a.get(app)).json();
    expect(assessed).toMatchObject({ fee: '0', status: 'fee-assessed' });
    const approved = await a.staffOk(app.registrationNumber, 'approve', dinkes);
    expect(approved).toMatchObject({
      status: 'issued',
      permit: { status: 'active', number: expect.stringMatching(/^440\/\d{4}\/SIP\/DINKES\/20\d\d$/) },
    });
    expect(
      approved.timeline.slice(-2).map((t: { action: string; actorRole: string }) => `${t.action}:${t.actorRole}`),
    ).toEqual(['approve:unit', 'issue:system']);
  });

  it('a citizen tracks with their token instead of the secret, and another citizen cannot', async () => {
    const mine = await c.as.citizen({ sub: 'warga-7' });
    const app = await a.created('lokasi-pkl', undefined, mine);
    expect((await a.get(app, mine)).statusCode).toBe(200);
    expect((await a.get(app, await c.as.citizen({ sub: 'warga-8' }))).json()).toMatchObject({
      status: 403,
      code: 'not_your_application',
    });
    const list = await c.app.inject({ method: 'GET', url: '/v1/applications/mine', headers: mine });
    expect(list.json().items.map((i: { registrationNumber: string }) => i.registrationNumber)).toEqual([
      app.registrationNumber,
    ]);
  });

  it('the applicant edits a draft, then withdraws; a withdrawn application is final', async () => {
    const app = await a.created('lokasi-pkl');
    const edited = await c.app.inject({
      method: 'PATCH',
      url: `/v1/applications/${app.registrationNumber}`,
      headers: { 'x-application-secret': app.secret },
      payload: { data: { 'luas-lapak-m2': '3.5', zona: null } },
    });
    expect(edited.json().data).toMatchObject({ 'luas-lapak-m2': '3.5' });
    expect(edited.json().data.zona).toBeUndefined();
    expect((await a.applicant(app, 'withdraw')).json()).toMatchObject({ status: 'withdrawn' });
    expect((await a.applicant(app, 'submit')).json()).toMatchObject({
      code: 'invalid_transition',
      currentStatus: 'withdrawn',
    });
  });

  it('admins configure permit types; the catalogue shows active ones; unit codes are checked', async () => {
    const admin = await c.as.admin();
    const type = {
      code: 'izin-uji',
      name: 'Izin Uji Coba',
      unit: 'dpmptsp',
      fields: [{ code: 'hari', label: 'Jumlah hari', type: 'integer' }],
      fee: { kind: 'product', factors: [{ field: 'hari' }, { constant: '1000' }] },
      active: false,
    };
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-uji',
      headers: admin,
      payload: type,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ serviceStandardDays: null, numberFormat: '503/{seq:4}/{TYPE}/{roman}/{year}' });
    const catalogue = (await c.app.inject({ method: 'GET', url: '/v1/permit-types' }))
      .json()
      .items.map((t: { code: string }) => t.code);
    expect(catalogue).toEqual(expect.arrayContaining(['reklame', 'pbg', 'sip-dokter', 'keramaian', 'lokasi-pkl']));
    expect(catalogue).not.toContain('izin-uji');
    expect((await a.create('izin-uji', { hari: 2 })).json()).toMatchObject({ code: 'permit_type_inactive' });
    expect(
      (
        await c.app.inject({
          method: 'PUT',
          url: '/v1/admin/permit-types/izin-uji',
          headers: admin,
          payload: { ...type, unit: 'tidak-ada' },
        })
      ).json(),
    ).toMatchObject({ code: 'unknown_unit' });
    expect(
      (await c.app.inject({ method: 'PUT', url: '/v1/admin/permit-types/izin-uji', headers: dpmptsp, payload: type }))
        .statusCode,
    ).toBe(403);
  });
});
