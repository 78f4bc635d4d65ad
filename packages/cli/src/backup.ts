/**
 * `sinergi backup` and `sinergi restore`: the NATS half of a region's backup (infra/backup/README.md).
 * The databases are pg_dump's; this saves what lives only in JetStream: every stream of the
 * deployment's prefix (config and messages, headers included, so `Nats-Msg-Id` survives), every
 * durable consumer's position, and the directory bucket's current profiles.
 *
 * Order matters and infra/backup/backup.sh keeps it: consumer positions BEFORE the databases are
 * dumped, stream messages AFTER. Then a restored consumer starts no later than what its database
 * already applied (the inbox skips the overlap), and the streams hold every event whose outbox row
 * the dump no longer has (an event in both is published again; the inbox skips it too).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerConfig,
  jetstream,
  jetstreamManager,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { CliError, connectNats } from './errors.js';

const prefix = () => process.env.EVENT_PREFIX ?? 'sinergi';
const bucket = () => process.env.DIRECTORY_BUCKET ?? 'sinergi-directory';

/** One stored message: a line of `streams/<NAME>.jsonl`. */
interface SavedMessage {
  seq: number;
  subject: string;
  /** When the stream stored it (ISO); restored messages get a new time, so their 30 days start again. */
  time: string;
  headers?: Record<string, string[]>;
  data: string; // base64
}

interface SavedConsumer {
  stream: string;
  config: ConsumerConfig;
  /** Every stream sequence up to this one was acknowledged. */
  ackFloor: number;
}

async function prefixStreams(jsm: JetStreamManager): Promise<string[]> {
  const names: string[] = [];
  for await (const s of jsm.streams.list()) {
    if (s.config.name.startsWith(`${prefix().toUpperCase()}_`)) names.push(s.config.name);
  }
  return names.sort();
}

async function withNats<T>(fn: (nc: NatsConnection) => Promise<T>): Promise<T> {
  const nc = await connectNats();
  try {
    return await fn(nc);
  } finally {
    await nc.close();
  }
}

/** Phase 1, before pg_dump: where every durable consumer of the prefix's streams stands. */
export async function backupConsumers(dir: string, log = console.log): Promise<number> {
  await mkdir(dir, { recursive: true });
  const saved = await withNats(async (nc) => {
    const jsm = await jetstreamManager(nc);
    const out: SavedConsumer[] = [];
    for (const stream of await prefixStreams(jsm)) {
      for await (const c of jsm.consumers.list(stream)) {
        if (!c.config.durable_name) continue;
        out.push({ stream, config: c.config, ackFloor: c.ack_floor.stream_seq });
      }
    }
    return out;
  });
  await writeFile(path.join(dir, 'consumers.json'), `${JSON.stringify(saved, null, 2)}\n`);
  log(`saved ${saved.length} consumer positions`);
  return 0;
}

/** Phase 2, after pg_dump: every stream's messages and the directory bucket. */
export async function backupStreams(dir: string, log = console.log): Promise<number> {
  await mkdir(path.join(dir, 'streams'), { recursive: true });
  await withNats(async (nc) => {
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    for (const name of await prefixStreams(jsm)) {
      const info = await jsm.streams.info(name);
      const lines: string[] = [];
      const last = info.state.last_seq;
      if (info.state.messages > 0) {
        const consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.All });
        const messages = await consumer.consume({ max_messages: 256 });
        for await (const m of messages) {
          const headers = m.headers
            ? Object.fromEntries([...m.headers.keys()].map((k) => [k, m.headers!.values(k)]))
            : undefined;
          const saved: SavedMessage = {
            seq: m.seq,
            subject: m.subject,
            time: m.time.toISOString(),
            ...(headers ? { headers } : {}),
            data: Buffer.from(m.data).toString('base64'),
          };
          lines.push(JSON.stringify(saved));
          if (m.seq >= last || m.info.pending === 0) break;
        }
        await messages.close();
      }
      await writeFile(path.join(dir, 'streams', `${name}.json`), `${JSON.stringify(info.config, null, 2)}\n`);
      await writeFile(path.join(dir, 'streams', `${name}.jsonl`), lines.map((l) => `${l}\n`).join(''));
      log(`saved stream ${name}: ${lines.length} messages`);
    }
    const kv = await new Kvm(nc).open(bucket());
    const entries: Array<{ key: string; value: unknown }> = [];
    for await (const key of await kv.keys()) {
      const e = await kv.get(key);
      if (e && e.operation === 'PUT') entries.push({ key, value: e.json() });
    }
    const status = await kv.status();
    await writeFile(
      path.join(dir, 'directory.json'),
      `${JSON.stringify({ bucket: bucket(), history: status.history, entries }, null, 2)}\n`,
    );
    log(`saved directory ${bucket()}: ${entries.length} regions`);
  });
  return 0;
}

