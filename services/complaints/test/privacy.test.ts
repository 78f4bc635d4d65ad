/**
 * Privacy on the staff and reporter read paths: anonim hides the reporter from the public and
 * the handling unit (admins see them, auditors masked), rahasia hides the report from the public,
 * contact never appears publicly, a NIK is stored only masked and as a keyed hash.
 * (Public lists, map, statistics, export and Open311 have their own tests.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashNik } from '@sinergi/contracts';
import { aReport, NIK_KEY, startComplaints } from './fixtures.js';
import { holdOutbox, REPORTER_TRACES, reportsApi, TEST_SERVICE_ENV, type, type Headers } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let auditor: Headers;
let citizen: Headers;
let dsdabm: Headers;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  await holdOutbox(c);
  api = reportsApi(c);
  [admin, auditor, citizen, dsdabm] = await Promise.all([
    c.as.admin(),
    c.as.auditor(),
    c.as.citizen(),
    c.as.officer('dsdabm'),
  ]);
});
afterAll(async () => c?.stop());

let spot = 0;
const somewhere = () => {
  spot += 1;
  return { lat: -6.95 + spot * 0.01, lon: 107.6 };
};
const submit = (overrides: Record<string, unknown> = {}, headers: Headers = {}) =>
  api.submit({ location: somewhere(), ...overrides }, headers);
const disposed = async (overrides: Record<string, unknown> = {}, headers: Headers = {}) => {
  const r = await submit(overrides, headers);
  await api.actOk(r.trackingId, 'dispose', admin);
  return r;
};

const FULL = { name: 'Siti Rahmawati', phone: '+6281234567890', email: 'siti.r@example.com', nik: '**************01' };
const MASKED = { name: 'S*** R***', phone: '+62*********90', email: 's***@e***.com', nik: '**************01' };
const expectNoTraces = (body: string, what: string) => {
  for (const trace of [...REPORTER_TRACES, '+6281234567890'])
    expect(body, `${what} shows ${trace}`).not.toContain(trace);
};

describe('anonim', () => {
  it('hides the reporter from the handling unit, shows them to admins, masked to auditors', async () => {
    // submitted by a citizen with an account: their account id identifies them too
    const r = await disposed({ anonim: true }, citizen);

    const unit = await api.staffGet(r.trackingId, dsdabm);
    expect(unit.statusCode).toBe(200);
    expect(unit.json()).toMatchObject({ anonim: true, reporter: null });
    expectNoTraces(unit.body, 'the unit’s view');
    expect(unit.body).not.toContain('warga-1');
    expect(unit.json().timeline[0]).toMatchObject({ action: 'submit', actor: 'reporter' });

    const full = await api.staffView(r.trackingId, admin);
    expect(full.reporter).toEqual(FULL);
    expect(full.timeline[0]).toMatchObject({ action: 'submit', actor: 'warga-1' });

    const audit = await api.staffGet(r.trackingId, auditor);
    expect(audit.statusCode).toBe(200);
    expect(audit.json().reporter).toEqual(MASKED);
    expectNoTraces(audit.body, 'the auditor’s view');
    expect(audit.body).not.toContain('warga-1');

    const pub = await api.publicGet(r.trackingId);
    expect(pub.json()).toMatchObject({ anonim: true, reporter: null });
    expectNoTraces(pub.body, 'the public view');
    expect(pub.body).not.toContain('warga-1');

    // the unit's lists never carry the reporter either
    const inbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: dsdabm });
    expect(inbox.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);
    expectNoTraces(inbox.body, 'the inbox');
  });

  it('a reporter who chose to be known is visible to the unit, without their NIK', async () => {
    const r = await disposed({ anonim: false });
    const unit = await api.staffView(r.trackingId, dsdabm);
    expect(unit.reporter).toEqual({ ...FULL, nik: null });
    expect(JSON.stringify(unit)).not.toContain('*0001');
  });

  it('is the default when the reporter does not choose', async () => {
    const payload: Record<string, unknown> = aReport({ location: somewhere() });
    delete payload.anonim;
    const res = await api.submitRaw(payload);
    expect(res.statusCode, res.body).toBe(201);
    const { trackingId } = res.json();
    await api.actOk(trackingId, 'dispose', admin);
    expect((await api.staffView(trackingId, admin)).anonim).toBe(true);
    expect((await api.staffView(trackingId, dsdabm)).reporter).toBeNull();
    expect((await api.publicGet(trackingId)).json().reporter).toBeNull();
    expect((await api.row(trackingId)).anonim).toBe(true);
  });

  it('the reporter sees their own contact masked with their secret', async () => {
    const r = await submit({ anonim: true });
    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().reporter).toEqual(MASKED);
    expectNoTraces(mine.body, 'the reporter’s view');
  });
});

describe('the public view', () => {
  it('never contains the reporter’s phone, e-mail or NIK; a known reporter’s name only masked', async () => {
    const r = await disposed({ anonim: false });
    await api.actOk(r.trackingId, 'respond', dsdabm, { note: 'Kami hubungi Ibu Siti Rahmawati di 0812-3456-7890' });
    const pub = await api.publicGet(r.trackingId);
    expect(pub.statusCode).toBe(200);
    expect(pub.json().reporter).toEqual({ name: 'S*** R***', phone: null, email: null, nik: null });
    expectNoTraces(pub.body, 'the public view');
    // notes are for staff and the reporter; actors are roles, not accounts
    for (const t of pub.json().timeline) expect(t.note).toBeNull();
    expect(pub.json().timeline.map((t: { actor: string }) => t.actor)).toEqual(['reporter', 'admin', 'unit']);
    expect(pub.body).not.toContain('officer-dsdabm');
    expect(pub.body).not.toContain('admin-1');
    expect(pub.json().source).toBeNull();
  });

  it('shows no reporter at all when none was given', async () => {
    const r = await submit({ reporter: undefined, anonim: false });
    expect((await api.publicGet(r.trackingId)).json().reporter).toBeNull();
    expect((await api.staffView(r.trackingId, admin)).reporter).toBeNull();
  });
});

describe('NIK', () => {
  it('is stored only masked and as its HMAC-SHA256 with the service key', async () => {
    const r = await submit({ anonim: false });
    const row = await api.row(r.trackingId);
    expect(row.text).not.toMatch(/\d{16}/);
    expect(row.text).not.toContain('3273024507900001');
    expect(row.reporter_nik_masked).toBe('**************01');
    expect(row.reporter_nik_hash).toBe(hashNik('3273024507900001', NIK_KEY));
    expect(row.reporter_nik_hash).toMatch(/^[0-9a-f]{64}$/);
    // the same person again is found by the hash; another person is not
    const again = await api.row((await submit({ anonim: false })).trackingId);
    expect(again.reporter_nik_hash).toBe(row.reporter_nik_hash);
    const other = await api.row(
      (await submit({ reporter: { name: 'Budi Santoso', nik: '3273021203850002' } })).trackingId,
    );
    expect(other.reporter_nik_hash).toBe(hashNik('3273021203850002', NIK_KEY));
    expect(other.reporter_nik_hash).not.toBe(row.reporter_nik_hash);
    expect(other.text).not.toMatch(/\d{16}/);
  });

  it('is optional; an invalid one is refused without echoing it', async () => {
    const none = await api.row((await submit({ reporter: { name: 'Tanpa NIK' } })).trackingId);
    expect(none.reporter_nik_masked).toBeNull();
    expect(none.reporter_nik_hash).toBeNull();
    const bad = await api.submitRaw(
      aReport({ location: somewhere(), reporter: { name: 'Siti', nik: '3273024507900000' } }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reporter.nik' })]));
    expect(bad.body).not.toContain('3273024507900000');
  });

  it('is never shown in full to anyone', async () => {
    const r = await disposed({ anonim: false });
    for (const headers of [admin, auditor, dsdabm])
      expect((await api.staffGet(r.trackingId, headers)).body).not.toContain('3273024507900001');
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).body).not.toContain('3273024507900001');
  });
});

describe('events', () => {
  it('carry no reporter data, whatever the flags', async () => {
    for (const flags of [
      { anonim: false, rahasia: false },
      { anonim: true, rahasia: false },
      { anonim: false, rahasia: true },
    ]) {
      const r = await disposed(flags);
      await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Diperbaiki; terima kasih Ibu Siti.' });
      const events = await api.events(r.trackingId);
      expect(events.map((e) => e.type)).toContain(type('followed-up'));
      for (const e of events)
        for (const trace of [...REPORTER_TRACES, '+6281234567890'])
          expect(e.text, `${e.type} carries ${trace}`).not.toContain(trace);
      expect(events.find((e) => e.type === type('submitted'))!.event.data).toMatchObject(flags);
    }
  });
});

describe('rahasia', () => {
  it('does not exist publicly; the reporter reads it with the secret; staff read it', async () => {
    const r = await submit({ rahasia: true, anonim: false });
    const pub = await api.publicGet(r.trackingId);
    expect(pub.statusCode).toBe(404);
    expect(pub.json()).toMatchObject({ code: 'report_not_found' });
    // a staff token on the public path is still the public path
    expect((await api.publicGet(r.trackingId, { headers: admin })).statusCode).toBe(404);

    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ trackingId: r.trackingId, rahasia: true, reporter: MASKED });

    // a wrong secret does not even confirm that the report exists
    const guess = await api.publicGet(r.trackingId, { secret: 'a-guessed-secret-value' });
    expect(guess.statusCode).toBe(404);
    expect(guess.json()).toMatchObject({ code: 'report_not_found' });
    expect(guess.body).toBe(pub.body.replace(pub.json().requestId, guess.json().requestId));

    expect((await api.staffView(r.trackingId, admin)).rahasia).toBe(true);
    await api.actOk(r.trackingId, 'dispose', admin);
    expect((await api.staffGet(r.trackingId, dsdabm)).statusCode).toBe(200);
  });

  it('the reporter acts on it with the secret; a wrong secret is a 404 there too', async () => {
    const r = await disposed({ rahasia: true });
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah ditangani secara tertutup.' });
    for (const path of ['accept', 'dispute']) {
      const res = await api.asReporter({ trackingId: r.trackingId, secret: 'a-guessed-secret-value' }, path);
      expect(res.statusCode, path).toBe(404);
    }
    expect(
      (
        await api.asReporter({ trackingId: r.trackingId, secret: 'a-guessed-secret-value' }, 'replies', {
          note: 'halo',
        })
      ).statusCode,
    ).toBe(404);
    const accepted = await api.asReporter(r, 'accept');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().status).toBe('closed');
  });
});

describe('an admin sets the flags later', () => {
  it('makes a report rahasia and public again, and a reporter anonim and known again; each on the timeline', async () => {
    const r = await submit({ anonim: false, rahasia: false });
    expect((await api.publicGet(r.trackingId)).statusCode).toBe(200);

    const hidden = await api.patchPrivacy(r.trackingId, admin, { rahasia: true });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json()).toMatchObject({ rahasia: true, anonim: false });
    expect((await api.publicGet(r.trackingId)).statusCode).toBe(404);
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).statusCode).toBe(200);

    expect((await api.patchPrivacy(r.trackingId, admin, { rahasia: false })).json().rahasia).toBe(false);
    expect((await api.publicGet(r.trackingId)).json().reporter).toEqual({
      name: 'S*** R***',
      phone: null,
      email: null,
      nik: null,
    });

    const anon = await api.patchPrivacy(r.trackingId, admin, { anonim: true });
    expect(anon.json()).toMatchObject({ anonim: true, rahasia: false });
    expect((await api.publicGet(r.trackingId)).json().reporter).toBeNull();
    await api.actOk(r.trackingId, 'dispose', admin);
    expect((await api.staffView(r.trackingId, dsdabm)).reporter).toBeNull();

    await api.patchPrivacy(r.trackingId, admin, { anonim: false });
    expect((await api.staffView(r.trackingId, dsdabm)).reporter).toMatchObject({ name: 'Siti Rahmawati' });

    const timeline = (await api.staffView(r.trackingId, admin)).timeline.filter(
      (t: { action: string }) => t.action === 'privacy',
    );
    expect(timeline.map((t: { note: string; actor: string }) => [t.note, t.actor])).toEqual([
      ['anonim=false, rahasia=true', 'admin-1'],
      ['anonim=false, rahasia=false', 'admin-1'],
      ['anonim=true, rahasia=false', 'admin-1'],
      ['anonim=false, rahasia=false', 'admin-1'],
    ]);
    // the status does not change
    expect((await api.staffView(r.trackingId, admin)).status).toBe('disposed');

    // each change tells other services, so they stop (or resume) showing the report publicly
    const changes = (await api.events(r.trackingId)).filter(
      (e) => e.type === 'sinergi.complaints.report.privacy-changed.v1',
    );
    expect(changes.map((e) => [e.event.data.anonim, e.event.data.rahasia])).toEqual([
      [false, true],
      [false, false],
      [true, false],
      [false, false],
    ]);
    for (const e of changes) expect(e.text).not.toContain('Siti');
  });

  it('only an admin sets them', async () => {
    const r = await disposed({ anonim: false });
    for (const headers of [dsdabm, auditor, citizen, await c.as.integrator()]) {
      const res = await api.patchPrivacy(r.trackingId, headers, { rahasia: true });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_role' });
    }
    expect((await api.patchPrivacy(r.trackingId, {}, { rahasia: true })).statusCode).toBe(401);
    expect((await api.patchPrivacy(r.trackingId, admin, { rahasia: 'ya' })).statusCode).toBe(400);
    expect((await api.patchPrivacy('LPR-0000-0000', admin, { rahasia: true })).statusCode).toBe(404);
    expect((await api.publicGet(r.trackingId)).statusCode).toBe(200);
  });
});
