import Fastify, { type FastifyInstance, type FastifyBaseLogger, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { ServiceMetrics } from '../metrics.js';
import { registerErrorHandling, sendProblem, toProblemError } from './errors.js';
import { genRequestId } from './logging.js';
import { ProblemError } from './problem.js';
import { resolveTenant, type TenantSource } from './tenancy.js';
import type { TokenVerifier } from './auth.js';
import { refuseNulCharacters } from './text-guard.js';
import { limitJsonDepth } from './json-depth.js';
import { clientErrorHandler, drainBeforeRefusingBodies } from './client-errors.js';
import { supportIdempotencyKeys } from './idempotency.js';
import type { ServiceDatabase } from '../db/database.js';
import type { StaffSessions } from './staff-session.js';

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpOptions {
  name: string;
  version: string;
  description?: string;
  logger: Logger;
  bodyLimit: number;
  trustProxy: boolean;
  verifyToken: TokenVerifier;
  directory: TenantSource;
  defaultTenant: string | undefined;
  metrics: ServiceMetrics;
  overload: { maxEventLoopDelayMs: number; maxEventLoopUtilization: number; sampleIntervalMs?: number };
  publicBaseUrl?: string | undefined;
  /** The service's database: where answers to requests with an Idempotency-Key are kept. */
  db?: ServiceDatabase<unknown>;
  /** Staff sessions: under /staf/, a request without a bearer token is the session cookie's principal. */
  staffSessions?: StaffSessions;
}

const NO_TENANT_PREFIXES = ['/docs', '/health/', '/metrics', '/openapi.json'];

/**
 * The one way a Sinergi service gets its HTTP app: zod-typed routes, OpenAPI and Swagger UI,
 * problem+json errors, security headers, per-route rate limits, load shedding, bearer auth,
 * tenant resolution and request metrics. Routes are added by the service afterwards.
 */
export async function buildHttpApp(opts: HttpOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    genReqId: genRequestId,
    bodyLimit: opts.bodyLimit,
    trustProxy: opts.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // errors the router raises before any handler (a malformed URL) go through the same problem+json
    frameworkErrors: (error, request, reply) => {
      void sendProblem(request, reply, toProblemError(error));
    },
    // what the HTTP parser refuses never reaches a route: answered on the socket, as problem+json too
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  limitJsonDepth(app);
  refuseNulCharacters(app);
  drainBeforeRefusingBodies(app);
  if (opts.db) supportIdempotencyKeys(app, opts.db);

  app.decorateRequest('principal', null);
  app.decorateRequest('tenant', '');
  app.decorateRequest('staffSession', null);

  await app.register(helmet, {
    global: true,
    // regions run services on plain HTTP inside their networks (a desk tablet on the LAN): a page
    // telling browsers to upgrade its form posts to HTTPS would break there; TLS is the proxy's job
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  await app.register(underPressure, {
    maxEventLoopDelay: opts.overload.maxEventLoopDelayMs,
    maxEventLoopUtilization: opts.overload.maxEventLoopUtilization,
    sampleInterval: opts.overload.sampleIntervalMs ?? 1000,
    retryAfter: 10,
    pressureHandler: (request, reply, type) => {
      reply.header('retry-after', '10');
      void sendProblem(
        request,
        reply,
        new ProblemError(503, 'overloaded', `The service is overloaded (${type}); try again shortly.`),
      );
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ProblemError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s.`, {
        headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
      }),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: `Sinergi ${opts.name} API`, version: opts.version, description: opts.description ?? '' },
      ...(opts.publicBaseUrl ? { servers: [{ url: opts.publicBaseUrl }] } : {}),
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true }, config: { tenant: false } }, () => app.swagger());

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const header = request.headers.authorization;
    if (header !== undefined && request.routeOptions.config?.ownBearer !== true) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) {
        throw new ProblemError(401, 'unauthenticated', 'Use "Authorization: Bearer <token>".', {
          headers: { 'www-authenticate': 'Bearer' },
        });
      }
      request.principal = await opts.verifyToken(token);
    } else if (opts.staffSessions && request.url.startsWith('/staf/')) {
      const session = await opts.staffSessions.read(request);
      if (session) {
        request.principal = session.principal;
        request.staffSession = session;
      }
    }
    if (request.is404 || request.routeOptions.config?.tenant === false) return;
    // staff pages without a session: sign-in needs no region, and every other page sends there first
    if (!request.principal && request.url.startsWith('/staf/')) return;
    if (NO_TENANT_PREFIXES.some((p) => request.url.startsWith(p))) return;
    request.tenant = resolveTenant(request, opts.directory, opts.defaultTenant);
  });

  // requests still running at shutdown finish, and their keep-alive connections close with them
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onResponse', async (request, reply) => {
    opts.metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  return app;
}
