/**
 * The demo's reference data for Kota Bandung's fiscal year 2026: a subset of the Permendagri 90/2019
 * nomenclature (as updated by Kepmendagri 050-5889/2021) and of its account codes, and a price
 * catalogue. Codes and names follow the published structure (urusan 1-2 and the support, supporting,
 * oversight, territorial and general-government codes 4-8; kegiatan level digit 2 for a kota), but
 * this is a demonstration subset typed from that structure, not an authoritative copy of the decree:
 * check a real year against its Kepmendagri. Prices are demonstration values; the Annex I items
 * carry Perpres 33/2020's figures for Jawa Barat where the example files already used them.
 *
 * The tables are pipe-separated text, one row a line, so a reader sees them as tables.
 */

/** What a sub-kegiatan's lines are spent on: decides which catalogue items the generator draws. */
export const SPENDING_KINDS = [
  'personnel',
  'planning',
  'office',
  'meetings',
  'utilities',
  'vehicles',
  'buildings',
  'roads',
  'drainage',
  'schools',
  'health',
  'outreach',
  'waste',
  'traffic',
  'ict',
] as const;
export type SpendingKind = (typeof SPENDING_KINDS)[number];

export const table = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()));

/**
 * Program 01 of every bidang, the support program (penunjang), the same in each: `X` stands for the
 * bidang. Columns: code | name | output | indicator | unit of measure | spending kind.
 */
const SUPPORT = table(`
X.01 | PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA
X.01.2.01 | Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah
X.01.2.01.0001 | Penyusunan Dokumen Perencanaan Perangkat Daerah | Dokumen perencanaan perangkat daerah | Jumlah dokumen perencanaan | dokumen | planning
X.01.2.02 | Administrasi Keuangan Perangkat Daerah
X.01.2.02.0001 | Penyediaan Gaji dan Tunjangan ASN | Gaji dan tunjangan ASN yang dibayarkan | Jumlah ASN yang menerima gaji dan tunjangan | orang | personnel
X.01.2.06 | Administrasi Umum Perangkat Daerah
X.01.2.06.0002 | Penyediaan Peralatan dan Perlengkapan Kantor | Paket peralatan dan perlengkapan kantor | Jumlah paket peralatan dan perlengkapan kantor | paket | office
X.01.2.06.0009 | Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD | Laporan penyelenggaraan rapat koordinasi | Jumlah laporan | laporan | meetings
X.01.2.08 | Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah
X.01.2.08.0002 | Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik | Laporan penyediaan jasa komunikasi, air dan listrik | Jumlah laporan | laporan | utilities
X.01.2.09 | Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah
X.01.2.09.0002 | Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, dan Pajak Kendaraan Dinas | Kendaraan dinas yang dipelihara dan dibayarkan pajaknya | Jumlah kendaraan dinas | unit | vehicles
X.01.2.09.0009 | Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya | Gedung kantor yang dipelihara | Jumlah gedung kantor | unit | buildings
`);

