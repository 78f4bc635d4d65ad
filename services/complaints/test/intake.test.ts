import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { createEvent, postComplaintDetected, subjectFor } from '@sinergi/contracts';
import { startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let nc: NatsConnection;
beforeAll(async () => {
  c = await startComplaints();
  nc = await connect({ servers: c.environment.natsUrl });
});
afterAll(async () => {
  await nc?.close();
  await c?.stop();
});

const post = (externalId: string, overrides: Record<string, unknown> = {}) =>
  createEvent(postComplaintDetected, {
    tenant: '32.73',
    subject: `ig-${externalId}`,
    data: {
      postId: `post-${externalId}`,
      channel: 'instagram',
      externalId,
      url: `https://www.instagram.com/p/${externalId}/`,
      accountUnit: 'dsdabm',
      category: 'jalan-rusak',
      confidence: 0.91,
      text: 'Pak, jalan di depan SD Coblong rusak parah. Tolong segera diperbaiki sebelum ada korban.',
      location: null,
      districtCode: '32.73.02',
      villageCode: null,
      address: 'Jl. Dipatiukur',
      postedAt: '2026-11-20T03:00:00.000Z',
      ...overrides,
    },
  });

const publish = (event: ReturnType<typeof post>, msgID: string) =>
  jetstream(nc).publish(subjectFor(event.type, event.tenant, c.environment.eventPrefix), JSON.stringify(event), {
    msgID,
  });

const reportsFrom = async (externalId: string) =>
  (
    await sql<{
      tracking_id: string;
      channel: string;
      source_system: string;
      source_url: string;
      anonim: boolean;
      category: string;
      status: string;
    }>`
      select tracking_id, channel, source_system, source_url, anonim, category, status from report where source_id = ${externalId}`.execute(
      c.db,
    )
  ).rows;

const waitFor = async <T>(check: () => Promise<T | undefined>) => {
  for (let i = 0; i < 200; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
};

describe('reports from social-intake', () => {
  it('when a complaint is detected, then a social report with its source reference waits for verification', async () => {
    const event = post('C1a2B3');
    await publish(event, event.id);
    const [report] = await waitFor(async () =>
      (await reportsFrom('C1a2B3')).length > 0 ? reportsFrom('C1a2B3') : undefined,
    );
    expect(report).toMatchObject({
      channel: 'social',
      source_system: 'social-intake:instagram',
      source_url: 'https://www.instagram.com/p/C1a2B3/',
      anonim: true,
      category: 'jalan-rusak',
      status: 'submitted',
    });
    const queue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue', headers: await c.as.admin() });
    expect(queue.json().items.map((i: { trackingId: string }) => i.trackingId)).toContain(report!.tracking_id);
  });

  it('when the same event is redelivered, or the same post arrives as another event, then it is still one report', async () => {
    const first = post('D4e5F6');
    await publish(first, `${first.id}-1`);
    await publish(first, `${first.id}-2`); // a redelivery past the stream's de-duplication
    const again = post('D4e5F6'); // same post, new event id (e.g. re-triaged)
    await publish(again, again.id);
    await waitFor(async () => {
      const n = await sql<{
        n: number;
      }>`select count(*)::int as n from inbox where consumer = 'complaints-social-intake'`.execute(c.db);
      return n.rows[0]!.n >= 3 ? true : undefined; // C1a2B3 + the two distinct events here
    });
    expect(await reportsFrom('D4e5F6')).toHaveLength(1);
  });

  it('when social-intake sends a title, then the report keeps it rather than cutting its own at "Jl."', async () => {
    const text = 'Got mampet di Jl. Cihampelas depan toko, air meluap ke jalan tiap hujan sejak minggu lalu';
    const titled = post('T1t2L3', { text, title: 'Got mampet di Jl. Cihampelas depan toko' });
    const untitled = post('T4t5L6', { text });
    await publish(titled, titled.id);
    await publish(untitled, untitled.id);
    const titleOf = async (externalId: string) =>
      (await sql<{ title: string }>`select title from report where source_id = ${externalId}`.execute(c.db)).rows[0]
        ?.title;
    expect(await waitFor(() => titleOf('T1t2L3'))).toBe('Got mampet di Jl. Cihampelas depan toko');
    // an event from before titles were sent: the old cut, which stops at the abbreviation's full stop
    expect(await waitFor(() => titleOf('T4t5L6'))).toBe('Got mampet di Jl.');
  });

  it('when the category is unknown to the region, then the report lands in "lainnya" for the verifier to sort', async () => {
    const event = post('G7h8I9', { category: 'tidak-ada' });
    await publish(event, event.id);
    const [report] = await waitFor(async () =>
      (await reportsFrom('G7h8I9')).length > 0 ? reportsFrom('G7h8I9') : undefined,
    );
    expect(report!.category).toBe('lainnya');
  });
});