/** A message's new sequence by its old one, for moving consumer positions. */
type SequenceMap = Array<[old: number, restored: number]>;

async function restoreStream(jsm: JetStreamManager, nc: NatsConnection, dir: string, name: string) {
  const config = JSON.parse(await readFile(path.join(dir, 'streams', `${name}.json`), 'utf8')) as StreamConfig;
  const existing = await jsm.streams.info(name).catch(() => undefined);
  if (existing && existing.state.messages > 0)
    throw new CliError(
      `stream ${name} already holds ${existing.state.messages} messages; restore only into a deleted stream (nats stream rm ${name}).`,
    );
  if (!existing) {
    const { name: _n, sealed: _s, ...rest } = config as StreamConfig & { sealed?: boolean };
    await jsm.streams.add({ ...rest, name });
  }
  const js = jetstream(nc);
  const map: SequenceMap = [];
  const text = await readFile(path.join(dir, 'streams', `${name}.jsonl`), 'utf8');
  for (const line of text.split('\n').filter(Boolean)) {
    const m = JSON.parse(line) as SavedMessage;
    const h = natsHeaders();
    for (const [k, values] of Object.entries(m.headers ?? {})) for (const v of values) h.append(k, v);
    // no msgID option: Nats-Msg-Id travels in the saved headers and the stream's duplicate window still applies
    const ack = await js.publish(m.subject, Buffer.from(m.data, 'base64'), { headers: h });
    map.push([m.seq, ack.seq]);
  }
  const info = await jsm.streams.info(name);
  return { map, next: info.state.last_seq + 1, count: map.length };
}

/** The first restored sequence whose old one lies past the ack floor: where the consumer resumes. */
export function resumeAt(map: SequenceMap, ackFloor: number, next: number): number {
  return map.find(([old]) => old > ackFloor)?.[1] ?? next;
}

export async function restore(dir: string, log = console.log): Promise<number> {
  const streamFiles = (await readdir(path.join(dir, 'streams')).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.json'),
  );
  const consumers = JSON.parse(
    await readFile(path.join(dir, 'consumers.json'), 'utf8').catch(() => '[]'),
  ) as SavedConsumer[];
  const directory = JSON.parse(await readFile(path.join(dir, 'directory.json'), 'utf8')) as {
    history: number;
    entries: Array<{ key: string; value: unknown }>;
  };
  await withNats(async (nc) => {
    const jsm = await jetstreamManager(nc);
    const kv = await new Kvm(nc).create(bucket(), { history: directory.history || 5 });
    for (const e of directory.entries) await kv.put(e.key, JSON.stringify(e.value));
    log(`restored directory ${bucket()}: ${directory.entries.length} regions`);
    for (const file of streamFiles.sort()) {
      const name = file.slice(0, -'.json'.length);
      const { map, next, count } = await restoreStream(jsm, nc, dir, name);
      log(`restored stream ${name}: ${count} messages`);
      for (const c of consumers.filter((x) => x.stream === name)) {
        const { config } = c;
        await jsm.consumers.add(name, {
          durable_name: config.durable_name,
          ack_policy: config.ack_policy ?? AckPolicy.Explicit,
          ack_wait: config.ack_wait,
          max_deliver: config.max_deliver,
          max_ack_pending: config.max_ack_pending,
          ...(config.filter_subject ? { filter_subject: config.filter_subject } : {}),
          ...(config.filter_subjects ? { filter_subjects: config.filter_subjects } : {}),
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: resumeAt(map, c.ackFloor, next),
        });
        log(`restored consumer ${config.durable_name} on ${name}`);
      }
    }
  });
  return 0;
}
