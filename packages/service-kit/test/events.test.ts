import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { pino } from 'pino';
import { createEvent, streamConfigFor, subjectFor } from '@sinergi/contracts';
import { bearer, createTestEnvironment, mintToken, TcpProxy, type TestEnvironment } from '@sinergi/testkit';
import { createAdminKysely, ServiceDatabase } from '../src/db/database.js';
import { ensureStream } from '../src/events/nats.js';
import { pruneInbox } from '../src/events/consumer.js';
import { Outbox, OutboxRelay } from '../src/events/outbox.js';
import { ServiceMetrics } from '../src/metrics.js';
import { consumerBehaviour, noteCreated, type SampleDB } from './fixtures/sample-service.js';
import { eventually, startSample } from './helpers.js';

let env: TestEnvironment;
let nc: NatsConnection;
let jsm: JetStreamManager;
let admin: ReturnType<typeof createAdminKysely>;

beforeAll(async () => {
  env = await createTestEnvironment();
  nc = await connect({ servers: env.natsUrl });
  jsm = await jetstreamManager(nc);
  admin = createAdminKysely(env.databaseUrl);
});
afterAll(async () => {
  await nc?.close();
  await admin?.destroy();
  await env?.cleanup();
});
beforeEach(async () => {
  consumerBehaviour.failing = false;
  consumerBehaviour.calls = 0;
  await sql`truncate note, note_log, outbox, inbox, dead_letter`.execute(admin);
  await jsm.streams.purge(streamConfigFor('sample', env.eventPrefix).name).catch(() => undefined);
});

const streamMessages = async () =>
  Number((await jsm.streams.info(streamConfigFor('sample', env.eventPrefix).name)).state.messages);
