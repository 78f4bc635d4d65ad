/** The regions complaints is tested with: the real Kota Bandung directory from infra/, and a small Palu for isolation. */
import { readFileSync } from 'node:fs';

export const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);
export const PALU = {
  code: '72.71',
  name: 'Kota Palu',
  timeZone: 'Asia/Makassar',
  units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  complaintCategories: [{ code: 'jalan-rusak', name: 'Jalan rusak', defaultUnit: 'dpupr' }],
};
