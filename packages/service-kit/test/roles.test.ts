/**
 * Least privilege in PostgreSQL (db/roles.ts): two services set up as a deployment sets them up, on the
 * real server, with roles of their own that this file drops again.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import pg from 'pg';
import { sql, type Migration } from 'kysely';
import { ServiceDatabase } from '../src/db/database.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { roleUrl, serviceRoles, setupServiceRoles, type ServiceRoles } from '../src/db/roles.js';
import { sampleMigrations, type SampleDB } from './fixtures/sample-service.js';

const id = randomBytes(3).toString('hex');
const a = serviceRoles(`roles_a_${id}`);
const b = serviceRoles(`roles_b_${id}`);
let adminUrl: string;

/** Runs `fn` on one connection as `role` to `database`; the connection is closed after. */
async function as<T>(role: string, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: roleUrl(adminUrl, role, database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The SQLSTATE a statement fails with, or 'ok'. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code ?? String(err),
  );

/** The sample's tables, and a function naming a custom setting in its SET clause as budgeting's migrations do. */
const migrations: Record<string, Migration> = {
  ...sampleMigrations,
  '002_function': {
    async up(db) {
      await sql`create function peer_probe() returns text language sql stable set app.peer_aggregates = 'on'
                as $$ select current_setting('app.peer_aggregates', true) $$`.execute(db);
    },
  },
};

const migrate = (r: ServiceRoles) =>
  migrateDatabase({ url: roleUrl(adminUrl, r.owner, r.database), appRole: r.app, migrations });

beforeAll(async () => {
  adminUrl = inject('sinergi').adminUrl;
  for (const r of [a, b]) {
    await setupServiceRoles({ adminUrl, roles: r });
    await migrate(r);
  }
});

afterAll(async () => {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    for (const r of [a, b]) {
      await c.query(`drop database if exists ${pg.escapeIdentifier(r.database)} with (force)`);
      for (const role of [r.runtime, r.app, r.owner]) {
        await c.query(`drop owned by ${pg.escapeIdentifier(role)}`).catch(() => undefined);
        await c.query(`drop role if exists ${pg.escapeIdentifier(role)}`);
      }
    }
  } finally {
    await c.end();
  }
});

describe('the roles set-up makes', () => {
  it('when inspected, then no role is a superuser, creates roles or databases, or bypasses RLS; only the runtime does not inherit', async () => {
    const rows = await as(a.owner, a.database, async (c) =>
      (
        await c.query(
          `select rolname, rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolinherit, rolcanlogin
             from pg_roles where rolname = any($1) order by rolname`,
          [[a.owner, a.runtime, a.app]],
        )
      ).rows.map((r) => `${r.rolname.replace(`roles_a_${id}_`, '')} ${Object.values(r).slice(1).join(' ')}`),
    );
    expect(rows).toEqual([
      'app false false false false true false',
      'owner false false false false true true',
      'runtime false false false false false true',
    ]);
  });

  it('when migrated as the owner, then the owner owns every table and the app role owns none', async () => {
    const owners = await as(a.owner, a.database, async (c) =>
      (
        await c.query(
          `select distinct pg_get_userbyid(relowner) as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and relkind in ('r', 'p')`,
        )
      ).rows.map((r) => r.owner),
    );
    expect(owners).toEqual([a.owner]);
  });

  it('when a migration names an app.* setting in a function’s SET clause (budgeting’s peer aggregates), then the owner may', async () => {
    const seen = await as(a.owner, a.database, async (c) => (await c.query('select peer_probe() as v')).rows[0].v);
    expect(seen).toBe('on');
  });

  it('when run again (an upgrade), then nothing fails and nothing changes', async () => {
    await setupServiceRoles({ adminUrl, roles: a });
    await migrate(a);
    expect(await failure(as(a.runtime, a.database, (c) => c.query('select 1')))).toBe('ok');
  });
});

