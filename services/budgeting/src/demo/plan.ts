/**
 * The demo year as a plan, pure and deterministic: from the units of the directory and a seed, every
 * unit's sub-activities (with indicators and planning sources), its line items, the ceilings that
 * hold them and the status the unit ends in. The same seed gives the same plan, byte for byte; the
 * seeding then sends the plan through the API's use cases, which check every rule again.
 */
import type { Indicator, PlanningSource } from '../db/schema.js';
import { lineAmounts, parseFactor, parseTaxPercent } from '../drafting/arithmetic.js';
import type { BudgetStatus } from '../cycle/workflow.js';
import { CATALOGUE } from './catalogue.js';
import { nomenclature, UNIT_PROGRAMS, type NomenclatureEntry, type SpendingKind } from './reference.js';

/** mulberry32: a small seeded generator, enough for demo data (never for anything secret). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hashCode = (s: string) => [...s].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7);

export interface DemoUnit {
  code: string;
  kind: string;
}

export interface PlannedLine {
  subActivity: string;
  account: string;
  catalogueItem: string;
  specification?: string;
  factors: Array<{ quantity: string; unit: string }>;
  unitPrice: bigint;
  taxPercent: string;
  fundingSource: string;
  location: string;
  excessReason?: string;
  total: bigint;
}

export interface PlannedSub {
  code: string;
  pagu: bigint;
  planningSource: PlanningSource;
  planningReference?: string;
  indicators: Indicator[];
}

export interface PlannedUnit {
  unit: string;
  pagu: bigint;
  status: Extract<BudgetStatus, 'drafting' | 'submitted' | 'returned' | 'approved'>;
  subs: PlannedSub[];
  lines: PlannedLine[];
}

/** Headcount (ASN) and size (how far capital volumes grow) per unit; kecamatan share one row. */
const SIZE: Record<string, [staff: number, scale: number]> = {
  disdik: [9800, 30],
  dinkes: [2600, 14],
  dsdabm: [700, 70],
  dlh: [1100, 16],
  dishub: [420, 5],
  dpkp3: [260, 25],
  dcktr: [240, 4],
  'satpol-pp': [520, 2],
  dinsos: [180, 3],
  disdukcapil: [210, 2],
  diskominfo: [150, 3],
  dpmptsp: [130, 2],
  setda: [620, 3],
  bkad: [380, 3],
  bappelitbang: [140, 2],
  inspektorat: [110, 1],
  kecamatan: [70, 1],
};
const CAPITAL: ReadonlySet<SpendingKind> = new Set(['roads', 'drainage', 'schools', 'health', 'traffic', 'waste']);
const UNTAXED: ReadonlySet<string> = new Set(['5.1.01', '5.1.02.02.01.0003', '5.1.02.04', '5.1.02.02.01.0061']);
const STREETS = [
  'Jl. Soekarno-Hatta',
  'Jl. Asia Afrika',
  'Jl. Ir. H. Juanda',
  'Jl. Pasteur',
  'Jl. Buah Batu',
  'Jl. Kiaracondong',
  'Jl. A.H. Nasution',
  'Jl. Setiabudi',
  'Jl. Pajajaran',
  'Jl. Jend. Ahmad Yani',
  'Jl. Gatot Subroto',
  'Jl. Cibaduyut',
];
/** Where units end: the rest are approved, so the public view has most of the city. */
const ENDS: Record<string, PlannedUnit['status']> = {
  dpkp3: 'drafting',
  dcktr: 'drafting',
  'kec-cinambo': 'drafting',
  'kec-gedebage': 'drafting',
  dishub: 'returned',
  'kec-cibiru': 'returned',
  dlh: 'submitted',
  diskominfo: 'submitted',
  'kec-antapani': 'submitted',
  'kec-rancasari': 'submitted',
};

type CatalogueRow = (typeof CATALOGUE)[number];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}
const between = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const roundUp = (n: bigint, step: bigint) => ((n + step - 1n) / step) * step;

function factorsOf(rand: () => number, spec: string, ctx: { staff: number; scale: number; capital: boolean }) {
  return spec.split(' x ').map((part, i) => {
    const [unit, range] = part.split(':') as [string, string];
    const [lo, hi] = range === 'staff' ? [ctx.staff, ctx.staff] : range.split('-').map(Number);
    const n = between(rand, lo!, hi ?? lo!) * (ctx.capital && i === 0 ? ctx.scale : 1);
    return { quantity: String(n), unit };
  });
}