/** Urusan, bidang and each unit's technical programs. Same columns as SUPPORT. */
const TECHNICAL = table(`
1 | URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR
1.01 | URUSAN PEMERINTAHAN BIDANG PENDIDIKAN
1.01.02 | PROGRAM PENGELOLAAN PENDIDIKAN
1.01.02.2.01 | Pengelolaan Pendidikan Sekolah Dasar
1.01.02.2.01.0009 | Rehabilitasi Sedang/Berat Ruang Kelas Sekolah | Ruang kelas SD yang direhabilitasi | Jumlah ruang kelas | ruang | schools
1.01.02.2.01.0025 | Pengadaan Perlengkapan Sekolah | Perlengkapan sekolah SD yang disediakan | Jumlah paket perlengkapan | paket | office
1.01.02.2.02 | Pengelolaan Pendidikan Sekolah Menengah Pertama
1.01.02.2.02.0009 | Rehabilitasi Sedang/Berat Ruang Kelas Sekolah | Ruang kelas SMP yang direhabilitasi | Jumlah ruang kelas | ruang | schools
1.02 | URUSAN PEMERINTAHAN BIDANG KESEHATAN
1.02.02 | PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT
1.02.02.2.01 | Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota
1.02.02.2.01.0014 | Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan | Alat kesehatan puskesmas yang disediakan | Jumlah unit alat kesehatan | unit | health
1.02.02.2.02 | Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota
1.02.02.2.02.0001 | Pengelolaan Pelayanan Kesehatan Ibu Hamil | Ibu hamil yang mendapatkan pelayanan kesehatan | Jumlah ibu hamil yang dilayani | orang | outreach
1.02.02.2.02.0011 | Pengelolaan Pelayanan Kesehatan Orang Terduga Tuberkulosis | Orang terduga TBC yang mendapat pelayanan | Jumlah orang yang dilayani | orang | outreach
1.03 | URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG
1.03.03 | PROGRAM PENGELOLAAN DAN PENGEMBANGAN SISTEM DRAINASE
1.03.03.2.01 | Pengelolaan dan Pengembangan Sistem Drainase yang Terhubung Langsung dengan Sungai dalam Daerah Kabupaten/Kota
1.03.03.2.01.0002 | Pembangunan Sistem Drainase Perkotaan | Saluran drainase yang dibangun | Panjang saluran drainase yang dibangun | m | drainage
1.03.03.2.01.0006 | Operasi dan Pemeliharaan Sistem Drainase Perkotaan | Saluran drainase yang dipelihara | Panjang saluran drainase yang dipelihara | m | drainage
1.03.10 | PROGRAM PENYELENGGARAAN JALAN
1.03.10.2.01 | Penyelenggaraan Jalan Kabupaten/Kota
1.03.10.2.01.0021 | Rehabilitasi Jalan | Jalan yang direhabilitasi | Panjang jalan yang direhabilitasi | km | roads
1.03.10.2.01.0033 | Pemeliharaan Rutin Jalan | Jalan yang dipelihara | Panjang jalan yang dipelihara | km | roads
1.03.11 | PROGRAM PENGEMBANGAN JASA KONSTRUKSI
1.03.11.2.02 | Penyelenggaraan Pelatihan Tenaga Terampil Konstruksi
1.03.11.2.02.0001 | Pelatihan Tenaga Terampil Konstruksi | Tenaga terampil konstruksi yang dilatih | Jumlah peserta pelatihan | orang | meetings
1.03.13 | PROGRAM PENYELENGGARAAN PENATAAN RUANG
1.03.13.2.01 | Penetapan Rencana Tata Ruang Wilayah (RTRW) dan Rencana Rinci Tata Ruang (RRTR) Kabupaten/Kota
1.03.13.2.01.0003 | Penyusunan Rencana Detail Tata Ruang (RDTR) Kabupaten/Kota | Dokumen RDTR | Jumlah dokumen RDTR | dokumen | planning
1.04 | URUSAN PEMERINTAHAN BIDANG PERUMAHAN DAN KAWASAN PERMUKIMAN
1.04.07 | PROGRAM PENINGKATAN PRASARANA, SARANA DAN UTILITAS UMUM (PSU)
1.04.07.2.01 | Urusan Penyelenggaraan PSU Perumahan
1.04.07.2.01.0004 | Rehabilitasi Prasarana, Sarana, dan Utilitas Umum di Perumahan | PSU perumahan yang direhabilitasi | Luas PSU yang direhabilitasi | m2 | roads
1.05 | URUSAN PEMERINTAHAN BIDANG KETENTERAMAN DAN KETERTIBAN UMUM SERTA PERLINDUNGAN MASYARAKAT
1.05.02 | PROGRAM PENINGKATAN KETENTERAMAN DAN KETERTIBAN UMUM
1.05.02.2.01 | Penanganan Gangguan Ketenteraman dan Ketertiban Umum dalam 1 (Satu) Daerah Kabupaten/Kota
1.05.02.2.01.0001 | Penanganan Gangguan Ketenteraman dan Ketertiban Umum | Gangguan trantibum yang ditangani | Jumlah kejadian yang ditangani | kejadian | outreach
1.06 | URUSAN PEMERINTAHAN BIDANG SOSIAL
1.06.04 | PROGRAM REHABILITASI SOSIAL
1.06.04.2.01 | Rehabilitasi Sosial Dasar Penyandang Disabilitas Terlantar, Anak Terlantar, Lanjut Usia Terlantar, serta Gelandangan Pengemis di Luar Panti Sosial
1.06.04.2.01.0002 | Penyediaan Permakanan | Penerima permakanan | Jumlah orang yang mendapat permakanan | orang | outreach
2 | URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR
2.11 | URUSAN PEMERINTAHAN BIDANG LINGKUNGAN HIDUP
2.11.11 | PROGRAM PENGELOLAAN PERSAMPAHAN
2.11.11.2.01 | Pengelolaan Sampah
2.11.11.2.01.0001 | Penyediaan Sarana dan Prasarana Pengelolaan Sampah | Sarana pengelolaan sampah yang disediakan | Jumlah unit sarana | unit | waste
2.11.11.2.01.0007 | Penanganan Sampah dengan Pemilahan, Pengumpulan, Pengangkutan, Pengolahan, dan Pemrosesan Akhir | Sampah yang tertangani | Volume sampah yang tertangani | ton | waste
2.12 | URUSAN PEMERINTAHAN BIDANG ADMINISTRASI KEPENDUDUKAN DAN PENCATATAN SIPIL
2.12.02 | PROGRAM PENDAFTARAN PENDUDUK
2.12.02.2.01 | Pelayanan Pendaftaran Penduduk
2.12.02.2.01.0001 | Penyelenggaraan Pendaftaran Penduduk | Dokumen kependudukan yang diterbitkan | Jumlah dokumen kependudukan | dokumen | office
2.15 | URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN
2.15.02 | PROGRAM PENYELENGGARAAN LALU LINTAS DAN ANGKUTAN JALAN (LLAJ)
2.15.02.2.01 | Penetapan Rencana Induk Jaringan LLAJ Kabupaten/Kota
2.15.02.2.01.0001 | Penyusunan Rencana Induk Jaringan LLAJ Kabupaten/Kota | Dokumen rencana induk | Jumlah dokumen | dokumen | planning
2.15.02.2.02 | Penyediaan Perlengkapan Jalan di Jalan Kabupaten/Kota
2.15.02.2.02.0001 | Pengadaan Perlengkapan Jalan | Perlengkapan jalan yang terpasang | Jumlah unit perlengkapan jalan | unit | traffic
2.16 | URUSAN PEMERINTAHAN BIDANG KOMUNIKASI DAN INFORMATIKA
2.16.03 | PROGRAM APLIKASI INFORMATIKA
2.16.03.2.02 | Pengelolaan e-government di Lingkup Pemerintah Daerah Kabupaten/Kota
2.16.03.2.02.0004 | Pengembangan Aplikasi dan Proses Bisnis Pemerintahan Berbasis Elektronik | Aplikasi pemerintahan yang dikembangkan | Jumlah aplikasi | aplikasi | ict
2.18 | URUSAN PEMERINTAHAN BIDANG PENANAMAN MODAL
2.18.04 | PROGRAM PELAYANAN PENANAMAN MODAL
2.18.04.2.01 | Pelayanan Perizinan dan Non Perizinan secara Terpadu Satu Pintu di Bidang Penanaman Modal
2.18.04.2.01.0001 | Penyediaan Pelayanan Terpadu Perizinan dan Nonperizinan | Layanan perizinan yang diselenggarakan | Jumlah izin yang diterbitkan | izin | ict
4 | UNSUR PENDUKUNG URUSAN PEMERINTAHAN
4.01 | SEKRETARIAT DAERAH
4.01.02 | PROGRAM PEMERINTAHAN DAN KESEJAHTERAAN RAKYAT
4.01.02.2.01 | Pelaksanaan Kebijakan Pemerintahan
4.01.02.2.01.0003 | Fasilitasi Kerja Sama Daerah | Dokumen kerja sama daerah | Jumlah dokumen kerja sama | dokumen | meetings
5 | UNSUR PENUNJANG URUSAN PEMERINTAHAN
5.01 | PERENCANAAN
5.01.02 | PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI PEMBANGUNAN DAERAH
5.01.02.2.01 | Penyusunan Perencanaan dan Pendanaan
5.01.02.2.01.0001 | Penyusunan Rencana Kerja Pemerintah Daerah (RKPD) | Dokumen RKPD | Jumlah dokumen | dokumen | planning
5.01.02.2.01.0002 | Penyelenggaraan Musrenbang RKPD | Musrenbang yang diselenggarakan | Jumlah musrenbang | kegiatan | meetings
5.02 | KEUANGAN
5.02.02 | PROGRAM PENGELOLAAN KEUANGAN DAERAH
5.02.02.2.01 | Koordinasi dan Penyusunan Rencana Anggaran Daerah
5.02.02.2.01.0001 | Koordinasi dan Penyusunan KUA dan PPAS | Dokumen KUA dan PPAS | Jumlah dokumen | dokumen | planning
5.02.03 | PROGRAM PENGELOLAAN BARANG MILIK DAERAH
5.02.03.2.01 | Pengelolaan Barang Milik Daerah
5.02.03.2.01.0005 | Penatausahaan Barang Milik Daerah | Laporan barang milik daerah | Jumlah laporan | laporan | office
6 | UNSUR PENGAWASAN URUSAN PEMERINTAHAN
6.01 | INSPEKTORAT DAERAH
6.01.02 | PROGRAM PENYELENGGARAAN PENGAWASAN
6.01.02.2.01 | Penyelenggaraan Pengawasan Internal
6.01.02.2.01.0001 | Pengawasan Kinerja Pemerintah Daerah | Laporan hasil pengawasan | Jumlah laporan hasil pengawasan | laporan | meetings
7 | UNSUR KEWILAYAHAN
7.01 | KECAMATAN
7.01.02 | PROGRAM PENYELENGGARAAN PEMERINTAHAN DAN PELAYANAN PUBLIK
7.01.02.2.01 | Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan
7.01.02.2.01.0002 | Koordinasi Kegiatan Pemberdayaan Masyarakat dan Kelurahan | Laporan koordinasi pemberdayaan masyarakat | Jumlah laporan | laporan | meetings
7.01.03 | PROGRAM PEMBERDAYAAN MASYARAKAT DESA DAN KELURAHAN
7.01.03.2.01 | Pembangunan Sarana dan Prasarana Kelurahan dan Pemberdayaan Masyarakat di Kelurahan
7.01.03.2.01.0001 | Pembangunan Sarana dan Prasarana Kelurahan | Sarana dan prasarana kelurahan yang dibangun | Jumlah lokasi | lokasi | drainage
8 | UNSUR PEMERINTAHAN UMUM
8.01 | KESATUAN BANGSA DAN POLITIK
8.01.02 | PROGRAM PENGUATAN IDEOLOGI PANCASILA DAN KARAKTER KEBANGSAAN
8.01.02.2.01 | Perumusan Kebijakan Teknis dan Pemantapan Pelaksanaan Bidang Ideologi Pancasila dan Karakter Kebangsaan
8.01.02.2.01.0001 | Penguatan Ideologi Pancasila dan Karakter Kebangsaan | Peserta penguatan ideologi | Jumlah peserta | orang | meetings
`);

