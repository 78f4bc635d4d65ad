/** Tenants are walled off: every table with tenant_id is behind forced RLS, and Palu reaches nothing of Bandung's. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { addLine, addSub, asphalt, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';

let h: H;
beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
  expect((await addLine(h, 'dsdabm', asphalt())).statusCode).toBe(201);
});
afterAll(async () => h?.stop());

describe('row-level security', () => {
  it('guards every table with tenant_id', async () => {
    expect(await checkTenantIsolation(h.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`.execute(
      h.db,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'reference_version',
        'nomenclature',
        'account',
        'fiscal_year',
        'catalogue_item',
        'unit_budget',
        'sub_activity',
        'line_item',
        'review_note',
        'spending_rule',
        'audit_head',
        'audit_entry',
      ]),
    );
  });

  it('the application role sees and changes nothing of another region', async () => {
    const db = h.ctx.db;
    expect(await db.withTenant('72.71', (trx) => trx.selectFrom('line_item').select('id').execute())).toEqual([]);
    expect(await db.withTenant('72.71', (trx) => trx.selectFrom('catalogue_item').select('code').execute())).toEqual(
      [],
    );
    expect(
      await db.withTenant('72.71', (trx) =>
        trx.updateTable('unit_budget').set({ pagu: 1n }).returning('unit').execute(),
      ),
    ).toEqual([]);
    expect(await db.withTenant('72.71', (trx) => trx.selectFrom('audit_entry').select('seq').execute())).toEqual([]);
  });
});

describe('across regions over HTTP', () => {
  it("Palu has no 2026 budget year of its own; Bandung's stays invisible to it", async () => {
    const paluTapd = await h.as.tapd({ tenant: '72.71' });
    expect((await h.inject({ method: 'GET', url: `/v1/catalogue/${YEAR}`, headers: paluTapd })).json()).toMatchObject({
      status: 404,
      code: 'fiscal_year_not_found',
    });
    expect(
      (await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dsdabm`, headers: paluTapd })).json(),
    ).toMatchObject({ status: 404, code: 'unit_not_found' });
    expect(
      (
        await h.inject({
          method: 'GET',
          url: `/v1/audit/verify?year=${YEAR}`,
          headers: await h.as.auditor({ tenant: '72.71' }),
        })
      ).json(),
    ).toMatchObject({ intact: true, entries: 0 });
    expect((await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}?tenant=72.71` })).json()).toMatchObject({
      version: null,
      lines: [],
    });
  });

  it("Palu loads its own reference data beside Bandung's, under the same version name", async () => {
    await seedReference(h, '72.71');
    const palu = await h.ctx.db.withTenant('72.71', (trx) => trx.selectFrom('catalogue_item').select('code').execute());
    expect(palu).toHaveLength(5);
    const bandung = await h.ctx.db.withTenant('32.73', (trx) =>
      trx.selectFrom('catalogue_item').select('code').execute(),
    );
    expect(bandung).toHaveLength(5);
  });

  it('a token cannot name another region', async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/catalogue/${YEAR}?tenant=32.73`,
      headers: await h.as.admin({ tenant: '72.71' }),
    });
    expect(res.json()).toMatchObject({ status: 403, code: 'tenant_mismatch' });
  });
});
