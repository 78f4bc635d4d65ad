/** Reference data per tenant and year: versioned codes, all-or-nothing CSV imports with a row report, catalogue edits audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  ACCOUNTS,
  addLine,
  addSub,
  asphalt,
  CATALOGUE,
  NOMENCLATURE,
  openUnit,
  putCsv,
  ROAD,
  seedReference,
  start,
  YEAR,
  type H,
} from './fixtures.js';

let h: H;
beforeAll(async () => {
  h = await start();
  await seedReference(h);
});
afterAll(async () => h?.stop());

const count = async (table: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db)).rows[0]!.n;

describe('nomenclature and account imports', () => {
  it('refuse a file with bad rows as a whole, listing every row and why', async () => {
    const before = await count('nomenclature');
    const csv = `code,name,output,indicator,unit_of_measure
1,URUSAN WAJIB PELAYANAN DASAR,,,
1.01,PENDIDIKAN,,,
1.01.02,PROGRAM PENGELOLAAN PENDIDIKAN,,,
1.01.02.1.01,Pengelolaan Pendidikan SMA,,,
1.01.02.2.01,Pengelolaan Pendidikan Sekolah Dasar,,,
1.01.02.2.01.0001,Pembangunan Unit Sekolah Baru,,Jumlah unit,unit
1.01.03.2.01.0001,Tanpa induk,Output,Indikator,unit
9.01,Urusan tidak ada,,,
1.01,PENDIDIKAN lagi,,,
`;
    const res = await putCsv(h, '/v1/admin/reference/2027/nomenclature', csv);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ code: 'csv_invalid', rejectedRows: 5 });
    const fields = body.errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^line 5: code: .*provinsi.*uses 2/),
        expect.stringMatching(/^line 7: output: must not be empty/),
        expect.stringMatching(/^line 8: code: its parent 1\.01\.03\.2\.01 is not in the file/),
        expect.stringMatching(/^line 9: code: /),
        expect.stringMatching(/^line 10: code: code 1\.01 is already on line 3/),
      ]),
    );
    expect(await count('nomenclature')).toBe(before);
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from reference_version where version = '2027'`.execute(h.db))
        .rows[0]!.n,
    ).toBe(0);
  });

  it('refuse a wrong header, broken CSV and a JSON body with a clear problem', async () => {
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', 'kode,nama\n5,BELANJA\n')).json()).toMatchObject({
      status: 422,
      code: 'csv_invalid',
      errors: [{ field: 'header' }],
    });
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', 'code,name\n"5,BELANJA\n')).json()).toMatchObject({
      status: 422,
      code: 'csv_invalid',
      errors: [{ field: 'csv', message: 'a quoted field is not closed' }],
    });
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', 'code,name\n5,BEL\u0000ANJA\n')).json()).toMatchObject(
      { status: 422, code: 'csv_invalid', errors: [{ field: 'line 2', message: 'contains a NUL character' }] },
    );
    const latin1 = Buffer.concat([Buffer.from('code,name\n5,BELANJA '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', latin1 as unknown as string)).json()).toMatchObject({
      status: 422,
      code: 'csv_invalid',
      errors: [{ field: 'csv' }],
    });
    const long = `code,name\n5,"${'x'.repeat(70_000)}"\n`;
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', long)).json()).toMatchObject({
      status: 422,
      code: 'csv_invalid',
      errors: [{ field: 'csv', message: 'a row is longer than 65536 bytes' }],
    });
    const json = await h.inject({
      method: 'PUT',
      url: '/v1/admin/reference/2027/accounts',
      headers: await h.as.admin(),
      payload: { code: '5' },
    });
    expect(json.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
  });

  it('are for admins only', async () => {
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', ACCOUNTS, await h.as.tapd())).json()).toMatchObject({
      status: 403,
      code: 'forbidden_role',
    });
  });

  it('a version a year was drafted under is frozen; the year keeps it when the next version is loaded', async () => {
    await openUnit(h, 'dsdabm', '1000000000');
    expect((await addSub(h, 'dsdabm')).statusCode).toBe(201);
    const frozen = await putCsv(h, '/v1/admin/reference/2026/nomenclature', NOMENCLATURE);
    expect(frozen.json()).toMatchObject({ status: 409, code: 'fiscal_year_exists' });
    // the 2027 decree drops and renames codes
    const next = NOMENCLATURE.split('\n')
      .filter((l) => !l.startsWith('1.03.10.2.01.0021'))
      .join('\n');
    expect((await putCsv(h, '/v1/admin/reference/2027/nomenclature', next)).statusCode).toBe(200);
    expect((await putCsv(h, '/v1/admin/reference/2027/accounts', ACCOUNTS)).statusCode).toBe(200);
    const y2027 = await h.inject({
      method: 'PUT',
      url: '/v1/admin/years/2027',
      headers: await h.as.admin(),
      payload: { version: '2027' },
    });
    expect(y2027.json()).toMatchObject({ year: 2027, version: '2027', created: true });
    // 2026 still drafts against 2026's codes
    const line = await addLine(h, 'dsdabm', asphalt());
    expect(line.statusCode, line.body).toBe(201);
    expect(
      (
        await h.inject({
          method: 'PUT',
          url: `/v1/admin/years/${YEAR}`,
          headers: await h.as.admin(),
          payload: { version: '2027' },
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'fiscal_year_exists', version: '2026' });
    // in 2027 the dropped code is unknown
    await h.inject({
      method: 'PUT',
      url: '/v1/budgets/2027/units/dsdabm/ceiling',
      headers: await h.as.tapd(),
      payload: { pagu: '1000' },
    });
    await h.inject({
      method: 'POST',
      url: '/v1/budgets/2027/units/dsdabm/open',
      headers: await h.as.tapd(),
      payload: {},
    });
    const sub = await h.inject({
      method: 'POST',
      url: '/v1/budgets/2027/units/dsdabm/sub-activities',
      headers: await h.as.officer('dsdabm'),
      payload: { code: ROAD, pagu: '1000', planningSource: 'none', indicators: [] },
    });
    expect(sub.json()).toMatchObject({ status: 422, code: 'unknown_code', errors: [{ field: 'code' }] });
  });
});

describe('the price catalogue', () => {
  it('refuses an import whose accounts are not sixth-level spending accounts of the year, applying nothing', async () => {
    const before = await count('catalogue_item');
    const bad = `${CATALOGUE.trimEnd()}\nX-1,SSH,Kertas,A4 80 gram,rim,-5,5.1.02.01.01,III,\n`;
    const res = await putCsv(h, `/v1/admin/catalogue/${YEAR}`, bad);
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['line 7: max_unit_price', 'line 7: accounts', 'line 7: annex', 'line 7: source']),
    );
    expect(await count('catalogue_item')).toBe(before);
  });

  it('an admin edits one item; the change is audited and holds for the next line', async () => {
    const admin = await h.as.admin();
    const res = await h.inject({
      method: 'PUT',
      url: `/v1/admin/catalogue/${YEAR}/items/HSPK-JLN-01`,
      headers: admin,
      payload: {
        catalogue: 'HSPK',
        name: 'Lapis aspal AC-WC',
        specification: 'Tebal 4 cm',
        unitOfMeasure: 'm2',
        maxUnitPrice: '150000',
        accounts: ['5.2.04.01.01.0001'],
        annex: null,
        source: 'HSPK Kota Bandung 2026 (revisi)',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ maxUnitPrice: '150000', accounts: ['5.2.04.01.01.0001'] });
    const audit = await sql<{
      action: string;
      data: { max_unit_price: string };
    }>`select action, data from audit_entry where entity = 'catalogue_item' and entity_id = 'HSPK-JLN-01' order by seq desc limit 1`.execute(
      h.db,
    );
    expect(audit.rows[0]).toMatchObject({
      action: 'catalogue_item.saved',
      data: { max_unit_price: '150000', source: 'HSPK Kota Bandung 2026 (revisi)' },
    });
    expect((await addLine(h, 'dsdabm', asphalt({ unitPrice: '150001' }))).json()).toMatchObject({
      code: 'price_above_ceiling',
    });
    const wrong = await h.inject({
      method: 'PUT',
      url: `/v1/admin/catalogue/${YEAR}/items/X-2`,
      headers: admin,
      payload: {
        catalogue: 'SSH',
        name: 'X',
        unitOfMeasure: 'buah',
        maxUnitPrice: '1',
        accounts: ['4.1.01.01.01.0001'],
        source: 'x',
      },
    });
    expect(wrong.json()).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'accounts' }] });
  });

  it("staff list the year's items with prices as strings", async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/catalogue/${YEAR}?limit=2`,
      headers: await h.as.officer('dishub'),
    });
    expect(res.json().items).toEqual([
      expect.objectContaining({ code: '1.1.12.01.01.0001', maxUnitPrice: '3500' }),
      expect.objectContaining({ code: 'HSPK-JLN-01' }),
    ]);
    expect(
      (await h.inject({ method: 'GET', url: `/v1/catalogue/1999`, headers: await h.as.officer('dishub') })).statusCode,
    ).toBe(400);
    expect(
      (await h.inject({ method: 'GET', url: `/v1/catalogue/2030`, headers: await h.as.officer('dishub') })).json(),
    ).toMatchObject({ status: 404, code: 'fiscal_year_not_found' });
  });
});
