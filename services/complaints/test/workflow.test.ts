import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bearer, mintToken } from '@sinergi/testkit';
import { dispositionDue, followUpDue } from '../src/deadlines/rules.js';
import { aReport, as, startComplaints } from './support.js';
import { holdOutbox, REPORTER_TRACES, reportsApi, TEST_SERVICE_ENV, type, type Headers, type OutboxEvent } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let auditor: Headers;
let citizen: Headers;
let integrator: Headers;
let dsdabm: Headers;
let dishub: Headers;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  await holdOutbox(c);
  api = reportsApi(c);
  [admin, auditor, citizen, integrator, dsdabm, dishub] = await Promise.all([as.admin(), as.auditor(), as.citizen(), as.integrator(), as.officer('dsdabm'), as.officer('dishub')]);
});
afterAll(async () => c?.stop());

// every report in this file gets its own spot, so none is taken for a duplicate of another
let spot = 0;
const somewhere = () => {
  spot += 1;
  return { lat: -6.95 + spot * 0.01, lon: 107.55 + (spot % 7) * 0.01 };
};
const submit = (overrides: Record<string, unknown> = {}, headers: Headers = {}) => api.submit({ location: somewhere(), ...overrides }, headers);

const calendar = () => c.service.ctx.calendar('32.73');

interface TimelineEntry {
  at: string;
  action: string;
  from: string | null;
  to: string;
  unit: string | null;
  note: string | null;
  actor: string;
}
const timelineOf = async (trackingId: string): Promise<TimelineEntry[]> => (await api.staffView(trackingId, admin)).timeline;
const last = <T>(xs: T[]) => xs[xs.length - 1]!;

const statusChanges = (events: OutboxEvent[]) =>
  events.filter((e) => e.type === type('status-changed')).map((e) => ({ action: e.event.data.action, from: e.event.data.from, to: e.event.data.to }));

/** No event of a report may carry the reporter's name, phone, e-mail or NIK. */
const expectNoReporterInEvents = (events: OutboxEvent[]) => {
  for (const e of events) for (const trace of REPORTER_TRACES) expect(e.text, `${e.type} carries ${trace}`).not.toContain(trace);
};

/** A refused request changes nothing: same status, no timeline entry, no event. */
const expectUnchanged = async (trackingId: string, status: string, before: { timeline: number; events: number }) => {
  const view = await api.staffView(trackingId, admin);
  expect(view.status).toBe(status);
  expect(view.timeline).toHaveLength(before.timeline);
  expect(await api.events(trackingId)).toHaveLength(before.events);
};
const counts = async (trackingId: string) => ({ timeline: (await timelineOf(trackingId)).length, events: (await api.events(trackingId)).length });

describe('the full LAPOR! path', () => {
  it('when a citizen submits, then verification, disposition, response, follow-up and acceptance close it, each on the timeline and in the outbox', async () => {
    const r = await submit({ location: { lat: -6.9001, lon: 107.6001 } });
    expect(r.trackingId).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.status).toBe('submitted');

    const disposed = await api.act(r.trackingId, 'dispose', admin, { note: 'Mohon ditangani' });
    expect(disposed.statusCode, disposed.body).toBe(200);
    expect(disposed.json()).toMatchObject({ status: 'disposed', unit: 'dsdabm' });

    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'Tim akan survei besok' })).json().status).toBe('in-progress');
    const followed = await api.act(r.trackingId, 'follow-up', dsdabm, { resolution: 'Lubang sudah ditambal pada 3 Juni.', photos: [{ url: 'https://example.org/after.jpg' }] });
    expect(followed.json()).toMatchObject({ status: 'followed-up', resolution: 'Lubang sudah ditambal pada 3 Juni.' });

    const accepted = await api.asReporter(r, 'accept', { note: 'Terima kasih' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'closed', closeReason: 'accepted' });
    expect(accepted.json().timeline.map((t: { action: string }) => t.action)).toEqual(['submit', 'dispose', 'respond', 'follow-up', 'accept']);

    // who, when and the note of every step, as staff read it
    const timeline = await timelineOf(r.trackingId);
    expect(timeline.map((t) => [t.action, t.actor, t.from, t.to, t.note])).toEqual([
      ['submit', 'reporter', null, 'submitted', null],
      ['dispose', 'admin-1', 'submitted', 'disposed', 'Mohon ditangani'],
      ['respond', 'officer-dsdabm', 'disposed', 'in-progress', 'Tim akan survei besok'],
      ['follow-up', 'officer-dsdabm', 'in-progress', 'followed-up', 'Lubang sudah ditambal pada 3 Juni.'],
      ['accept', 'reporter', 'followed-up', 'closed', 'Terima kasih'],
    ]);
    for (const t of timeline) expect(Date.now() - Date.parse(t.at)).toBeLessThan(60_000);

    // the events of exactly these transitions, written by the transactions that made them
    const events = await api.events(r.trackingId);
    expect(events.map((e) => e.type).sort()).toEqual(
      [type('submitted'), type('status-changed'), type('disposed'), type('status-changed'), type('status-changed'), type('followed-up'), type('status-changed'), type('closed')].sort(),
    );
    expect(statusChanges(events)).toEqual([
      { action: 'dispose', from: 'submitted', to: 'disposed' },
      { action: 'respond', from: 'disposed', to: 'in-progress' },
      { action: 'follow-up', from: 'in-progress', to: 'followed-up' },
      { action: 'accept', from: 'followed-up', to: 'closed' },
    ]);
    const rows = await api.timelineRows(r.trackingId);
    const eventTimes = new Set(events.map((e) => e.created_at.getTime()));
    // now() is the transaction's start: an event shares it with the timeline entry of its transaction
    for (const t of rows) expect(eventTimes.has(t.at.getTime()), `event for ${t.action}`).toBe(true);
    expect(eventTimes.size).toBe(rows.length);
    expect(events.find((e) => e.type === type('disposed'))!.event.data).toMatchObject({ unit: 'dsdabm', previousUnit: null });
    expect(events.find((e) => e.type === type('followed-up'))!.event.data).toMatchObject({ unit: 'dsdabm', withinDeadline: true });
    expect(events.find((e) => e.type === type('closed'))!.event.data).toMatchObject({ reason: 'accepted', unit: 'dsdabm' });
    for (const e of events) expect(e.event).toMatchObject({ subject: r.trackingId, tenant: '32.73' });
    expectNoReporterInEvents(events);
  });
});

