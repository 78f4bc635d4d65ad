import { readFileSync } from 'node:fs';
import {
  connect,
  credsAuthenticator,
  nkeyAuthenticator,
  type ConnectionOptions,
  type NatsConnection,
} from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';

/** How to log in to NATS (infra/nats/README.md); all unset (or empty) means no authentication. */
export interface NatsAuth {
  NATS_USER?: string | undefined;
  NATS_PASSWORD?: string | undefined;
  /** Path of a .creds file (user JWT and nkey seed). */
  NATS_CREDS?: string | undefined;
  /** A user nkey seed, `SU…`. */
  NATS_NKEY_SEED?: string | undefined;
}

/**
 * Connection options for the given credentials. With any credentials, replies come on the inbox prefix
 * `_INBOX.<user>` (`_INBOX.<name>` with a .creds file or an nkey): infra/nats/nats-server.conf lets each
 * user subscribe only to its own, so no service reads another's replies. Without credentials nothing
 * changes (local development, tests).
 */
export function natsAuthOptions(auth: NatsAuth, name: string): Partial<ConnectionOptions> {
  const set = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const [user, pass, creds, seed] = [auth.NATS_USER, auth.NATS_PASSWORD, auth.NATS_CREDS, auth.NATS_NKEY_SEED].map(set);
  const inbox = { inboxPrefix: `_INBOX.${name}` };
  if (user !== undefined) return { user, pass: pass ?? '', inboxPrefix: `_INBOX.${user}` };
  if (creds !== undefined) {
    let text: Uint8Array;
    try {
      text = readFileSync(creds);
    } catch (err) {
      throw new Error(`NATS_CREDS: cannot read ${creds} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return { authenticator: credsAuthenticator(text), ...inbox };
  }
  if (seed !== undefined) return { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)), ...inbox };
  return {};
}

export async function connectNats(
  url: string,
  name: string,
  logger: Logger,
  auth: NatsAuth = {},
): Promise<NatsConnection> {
  const nc = await connect({
    servers: url.split(',').map((s) => s.trim()),
    name,
    ...natsAuthOptions(auth, name),
    // a service outlives NATS restarts: it keeps trying, and the outbox keeps what it could not send
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect') logger.warn({ nats: s.type }, 'nats connection status');
      // e.g. a permission the server refused: the message names the subject, so a missing grant is found quickly
      if (s.type === 'error') logger.warn({ nats: s.type, err: s.error }, 'nats connection status');
    }
  })();
  return nc;
}

const NANOS_PER_MS = 1_000_000;
export const nanos = (ms: number) => ms * NANOS_PER_MS;

export interface StreamSpec {
  name: string;
  subjects: string[];
  /** Copies on a cluster (NATS_STREAM_REPLICAS); 1 when unset. Applies when the stream is created. */
  replicas?: number;
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
    num_replicas: spec.replicas ?? 1,
  });
}
