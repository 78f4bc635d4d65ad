/** Reference data and steps most budgeting tests share, all through the API. */
import { expect } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { budgeting } from '../src/app.js';

export const start = () => createServiceHarness(budgeting);
export type H = Awaited<ReturnType<typeof start>>;

export const NOMENCLATURE = `code,name,output,indicator,unit_of_measure
1,URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR,,,
1.03,URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG,,,
1.03.10,PROGRAM PENYELENGGARAAN JALAN,,,
1.03.10.2.01,Penyelenggaraan Jalan Kabupaten/Kota,,,
1.03.10.2.01.0021,Rehabilitasi Jalan,Jalan yang direhabilitasi,Panjang jalan yang direhabilitasi,km
2,URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR,,,
2.15,URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN,,,
2.15.02,PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ),,,
2.15.02.2.01,Penetapan Rencana Induk Jaringan LLAJ Kabupaten/Kota,,,
2.15.02.2.01.0001,Penyusunan Rencana Induk Jaringan LLAJ Kabupaten/Kota,Dokumen rencana induk,Jumlah dokumen,dokumen
7,KECAMATAN,,,
7.01,KECAMATAN,,,
7.01.01,PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK,,,
7.01.01.2.06,Administrasi Umum Perangkat Daerah,,,
7.01.01.2.06.0002,Penyediaan Peralatan dan Perlengkapan Kantor,Peralatan kantor yang disediakan,Jumlah paket,paket
`;

export const ACCOUNTS = `code,name
5,BELANJA DAERAH
5.1,BELANJA OPERASI
5.1.02,Belanja Barang dan Jasa
5.1.02.01,Belanja Barang
5.1.02.01.01,Belanja Barang Pakai Habis
5.1.02.01.01.0024,Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor
5.1.02.02,Belanja Jasa
5.1.02.02.01,Belanja Jasa Kantor
5.1.02.02.01.0003,"Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia"
5.1.02.04,Belanja Perjalanan Dinas
5.1.02.04.01,Belanja Perjalanan Dinas Dalam Negeri
5.1.02.04.01.0001,Belanja Perjalanan Dinas Biasa
5.2,BELANJA MODAL
5.2.04,"Belanja Modal Jalan, Jaringan, dan Irigasi"
5.2.04.01,Belanja Modal Jalan
5.2.04.01.01,Belanja Modal Jalan Kota
5.2.04.01.01.0001,Belanja Modal Jalan Kota
`;

export const CATALOGUE = `code,catalogue,name,specification,unit_of_measure,max_unit_price,accounts,annex,source
1.1.12.01.01.0001,SSH,Ballpoint,Tinta hitam 0.5 mm,buah,3500,5.1.02.01.01.0024,,SSH Kota Bandung 2026
SBU-HON-01,SBU,Honorarium Narasumber Eselon III,Per orang per jam,OJ,900000,5.1.02.02.01.0003,I,Perpres 33/2020 Lampiran I
SBU-UH-JB,SBU,Uang Harian Perjalanan Dinas Jawa Barat,Luar kota,OH,430000,5.1.02.04.01.0001,I,Perpres 33/2020 Lampiran I
SBU-PML-01,SBU,Pemeliharaan Gedung Kantor,Per m2 per tahun,m2,60000,5.1.02.01.01.0024,II,Perpres 33/2020 Lampiran II
HSPK-JLN-01,HSPK,Lapis aspal AC-WC,Tebal 4 cm,m2,185000,5.2.04.01.01.0001,,HSPK Kota Bandung 2026
`;

export const YEAR = 2026;

export async function putCsv(h: H, url: string, csv: string, headers?: Record<string, string>) {
  return h.inject({ method: 'PUT', url, headers: { ...(headers ?? (await h.as.admin())), 'content-type': 'text/csv' }, payload: csv });
}

/** Loads version 2026, opens the year under it and imports the catalogue. */
export async function seedReference(h: H, tenant?: string) {
  const admin = await h.as.admin(tenant ? { tenant } : undefined);
  for (const [path, csv] of [['nomenclature', NOMENCLATURE], ['accounts', ACCOUNTS]] as const) {
    const res = await putCsv(h, `/v1/admin/reference/2026/${path}`, csv, admin);
    expect(res.statusCode, res.body).toBe(200);
  }
  const year = await h.inject({ method: 'PUT', url: `/v1/admin/years/${YEAR}`, headers: admin, payload: { version: '2026' } });
  expect(year.statusCode, year.body).toBe(200);
  const cat = await putCsv(h, `/v1/admin/catalogue/${YEAR}`, CATALOGUE, admin);
  expect(cat.statusCode, cat.body).toBe(200);
}

/** Sets the unit's ceiling and opens its drafting. */
export async function openUnit(h: H, unit: string, pagu: string) {
  const tapd = await h.as.tapd();
  const c = await h.inject({ method: 'PUT', url: `/v1/budgets/${YEAR}/units/${unit}/ceiling`, headers: tapd, payload: { pagu } });
  expect(c.statusCode, c.body).toBe(200);
  const o = await h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/units/${unit}/open`, headers: tapd, payload: {} });
  expect(o.statusCode, o.body).toBe(200);
}

export const ROAD = '1.03.10.2.01.0021';

export async function addSub(h: H, unit: string, body: Record<string, unknown> = {}) {
  return h.inject({
    method: 'POST',
    url: `/v1/budgets/${YEAR}/units/${unit}/sub-activities`,
    headers: await h.as.officer(unit),
    payload: { code: ROAD, pagu: '500000000', planningSource: 'rpjmd', planningReference: 'RPJMD 2025-2029 Misi 3', indicators: [{ text: 'Panjang jalan yang direhabilitasi', target: '12', unit: 'km' }], ...body },
  });
}

export const asphalt = (over: Record<string, unknown> = {}) => ({
  subActivity: ROAD,
  account: '5.2.04.01.01.0001',
  catalogueItem: 'HSPK-JLN-01',
  factors: [{ quantity: '1200', unit: 'm2' }],
  unitPrice: '185000',
  taxPercent: '11',
  fundingSource: 'PAD',
  location: 'Jl. Soekarno-Hatta',
  ...over,
});

export async function addLine(h: H, unit: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  return h.inject({ method: 'POST', url: `/v1/budgets/${YEAR}/units/${unit}/line-items`, headers: headers ?? (await h.as.officer(unit)), payload: body });
}
