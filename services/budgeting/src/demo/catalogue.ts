/**
 * The demo's price catalogue for 2026 (SSH, SBU, HSPK, ASB), with what the generator needs to draft
 * lines from each item: the spending kinds it serves and its volume as factors (`orang:20-80 x kali:1-4`:
 * a whole number in the range per factor; `staff` is the unit's headcount; capital items' first factor
 * grows with the unit's size). Prices are demonstration values; Annex I items are hard ceilings,
 * Annex II items estimates that a line may exceed only with a written reason (Perpres 33/2020).
 *
 * Columns: code | catalogue | name | specification | unit of measure | maximum unit price | accounts |
 * annex | source | kinds | volume.
 */
import { table } from './reference.js';

const SSH = 'SSH Kota Bandung 2026';
const P1 = 'Perpres 33/2020 Lampiran I';
const P2 = 'Perpres 33/2020 Lampiran II';
const HSPK = 'HSPK Kota Bandung 2026';
const ASB = 'ASB Kota Bandung 2026';

export const CATALOGUE = table(`
SSH-GAJI-01 | SSH | Gaji dan tunjangan melekat PNS | Rata-rata per pegawai per bulan, termasuk gaji ke-13 dan ke-14 | OB | 8500000 | 5.1.01.01.01.0001 | | ${SSH} | personnel | orang:staff x bulan:14
SSH-TPP-01 | SSH | Tambahan penghasilan pegawai (TPP) | Rata-rata per pegawai per bulan | OB | 4200000 | 5.1.01.02.01.0001 | | ${SSH} | personnel | orang:staff x bulan:12
1.1.12.01.01.0001 | SSH | Ballpoint | Tinta hitam 0.5 mm | buah | 3500 | 5.1.02.01.01.0024 | | ${SSH} | office | buah:50-600
SSH-ATK-02 | SSH | Kertas HVS A4 70 gram | 1 rim isi 500 lembar | rim | 55000 | 5.1.02.01.01.0025 | | ${SSH} | office,planning | rim:20-400
SSH-ATK-03 | SSH | Tinta printer | Botol 70 ml | botol | 95000 | 5.1.02.01.01.0024 | | ${SSH} | office | botol:10-120
SSH-ATK-04 | SSH | Map plastik | Ukuran folio | buah | 6500 | 5.1.02.01.01.0024 | | ${SSH} | office,planning,meetings | buah:50-500
SSH-BBM-01 | SSH | Bensin | Pertalite | liter | 10000 | 5.1.02.01.01.0004 | | ${SSH} | vehicles,waste | liter:100-1500 x bulan:12
SSH-PMK-01 | SSH | Permakanan penerima manfaat | Makan satu kali per hari | OH | 25000 | 5.1.02.01.01.0055 | | ${SSH} | outreach | orang:50-400 x hari:30-240
SSH-LIS-01 | SSH | Tagihan listrik kantor | Per gedung per bulan | bulan | 45000000 | 5.1.02.02.01.0061 | | ${SSH} | utilities | bulan:12
SSH-INT-01 | SSH | Langganan internet kantor | 100 Mbps dedicated | bulan | 12500000 | 5.1.02.02.01.0063 | | ${SSH} | utilities,ict | bulan:12
SSH-TA-01 | SSH | Jasa tenaga administrasi | Per orang per bulan, setara UMK Kota Bandung | OB | 4500000 | 5.1.02.02.01.0026 | | ${SSH} | office,planning,utilities,ict | orang:1-6 x bulan:12
SSH-KND-01 | SSH | Servis dan suku cadang kendaraan roda empat | Per unit per tahun | unit | 12000000 | 5.1.02.03.02.0035 | | ${SSH} | vehicles | unit:2-12
SSH-PKB-01 | SSH | Pajak kendaraan bermotor roda empat | Per unit per tahun | unit | 4500000 | 5.1.02.03.02.0035 | | ${SSH} | vehicles | unit:2-12
SSH-PC-01 | SSH | Personal computer | Core i5, RAM 16 GB, SSD 512 GB, monitor 24 inci | unit | 14500000 | 5.2.02.10.01.0002 | | ${SSH} | office,ict | unit:2-25
SSH-LMR-01 | SSH | Lemari arsip | Besi, empat pintu | unit | 4800000 | 5.2.02.05.01.0005 | | ${SSH} | office | unit:1-8
SSH-ALKES-01 | SSH | Tensimeter digital | Standar puskesmas | unit | 1750000 | 5.2.02.07.01.0001 | | ${SSH} | health | unit:20-160
SSH-ALKES-02 | SSH | Ultrasonografi (USG) portabel | Dua dimensi, untuk puskesmas | unit | 185000000 | 5.2.02.07.01.0001 | | ${SSH} | health | unit:1-6
SSH-RMB-01 | SSH | Rambu lalu lintas | Tiang dan daun rambu, terpasang | unit | 3250000 | 5.2.02.13.01.0001 | | ${SSH} | traffic | unit:20-300
SSH-MTR-01 | SSH | Motor sampah roda tiga | Bak 1,5 m3 | unit | 42000000 | 5.2.02.03.01.0004 | | ${SSH} | waste | unit:2-20
SSH-APP-01 | SSH | Pengembangan aplikasi | Per modul, termasuk dokumentasi | modul | 65000000 | 5.2.05.04.01.0001 | | ${SSH} | ict | modul:1-8
HSPK-JLN-01 | HSPK | Lapis aspal AC-WC | Tebal 4 cm | m2 | 185000 | 5.2.04.01.01.0001 | | ${HSPK} | roads | m2:800-6000
HSPK-JLN-02 | HSPK | Penambalan lubang jalan | Aspal hotmix, tebal 5 cm | m2 | 95000 | 5.1.02.03.04.0001 | | ${HSPK} | roads | m2:200-3000
HSPK-TRT-01 | HSPK | Trotoar beton | Lebar 2 m, permukaan batu andesit | m2 | 450000 | 5.2.04.01.01.0001 | | ${HSPK} | roads | m2:100-1500
HSPK-DRN-01 | HSPK | Saluran U-ditch 60x60 | Pracetak, terpasang | m | 1250000 | 5.2.04.02.05.0001 | | ${HSPK} | drainage | m:50-900
HSPK-DRN-02 | HSPK | Normalisasi saluran drainase | Pengerukan sedimen dan angkut | m3 | 135000 | 5.1.02.03.04.0020 | | ${HSPK} | drainage | m3:100-2500
HSPK-GDG-01 | HSPK | Pengecatan dinding gedung | Cat tembok dua lapis | m2 | 45000 | 5.1.02.03.03.0001 | | ${HSPK} | buildings | m2:200-2500
HSPK-GDG-02 | HSPK | Penggantian penutup atap | Genteng metal termasuk rangka baja ringan | m2 | 285000 | 5.1.02.03.03.0001 | | ${HSPK} | buildings | m2:50-600
HSPK-RKB-01 | HSPK | Rehabilitasi berat ruang kelas | Per m2 luas lantai, ruang 7 x 9 m | m2 | 3500000 | 5.2.03.01.01.0007 | | ${HSPK} | schools | ruang:1-6 x m2:63
SBU-HON-01 | SBU | Honorarium Narasumber Eselon III | Per orang per jam | OJ | 900000 | 5.1.02.02.01.0003 | I | ${P1} | meetings,planning,outreach | orang:1-4 x jam:2-4
SBU-HON-02 | SBU | Honorarium Narasumber Eselon II | Per orang per jam | OJ | 1000000 | 5.1.02.02.01.0003 | I | ${P1} | meetings,planning | orang:1-2 x jam:2-3
SBU-UH-JB | SBU | Uang Harian Perjalanan Dinas Jawa Barat | Luar kota | OH | 430000 | 5.1.02.04.01.0001 | I | ${P1} | meetings,planning | orang:2-8 x hari:2-4
SBU-PKT-01 | SBU | Paket meeting fullday dalam kota | Per orang per kegiatan | OK | 380000 | 5.1.02.04.01.0004 | I | ${P1} | meetings,planning | orang:20-80 x kali:1-4
SBU-PML-01 | SBU | Pemeliharaan gedung kantor | Per m2 per tahun | m2 | 60000 | 5.1.02.03.03.0001 | II | ${P2} | buildings | m2:500-5000
SBU-KONS-01 | SBU | Konsumsi rapat: makan | Per orang per kali | OK | 43000 | 5.1.02.01.01.0052 | II | ${P2} | meetings,planning,outreach | orang:15-100 x kali:2-12
SBU-KONS-02 | SBU | Konsumsi rapat: kudapan | Per orang per kali | OK | 20000 | 5.1.02.01.01.0052 | II | ${P2} | meetings,planning,outreach | orang:15-100 x kali:2-12
ASB-DOK-01 | ASB | Penyusunan dokumen perencanaan | Termasuk kajian, diskusi kelompok terarah dan penggandaan | dokumen | 175000000 | 5.1.02.02.01.0026 | | ${ASB} | planning | dokumen:1-2
ASB-SOS-01 | ASB | Sosialisasi kepada masyarakat | Per angkatan 50 orang | angkatan | 18500000 | 5.1.02.01.01.0052 | | ${ASB} | outreach,meetings | angkatan:2-20
`);

/** The catalogue as the import's CSV columns. */
export const CATALOGUE_COLUMNS_DEMO = [
  'code',
  'catalogue',
  'name',
  'specification',
  'unit_of_measure',
  'max_unit_price',
  'accounts',
  'annex',
  'source',
] as const;
