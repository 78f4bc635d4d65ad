/**
 * One harness for a service's tests: the service started against the test file's database and
 * NATS namespace (no port: `inject`), callers of every role, owner access to the database for
 * assertions, and the events the service published or should consume.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createEvent, streamConfigFor, subjectFor, type EventDefinition, type Role } from '@sinergi/contracts';
import { createAdminKysely, type BaseConfig, type ServiceDefinition } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { z } from 'zod';
import { createTestEnvironment, type TestEnvironment } from './environment.js';
import { TEST_REGIONS } from './regions.js';
import { startTestService } from './service.js';
import { bearer, mintToken } from './tokens.js';

export interface HarnessOptions {
  /** Region profiles written to the directory (the two test regions by default). */
  regions?: unknown[];
  /** Extra variables for the service (its own required ones, DEFAULT_TENANT ...). */
  env?: Record<string, string>;
  /** The region callers act for unless a call names another; the first region's code by default. */
  tenant?: string;
  /** A test environment shared with other services of the same file; cleaned up by its creator. */
  environment?: TestEnvironment;
}

export interface Caller {
  tenant?: string;
  sub?: string;
}

/** A caller of each role, as `T` (a token, or its `authorization` header). Officers and unit heads need their unit. */
export interface Roles<T> {
  admin(c?: Caller): Promise<T>;
  auditor(c?: Caller): Promise<T>;
  tapd(c?: Caller): Promise<T>;
  integrator(c?: Caller): Promise<T>;
  citizen(c?: Caller): Promise<T>;
  officer(unit: string, c?: Caller): Promise<T>;
  head(unit: string, c?: Caller): Promise<T>;
}

export type RoleHeaders = Roles<Record<string, string>>;

const DEFAULT_SUBS: Record<string, string> = {
  admin: 'admin-1',
  auditor: 'auditor-1',
  tapd: 'tapd-1',
  integrator: 'integrator-1',
  citizen: 'warga-1',
};

function roles<T>(defaultTenant: string, wrap: (token: string) => T): Roles<T> {
  const mint = async (role: Role, c: Caller = {}, unit?: string) =>
    wrap(
      await mintToken({
        tenant: c.tenant ?? defaultTenant,
        roles: [role],
        sub: c.sub ?? DEFAULT_SUBS[role] ?? `${role}-${unit}`,
        ...(unit ? { unit } : {}),
      }),
    );
  return {
    admin: (c) => mint('admin', c),
    auditor: (c) => mint('auditor', c),
    tapd: (c) => mint('tapd', c),
    integrator: (c) => mint('integrator', c),
    citizen: (c) => mint('citizen', c),
    officer: (unit, c) => mint('officer', c, unit),
    head: (unit, c) => mint('unit-head', c, unit),
  };
}

export interface PublishedEvent<T = unknown> {
  id: string;
  type: string;
  tenant: string;
  subject: string;
  data: T;
}

/** Polls until `check` returns something other than undefined; fails after `timeoutMs` (ten seconds). */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what = 'a condition',
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function createServiceHarness<DB, Cfg extends BaseConfig, Deps>(
  definition: ServiceDefinition<DB, Cfg, Deps>,
  opts: HarnessOptions = {},
) {
  const environment = opts.environment ?? (await createTestEnvironment());
  const regions = opts.regions ?? TEST_REGIONS;
  const tenant = opts.tenant ?? (regions[0] as { code: string }).code;
  const service = await startTestService(definition, environment, { regions, env: opts.env ?? {} });
  const db = createAdminKysely<DB>(environment.databaseUrl);
  let nc: NatsConnection | undefined;
  const nats = async () => (nc ??= await connect({ servers: environment.natsUrl }));
  const stream = streamConfigFor(definition.name, environment.eventPrefix).name;

  return {
    environment,
    service,
    app: service.app,
    ctx: service.ctx,
    deps: service.deps,
    tenant,
    inject: service.app.inject.bind(service.app),
    /** `authorization` headers: `headers: await h.as.officer('dishub')`. */
    as: roles(tenant, bearer),
    /** The bare tokens, for a header of another form or a link: `await h.tokens.admin()`. */
    tokens: roles(tenant, (token) => token),
    /** Owner access for assertions on rows; never to set up state the API could set up. */
    db,
    events: {
      /** Publishes another service's event the way its outbox relay would (message id = event id unless given). */
      async publish<D extends EventDefinition>(
        def: D,
        data: z.output<D['data']>,
        o: { tenant?: string; subject?: string; msgID?: string } = {},
      ) {
        const event = createEvent(def, { tenant: o.tenant ?? tenant, subject: o.subject ?? 'test', data });
        await jetstream(await nats()).publish(
          subjectFor(event.type, event.tenant, environment.eventPrefix),
          JSON.stringify(event),
          { msgID: o.msgID ?? event.id },
        );
        return event;
      },
      /** Sends an event again as a redelivery would: the same event (same id) under another message id. */
      async republish(event: { type: string; tenant: string }, msgID: string) {
        const subject = subjectFor(event.type, event.tenant, environment.eventPrefix);
        await jetstream(await nats()).publish(subject, JSON.stringify(event), { msgID });
      },
      /** Every event this service published, in order, once its outbox has drained; of one type when given. */
      async published<T = unknown>(type?: string): Promise<PublishedEvent<T>[]> {
        await waitFor(
          async () =>
            (await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(db)).rows[0]!.n === 0
              ? true
              : undefined,
          'the outbox to drain',
        );
        const js = jetstream(await nats());
        const info = await (await jetstreamManager(await nats())).streams.info(stream).catch(() => undefined);
        const total = info?.state.messages ?? 0;
        const events: PublishedEvent<T>[] = [];
        if (total === 0) return events;
        const messages = await (await js.consumers.get(stream)).fetch({ max_messages: total, expires: 5000 });
        for await (const m of messages) {
          events.push(m.json());
          if (events.length === total) break;
        }
        return type === undefined ? events : events.filter((e) => e.type === type);
      },
    },
    async stop() {
      await nc?.close();
      await service.stop();
      await db.destroy();
      if (!opts.environment) await environment.cleanup();
    },
  };
}

export type ServiceHarness = Awaited<ReturnType<typeof createServiceHarness>>;
