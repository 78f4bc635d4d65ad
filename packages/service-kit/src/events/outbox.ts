import pg from 'pg';
import type { Transaction } from 'kysely';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { createEvent, subjectFor, type EventDefinition, type WireEventOfDefinition } from '@sinergi/contracts';
import type { z } from 'zod';
import type { ServiceDatabase } from '../db/database.js';
import type { KitTables } from '../db/kit-tables.js';
import type { ServiceMetrics } from '../metrics.js';

export interface EmitOptions<D extends EventDefinition> {
  tenant: string;
  /** The aggregate the event is about, e.g. a report's tracking id. */
  subject: string;
  data: z.output<D['data']>;
}

/**
 * Writes events into the outbox table inside the caller's transaction: the event exists exactly
 * when the state change that caused it commits. The relay publishes it afterwards.
 */
export class Outbox {
  constructor(private readonly prefix: string) {}

  async emit<DB, D extends EventDefinition>(
    trx: Transaction<DB>,
    def: D,
    opts: EmitOptions<D>,
  ): Promise<WireEventOfDefinition<D>> {
    const [event] = await this.emitMany(trx, def, [opts]);
    return event!;
  }

  /** Several events of one definition in one statement: for batch work such as webhook deliveries. */
  async emitMany<DB, D extends EventDefinition>(
    trx: Transaction<DB>,
    def: D,
    items: readonly EmitOptions<D>[],
  ): Promise<WireEventOfDefinition<D>[]> {
    if (items.length === 0) return [];
    const events = items.map((o) => createEvent(def, { tenant: o.tenant, subject: o.subject, data: o.data }));
    await (trx as unknown as Transaction<KitTables>)
      .insertInto('outbox')
      .values(
        events.map((e) => ({
          id: e.id,
          tenant_id: e.tenant,
          subject: subjectFor(def.type, e.tenant, this.prefix),
          type: def.type,
          event: JSON.stringify(e),
        })),
      )
      .execute();
    return events;
  }
}

export interface RelayOptions {
  db: ServiceDatabase<unknown>;
  js: JetStreamClient;
  /** Connection string for the LISTEN connection (the owner URL is fine: LISTEN touches no table). */
  listenUrl: string;
  logger: Logger;
  metrics: ServiceMetrics;
  batchSize?: number;
  pollMs?: number;
  /** After a wake-up, wait this long so events committed meanwhile go in the same batch. */
  coalesceMs?: number;
  publishTimeoutMs?: number;
}

/** Waits `ms` or until any signal aborts, leaving no listener behind on long-lived signals. */
const sleep = (ms: number, ...signals: AbortSignal[]) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) {
      if (s.aborted) return done();
      s.addEventListener('abort', done, { once: true });
    }
  });

/**
 * Publishes outbox rows to JetStream with Nats-Msg-Id = event id, so a row published twice (a
 * crash between publish and delete) is dropped by the stream's duplicate window, and consumers'
 * inboxes catch anything older. Several relays share the table through SKIP LOCKED. Woken by
 * LISTEN/NOTIFY; polls as a fallback when notifications are lost.
 */
export class OutboxRelay {
  readonly #o: Required<Omit<RelayOptions, 'db' | 'js' | 'listenUrl' | 'logger' | 'metrics'>> & RelayOptions;
  #stop = new AbortController();
  #wake: AbortController = new AbortController();
  #retry: AbortController = new AbortController();
  #loop: Promise<void> | undefined;
  #listening: Promise<void> | undefined;
  #listener: pg.Client | undefined;

  constructor(options: RelayOptions) {
    this.#o = { batchSize: 200, pollMs: 1000, coalesceMs: 20, publishTimeoutMs: 5000, ...options };
  }

