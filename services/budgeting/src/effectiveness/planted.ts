/**
 * A generated year with known answers: normal line items drawn around each catalogue item's usual
 * consumption per staff member, and planted anomalies of every kind, including Jakarta's 2019 Aibon
 * line exactly. Deterministic for a seed. The tests measure precision and recall on it, and the
 * benchmark uses it at scale.
 */
import { lineAmounts, parseFactor, parseTaxPercent } from '../drafting/arithmetic.js';
import type { AnomalyKind } from './anomalies.js';
import type { ReviewLine } from './lines.js';

/** mulberry32: a small, well-known seeded PRNG (not for secrets). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Item {
  code: string;
  name: string;
  unit: string;
  account: string;
  price: bigint;
  /** Usual quantity per staff member per month, in hundredths. */
  perStaffMonth: number;
  annex: 'I' | 'II' | null;
}

const ITEMS: Item[] = [
  {
    code: 'SSH-ATK-001',
    name: 'Kertas HVS A4 70 gram',
    unit: 'rim',
    account: '5.1.02.01.01.0024',
    price: 54_300n,
    perStaffMonth: 60,
    annex: null,
  },
  {
    code: 'SSH-ATK-002',
    name: 'Pulpen',
    unit: 'buah',
    account: '5.1.02.01.01.0024',
    price: 3_250n,
    perStaffMonth: 150,
    annex: null,
  },
  {
    code: 'SSH-ATK-003',
    name: 'Lem Aibon',
    unit: 'kaleng',
    account: '5.1.02.01.01.0024',
    price: 184_000n,
    perStaffMonth: 4,
    annex: null,
  },
  {
    code: 'SSH-ATK-004',
    name: 'Tinta printer',
    unit: 'botol',
    account: '5.1.02.01.01.0025',
    price: 97_150n,
    perStaffMonth: 20,
    annex: null,
  },
  {
    code: 'SSH-MMN-001',
    name: 'Makanan rapat',
    unit: 'kotak',
    account: '5.1.02.01.01.0052',
    price: 41_700n,
    perStaffMonth: 120,
    annex: 'II',
  },
  {
    code: 'SSH-MMN-002',
    name: 'Air minum galon',
    unit: 'galon',
    account: '5.1.02.01.01.0052',
    price: 19_350n,
    perStaffMonth: 50,
    annex: null,
  },
  {
    code: 'SBU-HON-001',
    name: 'Honorarium narasumber',
    unit: 'OJ',
    account: '5.1.02.02.01.0003',
    price: 900_000n,
    perStaffMonth: 2,
    annex: 'I',
  },
  {
    code: 'SSH-KBR-001',
    name: 'Sabun pembersih lantai',
    unit: 'liter',
    account: '5.1.02.01.01.0029',
    price: 27_450n,
    perStaffMonth: 15,
    annex: null,
  },
];

export interface PlantedYear {
  lines: ReviewLine[];
  unitStaff: Map<string, number>;
  /** The planted lines and the kind each must be flagged with. */
  planted: Map<string, AnomalyKind>;
}

const tax0 = parseTaxPercent('0')!;
function total(factors: readonly { quantity: string }[], price: bigint): bigint {
  return lineAmounts(
    factors.map((f) => parseFactor(f.quantity)!),
    price,
    tax0,
  ).total;
}

/**
 * `units` units of 20-300 staff, 4-8 sub-activities each, 3-6 lines per sub-activity; then one planted
 * line of each kind in its own unit or sub-activity.
 */
