/**
 * A generated Bandung-scale year, deterministic (a fixed-seed generator): the nomenclature, accounts
 * and catalogue to match, and the SIPD-shaped line-item file written to disk a row at a time. Every
 * line's total comes from the service's own arithmetic (`lineAmounts`), and the expected sums per
 * unit and overall are kept as exact bigints for the check after the import.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { lineAmounts, parseFactor, parseTaxPercent } from '../src/drafting/arithmetic.js';
import { SIPD_COLUMNS } from '../src/imports/columns.js';
import { csvLine } from '../src/public/csv.js';

export interface YearShape {
  units: string[];
  subActivitiesPerUnit: number;
  linesPerSubActivity: number;
}

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** 4 bidang x 5 programs x 5 kegiatan x 25 sub-kegiatan = 2,500 sub-kegiatan codes under urusan 1. */
export function nomenclature(): { csv: string; subCodes: string[] } {
  const rows: string[][] = [['1', 'Urusan Wajib Pelayanan Dasar', '', '', '']];
  const subCodes: string[] = [];
  for (let b = 1; b <= 4; b++) {
    const bidang = `1.${pad(b, 2)}`;
    rows.push([bidang, `Bidang ${b}`, '', '', '']);
    for (let p = 1; p <= 5; p++) {
      const program = `${bidang}.${pad(p, 2)}`;
      rows.push([program, `Program ${b}.${p}`, '', '', '']);
      for (let k = 1; k <= 5; k++) {
        const kegiatan = `${program}.2.${pad(k, 2)}`;
        rows.push([kegiatan, `Kegiatan ${b}.${p}.${k}`, '', '', '']);
        for (let s = 1; s <= 25; s++) {
          const sub = `${kegiatan}.${pad(s, 4)}`;
          subCodes.push(sub);
          rows.push([sub, `Sub kegiatan ${sub}`, 'Keluaran', 'Jumlah keluaran', 'dokumen']);
        }
      }
    }
  }
  return {
    csv: csvLine(['code', 'name', 'output', 'indicator', 'unit_of_measure']) + rows.map(csvLine).join(''),
    subCodes,
  };
}

/** 200 operating and 100 capital sixth-level accounts, with their parents. */
export function accounts(): { csv: string; codes: string[] } {
  const rows: string[][] = [];
  const codes: string[] = [];
  for (const [root, group, jenis, count] of [
    ['5', '5.1', '5.1.02', 200],
    ['5', '5.2', '5.2.02', 100],
  ] as const) {
    if (!rows.some((r) => r[0] === root)) rows.push([root, 'Belanja']);
    rows.push([group, `Kelompok ${group}`], [jenis, `Jenis ${jenis}`]);
    rows.push([`${jenis}.01`, `Objek ${jenis}.01`], [`${jenis}.01.01`, `Rincian ${jenis}.01.01`]);
    for (let i = 1; i <= count; i++) {
      const code = `${jenis}.01.01.${pad(i, 4)}`;
      codes.push(code);
      rows.push([code, `Sub rincian ${code}`]);
    }
  }
  return { csv: csvLine(['code', 'name']) + rows.map(csvLine).join(''), codes };
}

export interface Item {
  code: string;
  account: string;
  max: bigint;
  annex: '' | 'I' | 'II';
}