const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*)::int as n from ${sql.table(table)}`.execute(admin)).rows[0]!.n);

describe('transactional outbox', () => {
  it('when NATS is away, then events wait in the outbox and are all published once it returns, each handled once', async () => {
    const proxy = TcpProxy.forUrl(env.natsUrl);
    await proxy.up();
    const svc = await startSample(env, { NATS_URL: proxy.url() });
    try {
      await proxy.down();
      const officer = bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dsdabm' }));
      for (let i = 0; i < 20; i++) {
        const res = await svc.app.inject({
          method: 'POST',
          url: '/v1/notes',
          headers: officer,
          payload: { title: `Laporan nomor ${i}`, unit: 'dsdabm' },
        });
        expect(res.statusCode).toBe(201);
      }
      // the relay keeps trying while NATS is unreachable; nothing leaves the outbox
      await new Promise((r) => setTimeout(r, 1500));
      expect(await count('outbox')).toBe(20);
      expect(await streamMessages()).toBe(0);

      await proxy.up();
      await eventually(async () => ((await count('outbox')) === 0 ? true : undefined), 30_000, 'outbox to drain');
      await eventually(
        async () => ((await count('note_log')) === 20 ? true : undefined),
        30_000,
        'consumer to catch up',
      );
      expect(await streamMessages()).toBe(20);
      const seen = await sql<{ seen: number }>`select distinct seen from note_log`.execute(admin);
      expect(seen.rows).toEqual([{ seen: 1 }]);
    } finally {
      await svc.stop();
      await proxy.down();
    }
  });

  it('when two relays share one outbox table, then each event is published exactly once', async () => {
    const db = new ServiceDatabase<SampleDB>({ url: env.databaseUrl, appRole: 'sinergi_app' });
    const js = jetstream(nc);
    await ensureStream(jsm, streamConfigFor('sample', env.eventPrefix));
    const outbox = new Outbox(env.eventPrefix);
    const total = 300;
    await db.withTenant('32.73', async (trx) => {
      for (let i = 0; i < total; i++)
        await outbox.emit(trx, noteCreated, {
          tenant: '32.73',
          subject: `n-${i}`,
          data: { noteId: `n-${i}`, unit: 'dsdabm', title: `t${i}` },
        });
    });
    const logger = pino({ level: 'silent' });
    const metrics = [new ServiceMetrics('a'), new ServiceMetrics('b')];
    const relays = metrics.map(
      (m) =>
        new OutboxRelay({
          db: db as ServiceDatabase<unknown>,
          js,
          listenUrl: env.databaseUrl,
          logger,
          metrics: m,
          batchSize: 20,
        }),
    );
    const drain = async (relay: OutboxRelay) => {
      let published = 0;
      for (;;) {
        const r = await relay.relayOnce();
        published += r.published;
        if (r.attempted === 0) return published;
      }
    };
    const [a, b] = await Promise.all(relays.map(drain));
    await db.destroy();
    expect(a! + b!).toBe(total);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(await streamMessages()).toBe(total);
    expect(await count('outbox')).toBe(0);
  });
});

describe('stream replicas', () => {
  it('creates a stream with the copies asked for (NATS_STREAM_REPLICAS), one by default', async () => {
    const one = { name: `${env.eventPrefix.toUpperCase()}_R1`, subjects: [`${env.eventPrefix}.r1.>`] };
    await ensureStream(jsm, one);
    expect((await jsm.streams.info(one.name)).config.num_replicas).toBe(1);
    // the shared test server is a single node: it refuses three copies, which shows the count reaches it
    // (tests/drill creates R3 streams on a three-node cluster of its own)
    const three = { name: `${env.eventPrefix.toUpperCase()}_R3`, subjects: [`${env.eventPrefix}.r3.>`], replicas: 3 };
    await expect(ensureStream(jsm, three)).rejects.toThrow(/replicas|cluster/i);
    await jsm.streams.delete(one.name);
  });
});

describe('inbox pruning', () => {
  it('removes inbox rows older than the streams can redeliver, and keeps recent ones', async () => {
    await sql`insert into inbox (consumer, event_id, tenant_id, processed_at) values
        ('c', 'old', '32.73', now() - interval '40 days'), ('c', 'recent', '72.71', now() - interval '2 days')`.execute(
      admin,
    );
    const db = new ServiceDatabase<SampleDB>({ url: env.databaseUrl, appRole: 'sinergi_app' });
    try {
      expect(await pruneInbox(db as ServiceDatabase<unknown>)).toBe(1);
      expect((await sql<{ event_id: string }>`select event_id from inbox`.execute(admin)).rows).toEqual([
        { event_id: 'recent' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});

describe('relay lifecycle', () => {
  it('when stopped, then it leaves no LISTEN connection behind, even right after start', async () => {
    const db = new ServiceDatabase<SampleDB>({ url: env.databaseUrl, appRole: 'sinergi_app' });
    const name = new URL(env.databaseUrl).pathname.slice(1);
    const listeners = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from pg_stat_activity where datname = ${name} and application_name = 'sinergi-outbox-listener'`.execute(
            admin,
          )
        ).rows[0]!.n,
      );
    for (const wait of [0, 300]) {
      const relay = new OutboxRelay({
        db: db as ServiceDatabase<unknown>,
        js: jetstream(nc),
        listenUrl: env.databaseUrl,
        logger: pino({ level: 'silent' }),
        metrics: new ServiceMetrics('r'),
      });
      relay.start();
      await new Promise((r) => setTimeout(r, wait));
      await relay.stop();
      await eventually(async () => ((await listeners()) === 0 ? true : undefined), 5_000, 'listener to close');
    }
    await db.destroy();
  });
});

