import { describe, expect, it } from 'vitest';
import { hashIdentifier, hashNik, maskNik, Nik, parseNik } from '../src/index.js';

function problem(nik: unknown): string | undefined {
  const result = Nik.safeParse(nik);
  return result.success ? undefined : result.error.issues.map((i) => i.message).join('; ');
}

// 32 73 01 = Kota Bandung, a kecamatan; then ddmmyy and the serial.
describe('Nik', () => {
  it('accepts a man born 12 March 1985', () => {
    expect(problem('3273011203850001')).toBeUndefined();
  });

  it('accepts a woman (day + 40): 52 is the 12th, 41 the 1st, 71 the 31st', () => {
    expect(problem('3273015203850002')).toBeUndefined();
    expect(problem('3273014101900003')).toBeUndefined();
    expect(problem('3273017101900003')).toBeUndefined();
  });

  it('rejects days 00, 32-40 and 72 or more', () => {
    expect(problem('3273010003850001')).toMatch(/day of birth 00/);
    expect(problem('3273013203850001')).toMatch(/day of birth 32/);
    expect(problem('3273014003850001')).toMatch(/day of birth 40/);
    expect(problem('3273017203850001')).toMatch(/day of birth 72/);
  });

  it('rejects month 00 and 13', () => {
    expect(problem('3273011213850001')).toMatch(/month of birth 13/);
    expect(problem('3273011200850001')).toMatch(/month of birth 00/);
  });

  it('rejects 31 April, for men and women', () => {
    expect(problem('3273013104850001')).toMatch(/31-04 does not exist/);
    expect(problem('3273017104850001')).toMatch(/31-04 does not exist/);
  });

  it('accepts 29 February 00 (2000 is a leap year) but not 29 February 01', () => {
    expect(problem('3273012902000001')).toBeUndefined();
    expect(problem('3273016902000001')).toBeUndefined();
    expect(problem('3273012902010001')).toMatch(/29-02 does not exist in 1901 or 2001/);
    expect(problem('3273013002000001')).toMatch(/30-02/);
  });

  it('rejects an unknown province', () => {
    expect(problem('9973011203850001')).toBe('NIK starts with unknown province code 99');
    expect(problem('2073011203850001')).toMatch(/province code 20/);
  });

  it('rejects serial 0000', () => {
    expect(problem('3273011203850000')).toMatch(/serial number/);
  });

  it('rejects 15 and 17 digits, letters, separators and non-strings', () => {
    expect(problem('327301120385001')).toBe('NIK must be exactly 16 digits, got 15');
    expect(problem('32730112038500011')).toBe('NIK must be exactly 16 digits, got 17');
    expect(problem('32730112038500A1')).toMatch(/only the digits/);
    expect(problem('3273 0112 0385 0001')).toMatch(/only the digits/);
    expect(problem(3273011203850001)).toMatch(/must be a string/);
  });
});

describe('parseNik', () => {
  const today = new Date('2026-06-01T00:00:00Z');

  it('splits the parts', () => {
    expect(parseNik('3273015203850002', { today })).toEqual({
      provinceCode: '32',
      regencyCode: '32.73',
      districtCode: '32.73.01',
      birthDate: '1985-03-12',
      sex: 'F',
      serial: '0002',
    });
    expect(parseNik('3273011203850001', { today }).sex).toBe('M');
  });

  it('picks 20YY unless that date is still in the future', () => {
    expect(parseNik('3273011203200001', { today }).birthDate).toBe('2020-03-12');
    expect(parseNik('3273013105260001', { today }).birthDate).toBe('2026-05-31');
    expect(parseNik('3273010206260001', { today }).birthDate).toBe('1926-06-02');
    expect(parseNik('3273012902000001', { today }).birthDate).toBe('2000-02-29');
  });

  it('throws the validation message for an invalid NIK', () => {
    expect(() => parseNik('3273013203850001')).toThrow(/day of birth 32/);
  });
});

describe('maskNik and hashNik', () => {
  it('shows only the last 2 digits', () => {
    expect(maskNik('3273011203851234')).toBe('**************34');
    expect(maskNik('123')).toBe('***');
  });

  it('computes HMAC-SHA256 in lowercase hex (vector from openssl dgst -hmac)', () => {
    expect(hashNik('3273011203850001', 'secret-key-1')).toBe(
      'bd0c0508e12ccddf2c175d308aed22957071ebcf3ef7a4230ff087ce2b8632f5',
    );
    expect(hashNik('3273011203850001', Buffer.from('secret-key-2'))).toBe(
      'bf05a9559914afacc99ae090b6961c50f584db22b92b549445d297e27965f9c1',
    );
  });

  it('is deterministic per key and differs between keys and NIKs', () => {
    const a = hashNik('3273011203850001', 'k1');
    expect(hashNik('3273011203850001', 'k1')).toBe(a);
    expect(hashNik('3273011203850001', 'k2')).not.toBe(a);
    expect(hashNik('3273011203850002', 'k1')).not.toBe(a);
  });

  it('refuses an empty key and a malformed NIK', () => {
    expect(() => hashNik('3273011203850001', '')).toThrow(/key/);
    expect(() => hashNik('3273-0112', 'k')).toThrow(/16 digits/);
  });
});

describe('hashIdentifier', () => {
  it('is HMAC-SHA256 in lowercase hex (vector from openssl dgst -sha256 -hmac key)', () => {
    // printf 'telegram:987654321' | openssl dgst -sha256 -hmac secret-key-1
    expect(hashIdentifier('telegram:987654321', 'secret-key-1')).toBe(
      '1e90aa897cb15e80055114d21c24d8cd698c28d69c434eb45b158a3248b9a072',
    );
    expect(hashIdentifier('a', 'k1')).not.toBe(hashIdentifier('a', 'k2'));
    expect(() => hashIdentifier('', 'k')).toThrow(RangeError);
    expect(() => hashIdentifier('a', '')).toThrow(RangeError);
  });
});