describe('submission checks', () => {
  it('refuses a location outside Indonesia (a lost minus sign, swapped coordinates) with 422 naming the field', async () => {
    const count = async () => Number((await sql<{ n: number }>`select count(*)::int as n from report`.execute(c.db)).rows[0]!.n);
    const before = await count();
    for (const location of [{ lat: -6.8845, lon: -107.6135 }, { lat: 6.8845, lon: 107.6135 }]) {
      const res = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport({ location }) });
      expect(res.statusCode, JSON.stringify(location)).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_report', errors: [expect.objectContaining({ field: 'location' })] });
    }
    expect(await count()).toBe(before);
  });
});

describe('verification: dispose (disposisi)', () => {
  it('sends the report to the category’s default unit, with a follow-up deadline of 5 working days', async () => {
    const r = await submit({ category: 'lampu-jalan-mati', title: 'Lampu PJU mati sepanjang jalan' });
    const before = Date.now();
    const view = await api.actOk(r.trackingId, 'dispose', admin);
    expect(view).toMatchObject({ status: 'disposed', unit: 'dishub', statusLabel: 'Terdisposisi, belum ditindaklanjuti' });
    expect(view.deadline.kind).toBe('follow-up');
    const due = Date.parse(view.deadline.due);
    expect(due).toBeGreaterThanOrEqual(followUpDue(new Date(before), calendar()).getTime());
    expect(due).toBeLessThanOrEqual(followUpDue(new Date(), calendar()).getTime());
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'dispose', unit: 'dishub', actor: 'admin-1' });
    const disposed = (await api.events(r.trackingId)).find((e) => e.type === type('disposed'))!;
    expect(disposed.event.data).toMatchObject({ unit: 'dishub', previousUnit: null, followUpDue: view.deadline.due });
  });

  it('lets the verifier choose another unit than the category’s', async () => {
    const r = await submit();
    const view = await api.actOk(r.trackingId, 'dispose', admin, { unit: 'kec-coblong', note: 'Wewenang kecamatan' });
    expect(view).toMatchObject({ status: 'disposed', unit: 'kec-coblong' });
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'dispose', unit: 'kec-coblong', note: 'Wewenang kecamatan' });
    // the chosen unit handles it; the category's default unit does not
    expect((await api.staffGet(r.trackingId, await as.officer('kec-coblong'))).statusCode).toBe(200);
    expect((await api.staffGet(r.trackingId, dsdabm)).json()).toMatchObject({ status: 403, code: 'forbidden_unit' });
  });

  it('refuses a unit the region does not have with 422, and changes nothing', async () => {
    const r = await submit();
    const before = await counts(r.trackingId);
    const res = await api.act(r.trackingId, 'dispose', admin, { unit: 'dinas-rahasia' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'unknown_unit', errors: [{ in: 'body', field: 'unit' }] });
    expect(res.json().detail).toContain('dinas-rahasia');
    await expectUnchanged(r.trackingId, 'submitted', before);
  });

  it('refuses the wrong role: an officer or auditor 403, a citizen 403, an integrator 403, anonymous 401', async () => {
    const r = await submit();
    const before = await counts(r.trackingId);
    for (const who of [dsdabm, auditor, citizen, integrator]) {
      const res = await api.act(r.trackingId, 'dispose', who);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_role' });
    }
    const anonymous = await api.act(r.trackingId, 'dispose', {});
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthenticated' });
    await expectUnchanged(r.trackingId, 'submitted', before);
  });

  it('answers 404 for a tracking ID the region does not have, well-formed or not', async () => {
    for (const id of ['LPR-0000-0000', 'LPR-XXXX', 'not-a-tracking-id']) {
      const res = await api.act(id, 'dispose', admin);
      expect(res.statusCode, id).toBe(404);
      expect(res.json()).toMatchObject({ code: 'report_not_found' });
    }
    expect((await api.staffGet('LPR-0000-0000', admin)).statusCode).toBe(404);
    expect((await api.publicGet('LPR-0000-0000')).statusCode).toBe(404);
    expect((await api.asReporter({ trackingId: 'LPR-0000-0000', secret: 'a-secret-of-some-length' }, 'accept')).statusCode).toBe(404);
  });

  it('cannot dispose twice: a disposed report needs re-disposition', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    const res = await api.act(r.trackingId, 'dispose', admin, { unit: 'dishub' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'disposed' });
  });
});