/**
 * The technical programs each unit of the directory budgets (kecamatan by their kind); its bidang is
 * the first program's, and the support program of that bidang is added to each.
 */
export const UNIT_PROGRAMS: Record<string, string[]> = {
  disdik: ['1.01.02'],
  dinkes: ['1.02.02'],
  dsdabm: ['1.03.03', '1.03.10'],
  dcktr: ['1.03.11', '1.03.13'],
  dpkp3: ['1.04.07'],
  'satpol-pp': ['1.05.02'],
  dinsos: ['1.06.04'],
  dlh: ['2.11.11'],
  disdukcapil: ['2.12.02'],
  dishub: ['2.15.02'],
  diskominfo: ['2.16.03'],
  dpmptsp: ['2.18.04'],
  setda: ['4.01.02'],
  bappelitbang: ['5.01.02'],
  bkad: ['5.02.02', '5.02.03'],
  inspektorat: ['6.01.02'],
  kecamatan: ['7.01.02', '7.01.03'],
};

export interface NomenclatureEntry {
  code: string;
  name: string;
  output: string;
  indicator: string;
  unit: string;
  kind: SpendingKind | '';
}

const entry = (row: string[]): NomenclatureEntry => ({
  code: row[0]!,
  name: row[1]!,
  output: row[2] ?? '',
  indicator: row[3] ?? '',
  unit: row[4] ?? '',
  kind: (row[5] ?? '') as SpendingKind | '',
});

