import { describe, expect, it } from 'vitest';
import { ratingForm } from '../../src/form/html.js';
import { periodText, unitPage } from '../../src/pages/ikm.js';
import { bandText, ikmText, sampleText, serviceName, transactionLabel } from '../../src/pages/text.js';

describe('what is rated, in words', () => {
  it('names the report, the permit application and the counter visit by the number the citizen holds', () => {
    expect(transactionLabel({ system: 'complaints', id: 'LPR-2026-0001', serviceType: 'pengaduan' })).toBe(
      'Laporan pengaduan nomor LPR-2026-0001',
    );
    expect(transactionLabel({ system: 'licensing', id: 'REG/2026/12/0007', serviceType: 'reklame' })).toBe(
      'Permohonan izin nomor REG/2026/12/0007',
    );
    expect(transactionLabel({ system: 'counter', id: 'disdukcapil:A-12', serviceType: 'ktp-el' })).toBe(
      'Kunjungan ke loket, nomor A-12',
    );
  });

  it('never shows a service-type code: a known name, else the kind of transaction', () => {
    expect(serviceName({ system: 'licensing', serviceType: 'sip-dokter' })).toBe('Surat Izin Praktik Dokter');
    expect(serviceName({ system: 'licensing', serviceType: 'izin-baru-x' })).toBe('Pelayanan perizinan');
    expect(serviceName({ system: 'complaints', serviceType: 'pengaduan' })).toBe('Penanganan pengaduan');
    expect(serviceName({ serviceType: 'layanan-x' })).not.toContain('layanan-x');
  });

  it('periods, bands, samples and IKM as Indonesians read them', () => {
    expect(['2026', '2026-S1', '2026-Q3', '2026-11'].map(periodText)).toEqual([
      'tahun 2026',
      'semester 1 2026',
      'triwulan 3 2026',
      'November 2026',
    ]);
    expect(bandText('A', 'Sangat Baik')).toBe('A (Sangat Baik)');
    expect(bandText(null, null)).toBe('Belum ada penilaian');
    expect(ikmText(88.31)).toBe('88,31');
    expect(sampleText({ respondents: 3, minimumSample: 7, belowMinimumSample: true })).toBe(
      'Belum mewakili: 3 dari paling sedikit 7 responden yang dibutuhkan.',
    );
  });
});

describe('names from the directory are escaped', () => {
  const evil = 'Dinas <script>alert(1)</script> & "Co"';
  it('on the rating form', () => {
    const page = ratingForm({
      tenant: '32.73',
      token: 'x"><b>',
      unitName: evil,
      transaction: { system: 'counter', id: 'u:<i>', serviceType: 'ktp-el' },
      officialJobTitle: '<b>Camat</b>',
      dimensions: [{ key: 'ramah', label: '<u>Ramah</u>' }],
    }).toString();
    expect(page).not.toMatch(/<script>|<b>|<i>|<u>/);
    expect(page).toContain('Dinas &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
  });

  it('on a unit’s IKM page', () => {
    const page = unitPage({
      ikm: {
        unit: { code: 'u', name: evil },
        period: '2026',
        serviceType: null,
        ikm: null,
        band: null,
        performance: null,
        mean: null,
        respondents: 0,
        serviceUsers: 0,
        serviceUsersSource: 'respondents',
        minimumSample: 0,
        belowMinimumSample: true,
        elements: [],
        respondentsByKind: { complaints: 0, licensing: 0, counter: 0, paper: 0 },
        serviceTypes: [],
        followUp: {
          period: '2026',
          items: [{ element: 'waktu', action: '<img src=x>', when: 'Q2', responsible: 'Kabid' }],
          updatedAt: new Date('2026-12-07T09:48:00Z'),
          revisions: 1,
        },
      },
      profile: {
        unit: { code: 'u', name: evil },
        period: '2026',
        serviceType: null,
        respondents: 0,
        minimumCell: 5,
        attributes: [],
      },
      timeZone: 'Asia/Jakarta',
      back: '../',
    }).toString();
    expect(page).not.toMatch(/<script>|<img/);
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).toContain('Senin, 7 Desember 2026 pukul 16.48 WIB');
  });
});
