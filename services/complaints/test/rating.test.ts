/**
 * official-rating's invitations: the reporter (tracking ID + secret) gets the rating link, nobody
 * else ever sees it (the link is the permission to rate), redeliveries keep one invitation per
 * report, and the new table is walled off per region like every other.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { createEvent, invitationCreated, subjectFor } from '@sinergi/contracts';
import { RATING_CONSUMER } from '../src/rating/consumer.js';
import { startComplaints } from './fixtures.js';
import { reportsApi, TEST_SERVICE_ENV, type Headers, type SubmittedBody } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let nc: NatsConnection;
let admin: Headers;
let spot = 0;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  api = reportsApi(c);
  nc = await connect({ servers: c.environment.natsUrl });
  admin = await c.as.admin();
});
afterAll(async () => {
  await nc?.close();
  await c?.stop();
});

/** A report taken to `closed` through the real workflow: disposed, followed up, accepted by the reporter. */
async function closedReport(overrides: Record<string, unknown> = {}, query = ''): Promise<SubmittedBody> {
  spot += 1;
  // far apart, so no two test reports are linked as duplicates
  const r = await api.submit(
    { location: { lat: -6.95 + spot * 0.01, lon: 107.55 + spot * 0.01 }, ...overrides },
    {},
    query,
  );
  const tenant = query.includes('72.71') ? '72.71' : '32.73';
  const headers = await c.as.admin({ tenant });
  const disposed = await api.act(r.trackingId, `dispose${query}`, headers);
  expect(disposed.statusCode, disposed.body).toBe(200);
  const followed = await api.act(r.trackingId, `follow-up${query}`, headers, {
    resolution: 'Lubang sudah ditambal pada 3 Juni.',
  });
  expect(followed.statusCode, followed.body).toBe(200);
  const accepted = await c.app.inject({
    method: 'POST',
    url: `/v1/reports/${r.trackingId}/accept${query}`,
    headers: { 'x-report-secret': r.secret },
  });
  expect(accepted.json()).toMatchObject({ status: 'closed' });
  return r;
}

