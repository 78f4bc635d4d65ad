import { describe, expect, it } from 'vitest';
import { IndonesianPhone, maskPhone, normalizePhone } from '../src/index.js';

describe('normalizePhone', () => {
  it('accepts the three usual forms', () => {
    expect(normalizePhone('081234567890')).toBe('+6281234567890');
    expect(normalizePhone('+6281234567890')).toBe('+6281234567890');
    expect(normalizePhone('6281234567890')).toBe('+6281234567890');
  });

  it('ignores spaces, dashes, dots and parentheses, and the "(0)" after +62', () => {
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizePhone(' (0812) 3456.7890 ')).toBe('+6281234567890');
    expect(normalizePhone('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normalizePhone('+62 (0)812-3456-7890')).toBe('+6281234567890');
  });

  it('accepts 10 to 13 national digits', () => {
    expect(normalizePhone('0811234567')).toBe('+62811234567');
    expect(normalizePhone('0812345678901')).toBe('+62812345678901');
  });

  it('rejects numbers that are too short or too long', () => {
    expect(() => normalizePhone('081234567')).toThrow(/too short.*got 9/);
    expect(() => normalizePhone('08123456789012')).toThrow(/too long.*got 14/);
    expect(() => normalizePhone('+628123')).toThrow(/too short/);
  });

  it('rejects landlines, toll-free numbers and foreign numbers', () => {
    expect(() => normalizePhone('021-5555-1234')).toThrow(/only mobile numbers.*021/);
    expect(() => normalizePhone('+62 22 4230000')).toThrow(/only mobile numbers/);
    expect(() => normalizePhone('0800-1-234567')).toThrow(/toll-free/);
    expect(() => normalizePhone('+60 12 345 6789')).toThrow(/\+62/);
  });

  it('rejects letters and other characters', () => {
    expect(() => normalizePhone('0812-ABCD-7890')).toThrow(/only digits/);
    expect(() => normalizePhone('0812/3456/7890')).toThrow(/only digits/);
    expect(() => normalizePhone('')).toThrow(/empty/);
    expect(() => normalizePhone('812345678')).toThrow(/start with 08/);
  });
});

describe('IndonesianPhone', () => {
  it('transforms to E.164', () => {
    expect(IndonesianPhone.parse('0812 3456 7890')).toBe('+6281234567890');
  });

  it('reports the reason as the issue message', () => {
    const result = IndonesianPhone.safeParse('021-5555-1234');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/only mobile numbers/);
    expect(IndonesianPhone.safeParse(81234567890).error?.issues[0]?.message).toMatch(/must be a string/);
  });
});

describe('maskPhone', () => {
  it('keeps only the last 2 digits', () => {
    expect(maskPhone('+6281234567890')).toBe('+62*********90');
  });

  it('never shows more than 2 subscriber digits, whatever the length', () => {
    for (const national of ['0811234567', '08112345678', '081234567890', '0812345678901']) {
      const masked = maskPhone(normalizePhone(national));
      const subscriber = masked.slice(3);
      expect(subscriber.replace(/\*/g, ''), masked).toBe(national.slice(-2));
      expect(subscriber.length).toBe(national.length - 1);
    }
  });

  it('hides everything it does not recognize', () => {
    expect(maskPhone('+4915112345678')).toBe('+*************');
  });
});
