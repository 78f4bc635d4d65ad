/** The bulk import: what it writes, one audit entry for the whole file, and every refusal, with nothing applied. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addSub, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';
import { asphaltRow, listed, penRow, postImport, sipdCsv } from './import-fixtures.js';

let h: H;
const LLAJ = '2.15.02.2.01.0001';
const TRAVEL = '7.01.01.2.06.0002';

const lines = async (unit?: string) =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*)::text as n from line_item where year = ${YEAR} and (${unit ?? null}::text is null or unit = ${unit ?? null})`.execute(
        h.db,
      )
    ).rows[0]!.n,
  );
const auditEntries = async () =>
  (
    await sql<{
      action: string;
      data: Record<string, unknown>;
    }>`select action, data from audit_entry where year = ${YEAR} order by seq`.execute(h.db)
  ).rows;

beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '50000000');
  // dishub's budget goes to TAPD and is approved: no import may touch it
  expect((await addSub(h, 'dishub', { code: LLAJ, pagu: '50000000' })).statusCode).toBe(201);
  for (const [action, headers] of [
    ['submit', await h.as.head('dishub')],
    ['approve', await h.as.tapd()],
  ] as const) {
    const res = await h.inject({
      method: 'POST',
      url: `/v1/budgets/${YEAR}/units/dishub/${action}`,
      headers,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});
afterAll(async () => h?.stop());

describe('refusals (all or nothing)', () => {
  it('lists every bad row with its column and code, and applies nothing', async () => {
    const before = (await auditEntries()).length;
    const file = sipdCsv([
      asphaltRow(), // row 2: valid
      asphaltRow({ kode_sub_giat: '1.03.10.2.01.9999' }), // 3
      penRow({ kode_akun: '5.1.02.01.01.0099' }), // 4: not an account of the version
      penRow({ kode_akun: '5.2.04.01.01.0001' }), // 5: an account the ballpoint is not mapped to
      asphaltRow({ harga_satuan: '190000', total_harga: '253080000' }), // 6: above the HSPK price
      penRow({
        kode_akun: '5.1.02.02.01.0003',
        kode_standar_harga: 'SBU-HON-01',
        volum1: '2',
        sat1: 'OJ',
        volum2: '',
        sat2: '',
        harga_satuan: '950000',
        total_harga: '1900000',
      }), // 7: Annex I
      penRow({
        kode_standar_harga: 'SBU-PML-01',
        volum1: '100',
        sat1: 'm2',
        volum2: '',
        sat2: '',
        harga_satuan: '70000',
        total_harga: '7000000',
      }), // 8: Annex II, no reason
      asphaltRow({ total_harga: '246420001' }), // 9: arithmetic
      penRow({ kode_skpd: 'dishub', kode_sub_giat: LLAJ, pagu: '50000000' }), // 10: approved unit
      penRow({ kode_skpd: 'dishub', kode_sub_giat: LLAJ, pagu: '50000000' }), // 11: counted with it
      penRow({ kode_skpd: 'dinas-rahasia' }), // 12
      asphaltRow({ kode_sub_giat: TRAVEL, pagu: '100000000' }), // 13: above the sub-activity's ceiling
      asphaltRow({ harga_satuan: '185000.50' }), // 14: not whole rupiah
      penRow({ volum2: '', sat2: '', volum3: '2', sat3: 'kali' }), // 15: a gap in the factors
      penRow({ pagu: '400000000' }), // 16: another ceiling for the same sub-activity
    ]);
    const res = await postImport(h, file);
    expect(res.statusCode, res.body).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ code: 'import_rejected', problems: 13, rejectedRows: 14 });
    expect(listed(body)).toEqual([
      '3 kode_sub_giat unknown_code',
      '4 kode_akun unknown_code',
      '5 kode_akun account_not_allowed',
      '6 harga_satuan price_above_ceiling',
      '7 harga_satuan price_above_ceiling',
      '8 alasan_harga excess_reason_required',
      '9 total_harga total_mismatch',
      '10 kode_skpd budget_not_editable',
      '12 kode_skpd unknown_unit',
      '13 total_harga ceiling_exceeded',
      '14 harga_satuan invalid_amount',
      '15 volum3 invalid_quantity',
      '16 pagu pagu_mismatch',
    ]);
    expect(body.errors[0]).toEqual({
      in: 'body',
      field: 'row 3: kode_sub_giat',
      message: expect.stringContaining('unknown_code'),
    });
    expect(body.rows.find((r: { row: number }) => r.row === 9).message).toContain('is 246420000');
    expect(await lines()).toBe(0);
    expect((await auditEntries()).length).toBe(before);
  });

  it("refuses sub-activity ceilings above the unit's ceiling", async () => {
    const res = await postImport(
      h,
      sipdCsv([asphaltRow({ pagu: '600000000' }), penRow({ kode_sub_giat: TRAVEL, pagu: '600000000' })]),
    );
    expect(res.json()).toMatchObject({ status: 422, code: 'import_rejected' });
    expect(listed(res.json())).toEqual(['2 pagu ceiling_exceeded']);
    expect(await lines()).toBe(0);
  });

  it('refuses a file without the required columns at its header', async () => {
    const res = await postImport(h, 'kode_skpd,kode_akun\ndsdabm,5.2.04.01.01.0001\n');
    expect(res.json()).toMatchObject({ status: 422, code: 'import_rejected', problems: 1 });
    expect(res.json().rows[0]).toMatchObject({ row: 1, column: 'header', code: 'missing_columns' });
  });

  it('a bad row at the end of thousands of good ones leaves nothing (batches already written are rolled back)', async () => {
    const good = Array.from({ length: 4500 }, () => penRow({ pagu: '2000000000' }));
    const bad = penRow({ pagu: '2000000000', total_harga: '1' });
    await h.inject({
      method: 'PUT',
      url: `/v1/budgets/${YEAR}/units/dsdabm/ceiling`,
      headers: await h.as.tapd(),
      payload: { pagu: '3000000000' },
    });
    const res = await postImport(h, sipdCsv([...good, bad]));
    expect(res.json()).toMatchObject({ status: 422, problems: 1, rejectedRows: 1 });
    expect(listed(res.json())).toEqual(['4502 total_harga total_mismatch']);
    expect(await lines()).toBe(0);
    expect(
      Number(
        (await sql<{ n: string }>`select count(*)::text as n from sub_activity where unit = 'dsdabm'`.execute(h.db))
          .rows[0]!.n,
      ),
    ).toBe(0);
  });

  it('is for admins and TAPD only', async () => {
    const file = sipdCsv([asphaltRow()]);
    for (const headers of [await h.as.officer('dsdabm'), await h.as.auditor(), await h.as.head('dsdabm')])
      expect((await postImport(h, file, { headers })).json()).toMatchObject({ status: 403, code: 'forbidden_role' });
    expect((await postImport(h, JSON.stringify({ a: 1 }), { contentType: 'application/json' })).json()).toMatchObject({
      status: 415,
    });
    expect(await lines()).toBe(0);
  });
});

describe('a good file', () => {
  it('writes sub-activities and lines in one transaction, audited as ONE entry with the file hash', async () => {
    const before = (await auditEntries()).length;
    const file = sipdCsv([
      asphaltRow(),
      penRow({ spek_komponen: 'Tinta biru', alasan_harga: '' }),
      penRow({
        kode_sub_giat: TRAVEL,
        pagu: '20000000',
        kode_standar_harga: 'SBU-PML-01',
        volum1: '100',
        sat1: 'm2',
        volum2: '',
        sat2: '',
        harga_satuan: '70000',
        pajak: '11',
        total_harga: '7770000',
        alasan_harga: 'Harga pasar 2026 naik, survei tiga toko',
      }),
    ]);
    const res = await postImport(h, file, { headers: await h.as.tapd() });
    expect(res.statusCode, res.body).toBe(200);
    const sha256 = createHash('sha256').update(file).digest('hex');
    expect(res.json()).toMatchObject({
      rows: 3,
      units: 1,
      subActivitiesCreated: 2,
      total: String(246420000 + 420000 + 7770000),
      sha256,
      ignoredColumns: [],
    });
    const unit = (
      await h.inject({ method: 'GET', url: `/v1/budgets/${YEAR}/units/dsdabm`, headers: await h.as.officer('dsdabm') })
    ).json();
    expect(unit.total).toBe('254610000');
    expect(unit.lineItems.map((l: { specification: string }) => l.specification)).toEqual(
      expect.arrayContaining(['Tebal 4 cm', 'Tinta biru']),
    );
    expect(unit.lineItems.find((l: { catalogueItem: string }) => l.catalogueItem === 'SBU-PML-01')).toMatchObject({
      excessReason: 'Harga pasar 2026 naik, survei tiga toko',
      total: '7770000',
    });
    const entries = (await auditEntries()).slice(before);
    expect(entries.map((e) => e.action)).toEqual(['import.applied']);
    expect(entries[0]!.data).toMatchObject({ sha256, rows: 3, total: '254610000' });
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
  });

  it('refuses a unit that has lines unless replace=true, which replaces them', async () => {
    const file = sipdCsv([asphaltRow({ volum1: '10', total_harga: '2053500' })]);
    const refused = await postImport(h, file);
    expect(listed(refused.json())).toEqual(['2 kode_skpd unit_has_lines']);
    expect(await lines('dsdabm')).toBe(3);
    const replaced = await postImport(h, file, { query: '&replace=true' });
    expect(replaced.json()).toMatchObject({ linesReplaced: 3, subActivitiesCreated: 0, total: '2053500' });
    expect(await lines('dsdabm')).toBe(1);
  });
});
