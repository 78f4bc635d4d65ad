import { connect, type NatsConnection } from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';

export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    // a service outlives NATS restarts: it keeps trying, and the outbox keeps what it could not send
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error')
        logger.warn({ nats: s.type }, 'nats connection status');
    }
  })();
  return nc;
}

const NANOS_PER_MS = 1_000_000;
export const nanos = (ms: number) => ms * NANOS_PER_MS;

export interface StreamSpec {
  name: string;
  subjects: string[];
}

/**
 * Creates the stream when it is missing; adds subjects when they changed. Safe to call from
 * several replicas at once: an identical `add` is accepted by the server.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  try {
    const info = await jsm.streams.info(spec.name);
    const missing = spec.subjects.filter((s) => !info.config.subjects?.includes(s));
    if (missing.length > 0)
      await jsm.streams.update(spec.name, { subjects: [...(info.config.subjects ?? []), ...missing] });
    return;
  } catch (err) {
    if (!(err instanceof JetStreamApiError) || err.code !== JetStreamApiCodes.StreamNotFound) throw err;
  }
  await jsm.streams.add({
    name: spec.name,
    subjects: spec.subjects,
    storage: 'file',
    retention: 'limits',
    max_age: nanos(30 * 24 * 3600 * 1000),
    duplicate_window: nanos(2 * 60 * 1000),
  });
}
