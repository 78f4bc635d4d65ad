import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type DatabaseConnection,
  type Dialect,
  type TransactionSettings,
  type Transaction,
} from 'kysely';
import type { Logger } from 'pino';
import type { KitTables } from './kit-tables.js';
import { isDatabaseConnectionError } from './connection-errors.js';

const PG_INT8 = 20;

/** int8 columns (money, counts) come back as bigint, never as a lossy number or a string. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === PG_INT8 && format !== 'binary'
      ? (v: string) => BigInt(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const TENANT_PATTERN = /^\d{2}\.\d{2}$/;

/**
 * The statement that scopes the next transaction (role and tenant). The driver sends it in the same
 * round trip as BEGIN: on a busy service every transaction saves one trip to PostgreSQL.
 */
const transactionScope = new AsyncLocalStorage<string>();

class ScopedPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scope = transactionScope.getStore();
    try {
      if (!scope || settings.isolationLevel || settings.accessMode) {
        await super.beginTransaction(connection, settings);
        if (scope) await connection.executeQuery(CompiledQuery.raw(scope));
        return;
      }
      // no parameters: pg sends a simple query, which may hold two statements
      await connection.executeQuery(CompiledQuery.raw(`begin; ${scope}`));
    } catch (err) {
      // BEGIN may have succeeded before the scope failed (a missing role): never pool an aborted transaction
      await connection.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw err;
    }
  }
}

/** kysely's PostgreSQL dialect with the scoped driver. */
class ScopedPostgresDialect implements Dialect {
  constructor(private readonly pool: pg.Pool) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new ScopedPostgresDriver({ pool: this.pool });
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
}

/** Both values are checked (role by config, tenant by pattern) and quoted as literals. */
const scopeStatement = (role: string, name: 'app.tenant' | 'app.scope', value: string) =>
  `select set_config('role', ${pg.escapeLiteral(role)}, true), set_config('${name}', ${pg.escapeLiteral(value)}, true)`;

export interface DatabaseOptions {
  url: string;
  /** The non-owner, non-superuser role every application transaction runs as. */
  appRole: string;
  poolMax?: number;
  logger?: Logger;
  applicationName?: string;
}

/**
 * A service's database. There is deliberately no way to run a query outside `withTenant` or
 * `withSystem`: every transaction first becomes the application role (so row-level security
 * applies even when the login user owns the tables) and names the tenant it works for.
 */
export class ServiceDatabase<DB> {
  readonly pool: pg.Pool;
  readonly #db: Kysely<DB & KitTables>;
  readonly #appRole: string;

  constructor(opts: DatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax ?? 10,
      // fail a request after 10 s without a connection instead of hanging it, and never let one
      // statement or an abandoned transaction hold rows (and outbox locks) for long
      connectionTimeoutMillis: 10_000,
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      types: pgTypes,
      application_name: opts.applicationName ?? 'sinergi',
    });
    this.pool.on('error', (err) => opts.logger?.warn({ err }, 'idle database connection failed'));
    // the pool listens for errors of idle clients only: a connection that dies while a request holds
    // it (terminated, restarted, failover) would otherwise emit an 'error' nobody handles and stop
    // the process. Its query fails on its own; the pool discards the broken client on release.
    this.pool.on('connect', (client) => {
      client.on('error', (err) => opts.logger?.warn({ err }, 'database connection lost while in use'));
    });
    this.#db = new Kysely<DB & KitTables>({ dialect: new ScopedPostgresDialect(this.pool) });
    this.#appRole = opts.appRole;
  }

  /** Runs `fn` in one transaction that can see and write only `tenant`'s rows. */
  async withTenant<T>(tenant: string, fn: (trx: Transaction<DB & KitTables>) => Promise<T>): Promise<T> {
    if (!TENANT_PATTERN.test(tenant)) throw new Error(`withTenant needs a region code, got ${JSON.stringify(tenant)}`);
    return this.#transaction(scopeStatement(this.#appRole, 'app.tenant', tenant), fn);
  }

  /**
   * Runs `fn` in the system scope: kit tables (outbox, inbox, dead letters) of every tenant are
   * visible; service tables stay invisible unless their policy allows the system scope. For
   * cross-tenant plumbing only (the outbox relay, operations on dead letters).
   */
  async withSystem<T>(fn: (trx: Transaction<DB & KitTables>) => Promise<T>): Promise<T> {
    return this.#transaction(scopeStatement(this.#appRole, 'app.scope', 'system'), fn);
  }

  /**
   * A connection found dead at BEGIN (killed while idle in the pool) is retried once on a fresh one:
   * nothing of `fn` has run, so nothing can be done twice. Once `fn` started, the error is the caller's.
   */
  async #transaction<T>(scope: string, fn: (trx: Transaction<DB & KitTables>) => Promise<T>): Promise<T> {
    let started = false;
    const attempt = () =>
      transactionScope.run(scope, () =>
        this.#db.transaction().execute((trx) => {
          started = true;
          return fn(trx);
        }),
      );
    try {
      return await attempt();
    } catch (err) {
      if (started || !isDatabaseConnectionError(err)) throw err;
      return attempt();
    }
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  async destroy(): Promise<void> {
    await this.#db.destroy();
  }
}

/** Ownership-level access for migrations and tests; never handed to request code. */
export function createAdminKysely<DB = unknown>(url: string, max = 2): Kysely<DB> {
  return new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: url, max, types: pgTypes, application_name: 'sinergi-admin' }),
    }),
  });
}

/** Creates the database named in `url` when it does not exist yet. */
export async function ensureDatabaseExists(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL must name a database');
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`create database ${pg.escapeIdentifier(name)}`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile by a replica
      }
    }
  } finally {
    await client.end();
  }
}
