/** The printable permit: long values wrap, and a long permit continues on new pages. */
import { describe, expect, it } from 'vitest';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PermitDocument } from '../../src/permits/document.js';
import { feeLine, permitBody, renderPermitPdf, wrapText } from '../../src/permits/pdf.js';
import { validityMonths } from '../../src/permits/issue.js';

describe('the printable permit', () => {
  const doc: PermitDocument = {
    format: 'sinergi-permit/1',
    number: '503/0001/REKLAME/DPMPTSP/XI/2026',
    region: { code: '32.73', name: 'Kota Bandung' },
    issuer: { unit: 'dpmptsp', unitName: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu' },
    permitType: { code: 'reklame', name: 'Izin Penyelenggaraan Reklame' },
    registrationNumber: 'IZN-AAAA-BBBB',
    holder: { name: 'Siti Rahmawati', nik: '**************01' },
    particulars: Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `Keterangan ${i + 1}`,
        `${'Jalan Ir. H. Juanda nomor 120 sampai 140 sisi timur '.repeat(6)}${'X'.repeat(150)}`,
      ]),
    ),
    fee: '5250000',
    issuedAt: '2026-11-03T03:00:00.000Z',
    validUntil: '2027-11-02T17:00:00.000Z',
    legalBasis: { kind: 'decision', text: 'Diterbitkan atas keputusan pejabat yang berwenang.', decisionDue: null },
    verificationUrl: 'https://izin.bandung.go.id/v1/public/permits/verify?tenant=32.73&number=503%2F0001',
  };

  it('wraps long values within the text width, cutting words longer than a line', async () => {
    const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const lines = wrapText(`Alamat: ${'panjang '.repeat(60)}${'Y'.repeat(400)}`, font, 10, 480);
    expect(lines.length).toBeGreaterThan(4);
    for (const l of lines) expect(font.widthOfTextAtSize(l, 10)).toBeLessThanOrEqual(480);
    expect(lines.join('').replace(/\s/g, '')).toBe(`Alamat:${'panjang'.repeat(60)}${'Y'.repeat(400)}`);
  });

  it('continues on new pages instead of drawing over the QR code and the signature', async () => {
    const pdf = await PDFDocument.load(
      await renderPermitPdf(doc, { kid: 'test-2026', alg: 'EdDSA', value: 'A'.repeat(86) }, 'active'),
    );
    expect(pdf.getPageCount()).toBeGreaterThan(2);
    const short = await PDFDocument.load(
      await renderPermitPdf(
        { ...doc, particulars: { Luas: '12.5' } },
        { kid: 'test-2026', alg: 'EdDSA', value: 'A'.repeat(86) },
        'active',
      ),
    );
    expect(short.getPageCount()).toBe(1);
  });
});

describe('the fee line of the printed permit', () => {
  it('names the fee by its kind: Pajak Reklame is not printed as retribusi, a free permit prints none', () => {
    expect(feeLine({ fee: '5250000', feeKind: 'pajak', feeName: 'Pajak Reklame' })).toBe('Pajak Reklame: Rp 5.250.000');
    expect(feeLine({ fee: '1200000', feeKind: 'retribusi', feeName: 'Retribusi PBG' })).toMatch(/^Retribusi PBG: /);
    expect(feeLine({ fee: '0', feeKind: 'none', feeName: 'Tanpa biaya' })).toBeNull();
    // documents signed before fee kinds: a neutral word, never a wrong one
    expect(feeLine({ fee: '5000' })).toMatch(/^Biaya: /);
  });
});

describe('what the printed permit says', () => {
  const doc = {
    format: 'sinergi-permit/1',
    number: '511.3/0001/PKL/2026',
    region: { code: '32.73', name: 'Kota Bandung' },
    issuer: { unit: 'dpmptsp', unitName: 'DPMPTSP' },
    permitType: { code: 'lokasi-pkl', name: 'Izin Penempatan Lokasi PKL' },
    registrationNumber: 'IZN-AAAA-BBBB',
    holder: { name: 'Siti Rahmawati', nik: null },
    particulars: { 'Lama izin (bulan)': 6 },
    fee: '450000',
    issuedAt: '2026-11-03T03:00:00.000Z',
    validUntil: '2027-05-02T17:00:00.000Z',
    legalBasis: { kind: 'decision', text: 'Diterbitkan atas keputusan pejabat yang berwenang.', decisionDue: null },
    verificationUrl: 'https://izin.bandung.go.id/v1/public/permits/verify?tenant=32.73&number=511.3%2F0001',
  } as unknown as PermitDocument;
  const text = (d: PermitDocument, status = 'active') => permitBody(d, status).map((l) => l.text);

  it('dates in words in the region’s own time, the last valid day, never UTC or ISO', () => {
    const lines = text(doc);
    expect(lines).toContain('Diterbitkan: 3 November 2026 pukul 10.00 WIB');
    // valid until local midnight of 3 May 2027 (exclusive): the last day it holds is 2 May
    expect(lines).toContain('Berlaku sampai dengan: 2 Mei 2027');
    expect(lines.join('\n')).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\b/);
    const palu = text({ ...doc, region: { code: '72.71', name: 'Kota Palu' } });
    expect(palu).toContain('Diterbitkan: 3 November 2026 pukul 11.00 WITA');
  });

  it('names a status in words, not a code', () => {
    expect(text(doc, 'revoked')).toContain('STATUS SAAT DICETAK: IZIN INI TELAH DICABUT');
    expect(text(doc, 'expired')).toContain('STATUS SAAT DICETAK: MASA BERLAKU IZIN INI TELAH BERAKHIR');
    expect(text(doc).some((l) => l.startsWith('STATUS'))).toBe(false);
  });

  it('holds as long as the applicant asked when the type lets them choose, never longer than the type', () => {
    const pkl = { validity_months: 12, fields: [{ code: 'lama-bulan', validity: 'months' as const }] };
    expect(validityMonths(pkl, { 'lama-bulan': 6 })).toBe(6);
    expect(validityMonths(pkl, { 'lama-bulan': 24 })).toBe(12);
    expect(validityMonths(pkl, {})).toBe(12);
    expect(validityMonths({ validity_months: 12, fields: [{ code: 'lama-bulan' }] }, { 'lama-bulan': 6 })).toBe(12);
    expect(validityMonths({ validity_months: null, fields: [] }, {})).toBeNull();
  });
});
