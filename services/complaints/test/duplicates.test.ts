/**
 * A new report of the same category within the category's radius (infra/directory: jalan-rusak
 * 50 m, banjir-genangan 300 m) of an open, public report from the last DUPLICATE_WINDOW_DAYS
 * supports it instead of opening a second case; an admin can unlink it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { GeoPoint } from '@sinergi/contracts';
import { dispositionDue } from '../src/deadlines/rules.js';
import { startComplaints } from './fixtures.js';
import { offset } from './geo.js';
import { holdOutbox, reportsApi, TEST_SERVICE_ENV, type, type Headers, type SubmittedBody } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let dsdabm: Headers;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  await holdOutbox(c);
  api = reportsApi(c);
  [admin, dsdabm] = await Promise.all([c.as.admin(), c.as.officer('dsdabm')]);
});
afterAll(async () => c?.stop());

// each scenario gets its own neighbourhood, 2 km from the others
let area = 0;
const newArea = (): GeoPoint => {
  area += 1;
  return offset({ lat: -6.98, lon: 107.55 }, area * 2000, (area % 5) * 2000);
};

const submitAt = (location: GeoPoint, overrides: Record<string, unknown> = {}) =>
  api.submit({ location, ...overrides });
const supportersOf = async (trackingId: string) => (await api.publicGet(trackingId, {})).json().supporters as number;
const supportedEvents = async (trackingId: string) =>
  (await api.events(trackingId))
    .filter((e) => e.type === type('supported'))
    .map((e) => e.event.data as { supporterTrackingId: string; supporters: number; linked: boolean });
const expectOwnCase = (r: SubmittedBody) => {
  expect(r.status).toBe('submitted');
  expect(r.supporting).toBeNull();
};

describe('linking', () => {
  it('links a nearby report of the same category to the open one: status supporting, the count goes up', async () => {
    const here = newArea();
    const first = await submitAt(here);
    expectOwnCase(first);

    const second = await submitAt(offset(here, 30), { title: 'Jalan Dago berlubang lagi' });
    expect(second).toMatchObject({ status: 'supporting', supporting: first.trackingId });
    expect(await supportersOf(first.trackingId)).toBe(1);

    const third = await submitAt(offset(here, 0, 45));
    expect(third).toMatchObject({ status: 'supporting', supporting: first.trackingId });
    expect(await supportersOf(first.trackingId)).toBe(2);
    expect((await api.staffView(first.trackingId, admin)).supporters).toBe(2);

    // the supporter shows what it supports, to staff, the public and its reporter
    const view = await api.staffView(second.trackingId, admin);
    expect(view).toMatchObject({
      status: 'supporting',
      supporting: first.trackingId,
      statusLabel: 'Mendukung laporan lain',
      supporters: 0,
    });
    expect(view.timeline.map((t: { action: string; actor: string; to: string }) => [t.action, t.actor, t.to])).toEqual([
      ['submit', 'reporter', 'submitted'],
      ['link', 'system', 'supporting'],
    ]);
    expect(view.timeline[1].note).toContain(first.trackingId);
    expect((await api.publicGet(second.trackingId)).json().supporting).toBe(first.trackingId);
    expect((await api.publicGet(second.trackingId, { secret: second.secret })).json()).toMatchObject({
      status: 'supporting',
      supporting: first.trackingId,
    });

    // it is not a second case: not in the verification queue, cannot be disposed
    const queue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue?limit=200', headers: admin });
    const queued = queue.json().items.map((i: { trackingId: string }) => i.trackingId);
    expect(queued).toContain(first.trackingId);
    expect(queued).not.toContain(second.trackingId);
    const dispose = await api.act(second.trackingId, 'dispose', admin);
    expect(dispose.statusCode).toBe(409);
    expect(dispose.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'supporting' });
    // the queue shows the count
    expect(queue.json().items.find((i: { trackingId: string }) => i.trackingId === first.trackingId).supporters).toBe(
      2,
    );

    // events: each supporter was submitted, and the target was supported twice
    expect(await supportedEvents(first.trackingId)).toEqual([
      {
        trackingId: first.trackingId,
        category: 'jalan-rusak',
        at: expect.any(String),
        supporterTrackingId: second.trackingId,
        supporters: 1,
        linked: true,
      },
      {
        trackingId: first.trackingId,
        category: 'jalan-rusak',
        at: expect.any(String),
        supporterTrackingId: third.trackingId,
        supporters: 2,
        linked: true,
      },
    ]);
    expect(await api.eventTypes(second.trackingId)).toEqual([type('submitted')]);
  });

  it('links to the nearest open report when several are in range', async () => {
    const here = newArea();
    const a = await submitAt(here);
    const b = await submitAt(offset(here, 200)); // far enough to be its own case
    expectOwnCase(b);
    const near = await submitAt(offset(here, 160));
    expect(near.supporting).toBe(b.trackingId);
    expect(await supportersOf(a.trackingId)).toBe(0);
  });

  it('does not link beyond the category’s radius', async () => {
    const here = newArea();
    const first = await submitAt(here);
    expectOwnCase(await submitAt(offset(here, 70)));
    expectOwnCase(await submitAt(offset(here, 0, -55)));
    expect(await supportersOf(first.trackingId)).toBe(0);
    expect(await supportedEvents(first.trackingId)).toEqual([]);
  });

  it('uses each category’s own radius: a flood 250 m away supports, 350 m away does not', async () => {
    const here = newArea();
    const flood = {
      category: 'banjir-genangan',
      title: 'Genangan setinggi lutut',
      description: 'Setiap hujan deras air menggenang setinggi lutut di perempatan ini.',
    };
    const first = await submitAt(here, flood);
    expect(await submitAt(offset(here, 250), flood)).toMatchObject({
      status: 'supporting',
      supporting: first.trackingId,
    });
    expectOwnCase(await submitAt(offset(here, -350), flood));
    // a pothole 250 m away is no duplicate of a pothole here
    const hole = await submitAt(offset(here, 0, 1000));
    expectOwnCase(await submitAt(offset(here, 250, 1000)));
    expect(await supportersOf(hole.trackingId)).toBe(0);
    expect(await supportersOf(first.trackingId)).toBe(1);
  });

  it('does not link another category at the same spot', async () => {
    const here = newArea();
    const first = await submitAt(here);
    expectOwnCase(await submitAt(here, { category: 'sampah', title: 'Sampah menumpuk di trotoar' }));
    expectOwnCase(await submitAt(here, { category: 'banjir-genangan', title: 'Genangan di lubang jalan' }));
    expect(await supportersOf(first.trackingId)).toBe(0);
  });

  it('links to a report being worked on (deferred, disposed, in progress, followed up)', async () => {
    const steps: Array<[string, Array<[string, Headers, Record<string, unknown>]>]> = [
      ['deferred', [['defer', admin, { note: 'Foto?' }]]],
      ['disposed', [['dispose', admin, {}]]],
      [
        'in-progress',
        [
          ['dispose', admin, {}],
          ['respond', dsdabm, { note: 'Survei' }],
        ],
      ],
      [
        'followed-up',
        [
          ['dispose', admin, {}],
          ['follow-up', dsdabm, { resolution: 'Sudah ditambal sementara.' }],
        ],
      ],
    ];
    for (const [status, actions] of steps) {
      const here = newArea();
      const first = await submitAt(here);
      for (const [path, headers, body] of actions) await api.actOk(first.trackingId, path, headers, body);
      expect((await api.staffView(first.trackingId, admin)).status).toBe(status);
      expect(await submitAt(offset(here, 10)), status).toMatchObject({
        status: 'supporting',
        supporting: first.trackingId,
      });
    }
  });

  it('does not link to a closed, archived or forwarded report', async () => {
    const ends: Array<[string, Record<string, unknown>]> = [
      ['archive', { reason: 'spam' }],
      ['forward', { forwardedTo: 'Dinas Bina Marga Provinsi' }],
      ['reject', { to: { kind: 'agency', name: 'BBPJN' }, note: 'Jalan nasional' }],
    ];
    for (const [path, body] of ends) {
      const here = newArea();
      const first = await submitAt(here);
      await api.actOk(first.trackingId, path, admin, body);
      expectOwnCase(await submitAt(offset(here, 5)));
    }
    // closed by the reporter's acceptance
    const here = newArea();
    const done = await submitAt(here);
    await api.actOk(done.trackingId, 'dispose', admin);
    await api.actOk(done.trackingId, 'follow-up', dsdabm, { resolution: 'Sudah ditambal permanen.' });
    expect((await api.asReporter(done, 'accept')).statusCode).toBe(200);
    expectOwnCase(await submitAt(offset(here, 5)));
  });

  it('does not link to a supporter: a chain always ends at the open case', async () => {
    const here = newArea();
    const first = await submitAt(here);
    const supporter = await submitAt(offset(here, 40));
    expect(supporter.supporting).toBe(first.trackingId);
    await api.actOk(first.trackingId, 'archive', admin, { reason: 'out-of-scope' });
    // next to the supporter, 80 m from the archived first report
    expectOwnCase(await submitAt(offset(here, 80)));
  });

  it('does not link to a report older than DUPLICATE_WINDOW_DAYS (30 by default)', async () => {
    const here = newArea();
    const old = await submitAt(here);
    await sql`update report set submitted_at = now() - interval '31 days' where tracking_id = ${old.trackingId}`.execute(
      c.db,
    );
    expectOwnCase(await submitAt(offset(here, 5)));

    const there = newArea();
    const recent = await submitAt(there);
    await sql`update report set submitted_at = now() - interval '29 days' where tracking_id = ${recent.trackingId}`.execute(
      c.db,
    );
    expect((await submitAt(offset(there, 5))).supporting).toBe(recent.trackingId);
  });

  it('with DUPLICATE_WINDOW_DAYS=0, links nothing', async () => {
    const zero = await startComplaints({ ...TEST_SERVICE_ENV, DUPLICATE_WINDOW_DAYS: '0' });
    try {
      const zeroApi = reportsApi(zero);
      const here = newArea();
      const first = await zeroApi.submit({ location: here });
      const second = await zeroApi.submit({ location: offset(here, 1) });
      expectOwnCase(first);
      expectOwnCase(second);
      expect((await zeroApi.publicGet(first.trackingId)).json().supporters).toBe(0);
    } finally {
      await zero.stop();
    }
  });

  it('never links a rahasia report, nor links a public one to a rahasia report', async () => {
    const here = newArea();
    const open = await submitAt(here);
    const secret = await submitAt(offset(here, 5), { rahasia: true });
    expectOwnCase(secret);
    expect(await supportersOf(open.trackingId)).toBe(0);

    const there = newArea();
    const hidden = await submitAt(there, { rahasia: true });
    const next = await submitAt(offset(there, 5));
    expectOwnCase(next);
    expect((await api.staffView(hidden.trackingId, admin)).supporters).toBe(0);
    expect(await supportedEvents(hidden.trackingId)).toEqual([]);
  });

  it('when two nearby reports arrive at the same moment, then one opens the case and the other supports it', async () => {
    for (let round = 0; round < 5; round++) {
      const p = newArea();
      // 30 m apart, east-west: often on either side of a grid line, which the locks must also cover
      const [a, b] = await Promise.all([submitAt(offset(p, 0, -15)), submitAt(offset(p, 0, 15))]);
      expect([a.status, b.status].sort(), `round ${round}`).toEqual(['submitted', 'supporting']);
      const [first, second] = a.status === 'submitted' ? [a, b] : [b, a];
      expect(second.supporting).toBe(first.trackingId);
    }
  });

  it('does not link a report without a location', async () => {
    const here = newArea();
    await submitAt(here);
    expectOwnCase(await api.submit({ location: undefined }));
  });

  it('hides what a supporter supports from the public once the target becomes rahasia', async () => {
    const here = newArea();
    const first = await submitAt(here);
    const supporter = await submitAt(offset(here, 10));
    expect(supporter.supporting).toBe(first.trackingId);
    await api.patchPrivacy(first.trackingId, admin, { rahasia: true });
    expect((await api.publicGet(supporter.trackingId)).json().supporting).toBeNull();
    expect((await api.staffView(supporter.trackingId, admin)).supporting).toBe(first.trackingId);
    // and a rahasia report is no target any more
    expectOwnCase(await submitAt(offset(here, 20)));
  });
});

describe('unlinking', () => {
  it('lets an admin make a supporter its own case: submitted, with its own disposition deadline, and the count goes down', async () => {
    const here = newArea();
    const first = await submitAt(here);
    const a = await submitAt(offset(here, 10));
    const b = await submitAt(offset(here, 20));
    expect(await supportersOf(first.trackingId)).toBe(2);

    const before = Date.now();
    const view = await api.actOk(a.trackingId, 'unlink', admin, { note: 'Lubang yang berbeda' });
    expect(view).toMatchObject({ status: 'submitted', supporting: null, deadline: { kind: 'disposition' } });
    const due = Date.parse(view.deadline.due);
    const cal = c.service.ctx.calendar('32.73');
    expect(due).toBeGreaterThanOrEqual(dispositionDue(new Date(before), cal).getTime());
    expect(due).toBeLessThanOrEqual(dispositionDue(new Date(), cal).getTime());
    expect(view.timeline.at(-1)).toMatchObject({
      action: 'unlink',
      from: 'supporting',
      to: 'submitted',
      actor: 'admin-1',
      note: 'Lubang yang berbeda',
    });
    expect(await supportersOf(first.trackingId)).toBe(1);
    expect((await api.row(a.trackingId)).supporting_id).toBeNull();

    expect(await supportedEvents(first.trackingId)).toEqual([
      expect.objectContaining({ supporterTrackingId: a.trackingId, supporters: 1, linked: true }),
      expect.objectContaining({ supporterTrackingId: b.trackingId, supporters: 2, linked: true }),
      expect.objectContaining({ supporterTrackingId: a.trackingId, supporters: 1, linked: false }),
    ]);
    const changes = (await api.events(a.trackingId))
      .filter((e) => e.type === type('status-changed'))
      .map((e) => e.event.data);
    expect(changes).toEqual([expect.objectContaining({ action: 'unlink', from: 'supporting', to: 'submitted' })]);

    // now it is a case of its own: in the queue, and it can be disposed
    const queue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue?limit=200', headers: admin });
    expect(queue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(a.trackingId);
    expect((await api.actOk(a.trackingId, 'dispose', admin)).status).toBe('disposed');

    // the last supporter too: the count reaches zero
    await api.actOk(b.trackingId, 'unlink', admin);
    expect(await supportersOf(first.trackingId)).toBe(0);
    expect((await supportedEvents(first.trackingId)).at(-1)).toMatchObject({
      supporterTrackingId: b.trackingId,
      supporters: 0,
      linked: false,
    });
  });

  it('is for admins, and only for supporters', async () => {
    const here = newArea();
    const first = await submitAt(here);
    const supporter = await submitAt(offset(here, 10));
    for (const headers of [dsdabm, await c.as.auditor(), await c.as.citizen()]) {
      const res = await api.act(supporter.trackingId, 'unlink', headers);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_role' });
    }
    expect((await api.act(supporter.trackingId, 'unlink', {})).statusCode).toBe(401);
    const notLinked = await api.act(first.trackingId, 'unlink', admin);
    expect(notLinked.statusCode).toBe(409);
    expect(notLinked.json()).toMatchObject({ code: 'invalid_transition', currentStatus: 'submitted' });
    expect(await supportersOf(first.trackingId)).toBe(1);
    expect((await api.staffView(supporter.trackingId, admin)).status).toBe('supporting');
  });
});