describe('defer (tunda) and the reporter’s reply', () => {
  it('waits for the reporter; their reply puts it back in the queue with a new disposition deadline', async () => {
    const r = await submit();
    const deferred = await api.actOk(r.trackingId, 'defer', admin, { note: 'Mohon lampirkan foto dan nomor rumah terdekat.' });
    expect(deferred).toMatchObject({ status: 'deferred', statusLabel: 'Tertunda', deadline: null });

    // the reporter reads the question with their secret; the public does not
    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(last(mine.json().timeline as TimelineEntry[])).toMatchObject({ action: 'defer', note: 'Mohon lampirkan foto dan nomor rumah terdekat.', actor: 'admin' });
    expect(last((await api.publicGet(r.trackingId)).json().timeline as TimelineEntry[])).toMatchObject({ action: 'defer', note: null });

    // the verification queue lists it as deferred
    const queue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue?status=deferred', headers: admin });
    expect(queue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);

    // an old deadline, so the new one is visibly new
    await c.db.updateTable('report' as never).set({ disposition_due: new Date('2020-01-01T00:00:00Z') } as never).where('tracking_id' as never, '=', r.trackingId as never).execute();
    const before = Date.now();
    const replied = await api.asReporter(r, 'replies', { note: 'Foto terlampir, dekat rumah nomor 118.' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({ status: 'submitted', deadline: { kind: 'disposition' } });
    const due = Date.parse(replied.json().deadline.due);
    expect(due).toBeGreaterThanOrEqual(dispositionDue(new Date(before), calendar()).getTime());
    expect(due).toBeLessThanOrEqual(dispositionDue(new Date(), calendar()).getTime());
    expect(last(replied.json().timeline as TimelineEntry[])).toMatchObject({ action: 'provide-information', from: 'deferred', to: 'submitted', note: 'Foto terlampir, dekat rumah nomor 118.' });

    expect(statusChanges(await api.events(r.trackingId))).toEqual([
      { action: 'defer', from: 'submitted', to: 'deferred' },
      { action: 'provide-information', from: 'deferred', to: 'submitted' },
    ]);
    // and it can be disposed now
    expect((await api.actOk(r.trackingId, 'dispose', admin)).status).toBe('disposed');
  });

  it('a deferred report may also be disposed, forwarded or archived directly; not responded to', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'defer', admin, { note: 'Alamat kurang jelas' });
    const res = await api.act(r.trackingId, 'respond', admin, { note: 'x' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'deferred' });
    expect((await api.actOk(r.trackingId, 'dispose', admin, { unit: 'dsdabm' })).status).toBe('disposed');
  });

  it('a reply to a report that is not deferred goes on the timeline without changing the status or emitting an event', async () => {
    const r = await submit();
    const before = (await api.events(r.trackingId)).length;
    const replied = await api.asReporter(r, 'replies', { note: 'Tambahan: lubangnya makin besar.' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json().status).toBe('submitted');
    expect(last(replied.json().timeline as TimelineEntry[])).toMatchObject({ action: 'reply', from: 'submitted', to: 'submitted', note: 'Tambahan: lubangnya makin besar.' });
    expect(await api.events(r.trackingId)).toHaveLength(before);
  });

  it('refuses a reply with the wrong secret (403), without a note (400), and to an unknown report (404)', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'defer', admin, { note: 'Foto?' });
    const before = await counts(r.trackingId);
    const wrong = await api.asReporter({ trackingId: r.trackingId, secret: 'not-the-right-secret' }, 'replies', { note: 'hai' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_secret' });
    expect((await api.asReporter(r, 'replies', {})).statusCode).toBe(400);
    expect((await c.app.inject({ method: 'POST', url: `/v1/reports/${r.trackingId}/replies`, payload: { note: 'no secret' } })).statusCode).toBe(400);
    expect((await api.asReporter({ trackingId: 'LPR-0000-0000', secret: r.secret }, 'replies', { note: 'hai' })).statusCode).toBe(404);
    await expectUnchanged(r.trackingId, 'deferred', before);
  });

  it('refuses a reply to a finished report (409): a new problem is a new report', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'archive', admin, { reason: 'spam' });
    const res = await api.asReporter(r, 'replies', { note: 'Masih ada?' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'report_finished', currentStatus: 'archived' });
  });

  it('only an admin defers', async () => {
    const r = await submit();
    expect((await api.act(r.trackingId, 'defer', dsdabm, { note: 'x' })).statusCode).toBe(403);
    expect((await api.act(r.trackingId, 'defer', {}, { note: 'x' })).statusCode).toBe(401);
  });
});

