/** One SIPD row against reference data, and the ceilings ledger: pure, no database. */
import { describe, expect, it } from 'vitest';
import {
  cellText,
  parseRow,
  parseRupiahCell,
  SIPD_COLUMNS,
  type ImportReference,
  type RowCells,
} from '../../src/imports/columns.js';
import { ImportLedger } from '../../src/imports/ledger.js';

const ref: ImportReference = {
  subActivityCodes: new Set(['1.03.10.2.01.0021']),
  accounts: new Set(['5.1.02.04.01.0001', '5.1.02.01.01.0024']),
  catalogue: new Map([
    [
      'SBU-UH-JB',
      {
        code: 'SBU-UH-JB',
        maxUnitPrice: 430000n,
        annex: 'I' as const,
        accounts: ['5.1.02.04.01.0001'],
        name: 'Uang Harian',
        specification: 'Luar kota',
        unitOfMeasure: 'OH',
      },
    ],
  ]),
};
const cells = (over: Partial<Record<string, string>> = {}) =>
  Object.fromEntries(
    SIPD_COLUMNS.map((c) => [
      c,
      (
        {
          kode_skpd: 'dishub',
          kode_sub_giat: '1.03.10.2.01.0021',
          pagu: '100000000.00',
          kode_akun: '5.1.02.04.01.0001',
          kode_standar_harga: 'SBU-UH-JB',
          volum1: '20',
          sat1: 'orang',
          volum2: '3',
          sat2: 'hari',
          harga_satuan: '430000',
          pajak: '0',
          total_harga: '25800000',
          sumber_dana: 'PAD',
          lokasi: 'Bandung',
          ...over,
        } as Record<string, string | undefined>
      )[c] ?? '',
    ]),
  ) as RowCells;
const codes = (r: ReturnType<typeof parseRow>) => (r.ok ? [] : r.problems.map((p) => `${p.column} ${p.code}`));

describe('parseRow', () => {
  it('takes a good row: factors, exact total, the catalogue text when the row has none', () => {
    const r = parseRow(2, cells(), ref);
    expect(r).toMatchObject({
      ok: true,
      line: { volume: '60', total: 25800000n, specification: 'Luar kota', subActivityPagu: 100000000n },
    });
  });

  it('rounds once, half-up, and the file must state that total', () => {
    // 1.5 x 333 = 499.5 -> 500 before tax; with 11%: 554.445 -> 554
    const row = cells({ volum1: '1.5', volum2: '', sat2: '', harga_satuan: '333', pajak: '11', total_harga: '554' });
    expect(parseRow(2, row, ref)).toMatchObject({ ok: true, line: { amount: 500n, tax: 54n, total: 554n } });
    expect(codes(parseRow(2, { ...row, total_harga: '555' }, ref))).toEqual(['total_harga total_mismatch']);
  });

  it('names each bad column with a stable code', () => {
    expect(codes(parseRow(2, cells({ harga_satuan: '430001', total_harga: '25800060' }), ref))).toEqual([
      'harga_satuan price_above_ceiling',
    ]);
    expect(codes(parseRow(2, cells({ kode_akun: '5.1.02.01.01.0024' }), ref))).toEqual([
      'kode_akun account_not_allowed',
    ]);
    expect(codes(parseRow(2, cells({ kode_akun: '5.1' }), ref))).toEqual(['kode_akun unknown_code']);
    expect(codes(parseRow(2, cells({ volum1: '0' }), ref))).toEqual(['volum1 invalid_quantity']);
    expect(codes(parseRow(2, cells({ sat2: '' }), ref))).toEqual(['sat2 invalid_quantity']);
    expect(codes(parseRow(2, cells({ pajak: '101' }), ref))).toEqual(['pajak invalid_quantity']);
    expect(codes(parseRow(2, cells({ lokasi: ' ' }), ref))).toEqual(['lokasi value_required']);
    expect(codes(parseRow(2, cells({ total_harga_murni: '1' }), ref))).toEqual(['total_harga_murni murni_mismatch']);
    expect(codes(parseRow(2, cells({ spek_komponen: 'a\uFFFDb' }), ref))).toEqual(['spek_komponen invalid_text']);
  });

  it('reads SIPD money with two decimals only when they are zero', () => {
    expect(parseRupiahCell('185000.00')).toBe(185000n);
    expect(parseRupiahCell('185000')).toBe(185000n);
    expect(parseRupiahCell('185000.5')).toBeUndefined();
    expect(parseRupiahCell('1e6')).toBeUndefined();
    expect(parseRupiahCell('-1')).toBeUndefined();
  });

  it("undoes the export's spreadsheet guard only before a formula character", () => {
    expect(cellText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(cellText("'Jalan")).toBe("'Jalan");
    expect(cellText('  Bandung ')).toBe('Bandung');
  });
});

describe('ImportLedger', () => {
  const good = parseRow(2, cells(), ref);
  if (!good.ok) throw new Error('the fixture row must be valid');
  const line = (total: bigint, pagu = 100n) => ({ ...good.line, total, subActivityPagu: pagu });
  let n = 0;
  const ids = () => `id-${++n}`;

  it("reports the row where a sub-activity's lines cross its ceiling, once", () => {
    const ledger = new ImportLedger(ids);
    ledger.addUnit({ unit: 'dishub', pagu: 1000n, row: 2, existing: new Map() });
    expect(ledger.addLine(2, line(60n)).problems).toEqual([]);
    expect(ledger.addLine(3, line(40n)).problems).toEqual([]);
    expect(ledger.addLine(4, line(1n)).problems.map((p) => `${p.row} ${p.code}`)).toEqual(['4 ceiling_exceeded']);
    expect(ledger.addLine(5, line(1n)).problems).toEqual([]);
    expect(ledger.addLine(6, line(1n, 200n)).problems.map((p) => p.code)).toEqual(['pagu_mismatch']);
  });

  it("counts the sub-activities the file keeps toward the unit's ceiling", () => {
    const ledger = new ImportLedger(ids);
    const existing = new Map([['9.99', { id: 'kept', pagu: 950n }]]);
    ledger.addUnit({ unit: 'dishub', pagu: 1000n, row: 2, existing });
    const { sub } = ledger.addLine(2, line(10n));
    expect(sub).toMatchObject({ created: true, id: expect.stringMatching(/^id-/) });
    expect(ledger.finish().map((p) => `${p.row} ${p.column} ${p.code}`)).toEqual(['2 pagu ceiling_exceeded']);
    expect(ledger.summary()).toEqual([
      { unit: 'dishub', subActivities: 1, subActivitiesCreated: 1, lines: 1, total: 10n },
    ]);
  });
});
