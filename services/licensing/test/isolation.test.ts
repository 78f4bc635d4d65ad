/**
 * Tenants are walled off: every table with tenant_id is behind forced RLS; a Palu token never
 * reaches a Bandung application or permit; a token cannot name another region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { api, startLicensing, type Created, type Harness } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let bandung: Created;
let palu: Created;
let bandungPermit: string;

beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
  const paluAdmin = await c.as.admin({ tenant: '72.71' });
  const put = await c.app.inject({
    method: 'PUT',
    url: '/v1/admin/permit-types/lokasi-pkl',
    headers: paluAdmin,
    payload: {
      code: 'lokasi-pkl',
      name: 'Izin Lokasi PKL Palu',
      unit: 'dpmptsp',
      fields: [{ code: 'jenis-dagangan', label: 'Jenis dagangan', type: 'text' }],
      fee: { kind: 'free' },
    },
  });
  expect(put.statusCode, put.body).toBe(200);
  palu = await a.created('lokasi-pkl', { 'jenis-dagangan': 'Kaledo' }, {}, '?tenant=72.71');
  bandung = await a.assessed('lokasi-pkl');
  await a.staffOk(bandung.registrationNumber, 'approve', await c.as.officer('dpmptsp'));
  bandungPermit = (await a.pay(bandung.registrationNumber, 'PAY-ISO-1', '45000', await c.as.integrator())).json()
    .permitNumber;
});
afterAll(async () => c?.stop());

describe('row-level security', () => {
  it('guards every table with tenant_id', async () => {
    expect(await checkTenantIsolation(c.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    const tables = await sql<{
      table_name: string;
    }>`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`.execute(
      c.db,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'permit_type',
        'application',
        'application_timeline',
        'application_document',
        'permit',
        'permit_sequence',
        'outbox',
      ]),
    );
  });

  it('the application role sees and changes only the region it works for', async () => {
    const seen = await c.service.ctx.db.withTenant('72.71', (trx) =>
      trx.selectFrom('application').select('registration_number').execute(),
    );
    expect(seen.map((r) => r.registration_number)).toEqual([palu.registrationNumber]);
    const types = await c.service.ctx.db.withTenant('72.71', (trx) =>
      trx.selectFrom('permit_type').select('name').execute(),
    );
    expect(types.map((t) => t.name)).toEqual(['Izin Lokasi PKL Palu']);
    expect(
      await c.service.ctx.db.withTenant('72.71', (trx) => trx.selectFrom('permit').select('number').execute()),
    ).toEqual([]);
    await expect(
      c.service.ctx.db.withTenant('72.71', (trx) =>
        trx.updateTable('permit').set({ revoke_reason: 'disusupi' }).returning('id').execute(),
      ),
    ).resolves.toEqual([]);
  });
});

describe('across regions over HTTP', () => {
  it('a Palu admin cannot see or act on a Bandung application (404)', async () => {
    const paluAdmin = await c.as.admin({ tenant: '72.71' });
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/v1/staff/applications/${bandung.registrationNumber}`,
          headers: paluAdmin,
        })
      ).json(),
    ).toMatchObject({ status: 404, code: 'application_not_found' });
    expect(
      (await a.staff(bandung.registrationNumber, 'reject', paluAdmin, { reasons: ['Bukan wilayah Palu.'] })).statusCode,
    ).toBe(404);
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: '/v1/staff/permits/revoke',
          headers: paluAdmin,
          payload: { number: bandungPermit, category: 'other', reason: 'Dicabut oleh Palu.' },
        })
      ).statusCode,
    ).toBe(404);
    const list = (await c.app.inject({ method: 'GET', url: '/v1/staff/applications', headers: paluAdmin })).json();
    expect(list.items.map((i: { registrationNumber: string }) => i.registrationNumber)).not.toContain(
      bandung.registrationNumber,
    );
  });

  it('the secret of a Bandung application opens nothing in Palu; a Bandung permit does not verify as Palu’s', async () => {
    expect((await a.get(bandung, { 'x-application-secret': bandung.secret }, '?tenant=72.71')).statusCode).toBe(404);
    expect((await a.verify(bandungPermit, '72.71')).statusCode).toBe(404);
    expect((await a.verify(bandungPermit, '32.73')).json()).toMatchObject({ status: 'active', signatureValid: true });
    expect((await a.get(palu, { 'x-application-secret': palu.secret }, '?tenant=72.71')).json()).toMatchObject({
      permitType: { name: 'Izin Lokasi PKL Palu' },
    });
  });

  it('a token cannot name another region', async () => {
    const res = await c.app.inject({
      method: 'GET',
      url: '/v1/staff/applications?tenant=32.73',
      headers: await c.as.admin({ tenant: '72.71' }),
    });
    expect(res.json()).toMatchObject({ status: 403, code: 'tenant_mismatch' });
  });
});