describe('not our authority (bukan wewenang)', () => {
  it('forwards to another agency, which closes the case here', async () => {
    const r = await submit();
    const view = await api.actOk(r.trackingId, 'forward', admin, { forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat' });
    expect(view).toMatchObject({ status: 'forwarded', forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat' });
    expect(view.closedAt).not.toBeNull();
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'forward', note: 'Diteruskan ke Dinas Bina Marga Provinsi Jawa Barat', actor: 'admin-1' });
    // the reporter and the public learn where it went
    expect((await api.publicGet(r.trackingId)).json()).toMatchObject({ status: 'forwarded', forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat' });
    expect(statusChanges(await api.events(r.trackingId))).toEqual([{ action: 'forward', from: 'submitted', to: 'forwarded' }]);
    // final: nothing else happens to it
    const again = await api.act(r.trackingId, 'dispose', admin);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'forwarded' });
  });

  it('refuses a forward that does not say where to', async () => {
    const r = await submit();
    const res = await api.act(r.trackingId, 'forward', admin, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'forwardedTo' })]));
  });

  it('rejects as not our authority: closed with the reason on the timeline and a closed event', async () => {
    const r = await submit({ category: 'lainnya', title: 'Jalan tol Pasteur macet', location: undefined });
    const view = await api.actOk(r.trackingId, 'reject', admin, { note: 'Jalan tol adalah wewenang Jasa Marga' });
    expect(view).toMatchObject({ status: 'closed', closeReason: 'not-authority', statusLabel: 'Selesai' });
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'reject-not-authority', note: 'Jalan tol adalah wewenang Jasa Marga', to: 'closed' });
    const events = await api.events(r.trackingId);
    expect(events.find((e) => e.type === type('closed'))!.event.data).toMatchObject({ reason: 'not-authority', unit: null });
    expect(statusChanges(events)).toEqual([{ action: 'reject-not-authority', from: 'submitted', to: 'closed' }]);
    // the reporter cannot accept or dispute a rejection
    expect((await api.asReporter(r, 'accept')).statusCode).toBe(409);
  });

  it('refuses a rejection without a reason', async () => {
    const r = await submit();
    expect((await api.act(r.trackingId, 'reject', admin, {})).statusCode).toBe(400);
    expect((await api.staffView(r.trackingId, admin)).status).toBe('submitted');
  });

  it('only an admin forwards or rejects', async () => {
    const r = await submit();
    expect((await api.act(r.trackingId, 'forward', dsdabm, { forwardedTo: 'Provinsi' })).statusCode).toBe(403);
    expect((await api.act(r.trackingId, 'reject', citizen, { note: 'bukan' })).statusCode).toBe(403);
    expect((await api.act(r.trackingId, 'reject', {}, { note: 'bukan' })).statusCode).toBe(401);
  });
});

