import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { createAdminKysely, ensureDatabaseExists } from './database.js';

const TENANT = sql`current_setting('app.tenant', true)`;
const SYSTEM = sql`current_setting('app.scope', true) = 'system'`;

/**
 * Puts a table behind row-level security: rows are visible and writable only inside
 * `withTenant` for their own tenant. FORCE makes the policy hold for the owner too.
 * With `systemAccess`, `withSystem` (cross-tenant plumbing) may also see the rows.
 */
export async function enableTenantRls(
  db: Kysely<unknown>,
  table: string,
  opts: { systemAccess?: boolean } = {},
): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`alter table ${t} force row level security`.execute(db);
  await sql`create policy tenant_isolation on ${t} using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT})`.execute(
    db,
  );
  if (opts.systemAccess) {
    await sql`create policy system_access on ${t} using (${SYSTEM}) with check (${SYSTEM})`.execute(db);
  }
}

/** The kit's own tables: the transactional outbox, the consumers' inbox, parked events, idempotency keys. */
const kitMigrations: Record<string, Migration> = {
  '0001_outbox_inbox_dead_letter': {
    async up(db) {
      await sql`
        create table outbox (
          id text primary key,
          tenant_id text not null,
          subject text not null,
          type text not null,
          event jsonb not null,
          created_at timestamptz not null default now(),
          attempts integer not null default 0,
          last_error text
        )`.execute(db);
      await sql`create index outbox_created_at on outbox (created_at)`.execute(db);
      // NOTIFY is delivered at commit, so the relay wakes exactly when new rows become visible
      await sql`
        create function outbox_notify() returns trigger language plpgsql as $$
        begin perform pg_notify('sinergi_outbox', ''); return null; end $$`.execute(db);
      await sql`create trigger outbox_notify after insert on outbox for each statement execute function outbox_notify()`.execute(
        db,
      );
      await enableTenantRls(db, 'outbox', { systemAccess: true });

      await sql`
        create table inbox (
          consumer text not null,
          event_id text not null,
          tenant_id text not null,
          processed_at timestamptz not null default now(),
          primary key (consumer, event_id)
        )`.execute(db);
      await enableTenantRls(db, 'inbox', { systemAccess: true });

      await sql`
        create table dead_letter (
          id uuid primary key default gen_random_uuid(),
          consumer text not null,
          event_id text not null,
          tenant_id text,
          subject text not null,
          type text,
          payload text not null,
          error text not null,
          deliveries integer not null,
          parked_at timestamptz not null default now(),
          replay_attempts integer not null default 0,
          last_replay_at timestamptz,
          unique (consumer, event_id)
        )`.execute(db);
      await enableTenantRls(db, 'dead_letter', { systemAccess: true });
    },
  },
  // answers to requests that carried an Idempotency-Key (src/http/idempotency.ts), kept 24 hours
  '0002_idempotency_key': {
    async up(db) {
      await sql`
        create table idempotency_key (
          tenant_id text not null,
          key text not null,
          request_hash text not null,
          state text not null check (state in ('pending', 'done')),
          status integer,
          headers jsonb,
          body text,
          created_at timestamptz not null default now(),
          primary key (tenant_id, key)
        )`.execute(db);
      await sql`create index idempotency_key_created_at on idempotency_key (created_at)`.execute(db);
      // the system scope only prunes expired keys
      await enableTenantRls(db, 'idempotency_key', { systemAccess: true });
    },
  },
};

class RecordProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations() {
    return this.migrations;
  }
}

async function runMigrator(db: Kysely<unknown>, migrations: Record<string, Migration>, table: string, logger?: Logger) {
  const migrator = new Migrator({
    db,
    provider: new RecordProvider(migrations),
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const r of results ?? []) {
    if (r.status === 'Success') logger?.info({ migration: r.migrationName }, 'migrated');
    if (r.status === 'Error') logger?.error({ migration: r.migrationName }, 'migration failed');
  }
  if (error) throw error;
}

/**
 * The application role: it owns nothing and is not a superuser, so row-level security always
 * applies to it. Roles are cluster-wide, so several service databases share it.
 */
async function ensureAppRole(db: Kysely<unknown>, role: string): Promise<void> {
  const r = sql.id(role);
  const quoted = pg.escapeLiteral(role);
  await sql
    .raw(
      `do $$ begin
         if not exists (select 1 from pg_roles where rolname = ${quoted}) then
           create role ${pg.escapeIdentifier(role)} nologin nosuperuser nobypassrls;
         end if;
       exception when duplicate_object or unique_violation then null;
       end $$`,
    )
    .execute(db);
  // An owner that also serves requests (one login for both, a small set-up) must be a member of the role
  // to switch to it. With the roles of db/roles.ts the owner only migrates and need not be one; it
  // cannot grant itself membership either (no CREATEROLE), so set-up's memberships are left as they are.
  const me = await sql<{ rolsuper: boolean; member: boolean; createrole: boolean }>`
    select rolsuper, rolcreaterole as createrole, pg_has_role(current_user, ${role}, 'member') as member
      from pg_roles where rolname = current_user`.execute(db);
  const self = me.rows[0];
  if (self && !self.rolsuper && !self.member && self.createrole) await sql`grant ${r} to current_user`.execute(db);
  await sql`grant usage on schema public to ${r}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${r}`.execute(db);
  await sql`grant usage, select on all sequences in schema public to ${r}`.execute(db);
  await sql`revoke all on kit_migration, kit_migration_lock, kysely_migration, kysely_migration_lock from ${r}`.execute(
    db,
  );
}

export interface MigrateOptions {
  url: string;
  appRole: string;
  migrations: Record<string, Migration>;
  logger?: Logger;
}

/** Creates the database if needed, applies the kit's and the service's migrations, and grants the app role. */
export async function migrateDatabase(opts: MigrateOptions): Promise<void> {
  await ensureDatabaseExists(opts.url);
  const db = createAdminKysely(opts.url);
  try {
    await runMigrator(db, kitMigrations, 'kit_migration', opts.logger);
    await runMigrator(db, opts.migrations, 'kysely_migration', opts.logger);
    await ensureAppRole(db, opts.appRole);
  } finally {
    await db.destroy();
  }
}

export interface RlsFinding {
  table: string;
  problem: string;
}

/**
 * Every table with a tenant_id column must have row-level security enabled and forced, with a
 * policy; and the application role must not be able to bypass it. Used by every service's tests.
 */
export async function checkTenantIsolation(db: Kysely<unknown>, appRole: string): Promise<RlsFinding[]> {
  const tables = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number; owner: string }>`
    select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
           (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
           pg_get_userbyid(c.relowner) as owner
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by 1`.execute(db);
  const findings: RlsFinding[] = [];
  for (const t of tables.rows) {
    if (!t.enabled) findings.push({ table: t.table, problem: 'row level security is not enabled' });
    if (!t.forced) findings.push({ table: t.table, problem: 'row level security is not forced' });
    if (t.policies === 0) findings.push({ table: t.table, problem: 'has no policy' });
    if (t.owner === appRole) findings.push({ table: t.table, problem: `is owned by the application role ${appRole}` });
  }
  const role = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = ${appRole}`.execute(db);
  const r = role.rows[0];
  if (!r) findings.push({ table: '*', problem: `application role ${appRole} does not exist` });
  else if (r.rolsuper || r.rolbypassrls)
    findings.push({ table: '*', problem: `application role ${appRole} bypasses row level security` });
  return findings;
}