function invitation(
  trackingId: string,
  overrides: {
    tenant?: string;
    system?: 'complaints' | 'licensing' | 'counter';
    expiresAt?: string;
    token?: string;
  } = {},
) {
  const token = overrides.token ?? randomUUID().replaceAll('-', '').toUpperCase();
  return createEvent(invitationCreated, {
    tenant: overrides.tenant ?? '32.73',
    subject: trackingId,
    data: {
      invitationId: randomUUID(),
      transaction: { system: overrides.system ?? 'complaints', id: trackingId },
      source: null,
      unit: 'dsdabm',
      serviceType: 'jalan-rusak',
      official: null,
      url: `https://nilai.example.go.id/r?tenant=32.73&token=${token}`,
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
  });
}

type Invitation = ReturnType<typeof invitation>;

/** Publishes past the stream's de-duplication when `msgID` differs: as a redelivery would arrive. */
const publish = (event: Invitation, msgID = event.id) =>
  jetstream(nc).publish(subjectFor(event.type, event.tenant, c.environment.eventPrefix), JSON.stringify(event), {
    msgID,
  });

const handledCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from inbox where consumer = ${RATING_CONSUMER}`.execute(c.db))
    .rows[0]!.n;

/** Publishes and waits until the consumer has taken `distinctEvents` more events into its inbox. */
async function deliver(events: Array<[Invitation, string?]>, distinctEvents: number) {
  const before = await handledCount();
  for (const [e, msgID] of events) await publish(e, msgID);
  for (let i = 0; i < 200; i++) {
    if ((await handledCount()) >= before + distinctEvents) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the rating consumer did not take the events');
}

const rows = async (trackingId: string) =>
  (
    await sql<{ tenant_id: string; invitation_id: string; url: string; expires_at: Date }>`
      select i.tenant_id, i.invitation_id, i.url, i.expires_at from rating_invitation i join report r on r.id = i.report_id where r.tracking_id = ${trackingId}`.execute(
      c.db,
    )
  ).rows;

const getInvitation = (r: { trackingId: string }, secret?: string, query = '') =>
  c.app.inject({
    method: 'GET',
    url: `/v1/reports/${r.trackingId}/rating-invitation${query}`,
    headers: secret ? { 'x-report-secret': secret } : {},
  });

describe('the reporter’s rating invitation', () => {
  let r: SubmittedBody;
  let event: Invitation;

  beforeAll(async () => {
    r = await closedReport();
  });

  it('when there is none yet, then 404 rating_invitation_not_found and the reporter’s view says null', async () => {
    const res = await getInvitation(r, r.secret);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'rating_invitation_not_found' });
    const view = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(view.json()).toHaveProperty('ratingInvitation', null);
  });

  it('when official-rating invites, then the reporter gets the link and its expiry, with the secret only', async () => {
    event = invitation(r.trackingId);
    await deliver([[event]], 1);

    const res = await getInvitation(r, r.secret);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ url: event.data.url, expiresAt: new Date(event.data.expiresAt).toISOString() });
    expect(res.headers['cache-control']).toBe('no-store');

    const view = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(view.json().ratingInvitation).toEqual({
      url: event.data.url,
      expiresAt: new Date(event.data.expiresAt).toISOString(),
    });
    // no cache may keep the reporter's view
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers.vary).toContain('X-Report-Secret');

    // lower case and without dashes, like every other lookup
    expect(
      (await getInvitation({ trackingId: r.trackingId.toLowerCase().replaceAll('-', '') }, r.secret)).json().url,
    ).toBe(event.data.url);
  });

  it('refuses a wrong or missing secret', async () => {
    const wrong = await getInvitation(r, 'not-the-secret-at-all');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_secret' });
    expect(wrong.body).not.toContain(new URL(event.data.url).searchParams.get('token')!);
    const missing = await getInvitation(r);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).not.toContain(new URL(event.data.url).searchParams.get('token')!);
  });

  it('never shows the link on a public, Open311, export or staff path', async () => {
    const token = new URL(event.data.url).searchParams.get('token')!;
    const responses = [
      await api.publicGet(r.trackingId),
      await c.app.inject({ method: 'GET', url: '/v1/public/reports?limit=200' }),
      await c.app.inject({ method: 'GET', url: '/v1/public/reports.geojson' }),
      await c.app.inject({ method: 'GET', url: '/v1/public/statistics' }),
      await c.app.inject({ method: 'GET', url: '/open311/v2/requests.json' }),
      await c.app.inject({ method: 'GET', url: '/open311/v2/requests.xml' }),
      await c.app.inject({ method: 'GET', url: `/open311/v2/requests/${r.trackingId}.json` }),
      await c.app.inject({ method: 'GET', url: `/open311/v2/requests/${r.trackingId}.xml` }),
      await c.app.inject({ method: 'GET', url: '/v1/staff/export.csv', headers: admin }),
      await c.app.inject({ method: 'GET', url: '/v1/staff/export.csv', headers: await c.as.auditor() }),
      await api.staffGet(r.trackingId, admin),
      await api.staffGet(r.trackingId, await c.as.auditor()),
      await api.staffGet(r.trackingId, await c.as.officer('dsdabm')),
      await c.app.inject({ method: 'GET', url: '/v1/staff/inbox?status=closed', headers: admin }),
      await c.app.inject({ method: 'GET', url: '/v1/staff/queue?status=closed', headers: admin }),
      // the staff action answer after a privacy change renders the admin view
      await api.patchPrivacy(r.trackingId, admin, { anonim: true }),
    ];
    for (const res of responses) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).not.toContain(token);
      expect(res.body).not.toContain('nilai.example.go.id');
      expect(res.body).not.toContain('ratingInvitation');
    }
    // the public view of the report exists and is simply without it
    expect((await api.publicGet(r.trackingId)).json().trackingId).toBe(r.trackingId);
    // nor do complaints' own events carry it
    const outbox = await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where event::text like ${`%${token}%`}`.execute(c.db);
    expect(outbox.rows[0]!.n).toBe(0);
  });

  it('when the same invitation is redelivered, or a stale one arrives, then the report keeps one invitation', async () => {
    await deliver([[event, `${event.id}-again`]], 0);
    const stale = invitation(r.trackingId, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await deliver([[stale], [stale, `${stale.id}-again`]], 1);
    const kept = await rows(r.trackingId);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ invitation_id: event.data.invitationId, url: event.data.url });
    expect((await getInvitation(r, r.secret)).json().url).toBe(event.data.url);
  });

  it('when official-rating reissues with a later expiry, then the reporter sees the new link', async () => {
    const reissued = invitation(r.trackingId, { expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    await deliver([[reissued]], 1);
    const kept = await rows(r.trackingId);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ invitation_id: reissued.data.invitationId, url: reissued.data.url });
    expect((await getInvitation(r, r.secret)).json().url).toBe(reissued.data.url);
  });
});