describe('archive (arsip)', () => {
  it.each(['spam', 'duplicate', 'out-of-scope'] as const)('archives with the reason %s', async (reason) => {
    const r = await submit();
    const view = await api.actOk(r.trackingId, 'archive', admin, { reason, note: 'Dicek verifikator' });
    expect(view).toMatchObject({ status: 'archived', archiveReason: reason, statusLabel: 'Arsip' });
    expect(view.closedAt).not.toBeNull();
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'archive', note: 'Dicek verifikator', actor: 'admin-1' });
    // the reason is for staff and the reporter, not the public
    expect((await api.publicGet(r.trackingId)).json()).toMatchObject({ status: 'archived', archiveReason: null });
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).json()).toMatchObject({ archiveReason: reason });
    expect(statusChanges(await api.events(r.trackingId))).toEqual([{ action: 'archive', from: 'submitted', to: 'archived' }]);
    // archived is final
    expect((await api.act(r.trackingId, 'defer', admin, { note: 'x' })).statusCode).toBe(409);
  });

  it('needs a reason from the list', async () => {
    const r = await submit();
    for (const body of [{}, { reason: 'boring' }]) {
      const res = await api.act(r.trackingId, 'archive', admin, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    }
    expect((await api.staffView(r.trackingId, admin)).status).toBe('submitted');
  });

  it('only an admin archives', async () => {
    const r = await submit();
    expect((await api.act(r.trackingId, 'archive', dsdabm, { reason: 'spam' })).statusCode).toBe(403);
    expect((await api.act(r.trackingId, 'archive', auditor, { reason: 'spam' })).statusCode).toBe(403);
  });
});

