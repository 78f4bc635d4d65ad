import type { Transaction } from 'kysely';
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Logger } from 'pino';
import {
  eventTypeFilter,
  parseEvent,
  streamConfigFor,
  type Catalog,
  type CatalogTypes,
  type EventOf,
} from '@sinergi/contracts';
import type { ServiceDatabase } from '../db/database.js';
import type { KitTables } from '../db/kit-tables.js';
import type { ServiceMetrics } from '../metrics.js';
import { ensureStream, nanos } from './nats.js';

export type EventHandler<C extends Catalog, T extends CatalogTypes<C>, DB> = (
  event: EventOf<C, T>,
  trx: Transaction<DB & KitTables>,
) => Promise<void>;

export interface ConsumerDefinition<C extends Catalog, DB> {
  /** Durable consumer name; also the inbox key. One per consumer purpose, e.g. `complaints-social-intake`. */
  name: string;
  catalog: C;
  /** One handler per event type; all types must come from one producing service's stream. */
  handlers: { [T in CatalogTypes<C>]?: EventHandler<C, T, DB> };
  /** Deliveries before an event is parked in the dead-letter table. */
  maxDeliveries?: number;
  /** Delay before the n-th redelivery (n starts at 1). */
  retryDelayMs?: (delivery: number) => number;
}

export const defineConsumer = <C extends Catalog, DB>(def: ConsumerDefinition<C, DB>) => def;

/** How long one pull request waits on the server; also the client's retry interval after a reconnect. */
export const PULL_EXPIRES_MS = 5_000;

const defaultRetryDelay = (delivery: number) => Math.min(250 * 2 ** (delivery - 1), 60_000);

export type Outcome = 'handled' | 'duplicate' | 'retried' | 'dead_lettered' | 'ignored';

interface RuntimeOptions {
  db: ServiceDatabase<unknown>;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  /** Copies of the producer's stream if this consumer has to create it (NATS_STREAM_REPLICAS). */
  streamReplicas?: number;
  logger: Logger;
  metrics: ServiceMetrics;
}

/**
 * Runs one durable pull consumer. Each event is handled in one transaction that also records
 * (consumer, event id) in the inbox, so a redelivered event changes state once. Failures are
 * retried with growing delays; after `maxDeliveries` the event is parked in `dead_letter` and
 * acknowledged, where an operator can list and replay it.
 */
export class EventConsumer<C extends Catalog, DB> {
  readonly def: ConsumerDefinition<C, DB>;
  readonly #o: RuntimeOptions;
  readonly #maxDeliveries: number;
  #messages: ConsumerMessages | undefined;
  #loop: Promise<void> | undefined;

  constructor(def: ConsumerDefinition<C, DB>, options: RuntimeOptions) {
    this.def = def;
    this.#o = options;
    this.#maxDeliveries = def.maxDeliveries ?? 5;
  }

