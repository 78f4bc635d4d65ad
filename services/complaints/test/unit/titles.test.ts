/** Report titles made from free text: a social post's, an Open311 request's description. */
import { describe, expect, it } from 'vitest';
import { titleFrom } from '../../src/intake/consumer.js';

describe('titles from posts', () => {
  it('uses the first sentence when it is short enough, else 80 characters on a word boundary', () => {
    expect(titleFrom('Lampu jalan mati. Sudah seminggu gelap.')).toBe('Lampu jalan mati.');
    const long =
      'Sampah menumpuk di pinggir jalan dekat pasar dan baunya sangat menyengat sampai ke rumah rumah warga sekitar';
    expect(titleFrom(long)).toBe('Sampah menumpuk di pinggir jalan dekat pasar dan baunya sangat menyengat sampai');
  });
});