describe('the unit’s work: respond, follow up, accept or dispute', () => {
  it('refuses the wrong unit (403 forbidden_unit) and the wrong state (409 with the current status)', async () => {
    const r = await submit();
    // not yet disposed: no unit's report, and a state that cannot be responded to
    const early = await api.act(r.trackingId, 'respond', admin, { note: 'x' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'submitted' });
    expect(early.json().detail).toContain('submitted');
    // an officer learns nothing about a report that is not with their unit
    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'x' })).json()).toMatchObject({ status: 403, code: 'forbidden_unit' });

    await api.actOk(r.trackingId, 'dispose', admin);
    const before = await counts(r.trackingId);
    for (const [path, body] of [
      ['respond', { note: 'Kami tangani' }],
      ['follow-up', { resolution: 'Sudah kami perbaiki semua.' }],
    ] as const) {
      const res = await api.act(r.trackingId, path, dishub, body);
      expect(res.statusCode, path).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_unit' });
    }
    expect((await api.staffGet(r.trackingId, dishub)).json()).toMatchObject({ code: 'forbidden_unit' });
    // citizens, integrators and auditors do not handle reports; anonymous callers are asked who they are
    for (const who of [citizen, integrator, auditor]) expect((await api.act(r.trackingId, 'respond', who, { note: 'x' })).json()).toMatchObject({ status: 403, code: 'forbidden_role' });
    expect((await api.act(r.trackingId, 'respond', {}, { note: 'x' })).statusCode).toBe(401);
    // the reporter cannot accept what was not followed up
    const early2 = await api.asReporter(r, 'accept');
    expect(early2.statusCode).toBe(409);
    expect(early2.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'disposed' });
    expect((await api.asReporter(r, 'dispute')).statusCode).toBe(409);
    await expectUnchanged(r.trackingId, 'disposed', before);
  });

  it('responds, then follows up with photos; the reporter disputes and the unit gets a new follow-up deadline', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    const inbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: dsdabm });
    expect(inbox.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);

    const responded = await api.actOk(r.trackingId, 'respond', dsdabm, { note: 'Tim survei dijadwalkan' });
    expect(responded).toMatchObject({ status: 'in-progress', statusLabel: 'Sedang diproses', deadline: { kind: 'follow-up' } });

    // a follow-up needs its resolution
    const bare = await api.act(r.trackingId, 'follow-up', dsdabm, {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'resolution' })]));
    expect((await api.act(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah.' })).statusCode).toBe(400);

    const photos = [{ url: 'https://example.org/before.jpg', caption: 'Sebelum' }, { url: 'https://example.org/after.jpg' }];
    const followed = await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Lubang ditambal dengan aspal dingin.', photos });
    expect(followed).toMatchObject({ status: 'followed-up', resolution: 'Lubang ditambal dengan aspal dingin.', resolutionPhotos: photos, deadline: { kind: 'auto-close' } });
    expect(followed.followedUpAt).not.toBeNull();
    // the reporter sees the resolution and photos
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).json()).toMatchObject({ resolution: 'Lubang ditambal dengan aspal dingin.', resolutionPhotos: photos });

    await c.db.updateTable('report' as never).set({ followup_due: new Date('2020-01-01T00:00:00Z') } as never).where('tracking_id' as never, '=', r.trackingId as never).execute();
    const before = Date.now();
    const disputed = await api.asReporter(r, 'dispute', { note: 'Lubangnya muncul lagi setelah hujan.' });
    expect(disputed.statusCode, disputed.body).toBe(200);
    expect(disputed.json()).toMatchObject({ status: 'in-progress', deadline: { kind: 'follow-up' } });
    const due = Date.parse(disputed.json().deadline.due);
    expect(due).toBeGreaterThanOrEqual(followUpDue(new Date(before), calendar()).getTime());
    expect(due).toBeLessThanOrEqual(followUpDue(new Date(), calendar()).getTime());
    const row = await api.row(r.trackingId);
    expect(row.autoclose_due).toBeNull();

    // the unit follows up again and the reporter accepts
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Ditambal ulang dengan hotmix.' });
    const accepted = await api.asReporter(r, 'accept', { note: 'Sekarang bagus' });
    expect(accepted.json()).toMatchObject({ status: 'closed', closeReason: 'accepted' });
    expect(accepted.json().closedAt).not.toBeNull();

    const timeline = await timelineOf(r.trackingId);
    expect(timeline.map((t) => [t.action, t.actor, t.from, t.to])).toEqual([
      ['submit', 'reporter', null, 'submitted'],
      ['dispose', 'admin-1', 'submitted', 'disposed'],
      ['respond', 'officer-dsdabm', 'disposed', 'in-progress'],
      ['follow-up', 'officer-dsdabm', 'in-progress', 'followed-up'],
      ['dispute', 'reporter', 'followed-up', 'in-progress'],
      ['follow-up', 'officer-dsdabm', 'in-progress', 'followed-up'],
      ['accept', 'reporter', 'followed-up', 'closed'],
    ]);
    expect(timeline[4]!.note).toBe('Lubangnya muncul lagi setelah hujan.');

    const events = await api.events(r.trackingId);
    expect(statusChanges(events).map((s) => s.action)).toEqual(['dispose', 'respond', 'follow-up', 'dispute', 'follow-up', 'accept']);
    expect(events.filter((e) => e.type === type('followed-up'))).toHaveLength(2);
    expect(events.filter((e) => e.type === type('closed'))).toHaveLength(1);
    // closed: the reporter can do nothing more
    expect((await api.asReporter(r, 'dispute')).statusCode).toBe(409);
  });

  it('a unit may follow up straight from disposed; an admin may respond for the unit', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    const followed = await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Langsung ditambal hari ini.' });
    expect(followed.status).toBe('followed-up');
    expect(statusChanges(await api.events(r.trackingId)).map((s) => [s.from, s.to])).toEqual([
      ['submitted', 'disposed'],
      ['disposed', 'followed-up'],
    ]);

    const r2 = await submit();
    await api.actOk(r2.trackingId, 'dispose', admin);
    expect(last((await api.actOk(r2.trackingId, 'respond', admin, { note: 'Diteruskan ke lapangan' })).timeline as TimelineEntry[])).toMatchObject({ actor: 'admin-1', action: 'respond' });
  });

  it('a unit head of the unit may act like its officers', async () => {
    const head = bearer(await mintToken({ tenant: '32.73', roles: ['unit-head'], unit: 'dsdabm', sub: 'kadis-dsdabm' }));
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    expect(last((await api.actOk(r.trackingId, 'respond', head, { note: 'Segera' })).timeline as TimelineEntry[])).toMatchObject({ actor: 'kadis-dsdabm' });
  });

  it('refuses the reporter’s accept or dispute with the wrong secret (403)', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah diperbaiki seluruhnya.' });
    const before = await counts(r.trackingId);
    for (const path of ['accept', 'dispute']) {
      const res = await api.asReporter({ trackingId: r.trackingId, secret: 'guessing-the-secret' }, path);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'wrong_secret' });
    }
    // another report's secret is a wrong secret too
    const other = await submit();
    expect((await api.asReporter({ trackingId: r.trackingId, secret: other.secret }, 'accept')).statusCode).toBe(403);
    await expectUnchanged(r.trackingId, 'followed-up', before);
  });
});