describe('the runtime login', () => {
  it('when it alters, drops or truncates a table, then PostgreSQL refuses: it owns nothing', async () => {
    await as(a.runtime, a.database, async (c) => {
      expect(await failure(c.query('alter table note add column x text'))).toBe('42501');
      expect(await failure(c.query('drop table note'))).toBe('42501');
      expect(await failure(c.query(`set role ${a.app}`).then(() => c.query('truncate note')))).toBe('42501');
      expect(await failure(c.query('reset role').then(() => c.query('create table mine (x int)')))).toBe('42501');
    });
  });

  it('when it reads a table without becoming the app role, then it has no privilege at all (NOINHERIT)', async () => {
    await as(a.runtime, a.database, async (c) => {
      expect(await failure(c.query('select * from note'))).toBe('42501');
    });
  });

  it('when it tries to become the owner or another service’s roles, then SET ROLE is refused', async () => {
    await as(a.runtime, a.database, async (c) => {
      for (const role of [a.owner, b.app, b.owner, b.runtime]) {
        expect(await failure(c.query(`set role ${pg.escapeIdentifier(role)}`))).toBe('42501');
      }
      expect(await failure(c.query(`set role ${pg.escapeIdentifier(a.app)}`))).toBe('ok');
    });
  });

  it('when it connects to another service’s database, then the connection is refused', async () => {
    expect(await failure(as(a.runtime, b.database, (c) => c.query('select 1')))).toBe('42501');
    expect(await failure(as(b.owner, a.database, (c) => c.query('select 1')))).toBe('42501');
    expect(await failure(as(b.runtime, b.database, (c) => c.query('select 1')))).toBe('ok');
  });

  it('when the kit switches to the app role per transaction, then it writes its tenant’s rows and sees no other tenant’s', async () => {
    const db = new ServiceDatabase<SampleDB>({ url: roleUrl(adminUrl, a.runtime, a.database), appRole: a.app });
    try {
      await db.withTenant('32.73', (trx) =>
        trx
          .insertInto('note')
          .values({ id: `bdg-${id}`, tenant_id: '32.73', unit: 'dsdabm', title: 'Jalan' })
          .execute(),
      );
      await db.withTenant('72.71', (trx) =>
        trx
          .insertInto('note')
          .values({ id: `palu-${id}`, tenant_id: '72.71', unit: 'dpupr', title: 'Drainase' })
          .execute(),
      );
      const seen = await db.withTenant('32.73', (trx) => trx.selectFrom('note').select('id').execute());
      expect(seen.map((r) => r.id)).toEqual([`bdg-${id}`]);
      const forged = await failure(
        db.withTenant('32.73', (trx) =>
          trx.insertInto('note').values({ id: 'x', tenant_id: '72.71', unit: 'u', title: 'Palsu' }).execute(),
        ),
      );
      expect(forged).toBe('42501');
    } finally {
      await db.destroy();
    }
  });
});

describe('a database migrated before the roles existed', () => {
  const c = serviceRoles(`roles_c_${id}`);
  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${pg.escapeIdentifier(c.database)} with (force)`);
    for (const role of [c.runtime, c.app, c.owner]) {
      await admin.query(`drop owned by ${pg.escapeIdentifier(role)}`).catch(() => undefined);
      await admin.query(`drop role if exists ${pg.escapeIdentifier(role)}`);
    }
    await admin.end();
  });

  it('when set up afterwards, then its tables pass to the owner and migrations go on as the owner', async () => {
    const superUrl = new URL(adminUrl);
    superUrl.pathname = `/${c.database}`;
    // as deployments did before: migrated by the superuser, tables owned by it
    await migrateDatabase({ url: superUrl.toString(), appRole: c.app, migrations: sampleMigrations });
    await setupServiceRoles({ adminUrl, roles: c });
    const later: Record<string, Migration> = {
      ...sampleMigrations,
      '002_more': {
        async up(db) {
          await sql`alter table note add column more text`.execute(db);
        },
      },
    };
    await migrateDatabase({ url: roleUrl(adminUrl, c.owner, c.database), appRole: c.app, migrations: later });
    const owners = await as(c.owner, c.database, async (k) =>
      (
        await k.query(
          `select distinct pg_get_userbyid(relowner) as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and relkind in ('r', 'p')`,
        )
      ).rows.map((r) => r.owner),
    );
    expect(owners).toEqual([c.owner]);
  });
});