export function plantedYear(seed: number, units = 40): PlantedYear {
  const rnd = prng(seed);
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const lines: ReviewLine[] = [];
  const unitStaff = new Map<string, number>();
  let next = 1;
  const line = (partial: Omit<ReviewLine, 'id' | 'total' | 'catalogueMax' | 'excessReason'> & Partial<ReviewLine>) => {
    const l: ReviewLine = {
      id: `L${String(next++).padStart(6, '0')}`,
      catalogueMax: null,
      excessReason: null,
      total: total(partial.factors, partial.unitPrice),
      ...partial,
    };
    lines.push(l);
    return l;
  };

  for (let u = 1; u <= units; u += 1) {
    const unit = `unit-${String(u).padStart(2, '0')}`;
    const staff = between(20, 300);
    unitStaff.set(unit, staff);
    const subActivities = between(4, 8);
    for (let s = 1; s <= subActivities; s += 1) {
      const subActivity = `1.01.01.2.01.${String(s).padStart(4, '0')}`;
      const picked = [...ITEMS].sort(() => rnd() - 0.5).slice(0, between(3, 6));
      for (const item of picked) {
        // usual consumption x staff x (0.5..1.5), split over the sub-activities
        const perMonth = Math.max(1, Math.round((item.perStaffMonth * staff * (0.5 + rnd())) / 1000 / subActivities));
        const price = item.price - BigInt(between(0, 10)) * (item.price / 100n);
        line({
          unit,
          subActivity,
          account: item.account,
          name: item.name,
          catalogueItem: item.code,
          specification: `${item.name} standar`,
          factors: [
            { quantity: String(perMonth * 10 + s), unit: item.unit }, // never two identical lines
            { quantity: '12', unit: 'bulan' },
          ],
          unitPrice: price,
          annex: item.annex,
          catalogueMax: item.annex ? item.price : null,
        });
      }
    }
  }

  const planted = new Map<string, AnomalyKind>();
  const plant = (kind: AnomalyKind, l: ReviewLine) => planted.set(l.id, kind);
  const base = { account: '5.1.02.01.01.0024', annex: null, specification: 'khusus' } as const;

  // Jakarta, 2019: 37,500 cans x 12 months x Rp 184,000 = Rp 82.8 billion in one education sub-department
  unitStaff.set('sudin-pendidikan-jb-1', 120);
  plant(
    'quantity_out_of_proportion',
    line({
      ...base,
      unit: 'sudin-pendidikan-jb-1',
      subActivity: '1.01.01.2.01.0001',
      name: 'Lem Aibon',
      catalogueItem: 'SSH-ATK-003',
      factors: [
        { quantity: '37500', unit: 'kaleng' },
        { quantity: '12', unit: 'bulan' },
      ],
      unitPrice: 184_000n,
    }),
  );
  // fourteen months of water in one budget year
  plant(
    'quantity_out_of_proportion',
    line({
      ...base,
      unit: 'unit-01',
      subActivity: '1.01.01.2.01.0901',
      name: 'Air minum galon',
      catalogueItem: 'SSH-MMN-002',
      factors: [
        { quantity: '20', unit: 'galon' },
        { quantity: '14', unit: 'bulan' },
      ],
      unitPrice: 19_000n,
    }),
  );
  // printer ink at 4x what every other unit pays (an item with no catalogue maximum)
  plant(
    'price_above_peers',
    line({
      ...base,
      unit: 'unit-02',
      subActivity: '1.01.01.2.01.0902',
      name: 'Tinta printer',
      catalogueItem: 'SSH-ATK-004',
      factors: [
        { quantity: '3', unit: 'botol' },
        { quantity: '12', unit: 'bulan' },
      ],
      unitPrice: 389_000n,
    }),
  );
  // pens: thirty times what the largest unit buys
  plant(
    'total_above_peers',
    line({
      ...base,
      unit: 'unit-03',
      subActivity: '1.01.01.2.01.0903',
      name: 'Pulpen',
      catalogueItem: 'SSH-ATK-002',
      factors: [
        { quantity: '25000', unit: 'buah' },
        { quantity: '12', unit: 'bulan' },
      ],
      unitPrice: 3_250n,
    }),
  );
  // a whole account parked in one round lump sum
  plant(
    'placeholder_value',
    line({
      ...base,
      unit: 'unit-04',
      subActivity: '1.01.01.2.01.0904',
      account: '5.1.02.03.02.0001',
      name: 'Belanja pemeliharaan',
      catalogueItem: null,
      factors: [{ quantity: '1', unit: 'paket' }],
      unitPrice: 500_000_000n,
    }),
  );
  // one consumable line of a sub-activity's four takes nearly all of it
  for (const [name, qty, price] of [
    ['Kertas HVS A4 70 gram', '2', 54_000n],
    ['Air minum galon', '3', 19_000n],
    ['Sabun pembersih lantai', '2', 27_000n],
  ] as const) {
    line({
      ...base,
      unit: 'unit-05',
      subActivity: '1.01.01.2.01.0905',
      name,
      catalogueItem: null,
      factors: [{ quantity: qty, unit: 'buah' }],
      unitPrice: price,
    });
  }
  plant(
    'dominant_item',
    line({
      ...base,
      unit: 'unit-05',
      subActivity: '1.01.01.2.01.0905',
      name: 'Cendera mata',
      catalogueItem: null,
      factors: [{ quantity: '150', unit: 'buah' }],
      unitPrice: 273_000n,
    }),
  );
  // meals above the Annex II estimate, with no written reason
  plant(
    'annex_ii_excess',
    line({
      ...base,
      unit: 'unit-06',
      subActivity: '1.01.01.2.01.0906',
      account: '5.1.02.01.01.0052',
      name: 'Makanan rapat',
      catalogueItem: 'SSH-MMN-001',
      factors: [
        { quantity: '40', unit: 'kotak' },
        { quantity: '12', unit: 'bulan' },
      ],
      unitPrice: 52_000n,
      annex: 'II',
      catalogueMax: 41_700n,
    }),
  );
  // the same printer paper, volume and price, budgeted twice in one unit
  for (const subActivity of ['1.01.01.2.01.0907', '1.01.01.2.01.0908']) {
    plant(
      'repeated_item',
      line({
        ...base,
        unit: 'unit-07',
        subActivity,
        name: 'Kertas F4 80 gram',
        catalogueItem: null,
        specification: 'kertas F4 80 gram, 500 lembar',
        factors: [{ quantity: '370', unit: 'rim' }],
        unitPrice: 61_000n,
      }),
    );
  }
  return { lines, unitStaff, planted };
}
