/**
 * Issue 16, complaints rules 4 and 6 against the real service, PostgreSQL and NATS:
 * - the clock starts when the channel received the complaint (SMS gateway time, a walk-in desk's
 *   letter, a post's time, an Open311 client's time), bounded: not in the future, not older than
 *   the region's `receivedTimeMaxAgeDays`;
 * - information requests follow UU 14/2008 Art. 22: 10 working days, extendable once by 7 with a reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { calendarFor, localDate, startOfLocalDay } from '@sinergi/service-kit';
import { createEvent, postComplaintDetected, subjectFor } from '@sinergi/contracts';
import { dispositionDue, extendedInformationDue, informationDue } from '../src/deadlines/rules.js';
import { BANDUNG, startComplaints } from './fixtures.js';
import { holdOutbox, reportsApi, type, TEST_SERVICE_ENV, type Harness, type Headers } from './report-helpers.js';

let c: Harness;
let api: ReturnType<typeof reportsApi>;
let admin: Headers;
let nc: NatsConnection;
const bandung = calendarFor(BANDUNG);
beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  api = reportsApi(c);
  admin = await c.as.admin();
  nc = await connect({ servers: c.environment.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await c?.stop();
});

/** Friday 19:30 WIB of the week before last: within 30 days, and its disposition deadline long past. */
function aFridayEvening(): Date {
  let day = localDate(new Date(Date.now() - 8 * 86_400_000), 'Asia/Jakarta');
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 5) day = localDate(new Date(Date.parse(day) - 86_400_000), 'UTC');
  return new Date(startOfLocalDay(day, 'Asia/Jakarta').getTime() + (19 * 60 + 30) * 60_000);
}
const rowCount = async () => (await sql<{ n: number }>`select count(*)::int as n from report`.execute(c.db)).rows[0]!.n;

describe('the clock starts at the received time', () => {
  it('when an SMS gateway says it received the message Friday 19:30, then the deadline counts from then', async () => {
    const friday = aFridayEvening();
    const r = await api.submit({ channel: 'sms', receivedAt: friday.toISOString(), location: undefined }, admin);
    expect(r.dispositionDue).toBe(dispositionDue(friday, bandung).toISOString());
    expect(r.dispositionDue).not.toBe(dispositionDue(new Date(), bandung).toISOString());
    expect(new Date(r.dispositionDue).getTime()).toBeLessThan(Date.now()); // already overdue, as it truly is
    const view = await api.staffView(r.trackingId, admin);
    expect(view).toMatchObject({ receivedAt: friday.toISOString() });
    expect((await api.row(r.trackingId)).received_at).toEqual(friday);
  });

  it('when a walk-in desk records the day a letter arrived, then that day starts the clock', async () => {
    const arrived = new Date(Date.now() - 3 * 86_400_000);
    const r = await api.submit({ channel: 'walk-in', receivedAt: arrived.toISOString(), location: undefined }, admin);
    expect((await api.staffView(r.trackingId, admin)).receivedAt).toBe(arrived.toISOString());
    expect(r.dispositionDue).toBe(dispositionDue(arrived, bandung).toISOString());
  });

  it('refuses a received time in the future, older than the region allows, or on a web report; nothing is stored', async () => {
    const before = await rowCount();
    const cases: [Record<string, unknown>, Headers, RegExp][] = [
      [{ channel: 'sms', receivedAt: new Date(Date.now() + 3_600_000).toISOString() }, admin, /future/],
      [{ channel: 'sms', receivedAt: new Date(Date.now() - 31 * 86_400_000).toISOString() }, admin, /30 days/],
      [{ receivedAt: new Date(Date.now() - 3_600_000).toISOString() }, {}, /only for SMS/],
    ];
    for (const [overrides, headers, message] of cases) {
      const res = await api.submitRaw(
        {
          ...overrides,
          title: 'Jalan berlubang',
          description: 'Lubang besar sekali di sini.',
          category: 'jalan-rusak',
        },
        headers,
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_received_at', errors: [{ field: 'receivedAt' }] });
      expect(res.json().errors[0].message).toMatch(message);
    }
    expect(await rowCount()).toBe(before);
  });

  it('when social-intake hands over a post, then the post’s time starts the clock; an implausible one falls back to now', async () => {
    await holdOutbox(c);
    const posted = new Date(Date.now() - 2 * 86_400_000);
    const publish = async (externalId: string, postedAt: Date) => {
      const event = createEvent(postComplaintDetected, {
        tenant: '32.73',
        subject: externalId,
        data: {
          postId: `post-${externalId}`,
          channel: 'x',
          externalId,
          accountUnit: 'dsdabm',
          category: 'jalan-rusak',
          confidence: 0.9,
          text: 'Jalan di depan pasar rusak parah, mohon diperbaiki.',
          location: null,
          districtCode: null,
          villageCode: null,
          address: null,
          postedAt: postedAt.toISOString(),
        },
      });
      await jetstream(nc).publish(
        subjectFor(event.type, event.tenant, c.environment.eventPrefix),
        JSON.stringify(event),
        {
          msgID: event.id,
        },
      );
    };
    const receivedOf = async (externalId: string) => {
      for (let i = 0; i < 100; i++) {
        const r = await sql<{
          received_at: Date;
          submitted_at: Date;
        }>`select received_at, submitted_at from report where source_id = ${externalId}`.execute(c.db);
        if (r.rows[0]) return r.rows[0];
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no report for ${externalId}`);
    };
    await publish('law-recent', posted);
    await publish('law-ancient', new Date(Date.now() - 400 * 86_400_000));
    expect((await receivedOf('law-recent')).received_at).toEqual(posted);
    const ancient = await receivedOf('law-ancient');
    expect(ancient.received_at).toEqual(ancient.submitted_at);
    c.service.relay.start();
  });

  it('when an Open311 client sends requested_datetime, then the deadline counts from it and it is echoed back', async () => {
    const key = await c.app.inject({
      method: 'POST',
      url: '/v1/open311-keys',
      headers: admin,
      payload: { name: 'Gerbang SMS' },
    });
    const requested = new Date(Date.now() - 5 * 86_400_000);
    requested.setUTCMilliseconds(0);
    const res = await c.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key.json().key,
        service_code: 'jalan-rusak',
        address_string: 'Jl. Soekarno-Hatta 100',
        description: 'Jalan berlubang di jalur lambat dekat halte.',
        requested_datetime: requested.toISOString(),
      }).toString(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json()[0].service_request_id as string;
    const one = await c.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.json` });
    expect(new Date(one.json()[0].requested_datetime)).toEqual(requested);
    expect((await api.row(id)).disposition_due).toEqual(dispositionDue(requested, bandung));
    const future = await c.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        api_key: key.json().key,
        service_code: 'jalan-rusak',
        address_string: 'Jl. Soekarno-Hatta 102',
        requested_datetime: new Date(Date.now() + 86_400_000).toISOString(),
      }).toString(),
    });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toEqual([{ code: 400, description: 'requested_datetime: is in the future' }]);
  });
});

