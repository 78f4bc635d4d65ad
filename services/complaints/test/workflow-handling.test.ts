/**
 * The unit's handling: respond, follow up, accept or dispute, and re-disposition to another unit.
 */
import { describe, expect, it } from 'vitest';
import { bearer, mintToken } from '@sinergi/testkit';
import { followUpDue } from '../src/deadlines/rules.js';
import { type } from './report-helpers.js';
import {
  c,
  api,
  admin,
  auditor,
  citizen,
  integrator,
  dsdabm,
  dishub,
  submit,
  calendar,
  timelineOf,
  last,
  statusChanges,
  expectUnchanged,
  counts,
  useWorkflowHarness,
  type TimelineEntry,
} from './workflow-setup.js';

useWorkflowHarness();

describe('the unit’s work: respond, follow up, accept or dispute', () => {
  it('refuses the wrong unit (403 forbidden_unit) and the wrong state (409 with the current status)', async () => {
    const r = await submit();
    // not yet disposed: no unit's report, and a state that cannot be responded to
    const early = await api.act(r.trackingId, 'respond', admin, { note: 'x' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'submitted' });
    expect(early.json().detail).toContain('submitted');
    // an officer learns nothing about a report that is not with their unit
    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'x' })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });

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
    for (const who of [citizen, integrator, auditor])
      expect((await api.act(r.trackingId, 'respond', who, { note: 'x' })).json()).toMatchObject({
        status: 403,
        code: 'forbidden_role',
      });
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
    expect(responded).toMatchObject({
      status: 'in-progress',
      statusLabel: 'Sedang diproses',
      deadline: { kind: 'follow-up' },
    });

    // a follow-up needs its resolution
    const bare = await api.act(r.trackingId, 'follow-up', dsdabm, {});
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'resolution' })]));
    expect((await api.act(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah.' })).statusCode).toBe(400);

    const photos = [
      { url: 'https://example.org/before.jpg', caption: 'Sebelum' },
      { url: 'https://example.org/after.jpg' },
    ];
    const followed = await api.actOk(r.trackingId, 'follow-up', dsdabm, {
      resolution: 'Lubang ditambal dengan aspal dingin.',
      photos,
    });
    expect(followed).toMatchObject({
      status: 'followed-up',
      resolution: 'Lubang ditambal dengan aspal dingin.',
      resolutionPhotos: photos,
      deadline: { kind: 'auto-close' },
    });
    expect(followed.followedUpAt).not.toBeNull();
    // the reporter sees the resolution and photos
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).json()).toMatchObject({
      resolution: 'Lubang ditambal dengan aspal dingin.',
      resolutionPhotos: photos,
    });

    await c.db
      .updateTable('report' as never)
      .set({ followup_due: new Date('2020-01-01T00:00:00Z') } as never)
      .where('tracking_id' as never, '=', r.trackingId as never)
      .execute();
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
    expect(statusChanges(events).map((s) => s.action)).toEqual([
      'dispose',
      'respond',
      'follow-up',
      'dispute',
      'follow-up',
      'accept',
    ]);
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
    expect(
      last(
        (await api.actOk(r2.trackingId, 'respond', admin, { note: 'Diteruskan ke lapangan' }))
          .timeline as TimelineEntry[],
      ),
    ).toMatchObject({ actor: 'admin-1', action: 'respond' });
  });

  it('a unit head of the unit may act like its officers', async () => {
    const head = bearer(
      await mintToken({ tenant: '32.73', roles: ['unit-head'], unit: 'dsdabm', sub: 'kadis-dsdabm' }),
    );
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    expect(
      last((await api.actOk(r.trackingId, 'respond', head, { note: 'Segera' })).timeline as TimelineEntry[]),
    ).toMatchObject({ actor: 'kadis-dsdabm' });
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
    expect(last(view.timeline as TimelineEntry[])).toMatchObject({
      action: 'redispose',
      from: 'in-progress',
      to: 'disposed',
      unit: 'dishub',
      note: 'Ini rambu, bukan jalan',
      actor: 'admin-1',
    });

    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'x' })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_unit',
    });
    expect((await api.staffGet(r.trackingId, dsdabm)).statusCode).toBe(403);
    expect((await api.staffGet(r.trackingId, dishub)).statusCode).toBe(200);
    const inbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: dishub });
    expect(inbox.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(r.trackingId);

    const events = await api.events(r.trackingId);
    const disposals = events.filter((e) => e.type === type('disposed')).map((e) => e.event.data);
    expect(disposals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unit: 'dishub', previousUnit: 'dsdabm' }),
        expect.objectContaining({ unit: 'dsdabm', previousUnit: null }),
      ]),
    );
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
    expect((await api.act(r.trackingId, 'redispose', admin, { unit: 'dinas-antah' })).json()).toMatchObject({
      status: 422,
      code: 'unknown_unit',
    });
    expect((await api.act(r.trackingId, 'redispose', admin, {})).statusCode).toBe(400);
    expect((await api.act(r.trackingId, 'redispose', dsdabm, { unit: 'dishub' })).json()).toMatchObject({
      status: 403,
      code: 'forbidden_role',
    });
    expect((await api.act(r.trackingId, 'redispose', {}, { unit: 'dishub' })).statusCode).toBe(401);
    await expectUnchanged(r.trackingId, 'disposed', before);

    await api.actOk(r.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah selesai diperbaiki.' });
    const late = await api.act(r.trackingId, 'redispose', admin, { unit: 'dishub' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'followed-up' });
  });
});