describe('invitations that are not ours to keep', () => {
  it('when the tracking id is unknown, then the event is acknowledged and ignored, not retried or parked', async () => {
    const unknown = invitation('LPR-ZZZZ-ZZZZ');
    await deliver([[unknown]], 1);
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from rating_invitation where invitation_id = ${unknown.data.invitationId}`.execute(
          c.db,
        )
      ).rows[0]!.n,
    ).toBe(0);
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from dead_letter where consumer = ${RATING_CONSUMER}`.execute(c.db)
      ).rows[0]!.n,
    ).toBe(0);
  });

  it('when the invitation is for another system’s transaction, then nothing is stored, even with a matching id', async () => {
    const r = await closedReport();
    await deliver([[invitation(r.trackingId, { system: 'licensing' })]], 1);
    expect(await rows(r.trackingId)).toHaveLength(0);
    expect((await getInvitation(r, r.secret)).statusCode).toBe(404);
  });
});

describe('regions', () => {
  it('an invitation published for another region never reaches a Bandung report', async () => {
    const bandung = await closedReport();
    // Palu's event naming Bandung's tracking id: under Palu's scope the report does not exist
    await deliver([[invitation(bandung.trackingId, { tenant: '72.71' })]], 1);
    expect(await rows(bandung.trackingId)).toHaveLength(0);
    expect((await getInvitation(bandung, bandung.secret)).statusCode).toBe(404);
  });

  it('keeps each region’s invitations to itself under row-level security', async () => {
    const palu = await closedReport({ districtCode: undefined, title: 'Jalan rusak di Palu' }, '?tenant=72.71');
    const paluEvent = invitation(palu.trackingId, { tenant: '72.71' });
    await deliver([[paluEvent]], 1);
    expect(await rows(palu.trackingId)).toMatchObject([{ tenant_id: '72.71', url: paluEvent.data.url }]);
    expect((await getInvitation(palu, palu.secret, '?tenant=72.71')).json().url).toBe(paluEvent.data.url);
    // the same tracking id and secret asked in Bandung: no such report there
    expect((await getInvitation(palu, palu.secret)).statusCode).toBe(404);

    expect(await checkTenantIsolation(c.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    const bandungSees = await c.service.ctx.db.withTenant('32.73', (trx) =>
      trx.selectFrom('rating_invitation').select('url').execute(),
    );
    expect(bandungSees.map((i) => i.url)).not.toContain(paluEvent.data.url);
    expect(bandungSees.length).toBeGreaterThan(0);
    const paluSees = await c.service.ctx.db.withTenant('72.71', (trx) =>
      trx.selectFrom('rating_invitation').select('url').execute(),
    );
    expect(paluSees.map((i) => i.url)).toEqual([paluEvent.data.url]);
  });
});
