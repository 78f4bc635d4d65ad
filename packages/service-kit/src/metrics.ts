import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per service instance, so two services in one test process never share series. */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly outboxPublished = new Counter({
    name: 'outbox_published_total',
    help: 'Events the outbox relay published to NATS, by event type (deadline breaches are `*.deadline-breached`).',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly outboxPublishFailures = new Counter({
    name: 'outbox_publish_failures_total',
    help: 'Event publications that failed and will be retried.',
    registers: [this.registry],
  });

  readonly eventsHandled = new Counter({
    name: 'events_handled_total',
    help: 'Events consumed, by consumer and outcome (handled, duplicate, retried, dead_lettered, ignored).',
    labelNames: ['consumer', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly redeliveries = new Counter({
    name: 'event_redeliveries_total',
    help: 'Deliveries of an event that had been delivered before.',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Consumer lag read from JetStream when Prometheus scrapes; a consumer that cannot be asked is left out. */
  addConsumerLag(read: () => Promise<{ consumer: string; pending: number }[]>): void {
    new Gauge({
      name: 'consumer_pending',
      help: 'Events waiting for a consumer: not yet delivered or delivered and not acknowledged (its lag).',
      labelNames: ['consumer'] as const,
      registers: [this.registry],
      async collect() {
        const lags = await Promise.race([
          read(),
          new Promise<[]>((resolve) => setTimeout(() => resolve([]), 2000).unref()),
        ]).catch(() => []);
        this.reset();
        for (const { consumer, pending } of lags) this.set({ consumer }, pending);
      },
    });
  }

  /** Gauges whose value is read from the database when Prometheus scrapes. */
  addDatabaseGauges(read: () => Promise<{ outboxBacklog: number; deadLetters: number }>): void {
    type Snapshot = { outboxBacklog: number; deadLetters: number };
    let pending: Promise<Snapshot> | undefined;
    let lastGood: Snapshot = { outboxBacklog: 0, deadLetters: 0 };
    // one query per scrape feeds both gauges; a database outage must not take the other metrics down
    const snapshot = () =>
      (pending ??= Promise.race([
        read().then((s) => (lastGood = s)),
        new Promise<Snapshot>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ])
        .catch(() => lastGood)
        .finally(() => setTimeout(() => (pending = undefined), 0)));
    new Gauge({
      name: 'outbox_backlog',
      help: 'Events written to the outbox and not yet published.',
      registers: [this.registry],
      async collect() {
        this.set((await snapshot()).outboxBacklog);
      },
    });
    new Gauge({
      name: 'dead_letters',
      help: 'Events parked in the dead-letter table, waiting for an operator.',
      registers: [this.registry],
      async collect() {
        this.set((await snapshot()).deadLetters);
      },
    });
  }
}
