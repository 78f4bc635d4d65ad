import { describe, expect, it } from 'vitest';
import { maskPersonalData, storableJson, storableText } from '../src/index.js';

describe('maskPersonalData', () => {
  it('masks NIK-like 16-digit numbers, contiguous or grouped', () => {
    expect(maskPersonalData('NIK saya 3273010101900001, tolong dicek')).toBe('NIK saya **************01, tolong dicek');
    expect(maskPersonalData('NIK: 3273 0101 0190 0001.')).toBe('NIK: **************01.');
    expect(maskPersonalData('nik 3273-0101-0190-0001')).toBe('nik **************01');
    // 15 and 17 digits are not NIK-like
    expect(maskPersonalData('nomor 327301010190000 dan 32730101019000012')).toBe(
      'nomor 327301010190000 dan 32730101019000012',
    );
  });

  it('masks Indonesian mobile numbers in any common form', () => {
    expect(maskPersonalData('WA saya 081234567890 ya')).toBe('WA saya +62*********90 ya');
    expect(maskPersonalData('hub 0812-3456-7890 / 0812 3456 789')).toBe('hub +62*********90 / +62********89');
    expect(maskPersonalData('telp +62 812 3456 7890, atau 6285712345678')).toBe(
      'telp +62*********90, atau +62*********78',
    );
    expect(maskPersonalData('+62 (0)812-3456-7890')).toBe('+62*********90');
    expect(maskPersonalData('kantor +62 251 8321075')).toBe('kantor +62 *** *******');
  });

  it('masks e-mail addresses', () => {
    expect(maskPersonalData('email: budi.santoso@example.co.id.')).toBe('email: b***@e***.id.');
    expect(maskPersonalData('ke 3273010101900001@mail.com')).toBe('ke 3***@m***.com');
  });

  it('leaves addresses, RT/RW, dates, money and ordinary numbers alone', () => {
    const text =
      'Jl. Merdeka No. 12, RT 03/RW 05, Kel. Babakan, sejak 12-05-2024 jam 10.30, kerugian Rp 5.000.000, 2 minggu';
    expect(maskPersonalData(text)).toBe(text);
    expect(maskPersonalData('layanan 0800-1-234-567')).toBe('layanan 0800-1-234-567');
  });

  it('masks several kinds in one text', () => {
    expect(maskPersonalData('Saya Budi (NIK 3273010101900001), HP 081234567890, email budi@mail.id')).toBe(
      'Saya Budi (NIK **************01), HP +62*********90, email b***@m***.id',
    );
  });
});

describe('what leaves a service keeps at most the last 2 digits', () => {
  it('shows no more than 2 digits of a phone number or NIK in any form', () => {
    for (const text of ['081234567890', '+62 812-3456-7890', '3273010101900001', '3273 0101 0190 0001']) {
      expect(maskPersonalData(text).replace(/\D/g, '').replace(/^62/, '').length, text).toBeLessThanOrEqual(2);
    }
  });

  it('is stable when applied to text it already masked', () => {
    const once = maskPersonalData('HP 081234567890, NIK 3273010101900001, budi@mail.id');
    expect(maskPersonalData(once)).toBe(once);
  });
});

describe('storableText and storableJson', () => {
  it('drops NUL and replaces lone surrogates, keeping pairs, other controls and the rest', () => {
    expect(storableText('ja\u0000lan\u0000')).toBe('jalan');
    expect(storableText('a\ud800b')).toBe('a\uFFFDb');
    expect(storableText('a\udc00')).toBe('a\uFFFD');
    expect(storableText('jalan 😀 rusak\t\u0001')).toBe('jalan 😀 rusak\t\u0001');
    const clean = 'tidak berubah';
    expect(storableText(clean)).toBe(clean);
  });

  it('cleans every string and key of parsed JSON, whatever its depth, without touching the input', () => {
    const input = JSON.parse('{"te\\u0000xt":"a\\u0000b","list":[1,"\\ud800",{"k":"\\u0000"}],"__proto__":{"x":"y"}}');
    const out = storableJson(input) as Record<string, unknown>;
    expect(out).toEqual({ text: 'ab', list: [1, '\uFFFD', { k: '' }], ['__proto__']: { x: 'y' } });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).not.toMatch(/\\u0000|\\ud800/);
    expect((input as Record<string, unknown>)['te\u0000xt']).toBe('a\u0000b');
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    let walked = storableJson(deep);
    for (let i = 0; i < 100_000; i += 1) walked = (walked as unknown[])[0];
    expect(walked).toBe('x');
  });
});
