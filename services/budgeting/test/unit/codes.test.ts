import { describe, expect, it } from 'vitest';
import {
  checkGovernmentLevel,
  checkLineItemAccount,
  governmentLevelOfRegion,
  parseAccountCode,
  parseNomenclatureCode,
} from '../../src/reference/codes.js';

describe('nomenclature codes (Permendagri 90/2019)', () => {
  it('reads each level and its parent', () => {
    expect(parseNomenclatureCode('1')).toEqual({ ok: true, value: { code: '1', level: 'urusan', urusan: 1 } });
    expect(parseNomenclatureCode('1.01')).toMatchObject({ ok: true, value: { level: 'bidang', parent: '1' } });
    expect(parseNomenclatureCode('1.01.01')).toMatchObject({ ok: true, value: { level: 'program', parent: '1.01' } });
    expect(parseNomenclatureCode('1.01.01.2.02')).toMatchObject({
      ok: true,
      value: { level: 'kegiatan', parent: '1.01.01', governmentLevel: 'kabupaten-kota' },
    });
    expect(parseNomenclatureCode('1.01.01.2.02.0001')).toMatchObject({
      ok: true,
      value: { level: 'sub_kegiatan', parent: '1.01.01.2.02', governmentLevel: 'kabupaten-kota' },
    });
  });

  it('accepts the support, oversight and territorial codes 4-8 (kecamatan, BKAD) and refuses 0 and 9', () => {
    expect(parseNomenclatureCode('7.01.01.2.06.0002')).toMatchObject({
      ok: true,
      value: { urusan: 7, level: 'sub_kegiatan' },
    });
    expect(parseNomenclatureCode('5.02.01.2.01.0001')).toMatchObject({ ok: true });
    expect(parseNomenclatureCode('9.01')).toMatchObject({ ok: false });
    expect(parseNomenclatureCode('0')).toMatchObject({ ok: false });
  });

  it('refuses malformed codes', () => {
    for (const bad of [
      '',
      '1.1',
      '1.01.1',
      '1.01.01.3.02',
      '1.01.01.2.02.001',
      '1.01.01.2',
      '1.01.01.2.02.0001.1',
      'a.01',
      '1.01.01.2.02.0001 ',
    ]) {
      expect(parseNomenclatureCode(bad).ok, bad).toBe(false);
    }
  });

  it('checks the kegiatan level digit against the region: 2 for a kabupaten/kota, 1 for a province', () => {
    const kota = governmentLevelOfRegion('32.73');
    expect(kota).toBe('kabupaten-kota');
    expect(governmentLevelOfRegion('32')).toBe('provinsi');
    const provincial = parseNomenclatureCode('1.01.01.1.01.0001');
    const local = parseNomenclatureCode('1.01.01.2.01.0001');
    if (!provincial.ok || !local.ok) throw new Error('codes should parse');
    expect(checkGovernmentLevel(provincial.value, kota)).toMatch(/provinsi.*uses 2/);
    expect(checkGovernmentLevel(local.value, kota)).toBeUndefined();
    expect(checkGovernmentLevel(local.value, 'provinsi')).toMatch(/kabupaten-kota/);
    const program = parseNomenclatureCode('1.01.01');
    if (!program.ok) throw new Error('program should parse');
    expect(checkGovernmentLevel(program.value, kota)).toBeUndefined();
  });
});

describe('account codes (six levels)', () => {
  it('reads revenue, spending groups and financing', () => {
    expect(parseAccountCode('4')).toMatchObject({ ok: true, value: { akun: 'revenue', level: 'akun' } });
    expect(parseAccountCode('5.2')).toMatchObject({
      ok: true,
      value: { akun: 'spending', level: 'kelompok', parent: '5' },
    });
    expect(parseAccountCode('6.1.01')).toMatchObject({ ok: true, value: { akun: 'financing', level: 'jenis' } });
    expect(parseAccountCode('5.1.02.01.01.0024')).toMatchObject({
      ok: true,
      value: { level: 'sub_rincian_objek', parent: '5.1.02.01.01' },
    });
  });

  it('knows spending has the groups 5.1 to 5.4 only, and akun 4 to 6', () => {
    expect(parseAccountCode('5.5')).toMatchObject({ ok: false });
    expect(parseAccountCode('5.4.01')).toMatchObject({ ok: true });
    expect(parseAccountCode('7.1')).toMatchObject({ ok: false });
    expect(parseAccountCode('5.1.2')).toMatchObject({ ok: false });
    expect(parseAccountCode('5.1.02.01.01.0024.1')).toMatchObject({ ok: false });
  });

  it('a line item needs a sixth-level spending account', () => {
    expect(checkLineItemAccount('5.1.02.01.01.0024')).toBeUndefined();
    expect(checkLineItemAccount('5.1.02.01.01')).toMatch(/sixth level/);
    expect(checkLineItemAccount('4.1.01.01.01.0001')).toMatch(/spending/);
  });
});
