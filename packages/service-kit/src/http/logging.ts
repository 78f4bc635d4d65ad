import type { FastifyServerOptions } from 'fastify';
import { stdSerializers } from 'pino';
import { randomUUID } from 'node:crypto';

/**
 * Keys whose values are personal data under UU 27/2022 (or secrets) and must never reach a log.
 * pino's redaction works on paths, so each key is listed at the depths our log lines use.
 */
const PERSONAL_KEYS = [
  'nik',
  'phone',
  'email',
  'name',
  'fullName',
  'reporterName',
  'contact',
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-hub-signature-256"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'res.headers["set-cookie"]',
  ...PERSONAL_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
];

/** Query strings can carry tracking secrets and contact details; only the path is logged. */
const pathOnly = (url: string | undefined) => (url ?? '').split('?')[0];

export function loggerOptions(level: string, service: string): FastifyServerOptions['logger'] {
  return {
    level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { id: string; method: string; url?: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        url: pathOnly(req.url),
        headers: { 'user-agent': req.headers['user-agent'], 'content-length': req.headers['content-length'] },
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: safeError,
    },
  };
}

/** PostgreSQL errors carry the offending values (`Key (nik)=(3273...) already exists`): drop them. */
const DATABASE_ERROR_VALUES = ['detail', 'where', 'hint', 'internalQuery', 'parameters', 'query'] as const;

export function safeError(err: Error) {
  const out = stdSerializers.err(err);
  for (const key of DATABASE_ERROR_VALUES) delete (out as Record<string, unknown>)[key];
  return out;
}

/** Honours a caller's X-Request-Id when it is sane, so one id follows a request across services. */
export function genRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && /^[A-Za-z0-9._-]{8,128}$/.test(given)) return given;
  return randomUUID();
}
