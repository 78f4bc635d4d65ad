/** The words and numbers of the /anggaran/ pages: Indonesian decimals, murni beside revised, realized as a share, escaping. */
import { describe, expect, it } from 'vitest';
import { decimalText, phasesText, yearPage } from '../../src/pages/budget.js';
import type { PublicLine } from '../../src/public/use-cases.js';

const text = (h: { toString(): string }) =>
  h
    .toString()
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('numbers as Indonesians write them', () => {
  it('exact decimals: thousands with dots, the fraction after a comma, trailing zeros dropped', () => {
    expect(decimalText('60')).toBe('60');
    expect(decimalText('1200')).toBe('1.200');
    expect(decimalText('1234567.5000')).toBe('1.234.567,5');
    expect(decimalText('11.00')).toBe('11');
    expect(decimalText('0.0025')).toBe('0,0025');
  });

  it('what is in force, murni beside it only when it changed, realized with its share to one place', () => {
    expect(text(phasesText({ murni: 1_000_000n, revised: 1_000_000n, realized: 0n }))).toBe('Rp 1.000.000');
    expect(text(phasesText({ murni: 1_000_000n, revised: 900_000n, realized: 0n }))).toBe(
      'Rp 900.000 (semula Rp 1.000.000 pada APBD murni)',
    );
    // 1 of 3 is 33.33...% → 33,3%; 2 of 3 → 66,7% (half up)
    expect(text(phasesText({ murni: 3n, revised: 3n, realized: 1n }))).toBe('Rp 3 Terealisasi Rp 1 (33,3%)');
    expect(text(phasesText({ murni: 3n, revised: 3n, realized: 2n }))).toBe('Rp 3 Terealisasi Rp 2 (66,7%)');
  });
});

describe('the year page', () => {
  const line = (unit: string, total: bigint): PublicLine => ({
    id: `${unit}-1`,
    unit,
    status: 'approved',
    subActivity: '1.03.10.2.01.0021',
    subActivityName: 'Rehabilitasi Jalan',
    account: '5.2.04.01.01.0001',
    accountName: 'Belanja Modal Jalan',
    component: 'Aspal',
    specification: '',
    volume: '1',
    unitOfMeasure: 'm2',
    unitPrice: total,
    taxPercent: '0',
    total,
    fundingSource: 'PAD',
    location: 'Bandung',
    murni: total,
    revised: total,
    realized: 0n,
  });
  const links = { to: (path: string) => path };

  it('sums every unit exactly and escapes names from the directory', () => {
    const page = yearPage({
      year: 2026,
      years: [2026, 2025],
      lines: [line('dsdabm', 9_007_199_254_740_993n), line('dishub', 7n)],
      unitNames: new Map([['dishub', 'Dinas <script>alert(1)</script>']]),
      links,
    }).toString();
    expect(text(page)).toContain('Rp 9.007.199.254.741.000');
    expect(page).toContain('Dinas &lt;script&gt;');
    expect(page).not.toContain('<script>');
    expect(page).toContain('href="/anggaran/2025"');
  });

  it('says plainly when nothing is approved yet, or no year is opened', () => {
    expect(text(yearPage({ year: 2026, years: [2026], lines: [], unitNames: new Map(), links }))).toContain(
      'Belum ada anggaran tahun 2026 yang disetujui',
    );
    expect(text(yearPage({ year: 2026, years: [], lines: [], unitNames: new Map(), links }))).toContain(
      'Belum ada tahun anggaran yang dibuka',
    );
  });
});
