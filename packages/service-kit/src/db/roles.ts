import pg from 'pg';

/**
 * The PostgreSQL roles of one service (README, "Database roles"):
 * - `owner` logs in for migrations only and owns the database, its schema and its tables;
 * - `app` cannot log in and owns nothing: row-level security always applies to it, and migrations
 *   grant it exactly SELECT/INSERT/UPDATE/DELETE on the tables;
 * - `runtime` is what the service logs in as (DATABASE_URL): NOINHERIT, so on its own it can do
 *   nothing but connect and LISTEN; each transaction becomes `app` (the kit's `set_config('role', …)`).
 * None of them is a superuser, creates roles or databases, or bypasses row-level security.
 */
export interface ServiceRoles {
  database: string;
  owner: string;
  runtime: string;
  app: string;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,54}$/;

/** `sinergi_complaints` → owner `sinergi_complaints_owner`, runtime `…_runtime`, app `…_app`. */
export function serviceRoles(database: string, base = database, app = `${base}_app`): ServiceRoles {
  for (const name of [database, base, app]) {
    if (!ROLE_NAME.test(name)) throw new Error(`not a plain lowercase PostgreSQL name: ${JSON.stringify(name)}`);
  }
  return { database, owner: `${base}_owner`, runtime: `${base}_runtime`, app };
}

const id = (name: string) => pg.escapeIdentifier(name);
const lit = (value: string) => pg.escapeLiteral(value);

interface RoleShape {
  login: boolean;
  inherit: boolean;
}

/**
 * Creates the role when missing and corrects its attributes when they differ. Nothing is altered when
 * all is right: concurrent set-ups (two test runs) then never update the same catalogue row.
 */
