/**
 * The LAPOR! workflow end to end: the full path, submission checks, request bodies, channels, the outbox and concurrency.
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bearer, mintToken } from '@sinergi/testkit';
import { P } from '../src/problems.js';
import { aReport } from './fixtures.js';
import { type, type Headers } from './report-helpers.js';
import {
  c,
  api,
  admin,
  auditor,
  citizen,
  integrator,
  dsdabm,
  somewhere,
  submit,
  timelineOf,
  last,
  statusChanges,
  expectNoReporterInEvents,
  expectUnchanged,
  counts,
  useWorkflowHarness,
  type TimelineEntry,
} from './workflow-setup.js';

useWorkflowHarness();

describe('the full LAPOR! path', () => {
  it('when a citizen submits, then verification, disposition, response, follow-up and acceptance close it, each on the timeline and in the outbox', async () => {
    const r = await submit({ location: { lat: -6.9001, lon: 107.6001 } });
    expect(r.trackingId).toMatch(/^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(r.status).toBe('submitted');

    const disposed = await api.act(r.trackingId, 'dispose', admin, { note: 'Mohon ditangani' });
    expect(disposed.statusCode, disposed.body).toBe(200);
    expect(disposed.json()).toMatchObject({ status: 'disposed', unit: 'dsdabm' });

    expect((await api.act(r.trackingId, 'respond', dsdabm, { note: 'Tim akan survei besok' })).json().status).toBe(
      'in-progress',
    );
    const followed = await api.act(r.trackingId, 'follow-up', dsdabm, {
      resolution: 'Lubang sudah ditambal pada 3 Juni.',
      photos: [{ url: 'https://example.org/after.jpg' }],
    });
    expect(followed.json()).toMatchObject({ status: 'followed-up', resolution: 'Lubang sudah ditambal pada 3 Juni.' });

    const accepted = await api.asReporter(r, 'accept', { note: 'Terima kasih' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'closed', closeReason: 'accepted' });
    expect(accepted.json().timeline.map((t: { action: string }) => t.action)).toEqual([
      'submit',
      'dispose',
      'respond',
      'follow-up',
      'accept',
    ]);

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
      [
        type('submitted'),
        type('status-changed'),
        type('disposed'),
        type('status-changed'),
        type('status-changed'),
        type('followed-up'),
        type('status-changed'),
        type('closed'),
      ].sort(),
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
    expect(events.find((e) => e.type === type('disposed'))!.event.data).toMatchObject({
      unit: 'dsdabm',
      previousUnit: null,
    });
    expect(events.find((e) => e.type === type('followed-up'))!.event.data).toMatchObject({
      unit: 'dsdabm',
      withinDeadline: true,
    });
    expect(events.find((e) => e.type === type('closed'))!.event.data).toMatchObject({
      reason: 'accepted',
      unit: 'dsdabm',
    });
    for (const e of events) expect(e.event).toMatchObject({ subject: r.trackingId, tenant: '32.73' });
    expectNoReporterInEvents(events);
  });
});

describe('submission checks', () => {
  it('refuses a location outside Indonesia (a lost minus sign, swapped coordinates) with 422 naming the field', async () => {
    const count = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from report`.execute(c.db)).rows[0]!.n);
    const before = await count();
    for (const location of [
      { lat: -6.8845, lon: -107.6135 },
      { lat: 6.8845, lon: 107.6135 },
    ]) {
      const res = await c.app.inject({ method: 'POST', url: '/v1/reports', payload: aReport({ location }) });
      expect(res.statusCode, JSON.stringify(location)).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'invalid_report',
        errors: [expect.objectContaining({ field: 'location' })],
      });
    }
    expect(await count()).toBe(before);
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
    const res = await c.app.inject({
      method: 'POST',
      url: `/v1/staff/reports/${r.trackingId}/dispose`,
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '"dishub"',
    });
    expect(res.statusCode).toBe(400);
    expect((await api.staffView(r.trackingId, admin)).status).toBe('submitted');
  });

  it('the OpenAPI document describes every report route', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const p of [
      '/v1/reports',
      '/v1/reports/{trackingId}',
      '/v1/reports/{trackingId}/accept',
      '/v1/staff/reports/{trackingId}/dispose',
      '/v1/staff/reports/{trackingId}/unlink',
      '/v1/staff/reports/{trackingId}/privacy',
    ]) {
      expect(paths).toContain(p);
    }
  });

  it('the OpenAPI document lists every problem code complaints answers with, with its status', async () => {
    const codes = (await c.app.inject({ method: 'GET', url: '/openapi.json' })).json()['x-problem-codes'] as {
      code: string;
      status: number;
    }[];
    const listed = new Map(codes.map((p) => [p.code, p.status]));
    for (const f of Object.values(P)) expect(listed.get(f.code), f.code).toBe(f.status);
    // the facts complaints shares with other services, under their one shared name
    for (const [code, status] of [
      ['unknown_unit', 422],
      ['forbidden_action', 403],
      ['invalid_transition', 409],
      ['wrong_secret', 403],
      ['rating_invitation_not_found', 404],
    ] as const) {
      expect(listed.get(code), code).toBe(status);
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
    expect((await api.events(sms.trackingId)).find((e) => e.type === type('submitted'))!.event.data).toMatchObject({
      channel: 'sms',
    });
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
      expect(events[0]!.event.data).toMatchObject({
        trackingId: r.trackingId,
        category: 'jalan-rusak',
        channel: 'web',
        suggestedUnit: 'dsdabm',
        anonim,
        rahasia: false,
        dispositionDue: r.dispositionDue,
      });
      expectNoReporterInEvents(events);
    }
  });

  it('a refusal found inside the transaction (role and state fine, unit not) leaves no timeline entry and no event', async () => {
    const r = await submit();
    await api.actOk(r.trackingId, 'dispose', admin);
    const before = await counts(r.trackingId);
    for (const unit of ['dsdabm', 'dinas-antah'])
      expect((await api.act(r.trackingId, 'redispose', admin, { unit })).statusCode).toBeGreaterThanOrEqual(409);
    await expectUnchanged(r.trackingId, 'disposed', before);
    expect(await api.timelineRows(r.trackingId)).toHaveLength(2);
  });
});

describe('concurrency', () => {
  it('when two officers follow up the same report at once, exactly one succeeds and one set of events is written', async () => {
    const second = bearer(
      await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm', sub: 'officer-dsdabm-2' }),
    );
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