describe('information requests (UU 14/2008)', () => {
  const infoRequest = () =>
    api.submit({ type: 'permintaan-informasi', location: undefined, title: 'Data anggaran perbaikan jalan 2026' });

  it('are due 10 working days after receipt, which stays the unit’s deadline after disposition', async () => {
    const r = await infoRequest();
    const row = await api.row(r.trackingId);
    const due = informationDue(row.received_at as Date, bandung);
    const view = await api.actOk(r.trackingId, 'dispose', admin);
    expect(view.informationRequest).toEqual({ due: due.toISOString(), extended: false });
    expect(view.deadline).toEqual({ kind: 'follow-up', due: due.toISOString() });
  });

  it('extend once by 7 working days with the reason on the timeline and an event; a second time is 409', async () => {
    await holdOutbox(c);
    const r = await infoRequest();
    await api.actOk(r.trackingId, 'dispose', admin);
    const officer = await c.as.officer('dsdabm');
    const short = await api.act(r.trackingId, 'extend', officer, { reason: 'sibuk' });
    expect(short.statusCode).toBe(400);
    const before = (await api.staffView(r.trackingId, admin)).informationRequest.due as string;
    const view = await api.actOk(r.trackingId, 'extend', officer, { reason: 'Data masih dihimpun dari tiga bidang.' });
    const extended = extendedInformationDue(new Date(before), bandung).toISOString();
    expect(view.informationRequest).toEqual({ due: extended, extended: true });
    expect(view.deadline).toEqual({ kind: 'follow-up', due: extended });
    expect(view.timeline.at(-1)).toMatchObject({ action: 'extend' });
    expect(view.timeline.at(-1).note).toMatch(/7 hari kerja: Data masih dihimpun/);
    const mine = await api.publicGet(r.trackingId, { secret: r.secret });
    expect(mine.json().informationRequest).toEqual({ due: extended, extended: true });
    const event = (await api.events(r.trackingId)).find((e) => e.type === type('deadline-extended'));
    expect(event?.event.data).toMatchObject({ previousDueAt: before, dueAt: extended });
    expect(event?.text).not.toContain('dihimpun');

    const again = await api.act(r.trackingId, 'extend', officer, { reason: 'Masih belum lengkap juga.' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_extended', dueAt: extended });
    c.service.relay.start();
  });

  it('only information requests have this deadline, and another unit may not extend it', async () => {
    const complaint = await api.submit({ location: undefined });
    const res = await api.act(complaint.trackingId, 'extend', admin, { reason: 'Tidak berlaku untuk pengaduan.' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('not_information_request');
    expect((await api.staffView(complaint.trackingId, admin)).informationRequest).toBeNull();
    const r = await infoRequest();
    await api.actOk(r.trackingId, 'dispose', admin);
    const other = await api.act(r.trackingId, 'extend', await c.as.officer('dishub'), {
      reason: 'Bukan unit kami sebenarnya.',
    });
    expect(other.statusCode).toBe(403);
  });
});
