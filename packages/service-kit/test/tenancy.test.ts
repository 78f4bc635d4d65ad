import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { bearer, createTestEnvironment, mintToken, type TestEnvironment } from '@sinergi/testkit';
import { createAdminKysely, ServiceDatabase } from '../src/db/database.js';
import { checkTenantIsolation } from '../src/db/migrate.js';
import type { SampleDB } from './fixtures/sample-service.js';
import { startSample } from './helpers.js';

let env: TestEnvironment;
let db: ServiceDatabase<SampleDB>;
let admin: ReturnType<typeof createAdminKysely>;

beforeAll(async () => {
  env = await createTestEnvironment();
  db = new ServiceDatabase<SampleDB>({ url: env.databaseUrl, appRole: 'sinergi_app' });
  admin = createAdminKysely(env.databaseUrl);
  // rows of two tenants, written by the owner so the test does not depend on the code under test
  await sql`insert into note (id, tenant_id, unit, title) values
      ('bdg-1', '32.73', 'dsdabm', 'Jalan berlubang'), ('bdg-2', '32.73', 'dishub', 'Lampu mati'),
      ('palu-1', '72.71', 'dpupr', 'Drainase tersumbat')`.execute(admin);
});
afterAll(async () => {
  await db?.destroy();
  await admin?.destroy();
  await env?.cleanup();
});

describe('row-level security through withTenant', () => {
  it('when reading, then only the tenant’s rows are visible on every query path', async () => {
    await db.withTenant('32.73', async (trx) => {
      expect((await trx.selectFrom('note').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([
        'bdg-1',
        'bdg-2',
      ]);
      expect(await trx.selectFrom('note').selectAll().where('id', '=', 'palu-1').executeTakeFirst()).toBeUndefined();
      expect(
        (
          await trx
            .selectFrom('note')
            .select((eb) => eb.fn.countAll<bigint>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ).toBe(2n);
      expect(
        (await sql<{ id: string }>`select id from note where title like '%' order by id`.execute(trx)).rows.map(
          (r) => r.id,
        ),
      ).toEqual(['bdg-1', 'bdg-2']);
    });
  });

  it('when updating or deleting another tenant’s row, then nothing happens', async () => {
    await db.withTenant('32.73', async (trx) => {
      const upd = await trx
        .updateTable('note')
        .set({ title: 'hijacked' })
        .where('id', '=', 'palu-1')
        .executeTakeFirst();
      expect(upd.numUpdatedRows).toBe(0n);
      const del = await trx.deleteFrom('note').where('id', '=', 'palu-1').executeTakeFirst();
      expect(del.numDeletedRows).toBe(0n);
    });
    const palu = await sql<{ title: string }>`select title from note where id = 'palu-1'`.execute(admin);
    expect(palu.rows[0]?.title).toBe('Drainase tersumbat');
  });

  it('when inserting a row for another tenant, then the policy refuses it', async () => {
    await expect(
      db.withTenant('32.73', (trx) =>
        trx.insertInto('note').values({ id: 'x', tenant_id: '72.71', unit: 'dpupr', title: 'smuggled' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('when no tenant is set, then the application role sees nothing', async () => {
    const rows = await admin.transaction().execute(async (trx) => {
      await sql`set local role sinergi_app`.execute(trx);
      return (await sql`select id from note`.execute(trx)).rows;
    });
    expect(rows).toEqual([]);
  });

  it('when the system scope is used, then service tables stay hidden', async () => {
    const rows = await db.withSystem((trx) => trx.selectFrom('note').select('id').execute());
    expect(rows).toEqual([]);
  });

  it('when the scope cannot be set (no such role), then the error surfaces and the connection stays usable', async () => {
    const broken = new ServiceDatabase<SampleDB>({ url: env.databaseUrl, appRole: 'no_such_role', poolMax: 1 });
    try {
      await expect(broken.withTenant('32.73', (trx) => trx.selectFrom('note').selectAll().execute())).rejects.toThrow(
        /no_such_role/,
      );
      // the pool's only connection must not come back inside an aborted transaction
      await expect(broken.ping()).resolves.toBeUndefined();
    } finally {
      await broken.destroy();
    }
  });

  it('refuses a tenant that is not a region code', async () => {
    await expect(db.withTenant("32.73' or 1=1", async () => 1)).rejects.toThrow(/region code/);
  });
});

describe('tenant isolation over HTTP', () => {
  it('when two regions each list notes, then each sees only its own', async () => {
    const svc = await startSample(env);
    try {
      const list = async (tenant: string) =>
        (
          await svc.app.inject({
            method: 'GET',
            url: '/v1/notes',
            headers: bearer(await mintToken({ tenant, roles: ['auditor'] })),
          })
        )
          .json()
          .items.map((n: { id: string }) => n.id);
      expect(await list('32.73')).toEqual(['bdg-1', 'bdg-2']);
      expect(await list('72.71')).toEqual(['palu-1']);
      const cross = await svc.app.inject({
        method: 'GET',
        url: '/v1/notes/palu-1',
        headers: bearer(await mintToken({ tenant: '32.73', roles: ['auditor'] })),
      });
      expect(cross.statusCode).toBe(404);
    } finally {
      await svc.stop();
    }
  });
});

describe('catalog check', () => {
  it('passes for the migrated schema', async () => {
    expect(await checkTenantIsolation(admin, 'sinergi_app')).toEqual([]);
  });

  it('when a table with tenant_id lacks enabled and forced RLS, then it is reported', async () => {
    await sql`create table careless (id int primary key, tenant_id text not null)`.execute(admin);
    await sql`create table half_done (id int primary key, tenant_id text not null)`.execute(admin);
    await sql`alter table half_done enable row level security`.execute(admin);
    try {
      const findings = await checkTenantIsolation(admin, 'sinergi_app');
      expect(findings).toEqual(
        expect.arrayContaining([
          { table: 'careless', problem: 'row level security is not enabled' },
          { table: 'careless', problem: 'row level security is not forced' },
          { table: 'half_done', problem: 'row level security is not forced' },
          { table: 'half_done', problem: 'has no policy' },
        ]),
      );
    } finally {
      await sql`drop table careless, half_done`.execute(admin);
    }
  });
});