  /** The stream and subject filter this consumer reads. */
  source(): { stream: string; subjects: string[]; filter: string } {
    const types = Object.keys(this.def.handlers);
    const services = [...new Set(types.map((t) => this.def.catalog.get(t)?.service))];
    if (types.length === 0 || services.length !== 1 || !services[0]) {
      throw new Error(
        `consumer ${this.def.name} must handle events of exactly one service, got ${JSON.stringify(services)}`,
      );
    }
    const stream = streamConfigFor(services[0], this.#o.prefix);
    // one filter per durable keeps us compatible with NATS 2.9; events of other types are acknowledged and ignored
    const filter = types.length === 1 ? eventTypeFilter(types[0]!, { prefix: this.#o.prefix }) : stream.subjects[0]!;
    return { stream: stream.name, subjects: stream.subjects, filter };
  }

  async start(): Promise<void> {
    const { jsm, js } = this.#o;
    const { stream, subjects, filter } = this.source();
    await ensureStream(jsm, { name: stream, subjects, replicas: this.#o.streamReplicas ?? 1 });
    const config = {
      durable_name: this.def.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      ack_wait: nanos(30_000),
      // parking is ours to decide; the server keeps redelivering until we acknowledge
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      await jsm.consumers.info(stream, this.def.name);
      await jsm.consumers.update(stream, this.def.name, {
        filter_subject: filter,
        ack_wait: config.ack_wait,
        max_ack_pending: config.max_ack_pending,
      });
    } catch {
      await jsm.consumers.add(stream, config);
    }
    const consumer = await js.consumers.get(stream, this.def.name);
    // few at a time: handled one by one, a large buffer would outlive ack_wait and inflate redeliveries.
    // Short pulls: after a reconnect the client re-checks the consumer and, when JetStream is not back yet
    // (a whole cluster restarting, electing leaders), waits `expires` before trying again; with the default
    // 30 s, events sat unconsumed for up to 30 s after the cluster answered again (tests/drill).
    this.#messages = await consumer.consume({ max_messages: 8, expires: PULL_EXPIRES_MS });
    const messages = this.#messages;
    this.#loop = (async () => {
      for await (const msg of messages) {
        await this.handle(msg).catch((err) =>
          this.#o.logger.error({ err, consumer: this.def.name }, 'event handling crashed'),
        );
      }
    })();
  }

  /** Events the stream holds for this consumer and it has not acknowledged yet (its lag). */
  async pending(): Promise<{ consumer: string; pending: number }> {
    const info = await this.#o.jsm.consumers.info(this.source().stream, this.def.name);
    return { consumer: this.def.name, pending: info.num_pending + info.num_ack_pending };
  }

  async stop(): Promise<void> {
    await this.#messages?.close();
    await this.#loop;
    this.#messages = undefined;
    this.#loop = undefined;
  }

  /** Processes one delivery: exposed so tests can drive it and for replays. */
  async handle(msg: JsMsg): Promise<Outcome> {
    const { logger, metrics } = this.#o;
    const delivery = msg.info.deliveryCount;
    if (delivery > 1) metrics.redeliveries.inc({ consumer: this.def.name });
    // parking needs the database too: when it is away, the event is retried like any failure
    const outcome = await this.#process(msg, delivery).catch((err: unknown): Outcome => {
      logger.warn({ err, consumer: this.def.name, delivery }, 'event could not be processed; will retry');
      return 'retried';
    });
    metrics.eventsHandled.inc({ consumer: this.def.name, outcome });
    if (outcome === 'retried') {
      msg.nak((this.def.retryDelayMs ?? defaultRetryDelay)(delivery));
    } else {
      await msg
        .ackAck()
        .catch((err) => logger.warn({ err }, 'ack was not confirmed; the event may come again and will be skipped'));
    }
    return outcome;
  }

  async #process(msg: JsMsg, delivery: number): Promise<Outcome> {
    const payload = msg.string();
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      await this.#park({
        eventId: `seq-${msg.seq}`,
        tenant: null,
        subject: msg.subject,
        type: null,
        payload,
        error: 'not JSON',
        delivery,
      });
      return 'dead_lettered';
    }
    const raw = json as { id?: unknown; type?: unknown; tenant?: unknown } | null;
    // a stream carries its producer's other events, some newer than our catalog: not ours to judge
    if (typeof raw?.type === 'string' && !Object.hasOwn(this.def.handlers, raw.type)) return 'ignored';
    const parsed = parseEvent(this.def.catalog, json);
    if (!parsed.success) {
      const id = typeof raw?.id === 'string' ? raw.id : `seq-${msg.seq}`;
      // with its tenant the region's admins can see and replay it; without, only the system scope
      const tenant = typeof raw?.tenant === 'string' && /^\d{2}\.\d{2}$/.test(raw.tenant) ? raw.tenant : null;
      await this.#park({
        eventId: id,
        tenant,
        subject: msg.subject,
        type: typeof raw?.type === 'string' ? raw.type : null,
        payload,
        error: parsed.message,
        delivery,
      });
      return 'dead_lettered';
    }
    const event = parsed.event;
    const handler = this.def.handlers[event.type as CatalogTypes<C>];
    if (!handler) return 'ignored';
    try {
      return (await this.runHandler(event, handler as EventHandler<C, CatalogTypes<C>, DB>)) ? 'handled' : 'duplicate';
    } catch (err) {
      if (delivery < this.#maxDeliveries) {
        this.#o.logger.warn(
          { err, consumer: this.def.name, eventId: event.id, delivery },
          'event handler failed; will retry',
        );
        return 'retried';
      }
      this.#o.logger.error(
        { err, consumer: this.def.name, eventId: event.id, delivery },
        'event handler kept failing; parked',
      );
      await this.#park({
        eventId: event.id,
        tenant: event.tenant,
        subject: msg.subject,
        type: event.type,
        payload,
        error: errorText(err),
        delivery,
      });
      return 'dead_lettered';
    }
  }

  /**
   * Handler and inbox record in one tenant transaction; `also` runs in the same transaction.
   * Returns false for an event seen before (the handler is skipped, `also` still runs).
   */
  async runHandler(
    event: EventOf<C, CatalogTypes<C>>,
    handler: EventHandler<C, CatalogTypes<C>, DB>,
    also?: (trx: Transaction<KitTables>) => Promise<unknown>,
  ): Promise<boolean> {
    return this.#o.db.withTenant(event.tenant, async (trx) => {
      const t = trx as unknown as Transaction<DB & KitTables>;
      const kit = trx as unknown as Transaction<KitTables>;
      const inserted = await kit
        .insertInto('inbox')
        .values({ consumer: this.def.name, event_id: event.id, tenant_id: event.tenant })
        .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
        .returning('event_id')
        .executeTakeFirst();
      if (inserted) await handler(event, t);
      await also?.(kit);
      return !!inserted;
    });
  }

  async #park(p: {
    eventId: string;
    tenant: string | null;
    subject: string;
    type: string | null;
    payload: string;
    error: string;
    delivery: number;
  }) {
    await this.#o.db.withSystem(async (trx) => {
      await trx
        .insertInto('dead_letter')
        .values({
          consumer: this.def.name,
          event_id: p.eventId,
          tenant_id: p.tenant,
          subject: p.subject,
          type: p.type,
          payload: p.payload,
          error: p.error.slice(0, 2000),
          deliveries: p.delivery,
        })
        .onConflict((oc) =>
          oc.columns(['consumer', 'event_id']).doUpdateSet({ error: p.error.slice(0, 2000), deliveries: p.delivery }),
        )
        .execute();
    });
  }

  /**
   * Runs a parked event through its handler again, in the same idempotent transaction as a
   * normal delivery; the dead letter is removed when it succeeds.
   */
  async replay(deadLetterId: string, tenant: string): Promise<{ replayed: boolean; error?: string }> {
    const row = await this.#o.db.withTenant(tenant, (trx) =>
      (trx as unknown as Transaction<KitTables>)
        .selectFrom('dead_letter')
        .selectAll()
        .where('id', '=', deadLetterId)
        .where('consumer', '=', this.def.name)
        .executeTakeFirst(),
    );
    if (!row) throw new Error('dead letter not found');
    const parsed = parseEvent(this.def.catalog, JSON.parse(row.payload));
    const handler = parsed.success ? this.def.handlers[parsed.event.type as CatalogTypes<C>] : undefined;
    if (!parsed.success || !handler)
      return this.#replayFailed(row.id, tenant, parsed.success ? 'no handler for this event type' : parsed.message);
    try {
      await this.runHandler(parsed.event, handler as EventHandler<C, CatalogTypes<C>, DB>, (kit) =>
        kit.deleteFrom('dead_letter').where('id', '=', row.id).execute(),
      );
      return { replayed: true };
    } catch (err) {
      return this.#replayFailed(row.id, tenant, errorText(err));
    }
  }

  async #replayFailed(id: string, tenant: string, error: string) {
    await this.#o.db.withTenant(tenant, (trx) =>
      (trx as unknown as Transaction<KitTables>)
        .updateTable('dead_letter')
        .set((eb) => ({
          replay_attempts: eb('replay_attempts', '+', 1),
          last_replay_at: new Date(),
          error: error.slice(0, 2000),
        }))
        .where('id', '=', id)
        .execute(),
    );
    return { replayed: false, error };
  }
}

/**
 * Inbox rows only need to outlive redelivery: streams keep events 30 days, so older ids cannot come
 * back. Returns how many rows were removed.
 */
export async function pruneInbox(db: ServiceDatabase<unknown>, olderThanDays = 31): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanDays * 86_400_000);
  const r = await db.withSystem((trx) =>
    (trx as unknown as Transaction<KitTables>)
      .deleteFrom('inbox')
      .where('processed_at', '<', cutoff)
      .executeTakeFirst(),
  );
  return Number(r.numDeletedRows);
}

const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