function planLine(rand: () => number, item: CatalogueRow, where: { sub: NomenclatureEntry; unit: DemoUnit }) {
  const [staff, scale] = SIZE[where.unit.kind === 'kecamatan' ? 'kecamatan' : where.unit.code] ?? [150, 1];
  const kind = where.sub.kind as SpendingKind;
  const factors = factorsOf(rand, item[10]!, { staff, scale, capital: CAPITAL.has(kind) });
  const max = BigInt(item[5]!);
  // most lines at the catalogue price, some below it; an Annex II estimate now and then above it, with the reason
  const exceeds = item[7] === 'II' && rand() < 0.08;
  const unitPrice = exceeds ? (max * 115n) / 100n : rand() < 0.6 ? max : (max * BigInt(between(rand, 80, 99))) / 100n;
  const account = item[6]!.split(';')[0]!;
  const taxPercent = [...UNTAXED].some((p) => account.startsWith(p)) ? '0' : '11';
  const place =
    kind === 'roads' || kind === 'drainage' || kind === 'traffic'
      ? pick(rand, STREETS)
      : where.unit.kind === 'kecamatan'
        ? `Kantor ${where.unit.code.replace('kec-', 'Kecamatan ').replaceAll('-', ' ')}`
        : `Kota Bandung`;
  const amounts = lineAmounts(
    factors.map((f) => parseFactor(f.quantity)!),
    unitPrice,
    parseTaxPercent(taxPercent)!,
  );
  const line: PlannedLine = {
    subActivity: where.sub.code,
    account,
    catalogueItem: item[0]!,
    factors,
    unitPrice,
    taxPercent,
    fundingSource: CAPITAL.has(kind) && rand() < 0.3 ? 'DAK Fisik' : kind === 'personnel' ? 'DAU' : 'PAD',
    location: place,
    total: amounts.total,
  };
  if (exceeds) line.excessReason = 'Survei harga tiga penyedia di Kota Bandung di atas estimasi Lampiran II';
  return line;
}

function planningOf(rand: () => number, sub: NomenclatureEntry, unit: DemoUnit) {
  if (sub.code.split('.')[2] === '01') return { planningSource: 'none' as const };
  const roll = rand();
  if (unit.kind === 'kecamatan' || roll < 0.25)
    return {
      planningSource: 'musrenbang' as const,
      planningReference: `Musrenbang ${unit.kind === 'kecamatan' ? 'Kecamatan' : 'Kota'} RKPD 2026`,
    };
  if (roll < 0.35)
    return { planningSource: 'pokir' as const, planningReference: `Pokir DPRD Dapil ${between(rand, 1, 6)}` };
  return { planningSource: 'rpjmd' as const, planningReference: `RPJMD 2025-2029 Misi ${between(rand, 1, 5)}` };
}

function planUnit(unit: DemoUnit, codes: NomenclatureEntry[], seed: number): PlannedUnit {
  const rand = seededRandom(seed ^ hashCode(unit.code));
  const programs = UNIT_PROGRAMS[unit.kind === 'kecamatan' ? 'kecamatan' : unit.code] ?? [];
  const bidang = programs[0]?.slice(0, 4);
  const mine = codes.filter(
    (c) => c.kind && (c.code.startsWith(`${bidang}.01.`) || programs.some((p) => c.code.startsWith(`${p}.`))),
  );
  const subs: PlannedSub[] = [];
  const lines: PlannedLine[] = [];
  for (const sub of mine) {
    const items = CATALOGUE.filter((row) => row[9]!.split(',').includes(sub.kind));
    const count = sub.kind === 'personnel' ? items.length : between(rand, 4, 10);
    const subLines = Array.from({ length: count }, (_, i) =>
      planLine(rand, sub.kind === 'personnel' ? items[i]! : pick(rand, items), { sub, unit }),
    );
    const total = subLines.reduce((s, l) => s + l.total, 0n);
    const slack = BigInt(between(rand, 0, 8));
    subs.push({
      code: sub.code,
      pagu: roundUp((total * (100n + slack)) / 100n, 1_000_000n),
      ...planningOf(rand, sub, unit),
      indicators: [
        {
          text: sub.indicator,
          target: sub.kind === 'personnel' ? subLines[0]!.factors[0]!.quantity : String(between(rand, 1, 40)),
          unit: sub.unit,
        },
      ],
    });
    lines.push(...subLines);
  }
  const allotted = subs.reduce((s, x) => s + x.pagu, 0n);
  return {
    unit: unit.code,
    pagu: roundUp((allotted * BigInt(101 + between(rand, 0, 3))) / 100n, 100_000_000n),
    status: ENDS[unit.code] ?? 'approved',
    subs,
    lines,
  };
}

/** The whole demo year for the given units (the directory's), deterministic in `seed`. */
export function planDemoYear(units: readonly DemoUnit[], seed: number): PlannedUnit[] {
  const codes = nomenclature();
  return units.map((u) => planUnit(u, codes, seed));
}
