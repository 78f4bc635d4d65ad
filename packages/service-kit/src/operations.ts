/**
 * What every service answers and runs besides its own routes: liveness and readiness for the
 * orchestrator, /metrics behind the scrape token, and the daily pruning of the kit's tables.
 */
import type { BaseConfig } from './config.js';
import type { ServiceDatabase } from './db/database.js';
import { pruneInbox } from './events/consumer.js';
import type { App } from './http/app.js';
import { pruneIdempotencyKeys } from './http/idempotency.js';
import { problems } from './http/problem.js';
import { hashSecret, secretMatches } from './identifiers.js';
import type { ServiceContext, ServiceState } from './service.js';

/**
 * Daily removal of inbox rows older than any event the streams can still redeliver, and of
 * Idempotency-Key answers past their 24 hours.
 */
export function startKitPruning<DB, Cfg extends BaseConfig>(
  ctx: ServiceContext<DB, Cfg>,
  inbox: boolean,
): () => Promise<void> {
  const db = ctx.db as ServiceDatabase<unknown>;
  const prune = async () => {
    if (inbox) {
      await pruneInbox(db)
        .then((n) => n > 0 && ctx.logger.info({ removed: n }, 'pruned the inbox'))
        .catch((err) => ctx.logger.warn({ err }, 'inbox pruning failed'));
    }
    await pruneIdempotencyKeys(db)
      .then((n) => n > 0 && ctx.logger.info({ removed: n }, 'pruned expired idempotency keys'))
      .catch((err) => ctx.logger.warn({ err }, 'idempotency key pruning failed'));
  };
  const timer = setInterval(() => void prune(), 24 * 3600_000);
  timer.unref();
  return async () => clearInterval(timer);
}

export function registerOperationalRoutes<DB, Cfg extends BaseConfig>(
  app: App,
  ctx: ServiceContext<DB, Cfg>,
  state: () => ServiceState,
): void {
  const noTenant = { tenant: false } as const;
  app.get('/health/live', { config: noTenant, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/health/ready', { config: noTenant, schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = { state: state() };
    const within = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000))]);
    checks.postgres = await within(ctx.db.ping()).then(
      () => 'ok',
      (e: Error) => e.message,
    );
    checks.nats = ctx.nats.isClosed()
      ? 'closed'
      : await within(ctx.nats.flush()).then(
          () => 'ok',
          (e: Error) => e.message,
        );
    const ok = checks.state === 'ready' && checks.postgres === 'ok' && checks.nats === 'ok';
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
  });

  const metricsHash = ctx.config.METRICS_TOKEN === undefined ? undefined : hashSecret(ctx.config.METRICS_TOKEN);
  app.get('/metrics', { config: { ...noTenant, ownBearer: true }, schema: { hide: true } }, async (request, reply) => {
    const presented = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (metricsHash !== undefined && (presented === undefined || !secretMatches(presented, metricsHash))) {
      reply.header('www-authenticate', 'Bearer');
      throw problems.unauthenticated('/metrics needs the scrape token (METRICS_TOKEN) as a bearer token.');
    }
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });
}