describe('re-disposition', () => {
  it('moves a report to another unit: the old unit loses it, the new one gets it with a new deadline', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    await api.actOk(r.trackingId, 'respond', dsdabm, { note: 'Kami cek' });

    const view = await api.actOk(r.trackingId, 'redispose', admin, { unit: 'dishub', note: 'Ini rambu, bukan jalan' });
    expect(view).toMatchObject({ status: 'disposed', unit: 'dishub', deadline: { kind: 'follow-up' } });
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({ action: 'redispose', from: 'in-progress', to: 'disposed', unit: 'dishub', note: 'Ini rambu, bukan jalan', actor: 'admin-1' });

    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'x' })).json()).toMatchObject({ status: 403, code: 'forbidden_unit' });
    expect((await api.staffGet(r.trackingId, dsdabm)).statusCode).toBe(403);
    expect((await api.staffGet(r.trackingId, dishub)).statusCode).toBe(200);
    const inbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: dishub });
    expect(inbox.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);

    const events = await api.events(r.trackingId);
    const disposals = events.filter((e) => e.type === type('disposed')).map((e) => e.event.data);
    expect(disposals).toEqual(expect.arrayContaining([expect.objectContaining({ unit: 'dishub', previousUnit: 'dsdabm' }), expect.objectContaining({ unit: 'dsdabm', previousUnit: null })]));
    expect(statusChanges(events).map((s) => s.action)).toEqual(['dispose', 'respond', 'redispose']);
    expect((await api.actOk(r.trackingId, 'respond', dishub, { note: 'Kami tangani' })).status).toBe('in-progress');
  });

  it('refuses the same unit (409), an unknown unit (422), a missing unit (400), a non-admin (403) and the wrong state (409)', async () => {
    const r = await submit();
    const notYet = await api.act(r.trackingId, 'redispose', admin, { unit: 'dishub' });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'submitted' });

    await api.actOk(r.trackingId, 'dispose', admin);
    const before = await counts(r.trackingId);
    const same = await api.act(r.trackingId, 'redispose', admin, { unit: 'dsdabm' });
    expect(same.statusCode).toBe(409);
    expect(same.json()).toMatchObject({ code: 'same_unit' });
    expect((await api.act(r.trackingId, 'redispose', admin, { unit: 'dinas-antah' })).json()).toMatchObject({ status: 422, code: 'unknown_unit' });
    expect((await api.act(r.trackingId, 'redispose', admin, {})).statusCode).toBe(400);
    expect((await api.act(r.trackingId, 'redispose', dsdabm, { unit: 'dishub' })).json()).toMatchObject({ status: 403, code: 'forbidden_role' });
    expect((await api.act(r.trackingId, 'redispose', {}, { unit: 'dishub' })).statusCode).toBe(401);
    await expectUnchanged(r.trackingId, 'disposed', before);

    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah selesai diperbaiki.' });
    const late = await api.act(r.trackingId, 'redispose', admin, { unit: 'dishub' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'followed-up' });
  });
});

describe('request bodies', () => {
  it('actions whose fields are all optional need no body at all', async () => {
    const post = (url: string, headers: Headers) => c.app.inject({ method: 'POST', url, headers });
    const r = await submit();
    const deferred = await post(`/v1/staff/reports/${r.trackingId}/defer`, admin);
    expect(deferred.statusCode, deferred.body).toBe(200);
    expect(last(deferred.json().timeline as TimelineEntry[])).toMatchObject({ action: 'defer', note: null });
    const disposed = await post(`/v1/staff/reports/${r.trackingId}/dispose`, admin);
    expect(disposed.statusCode, disposed.body).toBe(200);
    expect(disposed.json()).toMatchObject({ status: 'disposed', unit: 'dsdabm' });
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah diperbaiki seluruhnya.' });
    const disputed = await post(`/v1/reports/${r.trackingId}/dispute`, { 'x-report-secret': r.secret });
    expect(disputed.statusCode, disputed.body).toBe(200);
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Diperbaiki ulang seluruhnya.' });
    const accepted = await post(`/v1/reports/${r.trackingId}/accept`, { 'x-report-secret': r.secret });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('closed');
  });

  it('still refuses unknown fields and a body that is not an object', async () => {
    const r = await submit();
    expect((await api.act(r.trackingId, 'dispose', admin, { unit: 'dishub', priority: 'high' })).statusCode).toBe(400);
    const res = await c.app.inject({ method: 'POST', url: `/v1/staff/reports/${r.trackingId}/dispose`, headers: { ...admin, 'content-type': 'application/json' }, payload: '"dishub"' });
    expect(res.statusCode).toBe(400);
    expect((await api.staffView(r.trackingId, admin)).status).toBe('submitted');
  });

  it('the OpenAPI document describes every report route', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of ['/v1/reports', '/v1/reports/{trackingId}', '/v1/reports/{trackingId}/accept', '/v1/staff/reports/{trackingId}/dispose', '/v1/staff/reports/{trackingId}/unlink', '/v1/staff/reports/{trackingId}/privacy']) {
      expect(paths).toContain(p);
    }
  });
});

