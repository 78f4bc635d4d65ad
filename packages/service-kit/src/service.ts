import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import closeWithGrace from 'close-with-grace';
import type { Migration, Transaction } from 'kysely';
import { pino, type Logger } from 'pino';
import type { z } from 'zod';
import { streamConfigFor, type Catalog, type RegionProfile } from '@sinergi/contracts';
import { calendarFor, type WorkingCalendar } from './calendar.js';
import { baseConfigFields, ConfigError, loadConfig, type BaseConfig } from './config.js';
import { ServiceDatabase } from './db/database.js';
import type { KitTables } from './db/kit-tables.js';
import { migrateDatabase } from './db/migrate.js';
import { DirectoryClient } from './directory.js';
import { EventConsumer, type ConsumerDefinition } from './events/consumer.js';
import { deadLetterRoutes } from './events/dead-letter-routes.js';
import { connectNats, ensureStream } from './events/nats.js';
import { Outbox, OutboxRelay } from './events/outbox.js';
import { buildHttpApp, type App } from './http/app.js';
import { createTokenVerifier, type TokenVerifier } from './http/auth.js';
import { StaffSessions } from './http/staff-session.js';
import { loggerOptions } from './http/logging.js';
import { ServiceMetrics } from './metrics.js';
import { problemEntries, type ProblemFactory } from './problems/catalogue.js';
import { kitProblems, sharedProblems } from './problems/kit.js';
import { documentProblems } from './problems/openapi.js';
import { regionOf } from './region.js';
import { registerOperationalRoutes, startKitPruning } from './operations.js';

export interface ServiceContext<DB, Cfg extends BaseConfig = BaseConfig> {
  name: string;
  config: Cfg;
  logger: Logger;
  db: ServiceDatabase<DB>;
  nats: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  outbox: Outbox;
  directory: DirectoryClient;
  metrics: ServiceMetrics;
  /** The working-day calendar of a tenant, from its directory profile. */
  calendar(tenant: string): WorkingCalendar;
  /** The tenant's region profile; 404 `unknown_tenant` when the directory does not know it. */
  region(tenant: string): RegionProfile;
  /** The bearer-token verifier every request uses (the staff console verifies the provider's tokens with it). */
  verifyToken: TokenVerifier;
  /** Staff session cookies (`staffConsole`). */
  staffSessions: StaffSessions;
}

/**
 * What a service is. `setup` builds its long-lived objects (use-case services, key rings, clients)
 * once; what it returns reaches `routes`, `consumers` and `background` as `deps`.
 */
export interface ServiceDefinition<DB, Cfg extends BaseConfig, Deps = undefined> {
  /** The service token used in subjects and stream names, e.g. `complaints`. */
  name: string;
  /** The fixed port of this service (budgeting 3001 ... official-rating 3005); PORT overrides it. */
  port: number;
  /** Shown in the OpenAPI document. */
  version: string;
  description?: string;
  /** `serviceConfig({...})` with the service's own variables. */
  config: z.ZodType<Cfg>;
  migrations: Record<string, Migration>;
  /** The service's own problem codes (`defineProblems`), listed in its OpenAPI document with the kit's. */
  problems?: Readonly<Record<string, ProblemFactory<string>>>;
  /** Runs once, after the context and before routes and consumers; may be async. */
  setup?: (ctx: ServiceContext<DB, Cfg>) => Deps | Promise<Deps>;
  consumers?: (ctx: ServiceContext<DB, Cfg>, deps: Deps) => ConsumerDefinition<Catalog, DB>[];
  routes: (app: App, ctx: ServiceContext<DB, Cfg>, deps: Deps) => void | Promise<void>;
  /** Background work (schedulers) started after the app is ready; each returns its stopper. */
  background?: (ctx: ServiceContext<DB, Cfg>, deps: Deps) => Array<() => Promise<void>>;
}

export const defineService = <DB, Cfg extends BaseConfig, Deps = undefined>(def: ServiceDefinition<DB, Cfg, Deps>) =>
  def;

export type ServiceState = 'starting' | 'ready' | 'stopping' | 'stopped';

export interface Service<DB, Cfg extends BaseConfig, Deps = undefined> {
  app: App;
  ctx: ServiceContext<DB, Cfg>;
  /** What the definition's `setup` built. */
  deps: Deps;
  consumers: EventConsumer<Catalog, DB>[];
  relay: OutboxRelay;
  readonly state: ServiceState;
  /** Provisions streams and consumers, starts the relay and background work; listens unless `listen: false`. */
  start(opts?: { listen?: boolean }): Promise<void>;
  /** Not ready, stop accepting, finish in-flight requests, stop consumers and relay, drain NATS, close the pool. */
  stop(): Promise<void>;
}

