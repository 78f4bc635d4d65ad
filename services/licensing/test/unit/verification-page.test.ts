/** The public verification page on its own: local dates, the legal basis in words, expiry in red. */
import { describe, expect, it } from 'vitest';
import { verificationPage } from '../../src/permits/page.js';

describe('the page, on its own', () => {
  const base = {
    status: 'active' as const,
    statusLabel: 'Dokumen aktif' as 'Dokumen aktif' | 'Kedaluwarsa',
    number: '503/0001/PKL/2026',
    permitType: { code: 'lokasi-pkl', name: 'Izin Lokasi PKL' },
    region: '72.71',
    holder: 'S*** R***',
    // 00:30 WITA on 3 June: still 2 June in UTC
    issuedAt: '2026-06-02T16:30:00.000Z',
    // local midnight (WITA) starting 3 June 2027: the permit holds through 2 June
    validUntil: '2027-06-02T16:00:00.000Z',
    revokedAt: null,
    revocationCategory: null,
    revocationCategoryLabel: null,
    legalBasis: 'fiktif-positif' as const,
    signature: { kid: 'k1', alg: 'EdDSA' },
    signatureValid: true,
  };
  const palu = { name: 'Kota Palu', timeZone: 'Asia/Makassar' };

  it('gives dates as the region’s local dates and the legal basis in words', () => {
    const html = verificationPage(base, 'Dinas PTSP', palu);
    expect(html).toContain('<dt>Tanggal terbit</dt><dd>3 Juni 2026</dd>');
    expect(html).toContain('<dt>Berlaku sampai dengan</dt><dd>2 Juni 2027</dd>');
    expect(html).toContain('fiktif positif');
    expect(verificationPage({ ...base, validUntil: null }, null, palu)).toContain('<dd>Tidak dibatasi waktu</dd>');
  });

  it('says when an expired permit ran out, in red', () => {
    const html = verificationPage(
      { ...base, status: 'expired' as const, statusLabel: 'Kedaluwarsa' as const },
      'Dinas PTSP',
      palu,
    );
    expect(html).toContain(
      '<div class="status bad" role="status"><strong>Kedaluwarsa</strong><div>Masa berlaku berakhir 2 Juni 2027</div>',
    );
    expect(html).not.toContain('Dokumen aktif');
  });
});