/** 2,000 items, each under one account; every 10th an Annex I ceiling, every 7th an Annex II estimate. */
export function catalogue(accountCodes: string[]): { csv: string; items: Item[] } {
  const next = random(7);
  const items: Item[] = [];
  const rows: string[][] = [];
  for (let i = 1; i <= 2000; i++) {
    const item: Item = {
      code: `SSH-${pad(i, 5)}`,
      account: accountCodes[i % accountCodes.length]!,
      // log-uniform from Rp 5,000 to Rp 50 million: many cheap consumables, few costly items
      max: BigInt(Math.round(5_000 * 10_000 ** next())),
      annex: i % 10 === 0 ? 'I' : i % 7 === 0 ? 'II' : '',
    };
    items.push(item);
    rows.push([
      item.code,
      'SSH',
      `Komponen ${i}`,
      `Spesifikasi ${i}`,
      'unit',
      String(item.max),
      item.account,
      item.annex,
      'SSH 2026',
    ]);
  }
  const header = [
    'code',
    'catalogue',
    'name',
    'specification',
    'unit_of_measure',
    'max_unit_price',
    'accounts',
    'annex',
    'source',
  ];
  return { csv: csvLine(header) + rows.map(csvLine).join(''), items };
}

export interface GeneratedYear {
  rows: number;
  bytes: number;
  total: bigint;
  unitPagu: Map<string, bigint>;
}

const UNITS_OF_MEASURE = ['orang', 'hari', 'kali', 'bulan'];

/** Writes the line-item file; sub-activity ceilings fit their lines, unit ceilings their sub-activities. */
export async function writeLineFile(
  path: string,
  shape: YearShape,
  ref: { subCodes: string[]; items: Item[] },
): Promise<GeneratedYear> {
  const next = random(42);
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(csvLine(SIPD_COLUMNS));
  let rows = 0;
  let total = 0n;
  const unitPagu = new Map<string, bigint>();
  for (const [u, unit] of shape.units.entries()) {
    let unitSum = 0n;
    for (let s = 0; s < shape.subActivitiesPerUnit; s++) {
      const sub = ref.subCodes[(u * shape.subActivitiesPerUnit + s) % ref.subCodes.length]!;
      const lines: string[][] = [];
      let subSum = 0n;
      for (let l = 0; l < shape.linesPerSubActivity; l++) {
        const item = ref.items[Math.floor(next() * ref.items.length)]!;
        const factorCount = 1 + Math.floor(next() * 3);
        const factors = Array.from({ length: factorCount }, (_, i) => ({
          quantity:
            i === 0 && next() < 0.2
              ? `${1 + Math.floor(next() * 20)}.5`
              : String(1 + Math.floor(next() * (i === 0 ? 12 : 3))),
          unit: UNITS_OF_MEASURE[i]!,
        }));
        const above = item.annex === 'II' && next() < 0.3;
        const price = above ? item.max + item.max / 10n : item.max - BigInt(Math.floor(next() * Number(item.max / 4n)));
        const tax = next() < 0.5 ? '11' : '0';
        const amounts = lineAmounts(
          factors.map((f) => parseFactor(f.quantity)!),
          price,
          parseTaxPercent(tax)!,
        );
        subSum += amounts.total;
        const cells: Record<string, string> = {
          kode_skpd: unit,
          kode_sub_giat: sub,
          kode_akun: item.account,
          kode_standar_harga: item.code,
          harga_satuan: String(price),
          pajak: tax,
          total_harga: String(amounts.total),
          harga_satuan_murni: String(price),
          total_harga_murni: String(amounts.total),
          sumber_dana: l % 3 === 0 ? 'DAU' : 'PAD',
          lokasi: `Kelurahan ${1 + (l % 151)}`,
          alasan_harga: above ? 'Harga pasar naik menurut survei tiga penyedia' : '',
        };
        factors.forEach((f, i) => {
          cells[`volum${i + 1}`] = f.quantity;
          cells[`sat${i + 1}`] = f.unit;
        });
        lines.push(SIPD_COLUMNS.map((c) => cells[c] ?? ''));
      }
      const pagu = ((subSum + 999_999n) / 1_000_000n) * 1_000_000n;
      unitSum += pagu;
      total += subSum;
      for (const line of lines) {
        line[2] = String(pagu);
        line[3] = String(pagu);
        await write(csvLine(line));
      }
      rows += lines.length;
    }
    unitPagu.set(unit, unitSum + 1_000_000_000n);
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes, total, unitPagu };
}