  start(): void {
    if (this.#loop) return;
    this.#stop = new AbortController();
    this.#listening = this.#listen(this.#stop.signal);
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    this.#wake.abort();
    await this.#loop;
    this.#loop = undefined;
    await this.#listener?.end().catch(() => undefined);
    await this.#listening;
    this.#listening = undefined;
  }

  /** Ends a back-off now: the service calls this when NATS reconnects, so events do not wait up to 30 s more. */
  retryNow(): void {
    this.#retry.abort();
  }

  /** Wakes the relay now; the NOTIFY trigger calls this through the listener. */
  nudge(): void {
    this.#wake.abort();
  }

  async #listen(stop: AbortSignal): Promise<void> {
    // a database that keeps refusing is not hammered: 1 s, 2 s, 4 s … up to 30 s; polling covers the gap
    let failures = 0;
    while (!stop.aborted) {
      const client = new pg.Client({
        connectionString: this.#o.listenUrl,
        application_name: 'sinergi-outbox-listener',
      });
      const lost = new Promise<Error | undefined>((resolve) => {
        client.on('error', (err) => resolve(err));
        client.on('end', () => resolve(undefined));
      });
      try {
        await client.connect();
        client.on('notification', () => this.nudge());
        await client.query('listen sinergi_outbox');
        this.#listener = client;
        failures = 0;
        // stop() ends the current listener; one it missed while we connected ends below
        if (!stop.aborted) {
          const err = await lost;
          if (!stop.aborted)
            this.#o.logger.warn({ err }, 'outbox listener lost its connection; polling until it reconnects');
        }
      } catch (err) {
        failures += 1;
        this.#o.logger.warn({ err }, 'outbox listener failed; polling until it reconnects');
      }
      this.#listener = undefined;
      await client.end().catch(() => undefined);
      await sleep(Math.min(1000 * 2 ** Math.max(failures - 1, 0), 30_000), stop);
    }
  }

  async #run(): Promise<void> {
    let backoff = 0;
    while (!this.#stop.signal.aborted) {
      this.#wake = new AbortController();
      let full = false;
      try {
        const r = await this.relayOnce();
        full = r.attempted === this.#o.batchSize && r.failed === 0;
        // back off when nothing got through (NATS away); a few poison rows must not slow the rest
        backoff = r.failed > 0 && r.published === 0 ? Math.min(Math.max(backoff * 2, 250), 30_000) : 0;
      } catch (err) {
        backoff = Math.min(Math.max(backoff * 2, 250), 30_000);
        this.#o.logger.warn({ err, retryInMs: backoff }, 'outbox relay failed');
      }
      if (backoff > 0) {
        await sleep(backoff, this.#stop.signal, this.#retry.signal);
        if (this.#retry.signal.aborted) this.#retry = new AbortController();
      } else if (!full) {
        await sleep(this.#o.pollMs, this.#wake.signal, this.#stop.signal);
        // under load every commit notifies: a short pause lets one batch carry many events
        if (this.#wake.signal.aborted) await sleep(this.#o.coalesceMs, this.#stop.signal);
      }
    }
  }

  /** One batch: lock, publish, delete what the stream acknowledged. Exposed for tests and tools. */
  async relayOnce(): Promise<{ attempted: number; published: number; failed: number }> {
    const { js, batchSize, publishTimeoutMs, metrics } = this.#o;
    return this.#o.db.withSystem(async (trx) => {
      const rows = await trx
        .selectFrom('outbox')
        .select(['id', 'subject', 'type', 'event'])
        // rows that keep failing sink behind fresh ones instead of blocking the head of the table
        .orderBy('attempts')
        .orderBy('created_at')
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return { attempted: 0, published: 0, failed: 0 };
      const results = await Promise.allSettled(
        rows.map((r) => js.publish(r.subject, JSON.stringify(r.event), { msgID: r.id, timeout: publishTimeoutMs })),
      );
      const published = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i]!.status === 'rejected').map((r) => r.id);
      if (published.length > 0) await trx.deleteFrom('outbox').where('id', 'in', published).execute();
      if (failed.length > 0) {
        const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
        await trx
          .updateTable('outbox')
          .set((eb) => ({
            attempts: eb('attempts', '+', 1),
            last_error: String(reason?.message ?? reason).slice(0, 500),
          }))
          .where('id', 'in', failed)
          .execute();
      }
      rows.forEach((r, i) => results[i]!.status === 'fulfilled' && metrics.outboxPublished.inc({ type: r.type }));
      metrics.outboxPublishFailures.inc(failed.length);
      return { attempted: rows.length, published: published.length, failed: failed.length };
    });
  }
}