describe('idempotent consumer', () => {
  const publishRaw = async (event: unknown, msgID: string) =>
    jetstream(nc).publish(subjectFor(noteCreated.type, '32.73', env.eventPrefix), JSON.stringify(event), { msgID });

  it('when the same event is delivered twice, then state changes once', async () => {
    const svc = await startSample(env);
    try {
      const event = createEvent(noteCreated, {
        tenant: '32.73',
        subject: 'n-dup',
        data: { noteId: 'n-dup', unit: 'dsdabm', title: 'dua kali' },
      });
      // different Nats-Msg-Ids get past the stream's de-duplication: the consumer must cope
      await publishRaw(event, `${event.id}-a`);
      await publishRaw(event, `${event.id}-b`);
      await eventually(async () => (consumerBehaviour.calls >= 1 && (await count('inbox')) === 1 ? true : undefined));
      await eventually(async () => {
        const text = await svc.ctx.metrics.registry.getSingleMetricAsString('events_handled_total');
        return /outcome="duplicate"[^}]*} 1$/m.test(text) ? true : undefined;
      });
      const rows = await sql<{ seen: number }>`select seen from note_log where note_id = 'n-dup'`.execute(admin);
      expect(rows.rows).toEqual([{ seen: 1 }]);
      expect(consumerBehaviour.calls).toBe(1);
    } finally {
      await svc.stop();
    }
  });

  it('when a handler keeps failing, then the event is parked after N deliveries and can be replayed', async () => {
    const svc = await startSample(env);
    try {
      consumerBehaviour.failing = true;
      const event = createEvent(noteCreated, {
        tenant: '32.73',
        subject: 'n-bad',
        data: { noteId: 'n-bad', unit: 'dsdabm', title: 'gagal terus' },
      });
      await publishRaw(event, event.id);
      await eventually(async () => ((await count('dead_letter')) === 1 ? true : undefined), 20_000, 'dead letter');
      expect(consumerBehaviour.calls).toBe(3);
      expect(await count('note_log')).toBe(0);

      const adminToken = bearer(await mintToken({ tenant: '32.73', roles: ['admin'] }));
      const list = (await svc.app.inject({ method: 'GET', url: '/v1/admin/dead-letters', headers: adminToken })).json();
      expect(list.items).toHaveLength(1);
      expect(list.items[0]).toMatchObject({
        eventId: event.id,
        deliveries: 3,
        consumer: 'sample-note-log',
        type: noteCreated.type,
      });
      expect(list.items[0].error).toMatch(/the note log is broken/);

      // another region's admin sees none of it
      const palu = await svc.app.inject({
        method: 'GET',
        url: '/v1/admin/dead-letters',
        headers: bearer(await mintToken({ tenant: '72.71', roles: ['admin'] })),
      });
      expect(palu.json().items).toEqual([]);

      const stillBroken = await svc.app.inject({
        method: 'POST',
        url: `/v1/admin/dead-letters/${list.items[0].id}/replay`,
        headers: adminToken,
      });
      expect(stillBroken.json()).toMatchObject({ replayed: false });
      consumerBehaviour.failing = false;
      const replay = await svc.app.inject({
        method: 'POST',
        url: `/v1/admin/dead-letters/${list.items[0].id}/replay`,
        headers: adminToken,
      });
      expect(replay.json()).toEqual({ replayed: true });
      expect(await count('dead_letter')).toBe(0);
      expect(
        (await sql<{ seen: number }>`select seen from note_log where note_id = 'n-bad'`.execute(admin)).rows,
      ).toEqual([{ seen: 1 }]);
    } finally {
      await svc.stop();
    }
  });

  it('when an event does not match its schema, then it is parked at once with the reason', async () => {
    const svc = await startSample(env);
    try {
      const event = createEvent(noteCreated, {
        tenant: '32.73',
        subject: 'n-x',
        data: { noteId: 'n-x', unit: 'dsdabm', title: 'x' },
      });
      await publishRaw({ ...event, data: { noteId: 42 } }, event.id);
      await eventually(async () => ((await count('dead_letter')) === 1 ? true : undefined));
      const row = await sql<{ error: string; deliveries: number }>`select error, deliveries from dead_letter`.execute(
        admin,
      );
      expect(row.rows[0]!.deliveries).toBe(1);
      expect(row.rows[0]!.error).toMatch(/noteId/);
      expect(consumerBehaviour.calls).toBe(0);
      // parked under its region, so that region's admins see it
      const list = await svc.app.inject({
        method: 'GET',
        url: '/v1/admin/dead-letters',
        headers: bearer(await mintToken({ tenant: '32.73', roles: ['admin'] })),
      });
      expect(list.json().items.map((i: { eventId: string }) => i.eventId)).toEqual([event.id]);
    } finally {
      await svc.stop();
    }
  });

  it('when parking itself fails (the database refuses), then the event is retried, not dropped, and parked once it can be', async () => {
    const svc = await startSample(env);
    await sql`revoke insert on dead_letter from sinergi_app`.execute(admin);
    try {
      const event = createEvent(noteCreated, {
        tenant: '32.73',
        subject: 'n-y',
        data: { noteId: 'n-y', unit: 'dsdabm', title: 'y' },
      });
      await publishRaw({ ...event, data: { noteId: 42 } }, event.id);
      const retried = async () =>
        (await svc.ctx.metrics.eventsHandled.get()).values.find((v) => v.labels.outcome === 'retried')?.value ?? 0;
      await eventually(async () => ((await retried()) >= 1 ? true : undefined), 10_000, 'a retry');
      expect(await count('dead_letter')).toBe(0);
      await sql`grant insert on dead_letter to sinergi_app`.execute(admin);
      await eventually(async () => ((await count('dead_letter')) === 1 ? true : undefined), 10_000, 'the event parked');
    } finally {
      await sql`grant insert on dead_letter to sinergi_app`.execute(admin);
      await svc.stop();
    }
  });
});
