import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../src/index.js';

describe('maskPersonalData', () => {
  it('masks NIK-like 16-digit numbers, contiguous or grouped', () => {
    expect(maskPersonalData('NIK saya 3273010101900001, tolong dicek')).toBe('NIK saya ************0001, tolong dicek');
    expect(maskPersonalData('NIK: 3273 0101 0190 0001.')).toBe('NIK: ************0001.');
    expect(maskPersonalData('nik 3273-0101-0190-0001')).toBe('nik ************0001');
    // 15 and 17 digits are not NIK-like
    expect(maskPersonalData('nomor 327301010190000 dan 32730101019000012')).toBe('nomor 327301010190000 dan 32730101019000012');
  });

  it('masks Indonesian mobile numbers in any common form', () => {
    expect(maskPersonalData('WA saya 081234567890 ya')).toBe('WA saya +62812****7890 ya');
    expect(maskPersonalData('hub 0812-3456-7890 / 0812 3456 789')).toBe('hub +62812****7890 / +62812****789');
    expect(maskPersonalData('telp +62 812 3456 7890, atau 6285712345678')).toBe('telp +62812****7890, atau +62857****5678');
    expect(maskPersonalData('+62 (0)812-3456-7890')).toBe('+62812****7890');
    expect(maskPersonalData('kantor +62 251 8321075')).toBe('kantor +62 *** *******');
  });

  it('masks e-mail addresses', () => {
    expect(maskPersonalData('email: budi.santoso@example.co.id.')).toBe('email: b***@example.co.id.');
    expect(maskPersonalData('ke 3273010101900001@mail.com')).toBe('ke 3***@mail.com');
  });

  it('leaves addresses, RT/RW, dates, money and ordinary numbers alone', () => {
    const text = 'Jl. Merdeka No. 12, RT 03/RW 05, Kel. Babakan, sejak 12-05-2024 jam 10.30, kerugian Rp 5.000.000, 2 minggu';
    expect(maskPersonalData(text)).toBe(text);
    expect(maskPersonalData('layanan 0800-1-234-567')).toBe('layanan 0800-1-234-567');
  });

  it('masks several kinds in one text', () => {
    expect(maskPersonalData('Saya Budi (NIK 3273010101900001), HP 081234567890, email budi@mail.id')).toBe(
      'Saya Budi (NIK ************0001), HP +62812****7890, email b***@mail.id',
    );
  });
});
