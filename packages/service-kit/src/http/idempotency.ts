/**
 * `Idempotency-Key` (IETF httpapi-idempotency-key-header draft; as Stripe does it) on the routes
 * that create something: a client that lost the answer to a committed request retries with the same
 * key and gets the first answer again instead of creating a second report.
 *
 * A route opts in with `config: { idempotent: true }`. Per tenant, a key
 * - seen first: the request runs; its final answer below 500 is stored for 24 hours;
 * - seen again with the same request (method, route, tenant, caller, body): the stored answer is
 *   replayed with `Idempotent-Replayed: true`;
 * - seen again with another request: 422 `idempotency_key_reused`;
 * - still running: 409 `idempotency_key_in_flight`.
 * A 5xx answer is not stored, so a retry runs again. The one window left: a process that dies after
 * the route committed but before the answer was stored leaves a pending key; after PENDING_LEASE
 * the key can be claimed again and the retry runs a second time.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { ServiceDatabase } from '../db/database.js';
import type { KitTables } from '../db/kit-tables.js';
import { ProblemError } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept an `Idempotency-Key` header on this (creating) route. */
    idempotent?: boolean;
  }
}

/** How long a stored answer is replayed (and the key reserved). */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** A key still pending after this long belongs to a request that died; a retry may claim it. */
export const PENDING_LEASE_SECONDS = 60;
/** Answer headers worth replaying; the rest (date, request id, rate limits) belong to the new answer. */
const REPLAYED_HEADERS = ['content-type', 'location', 'content-language', 'cache-control'];
const KEY_SYNTAX = /^[\x20-\x7e]{1,255}$/;

const claimed = Symbol('sinergi.idempotencyKey');
type Claimed = { tenant: string; key: string };
type WithClaim = FastifyRequest & { [claimed]?: Claimed };

const invalidKey = () =>
  new ProblemError(
    400,
    'invalid_idempotency_key',
    'Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.',
    {
      errors: [{ in: 'headers', field: 'idempotency-key', message: 'must be 1 to 255 printable ASCII characters' }],
    },
  );

/** The key of a request, or undefined when it sent none; a structured-field string's quotes are dropped. */
function keyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw invalidKey();
  const key = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (!KEY_SYNTAX.test(key)) throw invalidKey();
  return key;
}

const fingerprint = (request: FastifyRequest) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        request.method,
        request.routeOptions.url,
        request.tenant,
        request.principal?.sub ?? '',
        request.body ?? null,
      ]),
    )
    .digest('hex');

const kit = (trx: unknown) => trx as Transaction<KitTables>;

function idempotencyHandler(db: ServiceDatabase<unknown>): preHandlerHookHandler {
  return async function (request: FastifyRequest, reply: FastifyReply) {
    const key = keyOf(request);
    if (key === undefined || !request.tenant) return;
    const hash = fingerprint(request);
    const outcome = await db.withTenant(request.tenant, async (trx) => {
      // a fresh key is claimed; so is one whose answer expired, or whose request died while pending
      const claim = await sql<{ claimed: number }>`
        insert into idempotency_key (tenant_id, key, request_hash, state)
        values (${request.tenant}, ${key}, ${hash}, 'pending')
        on conflict (tenant_id, key) do update
          set request_hash = excluded.request_hash, state = 'pending', status = null, headers = null, body = null, created_at = now()
          where idempotency_key.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})
             or (idempotency_key.state = 'pending' and idempotency_key.request_hash = excluded.request_hash
                 and idempotency_key.created_at < now() - make_interval(secs => ${PENDING_LEASE_SECONDS}))
        returning 1 as claimed`.execute(trx);
      if (claim.rows.length > 0) return { claimed: true as const };
      // undefined when the holder failed (5xx) and freed the key in between: it is as good as in flight
      const row = await kit(trx).selectFrom('idempotency_key').selectAll().where('key', '=', key).executeTakeFirst();
      return { claimed: false as const, row };
    });
    if (outcome.claimed) {
      (request as WithClaim)[claimed] = { tenant: request.tenant, key };
      return;
    }
    const { row } = outcome;
    if (row && row.request_hash !== hash) {
      throw new ProblemError(
        422,
        'idempotency_key_reused',
        'This Idempotency-Key was used for a different request; use a new key for a new request.',
      );
    }
    if (!row || row.state === 'pending' || row.status === null) {
      throw new ProblemError(
        409,
        'idempotency_key_in_flight',
        'A request with this Idempotency-Key is still being processed; retry shortly.',
        {
          headers: { 'retry-after': '1' },
        },
      );
    }
    for (const [name, value] of Object.entries((row.headers ?? {}) as Record<string, string>))
      reply.header(name, value);
    return reply
      .code(row.status)
      .header('idempotent-replayed', 'true')
      .send(row.body ?? '');
  };
}

/** Stores the final answer of a claimed request, or frees the key when there is nothing to replay. */
async function recordAnswer(
  db: ServiceDatabase<unknown>,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const claim = (request as WithClaim)[claimed];
  if (!claim) return;
  delete (request as WithClaim)[claimed];
  const storable = typeof payload === 'string' || Buffer.isBuffer(payload) || payload === null || payload === undefined;
  try {
    await db.withTenant(claim.tenant, async (trx) => {
      const mine = kit(trx).updateTable('idempotency_key').where('key', '=', claim.key).where('state', '=', 'pending');
      if (reply.statusCode >= 500 || !storable) {
        // nothing was (certainly) done: a retry must run again
        await kit(trx)
          .deleteFrom('idempotency_key')
          .where('key', '=', claim.key)
          .where('state', '=', 'pending')
          .execute();
        return;
      }
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.flatMap((h) => (reply.hasHeader(h) ? [[h, String(reply.getHeader(h))]] : [])),
      );
      await mine
        .set({
          state: 'done',
          status: reply.statusCode,
          headers: JSON.stringify(headers),
          body: payload === null || payload === undefined ? '' : payload.toString(),
        })
        .execute();
    });
  } catch (err) {
    request.log.warn({ err }, 'could not record the answer for an Idempotency-Key; a retry within the lease gets 409');
  }
}

/** Registered by the kit: routes with `config.idempotent` accept Idempotency-Key. */
export function supportIdempotencyKeys(app: FastifyInstance, db: ServiceDatabase<unknown>): void {
  const handler = idempotencyHandler(db);
  // the route's own preHandlers (roles, unit checks) run first: a refused caller reserves no key
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    const own =
      route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...own, handler];
  });
  // stored before the client gets it, so a retry after a lost answer finds it
  app.addHook('onSend', async (request, reply, payload) => {
    await recordAnswer(db, request, reply, payload);
    return payload;
  });
}

/** Forgets answers older than IDEMPOTENCY_KEY_TTL_HOURS; run daily by the kit. Returns how many. */
export async function pruneIdempotencyKeys(
  db: ServiceDatabase<unknown>,
  olderThanHours = IDEMPOTENCY_KEY_TTL_HOURS,
): Promise<number> {
  const cutoff = new Date(Date.now() - olderThanHours * 3_600_000);
  const r = await db.withSystem((trx) =>
    kit(trx).deleteFrom('idempotency_key').where('created_at', '<', cutoff).executeTakeFirst(),
  );
  return Number(r.numDeletedRows);
}
