/**
 * The demo catalogue of Kota Bandung (32.73): five permit types with their requirement checklists,
 * service standards and fee rules. Service standards follow the published examples in
 * shared/domain/licensing.md where one exists; the rates are demonstration values, not the Perda's.
 * Loaded at start when SEED_DEMO_PERMIT_TYPES=true, only where a type is missing (replica-safe:
 * insert ... on conflict do nothing), so an admin's later changes survive restarts.
 */
import type { Ctx } from '../context.js';
import { PermitTypeInput } from './model.js';
import { upsertPermitType } from './service.js';

const ktp = {
  code: 'ktp',
  label: 'KTP pemohon',
  required: true,
  types: ['pdf', 'png', 'jpeg'],
  maxBytes: 2 * 1024 * 1024,
};

export const DEMO_PERMIT_TYPES: Record<string, unknown[]> = {
  '32.73': [
    {
      code: 'reklame',
      name: 'Izin Penyelenggaraan Reklame',
      description: 'Papan reklame (billboard, baliho, neon box). Tim teknis memeriksa konstruksi dan titik lokasi.',
      unit: 'dpmptsp',
      documents: [
        ktp,
        {
          code: 'desain-reklame',
          label: 'Desain/visual reklame',
          types: ['pdf', 'png', 'jpeg'],
          maxBytes: 5 * 1024 * 1024,
        },
        { code: 'foto-lokasi', label: 'Foto titik lokasi', types: ['png', 'jpeg'], maxBytes: 5 * 1024 * 1024 },
        {
          code: 'persetujuan-pemilik-lahan',
          label: 'Surat persetujuan pemilik lahan/bangunan',
          types: ['pdf'],
          maxBytes: 5 * 1024 * 1024,
        },
        {
          code: 'gambar-konstruksi',
          label: 'Gambar konstruksi (untuk reklame di atas 8 m²)',
          required: false,
          types: ['pdf'],
          maxBytes: 10 * 1024 * 1024,
        },
      ],
      fields: [
        { code: 'naskah', label: 'Naskah/judul reklame', type: 'text' },
        { code: 'lokasi', label: 'Alamat titik reklame', type: 'text' },
        {
          code: 'kelas-jalan',
          label: 'Kelas jalan lokasi',
          type: 'choice',
          options: ['utama', 'kolektor', 'lingkungan'],
        },
        { code: 'luas-m2', label: 'Luas bidang reklame', type: 'decimal', unit: 'm²', min: '0.25', max: '200' },
        { code: 'sisi', label: 'Jumlah sisi', type: 'integer', min: '1', max: '4' },
        { code: 'lama-bulan', label: 'Lama penyelenggaraan', type: 'integer', unit: 'bulan', min: '1', max: '12' },
      ],
      serviceStandardDays: 7,
      technicalReview: true,
      siteInspection: true,
      // a billboard pays Pajak Reklame, a regional tax (UU 1/2022 HKPD), not a retribusi
      feeKind: 'pajak',
      feeName: 'Pajak Reklame',
      fee: {
        kind: 'product',
        factors: [
          { field: 'luas-m2' },
          { field: 'sisi' },
          { field: 'kelas-jalan', table: { utama: '45000', kolektor: '35000', lingkungan: '20000' } },
          { field: 'lama-bulan' },
        ],
        rounding: 'half-up',
        minimum: '100000',
        description: 'luas (m²) × jumlah sisi × tarif per m² per bulan menurut kelas jalan × lama (bulan)',
      },
      validityMonths: 12,
      numberFormat: '503/{seq:4}/{TYPE}/DPMPTSP/{roman}/{year}',
    },
    {
      code: 'pbg',
      name: 'Persetujuan Bangunan Gedung (PBG) — tahap daerah',
      description:
        'Langkah kota setelah konsultasi di SIMBG: penilaian teknis oleh tim profesi ahli, retribusi, penerbitan setelah pembayaran (PP 16/2021).',
      unit: 'dcktr',
      documents: [
        ktp,
        { code: 'bukti-tanah', label: 'Bukti kepemilikan/hak atas tanah', types: ['pdf'], maxBytes: 10 * 1024 * 1024 },
        { code: 'gambar-arsitektur', label: 'Gambar arsitektur', types: ['pdf'], maxBytes: 10 * 1024 * 1024 },
        {
          code: 'gambar-struktur',
          label: 'Gambar dan perhitungan struktur',
          types: ['pdf'],
          maxBytes: 10 * 1024 * 1024,
        },
        { code: 'krk', label: 'Keterangan Rencana Kota (KRK)', types: ['pdf'], maxBytes: 5 * 1024 * 1024 },
      ],
      fields: [
        { code: 'alamat-bangunan', label: 'Alamat bangunan', type: 'text' },
        {
          code: 'fungsi',
          label: 'Fungsi bangunan',
          type: 'choice',
          options: ['hunian', 'usaha', 'sosial-budaya', 'keagamaan'],
        },
        { code: 'jumlah-lantai', label: 'Jumlah lantai', type: 'integer', min: '1', max: '60' },
        {
          code: 'luas-bangunan-m2',
          label: 'Luas total lantai bangunan',
          type: 'decimal',
          unit: 'm²',
          min: '1',
          max: '500000',
        },
      ],
      serviceStandardDays: 28,
      technicalReview: true,
      siteInspection: true,
      // PP 16/2021 Art. 261: a PBG is issued only after the retribusi is paid, deemed granted or not
      feeKind: 'retribusi',
      feeName: 'Retribusi PBG',
      payBeforeIssue: true,
      fee: {
        kind: 'product',
        factors: [
          { field: 'luas-bangunan-m2' },
          { field: 'fungsi', table: { hunian: '0.5', usaha: '1', 'sosial-budaya': '0.3', keagamaan: '0' } },
          { constant: '20000' },
        ],
        rounding: 'half-up',
        description: 'luas total lantai (m²) × indeks fungsi × harga satuan retribusi per m²',
      },
      validityMonths: null,
      numberFormat: 'SK-PBG-3273-{seq:5}-{month}{year}',
    },
    {
      code: 'sip-dokter',
      name: 'Surat Izin Praktik (SIP) Dokter',
      description:
        'Izin praktik tenaga medis di fasilitas pelayanan kesehatan; Dinas Kesehatan meninjau tempat praktik. Tanpa biaya.',
      unit: 'dinkes',
      documents: [
        ktp,
        { code: 'str', label: 'Surat Tanda Registrasi (STR) yang berlaku', types: ['pdf'], maxBytes: 2 * 1024 * 1024 },
        {
          code: 'rekomendasi-organisasi-profesi',
          label: 'Rekomendasi organisasi profesi (IDI)',
          types: ['pdf'],
          maxBytes: 2 * 1024 * 1024,
        },
        { code: 'pas-foto', label: 'Pas foto berwarna', types: ['jpeg', 'png'], maxBytes: 1024 * 1024 },
      ],
      fields: [
        { code: 'nomor-str', label: 'Nomor STR', type: 'text' },
        { code: 'tempat-praktik', label: 'Nama dan alamat tempat praktik', type: 'text' },
        {
          code: 'jenis-praktik',
          label: 'Jenis praktik',
          type: 'choice',
          options: ['dokter-umum', 'dokter-gigi', 'dokter-spesialis'],
        },
      ],
      serviceStandardDays: 9,
      technicalReview: false,
      siteInspection: true,
      feeKind: 'none',
      fee: { kind: 'free' },
      validityMonths: 60,
      numberFormat: '440/{seq:4}/SIP/DINKES/{year}',
    },
    {
      code: 'keramaian',
      name: 'Izin Penyelenggaraan Acara/Keramaian di Ruang Publik',
      description:
        'Acara yang memakai jalan, taman atau alun-alun kota. Tanpa standar khusus: berlaku 5 hari kerja menurut undang-undang.',
      unit: 'dpmptsp',
      documents: [
        ktp,
        { code: 'proposal-acara', label: 'Proposal dan susunan acara', types: ['pdf'], maxBytes: 5 * 1024 * 1024 },
        {
          code: 'denah-lokasi',
          label: 'Denah lokasi dan jalur evakuasi',
          types: ['pdf', 'png', 'jpeg'],
          maxBytes: 5 * 1024 * 1024,
        },
        {
          code: 'rekomendasi-polsek',
          label: 'Surat pemberitahuan ke kepolisian',
          required: false,
          types: ['pdf'],
          maxBytes: 2 * 1024 * 1024,
        },
      ],
      fields: [
        { code: 'nama-acara', label: 'Nama acara', type: 'text' },
        { code: 'lokasi', label: 'Lokasi', type: 'text' },
        { code: 'tanggal-mulai', label: 'Tanggal mulai', type: 'date' },
        { code: 'lama-hari', label: 'Lama acara', type: 'integer', unit: 'hari', min: '1', max: '30' },
        { code: 'perkiraan-peserta', label: 'Perkiraan jumlah peserta', type: 'integer', min: '1', max: '1000000' },
      ],
      serviceStandardDays: null,
      technicalReview: true,
      siteInspection: false,
      // use of the city's public space: a retribusi for the use of regional assets (UU 1/2022), not a permit levy
      feeKind: 'retribusi',
      feeName: 'Retribusi pemakaian kekayaan daerah',
      fee: {
        kind: 'product',
        factors: [{ field: 'lama-hari' }, { constant: '250000' }],
        rounding: 'half-up',
        description: 'lama acara (hari) × Rp 250.000 pemakaian ruang publik',
      },
      validityMonths: 1,
      numberFormat: '503/{seq:4}/ACARA/DPMPTSP/{roman}/{year}',
    },
    {
      code: 'lokasi-pkl',
      name: 'Izin Penempatan Lokasi Pedagang Kaki Lima (PKL)',
      description: 'Izin menempati lapak PKL di zona yang ditetapkan; lokasi ditinjau sebelum izin terbit.',
      unit: 'dpmptsp',
      documents: [
        ktp,
        { code: 'foto-lapak', label: 'Foto gerobak/lapak', types: ['jpeg', 'png'], maxBytes: 3 * 1024 * 1024 },
      ],
      fields: [
        { code: 'jenis-dagangan', label: 'Jenis dagangan', type: 'text' },
        { code: 'zona', label: 'Zona PKL', type: 'choice', options: ['hijau', 'kuning'] },
        { code: 'luas-lapak-m2', label: 'Luas lapak', type: 'decimal', unit: 'm²', min: '0.5', max: '12' },
        {
          code: 'lama-bulan',
          label: 'Lama izin',
          type: 'integer',
          unit: 'bulan',
          min: '1',
          max: '12',
          validity: 'months',
        },
      ],
      serviceStandardDays: 5,
      technicalReview: false,
      siteInspection: true,
      feeKind: 'retribusi',
      feeName: 'Retribusi pemakaian kekayaan daerah',
      fee: {
        kind: 'product',
        factors: [
          { field: 'luas-lapak-m2' },
          { field: 'zona', table: { hijau: '7500', kuning: '12500' } },
          { field: 'lama-bulan' },
        ],
        rounding: 'half-up',
        description: 'luas lapak (m²) × tarif zona per m² per bulan × lama (bulan)',
      },
      validityMonths: 12,
      numberFormat: '511.3/{seq:4}/PKL/{year}',
    },
  ],
};

/** Inserts the demo types of every region the directory serves that has some; returns how many were added. */
export async function seedDemoPermitTypes(ctx: Ctx, tenants: string[] = ctx.directory.tenants()): Promise<number> {
  let added = 0;
  for (const tenant of tenants) {
    const types = DEMO_PERMIT_TYPES[tenant];
    if (!types) continue;
    await ctx.db.withTenant(tenant, async (trx) => {
      for (const t of types) {
        const input = PermitTypeInput.parse(t);
        // a deployment with a smaller MAX_UPLOAD_BYTES gets the demo limits cut to it, never a checklist it would refuse with 413
        input.documents = input.documents.map((d) => ({
          ...d,
          maxBytes: Math.min(d.maxBytes, ctx.config.MAX_UPLOAD_BYTES),
        }));
        if (await upsertPermitType(trx, ctx, { tenant, type: input, onlyIfMissing: true })) added += 1;
      }
    });
  }
  return added;
}
