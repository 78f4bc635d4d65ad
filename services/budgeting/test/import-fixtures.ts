/** SIPD-shaped files for the bulk-import tests, and the calls that send them. */
import type { Readable } from 'node:stream';
import { csvLine } from '../src/public/csv.js';
import { SIPD_COLUMNS, type SipdColumn } from '../src/imports/columns.js';
import { ROAD, YEAR, type H } from './fixtures.js';

export type SipdRow = Partial<Record<SipdColumn, string>>;

/** 1,200 m² of asphalt at the HSPK price with 11% tax: 1200 x 185000 x 1.11 = 246,420,000. */
export const asphaltRow = (over: SipdRow = {}): SipdRow => ({
  kode_skpd: 'dsdabm',
  kode_sub_giat: ROAD,
  pagu: '500000000',
  kode_akun: '5.2.04.01.01.0001',
  kode_standar_harga: 'HSPK-JLN-01',
  volum1: '1200',
  sat1: 'm2',
  harga_satuan: '185000',
  pajak: '11',
  total_harga: '246420000',
  sumber_dana: 'PAD',
  lokasi: 'Jl. Soekarno-Hatta',
  ...over,
});

/** Ballpoints: 10 buah x 12 bulan x 3,500 with no tax = 420,000. */
export const penRow = (over: SipdRow = {}): SipdRow => ({
  kode_skpd: 'dsdabm',
  kode_sub_giat: ROAD,
  pagu: '500000000',
  kode_akun: '5.1.02.01.01.0024',
  kode_standar_harga: '1.1.12.01.01.0001',
  volum1: '10',
  sat1: 'buah',
  volum2: '12',
  sat2: 'bulan',
  harga_satuan: '3500',
  pajak: '0',
  total_harga: '420000',
  sumber_dana: 'PAD',
  lokasi: 'Kantor DSDABM',
  ...over,
});

export const sipdCsv = (rows: SipdRow[], columns: readonly string[] = SIPD_COLUMNS) =>
  csvLine(columns) + rows.map((r) => csvLine(columns.map((c) => r[c as SipdColumn] ?? ''))).join('');

export async function postImport(
  h: H,
  body: string | Readable,
  o: { headers?: Record<string, string>; query?: string; contentType?: string } = {},
) {
  return h.inject({
    method: 'POST',
    url: `/v1/imports?year=${YEAR}${o.query ?? ''}`,
    headers: { ...(o.headers ?? (await h.as.admin())), 'content-type': o.contentType ?? 'text/csv' },
    payload: body,
  });
}

export async function exportCsv(h: H, headers?: Record<string, string>) {
  return h.inject({ method: 'GET', url: `/v1/exports/${YEAR}`, headers: headers ?? (await h.as.tapd()) });
}

/** (row, column, code) of each listed problem, for compact assertions. */
export const listed = (body: { rows: Array<{ row: number; column: string; code: string }> }) =>
  body.rows.map((r) => `${r.row} ${r.column} ${r.code}`);