/** Every code of the version, parents before children: the technical codes with each used bidang's support program after it. */
export function nomenclature(): NomenclatureEntry[] {
  const bidangUsed = new Set(Object.values(UNIT_PROGRAMS).map((programs) => programs[0]!.slice(0, 4)));
  const out: NomenclatureEntry[] = [];
  for (const row of TECHNICAL) {
    out.push(entry(row));
    if (row[0]!.length === 4 && bidangUsed.has(row[0]!))
      for (const s of SUPPORT) out.push(entry([s[0]!.replace('X', row[0]!), ...s.slice(1)]));
  }
  return out;
}

/** Account codes, parents first: akun . kelompok . jenis . objek . rincian objek . sub rincian objek. */
export const ACCOUNTS = table(`
4 | PENDAPATAN DAERAH
4.1 | PENDAPATAN ASLI DAERAH (PAD)
4.1.01 | Pajak Daerah
5 | BELANJA DAERAH
5.1 | BELANJA OPERASI
5.1.01 | Belanja Pegawai
5.1.01.01 | Belanja Gaji dan Tunjangan ASN
5.1.01.01.01 | Belanja Gaji Pokok ASN
5.1.01.01.01.0001 | Belanja Gaji Pokok PNS
5.1.01.02 | Belanja Tambahan Penghasilan ASN
5.1.01.02.01 | Tambahan Penghasilan berdasarkan Beban Kerja
5.1.01.02.01.0001 | Tambahan Penghasilan berdasarkan Beban Kerja PNS
5.1.02 | Belanja Barang dan Jasa
5.1.02.01 | Belanja Barang
5.1.02.01.01 | Belanja Barang Pakai Habis
5.1.02.01.01.0004 | Belanja Bahan-Bahan Bakar dan Pelumas
5.1.02.01.01.0024 | Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor
5.1.02.01.01.0025 | Belanja Alat/Bahan untuk Kegiatan Kantor-Kertas dan Cover
5.1.02.01.01.0052 | Belanja Makanan dan Minuman Rapat
5.1.02.01.01.0055 | Belanja Makanan dan Minuman pada Fasilitas Pelayanan Urusan Sosial
5.1.02.02 | Belanja Jasa
5.1.02.02.01 | Belanja Jasa Kantor
5.1.02.02.01.0003 | Honorarium Narasumber atau Pembahas, Moderator, Pembawa Acara, dan Panitia
5.1.02.02.01.0026 | Belanja Jasa Tenaga Administrasi
5.1.02.02.01.0061 | Belanja Tagihan Listrik
5.1.02.02.01.0063 | Belanja Kawat/Faksimili/Internet/TV Berlangganan
5.1.02.03 | Belanja Pemeliharaan
5.1.02.03.02 | Belanja Pemeliharaan Peralatan dan Mesin
5.1.02.03.02.0035 | Belanja Pemeliharaan Alat Angkutan-Alat Angkutan Darat Bermotor-Kendaraan Dinas Bermotor Perorangan
5.1.02.03.03 | Belanja Pemeliharaan Gedung dan Bangunan
5.1.02.03.03.0001 | Belanja Pemeliharaan Bangunan Gedung-Bangunan Gedung Tempat Kerja-Bangunan Gedung Kantor
5.1.02.03.04 | Belanja Pemeliharaan Jalan, Jaringan, dan Irigasi
5.1.02.03.04.0001 | Belanja Pemeliharaan Jalan-Jalan Kota
5.1.02.03.04.0020 | Belanja Pemeliharaan Jaringan-Saluran Drainase
5.1.02.04 | Belanja Perjalanan Dinas
5.1.02.04.01 | Belanja Perjalanan Dinas Dalam Negeri
5.1.02.04.01.0001 | Belanja Perjalanan Dinas Biasa
5.1.02.04.01.0004 | Belanja Perjalanan Dinas Paket Meeting Dalam Kota
5.2 | BELANJA MODAL
5.2.02 | Belanja Modal Peralatan dan Mesin
5.2.02.03 | Belanja Modal Alat Angkutan
5.2.02.03.01 | Belanja Modal Alat Angkutan Darat Bermotor
5.2.02.03.01.0004 | Belanja Modal Kendaraan Bermotor Beroda Tiga
5.2.02.05 | Belanja Modal Alat Kantor dan Rumah Tangga
5.2.02.05.01 | Belanja Modal Alat Kantor
5.2.02.05.01.0005 | Belanja Modal Alat Kantor Lainnya
5.2.02.07 | Belanja Modal Alat Kedokteran dan Kesehatan
5.2.02.07.01 | Belanja Modal Alat Kedokteran
5.2.02.07.01.0001 | Belanja Modal Alat Kedokteran Umum
5.2.02.10 | Belanja Modal Komputer
5.2.02.10.01 | Belanja Modal Komputer Unit
5.2.02.10.01.0002 | Belanja Modal Personal Computer
5.2.02.13 | Belanja Modal Rambu-Rambu
5.2.02.13.01 | Belanja Modal Rambu-Rambu Lalu Lintas Darat
5.2.02.13.01.0001 | Belanja Modal Rambu Bersuar
5.2.03 | Belanja Modal Gedung dan Bangunan
5.2.03.01 | Belanja Modal Bangunan Gedung
5.2.03.01.01 | Belanja Modal Bangunan Gedung Tempat Kerja
5.2.03.01.01.0001 | Belanja Modal Bangunan Gedung Kantor
5.2.03.01.01.0007 | Belanja Modal Bangunan Gedung Tempat Pendidikan
5.2.04 | Belanja Modal Jalan, Jaringan, dan Irigasi
5.2.04.01 | Belanja Modal Jalan
5.2.04.01.01 | Belanja Modal Jalan Kota
5.2.04.01.01.0001 | Belanja Modal Jalan Kota
5.2.04.02 | Belanja Modal Jaringan
5.2.04.02.05 | Belanja Modal Jaringan Drainase
5.2.04.02.05.0001 | Belanja Modal Saluran Drainase
5.2.05 | Belanja Modal Aset Tetap Lainnya
5.2.05.04 | Belanja Modal Aset Tak Berwujud
5.2.05.04.01 | Belanja Modal Software
5.2.05.04.01.0001 | Belanja Modal Software
5.3 | BELANJA TIDAK TERDUGA
5.3.01 | Belanja Tidak Terduga
5.3.01.01 | Belanja Tidak Terduga
5.3.01.01.01 | Belanja Tidak Terduga
5.3.01.01.01.0001 | Belanja Tidak Terduga
5.4 | BELANJA TRANSFER
6 | PEMBIAYAAN DAERAH
6.1 | PENERIMAAN PEMBIAYAAN
`);
