/**
 * Errors that mean "the database connection is gone" (a restart, a failover, an administrator's
 * pg_terminate_backend, a network blip), as opposed to a query PostgreSQL refused. A request that
 * meets one gets 503 `database_unavailable`, never a crash or a 500.
 */

/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, terminate). */
const SQLSTATE = /^(08|57P0[1-3])/;
const SOCKET_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// what pg says when the socket dies under a query, or when it hands out a client that already died
const MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

export function isDatabaseConnectionError(error: unknown): boolean {
  // causes are followed a few levels only: a chain the caller built must not steer the walk
  let err = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let level = 0; level < 5 && err && typeof err === 'object'; level++) {
    if (typeof err.code === 'string' && (SQLSTATE.test(err.code) || SOCKET_CODES.has(err.code))) return true;
    if (typeof err.message === 'string' && MESSAGES.some((m) => (err!.message as string).startsWith(m))) return true;
    err = err.cause as typeof err;
  }
  return false;
}

/** Seconds a client is asked to wait before retrying after the database went away. */
export const DATABASE_RETRY_AFTER_S = 5;
