/**
 * Issue 16: a near-duplicate post that social-intake attached to an earlier one counts as support of
 * the report made from it, as nearby duplicates do, once however often it is announced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createEvent, postComplaintDetected, postDuplicateAttached, subjectFor } from '@sinergi/contracts';
import { startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let nc: NatsConnection;
beforeAll(async () => {
  c = await startComplaints();
  // outbox rows stay for the assertions (the consumers still run)
  await c.service.relay.stop();
  nc = await connect({ servers: c.environment.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await c?.stop();
});

const publish = (event: { type: string; tenant: string; id: string }, msgID = event.id) =>
  jetstream(nc).publish(subjectFor(event.type, event.tenant, c.environment.eventPrefix), JSON.stringify(event), {
    msgID,
  });

const detected = (externalId: string) =>
  createEvent(postComplaintDetected, {
    tenant: '32.73',
    subject: `post-${externalId}`,
    data: {
      postId: `post-${externalId}`,
      channel: 'telegram',
      externalId,
      accountUnit: 'dishub',
      category: 'rambu-lampu-lalu-lintas',
      confidence: 0.93,
      text: 'Lampu lalu lintas di perempatan Jl. Tubagus Ismail mati total sejak kemarin.',
      title: 'Lampu lalu lintas di perempatan Jl. Tubagus Ismail mati total sejak kemarin',
      location: null,
      districtCode: '32.73.02',
      villageCode: null,
      address: null,
      postedAt: new Date().toISOString(),
    },
  });

const attached = (externalId: string, original: string) =>
  createEvent(postDuplicateAttached, {
    tenant: '32.73',
    subject: `post-${externalId}`,
    data: {
      postId: `post-${externalId}`,
      channel: 'instagram',
      externalId,
      original: { channel: 'telegram', externalId: original },
      category: 'rambu-lampu-lalu-lintas',
      similarity: 0.8,
      text: 'Lampu lalu lintas perempatan Tubagus Ismail mati dari kemarin!! bahaya',
      title: 'Lampu lalu lintas perempatan Tubagus Ismail mati dari kemarin!',
      districtCode: '32.73.02',
      villageCode: null,
      postedAt: new Date().toISOString(),
    },
  });

const reportOf = async (sourceId: string) =>
  (
    await sql<{
      id: string;
      tracking_id: string;
      status: string;
      supporting_id: string | null;
      channel: string;
      anonim: boolean;
      title: string;
    }>`select id, tracking_id, status, supporting_id, channel, anonim, title from report where source_id = ${sourceId}`.execute(
      c.db,
    )
  ).rows;

const waitFor = async <T>(check: () => Promise<T | undefined>) => {
  for (let i = 0; i < 300; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
};
const supportedEvents = async (trackingId: string) =>
  (
    await sql<{
      event: { data: { supporters: number; supporterTrackingId: string } };
    }>`select event from outbox where type = 'sinergi.complaints.report.supported.v1' and event->>'subject' = ${trackingId}`.execute(
      c.db,
    )
  ).rows.map((r) => r.event.data);

describe('near-duplicates from social media', () => {
  it('count as one supporter of the report, even when the support arrives before the report and twice', async () => {
    // the support is announced before complaints has made the report: it waits and is retried
    await publish(attached('dup-ig-1', 'orig-tg-1'));
    await publish(detected('orig-tg-1'));
    const [report] = await waitFor(async () =>
      (await reportOf('orig-tg-1')).length ? reportOf('orig-tg-1') : undefined,
    );
    const [supporter] = await waitFor(async () =>
      (await reportOf('dup-ig-1')).length ? reportOf('dup-ig-1') : undefined,
    );
    expect(supporter).toMatchObject({
      status: 'supporting',
      supporting_id: report!.id,
      channel: 'social',
      anonim: true,
      title: 'Lampu lalu lintas perempatan Tubagus Ismail mati dari kemarin!',
    });

    // the same event redelivered, and the same post announced again under a new event id: still one supporter
    const again = attached('dup-ig-1', 'orig-tg-1');
    await publish(again);
    await publish(again, `${again.id}-redelivered`);
    // a second, different post is a second supporter
    await publish(attached('dup-ig-2', 'orig-tg-1'));
    await waitFor(async () => ((await reportOf('dup-ig-2')).length ? true : undefined));
    await waitFor(async () => {
      const done = await sql<{
        n: number;
      }>`select count(*)::int as n from inbox where consumer = 'complaints-social-support' and event_id = ${again.id}`.execute(
        c.db,
      );
      return done.rows[0]!.n === 1 ? true : undefined;
    });
    const supporters = await sql<{
      n: number;
    }>`select count(*)::int as n from report where supporting_id = ${report!.id}`.execute(c.db);
    expect(supporters.rows[0]!.n).toBe(2);
    expect(await reportOf('dup-ig-1')).toHaveLength(1);

    const events = await supportedEvents(report!.tracking_id);
    expect(events.map((e) => e.supporters).sort()).toEqual([1, 2]);
    // the public view counts it like any supporter
    const pub = await c.app.inject({ method: 'GET', url: `/v1/reports/${report!.tracking_id}` });
    expect(pub.statusCode, pub.body).toBe(200);
    expect(JSON.stringify(pub.json())).toMatch(/"supporters":2/);

    const timeline = await sql<{
      action: string;
      note: string | null;
    }>`select action, note from report_timeline where report_id = ${supporter!.id} order by id`.execute(c.db);
    expect(timeline.rows).toEqual([
      { action: 'submit', note: null },
      { action: 'link', note: `Mendukung laporan ${report!.tracking_id}` },
    ]);
  });
});
