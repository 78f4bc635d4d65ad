/**
 * Verification by the region's admins: dispose (disposisi), defer (tunda) and the reporter's reply, not our authority (bukan wewenang), archive (arsip).
 */
import { describe, expect, it } from 'vitest';
import { dispositionDue, followUpDue } from '../src/deadlines/rules.js';
import { type } from './report-helpers.js';
import {
  c,
  api,
  admin,
  auditor,
  citizen,
  integrator,
  dsdabm,
  submit,
  calendar,
  last,
  statusChanges,
  expectUnchanged,
  counts,
  useWorkflowHarness,
  type TimelineEntry,
} from './workflow-setup.js';

useWorkflowHarness();

describe('verification: dispose (disposisi)', () => {
  it('sends the report to the category’s default unit, with a follow-up deadline of 5 working days', async () => {
    const r = await submit({ category: 'lampu-jalan-mati', title: 'Lampu PJU mati sepanjang jalan' });
    const before = Date.now();
    const view = await api.actOk(r.trackingId, 'dispose', admin);
    expect(view).toMatchObject({
      status: 'disposed',
      unit: 'dishub',
      statusLabel: 'Terdisposisi, belum ditindaklanjuti',
    });
    expect(view.deadline.kind).toBe('follow-up');
    const due = Date.parse(view.deadline.due);
    expect(due).toBeGreaterThanOrEqual(followUpDue(new Date(before), calendar()).getTime());
    expect(due).toBeLessThanOrEqual(followUpDue(new Date(), calendar()).getTime());
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'dispose',
      unit: 'dishub',
      actor: 'admin-1',
    });
    const disposed = (await api.events(r.trackingId)).find((e) => e.type === type('disposed'))!;
    expect(disposed.event.data).toMatchObject({ unit: 'dishub', previousUnit: null, followUpDue: view.deadline.due });
  });

  it('lets the verifier choose another unit than the category’s', async () => {
    const r = await submit();
    const view = await api.actOk(r.trackingId, 'dispose', admin, { unit: 'kec-coblong', note: 'Wewenang kecamatan' });
    expect(view).toMatchObject({ status: 'disposed', unit: 'kec-coblong' });
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'dispose',
      unit: 'kec-coblong',
      note: 'Wewenang kecamatan',
    });
    // the chosen unit handles it; the category's default unit does not
    expect((await api.staffGet(r.trackingId, await c.as.officer('kec-coblong'))).statusCode).toBe(200);
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
    expect(
      (await api.asReporter({ trackingId: 'LPR-0000-0000', secret: 'a-secret-of-some-length' }, 'accept')).statusCode,
    ).toBe(404);
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
    const deferred = await api.actOk(r.trackingId, 'defer', admin, {
      note: 'Mohon lampirkan foto dan nomor rumah terdekat.',
    });
    // a deferral has its own limit (the region's deferralLimitWorkingDays) after which it escalates
    expect(deferred).toMatchObject({ status: 'deferred', statusLabel: 'Tertunda', deadline: { kind: 'deferral' } });

    // the reporter reads the question with their secret; the public does not
    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(last(mine.json().timeline as TimelineEntry[])).toMatchObject({
      action: 'defer',
      note: 'Mohon lampirkan foto dan nomor rumah terdekat.',
      actor: 'admin',
    });
    expect(last((await api.publicGet(r.trackingId)).json().timeline as TimelineEntry[])).toMatchObject({
      action: 'defer',
      note: null,
    });

    // the verification queue lists it as deferred
    const queue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue?status=deferred', headers: admin });
    expect(queue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);

    // an old deadline, so the new one is visibly new
    await c.db
      .updateTable('report' as never)
      .set({ disposition_due: new Date('2020-01-01T00:00:00Z') } as never)
      .where('tracking_id' as never, '=', r.trackingId as never)
      .execute();
    const before = Date.now();
    const replied = await api.asReporter(r, 'replies', { note: 'Foto terlampir, dekat rumah nomor 118.' });
    expect(replied.statusCode, replied.body).toBe(200);
    expect(replied.json()).toMatchObject({ status: 'submitted', deadline: { kind: 'disposition' } });
    const due = Date.parse(replied.json().deadline.due);
    expect(due).toBeGreaterThanOrEqual(dispositionDue(new Date(before), calendar()).getTime());
    expect(due).toBeLessThanOrEqual(dispositionDue(new Date(), calendar()).getTime());
    expect(last(replied.json().timeline as TimelineEntry[])).toMatchObject({
      action: 'provide-information',
      from: 'deferred',
      to: 'submitted',
      note: 'Foto terlampir, dekat rumah nomor 118.',
    });

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
    expect(last(replied.json().timeline as TimelineEntry[])).toMatchObject({
      action: 'reply',
      from: 'submitted',
      to: 'submitted',
      note: 'Tambahan: lubangnya makin besar.',
    });
    expect(await api.events(r.trackingId)).toHaveLength(before);
  });

  it('refuses a reply with the wrong secret (403), without a note (400), and to an unknown report (404)', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'defer', admin, { note: 'Foto?' });
    const before = await counts(r.trackingId);
    const wrong = await api.asReporter({ trackingId: r.trackingId, secret: 'not-the-right-secret' }, 'replies', {
      note: 'hai',
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_secret' });
    expect((await api.asReporter(r, 'replies', {})).statusCode).toBe(400);
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: `/v1/reports/${r.trackingId}/replies`,
          payload: { note: 'no secret' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await api.asReporter({ trackingId: 'LPR-0000-0000', secret: r.secret }, 'replies', { note: 'hai' })).statusCode,
    ).toBe(404);
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
    const view = await api.actOk(r.trackingId, 'forward', admin, {
      forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat',
    });
    expect(view).toMatchObject({ status: 'forwarded', forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat' });
    expect(view.closedAt).not.toBeNull();
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'forward',
      note: 'Bukan wewenang: diserahkan ke Dinas Bina Marga Provinsi Jawa Barat',
      actor: 'admin-1',
    });
    // the reporter and the public learn where it went
    expect((await api.publicGet(r.trackingId)).json()).toMatchObject({
      status: 'forwarded',
      forwardedTo: 'Dinas Bina Marga Provinsi Jawa Barat',
    });
    expect(statusChanges(await api.events(r.trackingId))).toEqual([
      { action: 'forward', from: 'submitted', to: 'forwarded' },
    ]);
    // final: nothing else happens to it
    const again = await api.act(r.trackingId, 'dispose', admin);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'forwarded' });
  });

  it('refuses a forward that does not say where to', async () => {
    const r = await submit();
    const res = await api.act(r.trackingId, 'forward', admin, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'to' })]));
  });

  it('rejects as not our authority: closed with where it went and the reason on the timeline, and a closed event', async () => {
    const r = await submit({ category: 'lainnya', title: 'Jalan tol Pasteur macet', location: undefined });
    const view = await api.actOk(r.trackingId, 'reject', admin, {
      to: { kind: 'agency', name: 'PT Jasa Marga' },
      note: 'Jalan tol adalah wewenang Jasa Marga',
    });
    expect(view).toMatchObject({ status: 'closed', closeReason: 'not-authority', statusLabel: 'Selesai' });
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'reject-not-authority',
      note: 'Bukan wewenang: diserahkan ke PT Jasa Marga. Jalan tol adalah wewenang Jasa Marga',
      to: 'closed',
    });
    const events = await api.events(r.trackingId);
    expect(events.find((e) => e.type === type('closed'))!.event.data).toMatchObject({
      reason: 'not-authority',
      unit: null,
    });
    expect(statusChanges(events)).toEqual([{ action: 'reject-not-authority', from: 'submitted', to: 'closed' }]);
    // the reporter cannot accept or dispute a rejection
    expect((await api.asReporter(r, 'accept')).statusCode).toBe(409);
  });

  it('refuses a rejection that does not say where the report went', async () => {
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
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'archive',
      note: 'Dicek verifikator',
      actor: 'admin-1',
    });
    // the reason is for staff and the reporter, not the public
    expect((await api.publicGet(r.trackingId)).json()).toMatchObject({ status: 'archived', archiveReason: null });
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).json()).toMatchObject({ archiveReason: reason });
    expect(statusChanges(await api.events(r.trackingId))).toEqual([
      { action: 'archive', from: 'submitted', to: 'archived' },
    ]);
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