/** What migrating needs, and all a migration job is given: its database and nothing of the runtime secrets. */
export const migrationConfig = baseConfigFields.pick({
  LOG_LEVEL: true,
  DATABASE_URL: true,
  DATABASE_MIGRATION_URL: true,
  DATABASE_APP_ROLE: true,
});
export type MigrationConfig = z.output<typeof migrationConfig>;

export async function migrateService<DB, Cfg extends BaseConfig, Deps>(
  def: ServiceDefinition<DB, Cfg, Deps>,
  config: MigrationConfig,
  logger?: Logger,
): Promise<void> {
  await migrateDatabase({
    url: config.DATABASE_MIGRATION_URL ?? config.DATABASE_URL,
    appRole: config.DATABASE_APP_ROLE,
    migrations: def.migrations,
    ...(logger ? { logger } : {}),
  });
}

export async function createService<DB, Cfg extends BaseConfig, Deps = undefined>(
  def: ServiceDefinition<DB, Cfg, Deps>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Service<DB, Cfg, Deps>> {
  const config = loadConfig(def.name, def.config, env);
  // before anything connects: two meanings under one code stop the start
  const problemCodes = problemEntries(kitProblems, sharedProblems, def.problems ?? {});
  const logger = pino({ ...(loggerOptions(config.LOG_LEVEL, def.name) as object) });
  if (config.AUTH_DEV_KEYS) logger.warn('AUTH_DEV_KEYS=true: development tokens that anyone can mint are accepted');

  const metrics = new ServiceMetrics(def.name);
  const db = new ServiceDatabase<DB>({
    url: config.DATABASE_URL,
    appRole: config.DATABASE_APP_ROLE,
    poolMax: config.DATABASE_POOL_MAX,
    logger,
    applicationName: def.name,
  });
  const nats = await connectNats(config.NATS_URL, def.name, logger, config);
  const js = jetstream(nats);
  const jsm = await jetstreamManager(nats);
  const directory = new DirectoryClient(nats, config.DIRECTORY_BUCKET, logger, config.NATS_STREAM_REPLICAS);
  const outbox = new Outbox(config.EVENT_PREFIX);
  const relay = new OutboxRelay({
    db: db as ServiceDatabase<unknown>,
    js,
    // LISTEN needs no privilege: the runtime login listens; the owner's URL stays with migrations
    listenUrl: config.DATABASE_URL,
    logger,
    metrics,
    pollMs: config.OUTBOX_POLL_MS,
  });

  // while NATS is away the relay backs off (up to 30 s): once it is back, publish at once
  void (async () => {
    for await (const s of nats.status()) if (s.type === 'reconnect') relay.retryNow();
  })();

  const verifyToken = createTokenVerifier({
    jwksUrl: config.AUTH_JWKS_URL,
    publicKeyPem: config.AUTH_PUBLIC_KEY,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: config.AUTH_ALGORITHMS,
    devKeys: config.AUTH_DEV_KEYS,
  });
  const staffSessions = new StaffSessions(config);
  const ctx: ServiceContext<DB, Cfg> = {
    name: def.name,
    verifyToken,
    staffSessions,
    config,
    logger,
    db,
    nats,
    js,
    jsm,
    outbox,
    directory,
    metrics,
    calendar(tenant) {
      return calendarFor(regionOf(directory, tenant));
    },
    region(tenant) {
      return regionOf(directory, tenant);
    },
  };
  let deps: Deps;
  try {
    deps = (await def.setup?.(ctx)) as Deps;
  } catch (err) {
    // nothing has started yet: close what is open so a failed start does not keep the process alive
    await nats.close();
    await db.destroy();
    throw err;
  }

  metrics.addDatabaseGauges(() =>
    db.withSystem(async (trx) => {
      const k = trx as unknown as Transaction<KitTables>;
      const outboxRow = await k
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      const dead = await k
        .selectFrom('dead_letter')
        .select((eb) => eb.fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      return { outboxBacklog: Number(outboxRow.n), deadLetters: Number(dead.n) };
    }),
  );

  let state: ServiceState = 'starting';
  const consumers = (def.consumers?.(ctx, deps) ?? []).map(
    (c) =>
      new EventConsumer<Catalog, DB>(c, {
        db: db as ServiceDatabase<unknown>,
        js,
        jsm,
        prefix: config.EVENT_PREFIX,
        streamReplicas: config.NATS_STREAM_REPLICAS,
        logger,
        metrics,
      }),
  );
  if (consumers.length > 0) {
    metrics.addConsumerLag(async () =>
      (await Promise.allSettled(consumers.map((c) => c.pending())))
        .filter((r) => r.status === 'fulfilled')
        .map((r) => r.value),
    );
  }

  const app = await buildHttpApp({
    name: def.name,
    version: def.version,
    ...(def.description ? { description: def.description } : {}),
    logger,
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    verifyToken,
    staffSessions,
    directory,
    defaultTenant: config.DEFAULT_TENANT,
    metrics,
    overload: {
      maxEventLoopDelayMs: config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: config.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
      // sample faster when the threshold is tight, so a short stall is seen
      sampleIntervalMs: Math.min(1000, Math.max(10, config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS || 1000)),
    },
    publicBaseUrl: config.PUBLIC_BASE_URL,
    db: db as ServiceDatabase<unknown>,
  });

  registerOperationalRoutes(app, ctx, () => state);
  deadLetterRoutes(app, db, consumers);
  documentProblems(app, problemCodes);
  await def.routes(app, ctx, deps);

  let stoppers: Array<() => Promise<void>> = [];

  const service: Service<DB, Cfg, Deps> = {
    app,
    ctx,
    deps,
    consumers,
    relay,
    get state() {
      return state;
    },
    async start(opts = {}) {
      if (config.MIGRATE_ON_START) await migrateService(def, config, logger);
      await ensureStream(jsm, {
        ...streamConfigFor(def.name, config.EVENT_PREFIX),
        replicas: config.NATS_STREAM_REPLICAS,
      });
      await directory.start();
      relay.start();
      for (const c of consumers) await c.start();
      await app.ready();
      if (opts.listen !== false) await app.listen({ host: config.HOST, port: config.PORT ?? def.port });
      stoppers = [...(def.background?.(ctx, deps) ?? []), startKitPruning(ctx, consumers.length > 0)];
      state = 'ready';
      logger.info({ tenants: directory.tenants().length }, `${def.name} is ready`);
    },
    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      state = 'stopping';
      logger.debug('closing http');
      await app.close();
      await Promise.all(stoppers.map((s) => s()));
      logger.debug('stopping consumers');
      for (const c of consumers) await c.stop();
      logger.debug('stopping relay');
      await relay.stop();
      directory.stop();
      logger.debug('draining nats');
      await nats.drain().catch(() => nats.close());
      logger.debug('closing db');
      await db.destroy();
      state = 'stopped';
      logger.info(`${def.name} stopped`);
    },
  };
  return service;
}

/** sysexits.h EX_CONFIG: the exit code of a bad configuration, so operators and scripts can tell it apart. */
export const EXIT_CONFIG = 78;

/**
 * The `main` of every service: validate config, start, and shut down cleanly on SIGTERM/SIGINT.
 * A bad configuration prints one message naming every bad variable and exits 78. With
 * `--check-config` it only validates the configuration and exits 0 or 78, touching neither
 * PostgreSQL nor NATS: compose runs that once before the long-running service, so a bad setting
 * stops the start instead of a restart loop.
 */
export async function runService<DB, Cfg extends BaseConfig, Deps>(
  def: ServiceDefinition<DB, Cfg, Deps>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  if (argv.includes('--check-config')) {
    try {
      loadConfig(def.name, def.config);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      console.error(err.message);
      process.exit(EXIT_CONFIG);
    }
    console.error(`${def.name}: the configuration is valid`);
    process.exit(0);
  }
  let service: Service<DB, Cfg, Deps>;
  try {
    service = await createService(def);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
  closeWithGrace(
    { delay: service.ctx.config.SHUTDOWN_TIMEOUT_MS, logger: service.ctx.logger },
    async ({ signal, err }) => {
      if (err) service.ctx.logger.error({ err }, 'stopping after an unexpected error');
      else service.ctx.logger.info({ signal }, 'stopping');
      await service.stop();
    },
  );
  await service.start();
}

/** The `migrate` script of every service: reads only the database variables (migrationConfig). */
export async function runMigrationsCli<DB, Cfg extends BaseConfig, Deps>(
  def: ServiceDefinition<DB, Cfg, Deps>,
): Promise<void> {
  try {
    const config = loadConfig(`${def.name} migrations`, migrationConfig);
    await migrateService(def, config, pino({ level: config.LOG_LEVEL, base: { service: def.name } }));
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(err instanceof ConfigError ? EXIT_CONFIG : 1);
  }
}