describe('channels', () => {
  it('lets only staff and integrators record SMS and walk-in reports', async () => {
    for (const headers of [{}, citizen, auditor]) {
      const res = await api.submitRaw({ ...aReport({ location: somewhere() }), channel: 'sms' }, headers);
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_channel' });
    }
    const sms = await submit({ channel: 'sms' }, integrator);
    expect((await api.staffView(sms.trackingId, admin)).channel).toBe('sms');
    const walkIn = await submit({ channel: 'walk-in' }, dsdabm);
    expect((await api.staffView(walkIn.trackingId, admin)).channel).toBe('walk-in');
    const adminDesk = await submit({ channel: 'walk-in' }, admin);
    expect((await api.staffView(adminDesk.trackingId, admin)).channel).toBe('walk-in');
    // a citizen with an account submits on the web
    const web = await submit({}, citizen);
    expect((await api.staffView(web.trackingId, admin)).channel).toBe('web');
    expect((await api.events(sms.trackingId)).find((e) => e.type === type('submitted'))!.event.data).toMatchObject({ channel: 'sms' });
  });

  it('keeps the open311 and social channels for their own intake paths', async () => {
    for (const channel of ['open311', 'social', 'fax']) {
      const res = await api.submitRaw({ ...aReport({ location: somewhere() }), channel }, integrator);
      expect(res.statusCode, channel).toBe(400);
    }
  });
});

describe('outbox: events are written with their transition and carry no reporter data', () => {
  it('writes a submitted event without the reporter’s identity, for anonim and named reporters alike', async () => {
    for (const anonim of [true, false]) {
      const r = await submit({ anonim });
      const events = await api.events(r.trackingId);
      expect(events.map((e) => e.type)).toEqual([type('submitted')]);
      expect(events[0]!.event.data).toMatchObject({ trackingId: r.trackingId, category: 'jalan-rusak', channel: 'web', suggestedUnit: 'dsdabm', anonim, rahasia: false, dispositionDue: r.dispositionDue });
      expectNoReporterInEvents(events);
    }
  });

  it('a refusal found inside the transaction (role and state fine, unit not) leaves no timeline entry and no event', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    const before = await counts(r.trackingId);
    for (const unit of ['dsdabm', 'dinas-antah']) expect((await api.act(r.trackingId, 'redispose', admin, { unit })).statusCode).toBeGreaterThanOrEqual(409);
    await expectUnchanged(r.trackingId, 'disposed', before);
    expect(await api.timelineRows(r.trackingId)).toHaveLength(2);
  });
});

describe('concurrency', () => {
  it('when two officers follow up the same report at once, exactly one succeeds and one set of events is written', async () => {
    const second = bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm', sub: 'officer-dsdabm-2' }));
    for (let round = 0; round < 3; round++) {
      const r = await submit();
      await api.actOk(r.trackingId, 'dispose', admin);
      const results = await Promise.all([
        api.act(r.trackingId, 'follow-up', dsdabm, { resolution: 'Ditambal oleh regu satu.' }),
        api.act(r.trackingId, 'follow-up', second, { resolution: 'Ditambal oleh regu dua.' }),
      ]);
      expect(results.map((x) => x.statusCode).sort()).toEqual([200, 409]);
      const loser = results.find((x) => x.statusCode === 409)!;
      expect(loser.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'followed-up' });

      const events = await api.events(r.trackingId);
      expect(events.filter((e) => e.type === type('followed-up'))).toHaveLength(1);
      expect(statusChanges(events).filter((s) => s.action === 'follow-up')).toHaveLength(1);
      const timeline = await timelineOf(r.trackingId);
      expect(timeline.filter((t) => t.action === 'follow-up')).toHaveLength(1);
      const winner = results.find((x) => x.statusCode === 200)!.json();
      expect((await api.staffView(r.trackingId, admin)).resolution).toBe(winner.resolution);
    }
  });

  it('when the reporter accepts and disputes at once, exactly one of them happens', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah diperbaiki seluruhnya.' });
    const [accept, dispute] = await Promise.all([api.asReporter(r, 'accept'), api.asReporter(r, 'dispute')]);
    expect([accept.statusCode, dispute.statusCode].sort()).toEqual([200, 409]);
    const events = await api.events(r.trackingId);
    expect(statusChanges(events).filter((s) => s.from === 'followed-up')).toHaveLength(1);
  });
});
