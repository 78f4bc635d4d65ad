import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sql } from 'kysely';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { streamConfigFor } from '@sinergi/contracts';
import { TcpProxy } from '@sinergi/testkit';
import { instagramComment, metaSignature, startIntake, type Intake } from './fixtures.js';
import { waitFor } from './recorder.js';

const BURST = 200;
const STREETS = [
  'Dipatiukur',
  'Cihampelas',
  'Riau',
  'Merdeka',
  'Asia Afrika',
  'Braga',
  'Sukajadi',
  'Setiabudi',
  'Pasteur',
  'Buah Batu',
];
const PROBLEMS = [
  'jalan berlubang besar dan membahayakan motor',
  'saluran air mampet sehingga banjir setiap hujan',
  'sampah menumpuk berhari-hari tidak diangkut',
  'lampu penerangan jalan mati total sejak minggu lalu',
];

let proxy: TcpProxy;
let c: Intake;

beforeAll(async () => {
  proxy = TcpProxy.forUrl(inject('sinergi').natsUrl);
  await proxy.up();
  c = await startIntake({ NATS_URL: proxy.url(), OUTBOX_POLL_MS: '100' });
});
afterAll(async () => {
  await proxy?.up().catch(() => undefined);
  await c?.stop();
  await proxy?.down();
});

describe('NATS outage during a burst', () => {
  it('stores every post while NATS is away and publishes each complaint (or support) exactly once when it returns', async () => {
    await proxy.down();
    const bodies = Array.from({ length: BURST }, (_, i) =>
      JSON.stringify(
        instagramComment(
          `1796${String(i).padStart(11, '0')}`,
          `Tolong pak, di Jl. ${STREETS[i % STREETS.length]} No. ${i + 1} ${PROBLEMS[i % PROBLEMS.length]}, laporan nomor ${i}`,
        ),
      ),
    );
    let stored = 0;
    for (let i = 0; i < bodies.length; i += 20) {
      const answers = await Promise.all(
        bodies.slice(i, i + 20).map((body) =>
          c.app.inject({
            method: 'POST',
            url: '/webhooks/meta',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body) },
            payload: body,
          }),
        ),
      );
      for (const a of answers) {
        expect(a.statusCode, a.body).toBe(200);
        stored += (a.json() as { stored: number }).stored;
      }
    }
    expect(stored).toBe(BURST);
    // a complaint is handed over; a near-duplicate of one is announced as its support (issue 16): one event each
    const handedOver = await sql<{
      id: string;
    }>`select id from post where status in ('complaint', 'attached')`.execute(c.db);
    expect(handedOver.rows.length).toBeGreaterThan(0);
    const backlog = async () =>
      Number((await sql<{ n: string }>`select count(*)::text as n from outbox`.execute(c.db)).rows[0]!.n);
    expect(await backlog()).toBe(handedOver.rows.length); // nothing could leave yet

    await proxy.up();
    await waitFor('the outbox to drain', async () => ((await backlog()) === 0 ? true : undefined), 60_000);

    const nc = await connect({ servers: inject('sinergi').natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      const stream = streamConfigFor('social-intake', c.environment.eventPrefix).name;
      const info = await jsm.streams.info(stream);
      expect(info.state.messages).toBe(handedOver.rows.length);
      // and each post's event is there once
      const consumer = await jetstream(nc).consumers.get(stream);
      const seen: string[] = [];
      const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
      for await (const m of messages) {
        seen.push((m.json() as { data: { postId: string } }).data.postId);
        if (seen.length === info.state.messages) break;
      }
      expect(seen.sort()).toEqual(handedOver.rows.map((r) => r.id).sort());
    } finally {
      await nc.close();
    }
  }, 120_000);
});