async function ensureRole(c: pg.Client, name: string, shape: RoleShape, password?: string): Promise<void> {
  const attrs = `${shape.login ? 'login' : 'nologin'} ${shape.inherit ? 'inherit' : 'noinherit'} nosuperuser nocreatedb nocreaterole nobypassrls noreplication`;
  await c.query(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = ${lit(name)}) then create role ${id(name)} ${attrs}; end if;
    exception when duplicate_object or unique_violation then null;
    end $$`);
  const { rows } = await c.query<{ ok: boolean }>(
    `select (rolcanlogin = $2 and rolinherit = $3 and not rolsuper and not rolcreatedb and not rolcreaterole
             and not rolbypassrls and not rolreplication) as ok
       from pg_roles where rolname = $1`,
    [name, shape.login, shape.inherit],
  );
  if (!rows[0]?.ok) await c.query(`alter role ${id(name)} ${attrs}`);
  if (password !== undefined) await c.query(`alter role ${id(name)} password ${lit(password)}`);
}

async function ensureMember(c: pg.Client, role: string, member: string): Promise<void> {
  const { rows } = await c.query(
    `select 1 from pg_auth_members m
       join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member
      where r.rolname = $1 and u.rolname = $2`,
    [role, member],
  );
  if (rows.length > 0) return;
  await c.query(`do $$ begin grant ${id(role)} to ${id(member)};
    exception when unique_violation then null; end $$`);
}

/** Only the service's own roles connect to its database (PUBLIC's default CONNECT and TEMP are revoked). */
export async function grantDatabaseAccess(c: pg.Client, roles: ServiceRoles): Promise<void> {
  const db = id(roles.database);
  await c.query(`revoke all on database ${db} from public`);
  await c.query(`grant connect, temporary on database ${db} to ${id(roles.owner)}`);
  await c.query(`grant connect on database ${db} to ${id(roles.runtime)}`);
}

/**
 * Databases migrated before the owner role existed belong to the superuser: hand the schema and every
 * table, view, sequence, function and type in it to the owner, so migrations keep working as the owner.
 */
async function handOverSchema(c: pg.Client, owner: string): Promise<void> {
  await c.query(`alter schema public owner to ${id(owner)}`);
  await c.query(`revoke create on schema public from public`);
  await c.query(`do $$ declare o record; begin
    for o in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
                and pg_get_userbyid(c.relowner) <> ${lit(owner)}
                -- a sequence owned by a column moves with its table
                and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
    loop
      execute format('alter %s %I owner to %I',
        case o.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence'
                       when 'f' then 'foreign table' else 'table' end, o.relname, ${lit(owner)});
    end loop;
    for o in select p.oid::regprocedure as sig, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> ${lit(owner)}
    loop
      execute format('alter %s %s owner to %I', case o.prokind when 'p' then 'procedure' else 'function' end, o.sig, ${lit(owner)});
    end loop;
    for o in select t.oid::regtype as typ from pg_type t join pg_namespace n on n.oid = t.typnamespace
              where n.nspname = 'public' and t.typtype in ('e', 'd', 'c', 'r') and pg_get_userbyid(t.typowner) <> ${lit(owner)}
                and (t.typrelid = 0 or (select relkind from pg_class where oid = t.typrelid) = 'c')
    loop
      execute format('alter type %s owner to %I', o.typ, ${lit(owner)});
    end loop;
  end $$`);
}

/**
 * Custom settings a migration may name in a function's `SET` clause (budgeting's `peer_item_aggregates`
 * opens its policy with `set app.peer_aggregates = 'on'`). PostgreSQL lets a non-superuser name such a
 * placeholder there only with `GRANT SET ON PARAMETER` (15+): the owner gets exactly these. Setting them
 * with `set_config` at run time needs no grant, and grants nothing beyond what policies already check.
 */
export const FUNCTION_PARAMETERS = ['app.tenant', 'app.scope', 'app.peer_aggregates'];

/** Grants SET on each parameter the owner lacks it on; a concurrent set-up's grant is retried, then taken as done. */
async function grantParameters(c: pg.Client, owner: string): Promise<void> {
  for (const parameter of FUNCTION_PARAMETERS) {
    for (let attempt = 1; ; attempt++) {
      const { rows } = await c.query<{ ok: boolean }>(`select has_parameter_privilege($1, $2, 'SET') as ok`, [
        owner,
        parameter,
      ]);
      if (rows[0]?.ok) break;
      try {
        await c.query(`grant set on parameter ${parameter} to ${id(owner)}`);
        break;
      } catch (err) {
        // "tuple concurrently updated": another set-up granted on the same parameter at this moment
        if (attempt >= 3) throw err;
      }
    }
  }
}

export interface RoleSetupOptions {
  /** A superuser's connection string (any database of the server): set-up is the only place it is used. */
  adminUrl: string;
  roles: ServiceRoles;
  /** Unset: the role gets no password (a server with trust or peer authentication, a test). */
  ownerPassword?: string;
  runtimePassword?: string;
}

/**
 * Idempotent set-up of one service's roles and database (`npx sinergi db setup`, compose's `db-setup`,
 * `npm start`, the test kit): safe to run again after an upgrade or on a database that exists already.
 */
export async function setupServiceRoles(o: RoleSetupOptions): Promise<void> {
  const { roles } = o;
  const admin = new URL(o.adminUrl);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString(), application_name: 'sinergi-db-setup' });
  await c.connect();
  try {
    const me = await c.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
    if (!me.rows[0]?.rolsuper) throw new Error('database set-up needs a superuser connection (SINERGI_POSTGRES_URL)');
    await ensureRole(c, roles.owner, { login: true, inherit: true }, o.ownerPassword);
    await ensureRole(c, roles.app, { login: false, inherit: true });
    await ensureRole(c, roles.runtime, { login: true, inherit: false }, o.runtimePassword);
    await ensureMember(c, roles.app, roles.runtime);
    await grantParameters(c, roles.owner);
    const found = await c.query<{ owner: string }>(
      'select pg_get_userbyid(datdba) as owner from pg_database where datname = $1',
      [roles.database],
    );
    if (found.rows.length === 0) {
      await c
        .query(`create database ${id(roles.database)} owner ${id(roles.owner)}`)
        .catch((err: { code?: string }) => {
          if (err.code !== '42P04') throw err; // created meanwhile by another set-up
        });
    } else if (found.rows[0]!.owner !== roles.owner) {
      await c.query(`alter database ${id(roles.database)} owner to ${id(roles.owner)}`);
    }
    await grantDatabaseAccess(c, roles);
  } finally {
    await c.end();
  }
  const target = new URL(o.adminUrl);
  target.pathname = `/${roles.database}`;
  const d = new pg.Client({ connectionString: target.toString(), application_name: 'sinergi-db-setup' });
  await d.connect();
  try {
    await handOverSchema(d, roles.owner);
  } finally {
    await d.end();
  }
}

/** `postgres://user:password@host/db` for one of the roles, from the superuser's URL (host and port kept). */
export function roleUrl(adminUrl: string, role: string, database: string, password?: string): string {
  const u = new URL(adminUrl);
  u.username = encodeURIComponent(role);
  u.password = password === undefined ? '' : encodeURIComponent(password);
  u.pathname = `/${database}`;
  return u.toString();
}
