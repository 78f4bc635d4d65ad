/** Export then import round-trips a year; other regions reach nothing; a locked unit refuses an import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { addLine, addSub, asphalt, openUnit, seedReference, start, YEAR, type H } from './fixtures.js';
import { asphaltRow, exportCsv, listed, penRow, postImport, sipdCsv } from './import-fixtures.js';

let h: H;
const PALU = '72.71';
const TRAVEL = '7.01.01.2.06.0002';

const file = sipdCsv([
  asphaltRow(),
  penRow({ spek_komponen: 'Tinta "biru", 0.7 mm', lokasi: '-6.9175, 107.6191' }),
  penRow({ volum1: '2.5', sat1: 'rim', volum2: '', sat2: '', total_harga: '8750', lokasi: '=Gudang' }),
  penRow({
    kode_sub_giat: TRAVEL,
    pagu: '20000000',
    kode_standar_harga: 'SBU-PML-01',
    volum1: '100',
    sat1: 'm2',
    volum2: '1.5',
    sat2: 'tahun',
    harga_satuan: '70000',
    pajak: '11',
    total_harga: '11655000',
    alasan_harga: 'Harga pasar 2026 naik, survei tiga toko',
  }),
]);

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Record<string, string>[];

beforeAll(async () => {
  h = await start();
  await seedReference(h);
  await openUnit(h, 'dsdabm', '1000000000');
  await openUnit(h, 'dishub', '1000000000');
  // dishub drafts one line through the API: the export carries it too
  expect((await addSub(h, 'dishub')).statusCode).toBe(201);
  expect((await addLine(h, 'dishub', asphalt({ factors: [{ quantity: '3', unit: 'm2' }] }))).statusCode).toBe(201);
  const res = await postImport(h, file);
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => h?.stop());

describe('export', () => {
  it("writes the year in the import's shape, streamed, with the stored names and murni equal to current", async () => {
    const res = await exportCsv(h);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const rows = rowsOf(res.body);
    expect(rows.map((r) => `${r.kode_skpd} ${r.kode_sub_giat} ${r.total_harga}`)).toEqual([
      'dishub 1.03.10.2.01.0021 616050',
      'dsdabm 1.03.10.2.01.0021 246420000',
      'dsdabm 1.03.10.2.01.0021 420000',
      'dsdabm 1.03.10.2.01.0021 8750',
      `dsdabm ${TRAVEL} 11655000`,
    ]);
    expect(rows[4]).toMatchObject({
      nama_komponen: 'Pemeliharaan Gedung Kantor',
      satuan: 'm2',
      koefisien: '100 m2 x 1.5 tahun',
      volum2: '1.5',
      harga_satuan_murni: '70000',
      total_harga_murni: '11655000',
      pagumurni: '20000000',
      alasan_harga: 'Harga pasar 2026 naik, survei tiga toko',
    });
    expect(rows[3]!.lokasi).toBe("'=Gudang"); // a spreadsheet shows it as text; the import takes the apostrophe off
    expect(rows[2]!.spek_komponen).toBe('Tinta "biru", 0.7 mm');
  });

  it('round-trips: importing the export (replace=true) and exporting again gives the same file', async () => {
    const first = (await exportCsv(h)).body;
    const again = await postImport(h, first, { query: '&replace=true' });
    expect(again.json()).toMatchObject({ rows: 5, units: 2, linesReplaced: 5, subActivitiesCreated: 0 });
    expect(again.json().total).toBe(String(616050 + 246420000 + 420000 + 8750 + 11655000));
    const second = (await exportCsv(h)).body;
    expect(second).toBe(first);
    const lokasi = rowsOf(second).map((r) => r.lokasi);
    expect(lokasi).toContain("'=Gudang");
  });

  it('is for admins, TAPD and auditors; a unit officer is refused', async () => {
    expect((await exportCsv(h, await h.as.auditor())).statusCode).toBe(200);
    expect((await exportCsv(h, await h.as.officer('dsdabm'))).json()).toMatchObject({ status: 403 });
  });
});

describe('other regions and locked units', () => {
  let paluAdmin: Record<string, string>;
  beforeAll(async () => {
    await seedReference(h, PALU);
    paluAdmin = await h.as.admin({ tenant: PALU });
    const tapd = await h.as.tapd({ tenant: PALU });
    const head = await h.as.head('dpupr', { tenant: PALU });
    const call = async (method: 'PUT' | 'POST', url: string, headers: Record<string, string>, payload: object = {}) => {
      const res = await h.inject({ method, url: `/v1/budgets/${YEAR}${url}`, headers, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
    };
    await call('PUT', '/units/dpupr/ceiling', tapd, { pagu: '1000000000' });
    await call('POST', '/units/dpupr/open', tapd);
    await call('POST', '/units/dpupr/sub-activities', head, {
      code: TRAVEL,
      pagu: '100000000',
      planningSource: 'none',
      indicators: [{ text: 'Laporan', target: '1', unit: 'dokumen' }],
    });
    await call('POST', '/units/dpupr/submit', head);
    await call('POST', '/units/dpupr/approve', tapd);
    await call('POST', '/approve-region', paluAdmin);
    await call('POST', '/units/dpupr/lock', tapd);
  });

  it("Palu cannot import into Bandung's units, and sees none of Bandung's lines in its export", async () => {
    const bandung = (await exportCsv(h)).body;
    const res = await postImport(h, bandung, { headers: paluAdmin });
    expect(res.json()).toMatchObject({ status: 422, code: 'import_rejected', rejectedRows: 5 });
    expect(listed(res.json())).toEqual(['2 kode_skpd unknown_unit', '3 kode_skpd unknown_unit']);
    const palu = await exportCsv(h, await h.as.tapd({ tenant: PALU }));
    expect(rowsOf(palu.body)).toEqual([]);
    expect((await exportCsv(h)).body).toBe(bandung);
  });

  it("Bandung cannot name Palu's unit", async () => {
    const res = await postImport(h, sipdCsv([asphaltRow({ kode_skpd: 'dpupr' })]));
    expect(listed(res.json())).toEqual(['2 kode_skpd unknown_unit']);
  });

  it('a locked unit refuses the import, even with replace=true', async () => {
    const res = await postImport(
      h,
      sipdCsv([penRow({ kode_skpd: 'dpupr', kode_sub_giat: TRAVEL, pagu: '100000000' })]),
      {
        headers: paluAdmin,
        query: '&replace=true',
      },
    );
    expect(res.json()).toMatchObject({ status: 422, rows: [{ code: 'budget_not_editable' }] });
    expect(res.json().rows[0].message).toContain('locked');
  });
});
