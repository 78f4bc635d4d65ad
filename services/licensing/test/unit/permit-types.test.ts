/** Fees (retribusi), application data and the checks of a permit type's configuration. */
import { describe, expect, it } from 'vitest';
import { checkData } from '../../src/applications/data.js';
import { computeFee, FeeInputError } from '../../src/permit-types/fees.js';
import { FeeRule, PermitTypeInput, permitTypeProblems } from '../../src/permit-types/model.js';
import { DEMO_PERMIT_TYPES } from '../../src/permit-types/seed.js';

type Product = Extract<FeeRule, { kind: 'product' }>;

describe('fees (retribusi)', () => {
  const reklame = PermitTypeInput.parse(
    DEMO_PERMIT_TYPES['32.73']!.find((t) => (t as { code: string }).code === 'reklame'),
  );

  it('computes a billboard fee exactly: area × faces × rate by road class × months', () => {
    const fee = computeFee(reklame.fee, { 'luas-m2': '12.5', sisi: '2', 'kelas-jalan': 'kolektor', 'lama-bulan': '6' });
    expect(fee.amount).toBe(5_250_000n);
  });

  it('is exact where floats are not, and rounds once with the rule’s mode', () => {
    const rule = FeeRule.parse({
      kind: 'product',
      factors: [{ field: 'a' }, { constant: '0.1' }, { constant: '3' }],
      rounding: 'half-up',
    }) as Product;
    // 0.1 × 3 is 0.30000000000000004 in floats; here 1000000000000.7 × 0.1 × 3 = 300000000000.21 -> 300000000000
    expect(computeFee(rule, { a: '1000000000000.7' }).amount).toBe(300_000_000_000n);
    expect(computeFee({ ...rule, rounding: 'ceil' }, { a: '1000000000000.7' }).amount).toBe(300_000_000_001n);
    const half = FeeRule.parse({
      kind: 'product',
      factors: [{ field: 'a' }, { constant: '0.5' }],
      rounding: 'half-even',
    }) as Product;
    expect(computeFee(half, { a: '5' }).amount).toBe(2n);
    expect(computeFee({ ...half, rounding: 'half-up' }, { a: '5' }).amount).toBe(3n);
    expect(computeFee({ ...half, rounding: 'floor' }, { a: '5' }).amount).toBe(2n);
  });

  it('raises to the minimum, knows fixed and free, and names a missing field', () => {
    expect(
      computeFee(reklame.fee, { 'luas-m2': '0.25', sisi: '1', 'kelas-jalan': 'lingkungan', 'lama-bulan': '1' }).amount,
    ).toBe(100_000n);
    expect(computeFee({ kind: 'fixed', amount: '750000' }, {}).amount).toBe(750_000n);
    expect(computeFee({ kind: 'free' }, {}).amount).toBe(0n);
    expect(() => computeFee(reklame.fee, { 'luas-m2': '2' })).toThrow(FeeInputError);
  });

  it('refuses rules that point at unknown, optional or non-numeric fields, or miss a table rate', () => {
    const base = {
      code: 'x',
      name: 'Izin X',
      unit: 'dpmptsp',
      fields: [
        { code: 'a', label: 'Alamat', type: 'text' },
        { code: 'z', label: 'Zona', type: 'choice', options: ['p', 'q'] },
      ],
    };
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'nope' }] } }).success).toBe(
      false,
    );
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'a' }] } }).success).toBe(
      false,
    );
    expect(
      PermitTypeInput.safeParse({ ...base, fee: { kind: 'product', factors: [{ field: 'z', table: { p: '1' } }] } })
        .success,
    ).toBe(false);
    expect(
      PermitTypeInput.safeParse({
        ...base,
        fee: { kind: 'product', factors: [{ field: 'z', table: { p: '1', q: '2' } }] },
      }).success,
    ).toBe(true);
    expect(PermitTypeInput.safeParse({ ...base, fee: { kind: 'free' }, numberFormat: '503/{seq:4}' }).success).toBe(
      false,
    ); // no {year}
  });

  it('parses all five demo types', () => {
    const types = DEMO_PERMIT_TYPES['32.73']!.map((t) => PermitTypeInput.parse(t));
    expect(types.map((t) => t.code)).toEqual(['reklame', 'pbg', 'sip-dokter', 'keramaian', 'lokasi-pkl']);
    expect(types.find((t) => t.code === 'keramaian')!.serviceStandardDays).toBeNull();
  });
});

describe('application data', () => {
  const fields = PermitTypeInput.parse(DEMO_PERMIT_TYPES['32.73']![0]).fields;
  it('keeps decimals as strings, checks bounds and choices, and requires fields only at submission', () => {
    expect(checkData(fields, { 'luas-m2': '12.5', sisi: 2 }, { requireAll: false })).toEqual({
      data: { 'luas-m2': '12.5', sisi: '2' },
      errors: [],
    });
    const bad = checkData(fields, { 'luas-m2': 12.5, sisi: 9, 'kelas-jalan': 'tol', extra: 'x' }, { requireAll: true });
    expect(bad.errors.map((e) => e.field).sort()).toEqual([
      'data.extra',
      'data.kelas-jalan',
      'data.lama-bulan',
      'data.lokasi',
      'data.luas-m2',
      'data.naskah',
      'data.sisi',
    ]);
  });
});

describe('permit type checks', () => {
  const base = { code: 'izin-x', name: 'Izin X', unit: 'dpmptsp', fee: { kind: 'free' } };
  it('refuses two fields whose keys in the signed permit’s particulars are the same, however the unit is split', () => {
    const clash = PermitTypeInput.parse({
      ...base,
      fields: [
        { code: 'a', label: 'Luas (m²)', type: 'text' },
        { code: 'b', label: 'Luas', unit: 'm²', type: 'text' },
      ],
    });
    expect(permitTypeProblems(clash, [])).toEqual([
      { field: 'fields.1.label', message: expect.stringContaining('fields.0') },
    ]);
    const distinct = PermitTypeInput.parse({
      ...base,
      fields: [
        { code: 'a', label: 'Luas', type: 'text' },
        { code: 'b', label: 'Luas', unit: 'm²', type: 'text' },
      ],
    });
    expect(permitTypeProblems(distinct, [])).toEqual([]);
  });

  it('refuses a requirement whose size limit is above what the service reads at all', () => {
    const t = PermitTypeInput.parse({
      ...base,
      documents: [{ code: 'gambar', label: 'Gambar', maxBytes: 20 * 1024 * 1024 }],
    });
    expect(permitTypeProblems(t, [], { maxUploadBytes: 10 * 1024 * 1024 })).toEqual([
      { field: 'documents.0.maxBytes', message: expect.stringContaining('MAX_UPLOAD_BYTES') },
    ]);
    expect(permitTypeProblems(t, [], { maxUploadBytes: 25 * 1024 * 1024 })).toEqual([]);
  });

  it('keeps every demo requirement within the default upload limit', () => {
    for (const raw of DEMO_PERMIT_TYPES['32.73']!)
      expect(permitTypeProblems(PermitTypeInput.parse(raw), [], { maxUploadBytes: 10 * 1024 * 1024 })).toEqual([]);
  });
});
