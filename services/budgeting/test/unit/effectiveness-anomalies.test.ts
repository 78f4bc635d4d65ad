import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  detectAnomalies,
  severityByLine,
  type Anomaly,
} from '../../src/effectiveness/anomalies.js';
import type { ReviewLine } from '../../src/effectiveness/lines.js';
import { plantedYear } from '../../src/effectiveness/planted.js';
import { mad, median, pool, robustZHundredths, summarize } from '../../src/effectiveness/stats.js';

const AT_LEAST_WARNING = new Set(['warning', 'high', 'critical']);

function precisionRecall(planted: Map<string, string>, found: Anomaly[]) {
  const flagged = new Set(found.filter((a) => AT_LEAST_WARNING.has(a.severity)).map((a) => a.lineId));
  const hits = [...planted].filter(([id, kind]) =>
    found.some((a) => a.lineId === id && a.kind === kind && AT_LEAST_WARNING.has(a.severity)),
  );
  const truePositives = [...flagged].filter((id) => planted.has(id)).length;
  return { precision: truePositives / flagged.size, recall: hits.length / planted.size, flagged: flagged.size };
}

describe('robust statistics on exact values', () => {
  it('takes the median and MAD of bigints exactly, an even count by the half-up mean', () => {
    expect(median([5n, 1n, 3n])).toBe(3n);
    expect(median([1n, 2n, 3n, 4n])).toBe(3n); // 2.5 rounds half up
    expect(median([])).toBeUndefined();
    expect(mad([1n, 2n, 3n, 4n, 100n])).toBe(1n);
    expect(summarize([10n, 10n, 10n])).toEqual({ count: 3, median: 10n, mad: 0n });
  });

  it('gives no robust z when every peer is the same, and z in hundredths otherwise', () => {
    expect(robustZHundredths(50n, { count: 3, median: 10n, mad: 0n })).toBeUndefined();
    // (20 - 10) / (1.4826 x 2) = 3.3726...
    expect(robustZHundredths(20n, { count: 5, median: 10n, mad: 2n })).toBe(337n);
  });

  it('pools other regions by count-weighted medians of their summaries', () => {
    const pooled = pool([
      { count: 1, median: 100n, mad: 1n },
      { count: 10, median: 200n, mad: 5n },
    ]);
    expect(pooled).toEqual({ count: 11, median: 200n, mad: 5n });
  });
});

describe('anomalies on line items', () => {
  const year = plantedYear(2019);
  const found = detectAnomalies(year.lines, { unitStaff: year.unitStaff });

  it("flags Jakarta's 2019 Aibon line at the highest severity, with the figures", () => {
    const aibon = year.lines.find((l) => l.unit === 'sudin-pendidikan-jb-1')!;
    expect(aibon.total).toBe(82_800_000_000n);
    const its = found.filter((a) => a.lineId === aibon.id);
    expect(severityByLine(its).get(aibon.id)).toBe('critical');
    expect(its.map((a) => a.kind)).toEqual(expect.arrayContaining(['quantity_out_of_proportion', 'total_above_peers']));
    const quantity = its.find((a) => a.kind === 'quantity_out_of_proportion' && a.reason.includes('pegawai'))!;
    expect(quantity.reason).toBe('37.500,0 kaleng per bulan untuk 120 pegawai: 312,5 kaleng per pegawai per bulan');
    expect(its.find((a) => a.kind === 'total_above_peers')!.reason).toMatch(
      /^total Rp 82\.800\.000\.000 = [\d.]+,\dx median/,
    );
  });

  it('finds every planted anomaly with its kind, and few normal lines (precision and recall)', () => {
    const { precision, recall, flagged } = precisionRecall(year.planted, found);
    console.warn(
      `anomaly pass on a planted year: ${year.lines.length} lines, ${year.planted.size} planted, ${flagged} flagged at warning or above; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  });

  it('holds over other seeds too', () => {
    for (const seed of [1, 7, 42]) {
      const y = plantedYear(seed);
      const r = precisionRecall(y.planted, detectAnomalies(y.lines, { unitStaff: y.unitStaff }));
      expect(r.recall, `seed ${seed}`).toBe(1);
      expect(r.precision, `seed ${seed}`).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('compares a line only with other units, never its own unit or itself', () => {
    const mk = (id: string, unit: string, unitPrice: bigint): ReviewLine => ({
      id,
      unit,
      subActivity: `S-${id}`,
      account: '5.1.02.01.01.0025',
      name: 'Tinta',
      catalogueItem: 'INK',
      specification: id,
      factors: [{ quantity: '2', unit: 'botol' }],
      unitPrice,
      total: unitPrice * 2n,
      annex: null,
      catalogueMax: null,
      excessReason: null,
    });
    // one unit buying at 400k three times has no peers outside itself: nothing to compare with
    const alone = [mk('a', 'u1', 400_000n), mk('b', 'u1', 400_000n), mk('c', 'u1', 400_000n)];
    expect(detectAnomalies(alone).filter((a) => a.kind === 'price_above_peers')).toEqual([]);
    const withPeers = [...alone, mk('d', 'u2', 100_000n), mk('e', 'u3', 100_000n), mk('f', 'u4', 100_000n)];
    const flagged = detectAnomalies(withPeers).filter((a) => a.kind === 'price_above_peers');
    expect(flagged.map((a) => a.lineId).sort()).toEqual(['a', 'b', 'c']);
    expect(flagged[0]!.severity).toBe('high');
  });

  it('uses other regions as aggregates, and names them in the reason', () => {
    const line: ReviewLine = {
      id: 'x',
      unit: 'u1',
      subActivity: 'S',
      account: '5.1.02.01.01.0025',
      name: 'Tinta',
      catalogueItem: 'INK',
      specification: '',
      factors: [{ quantity: '2', unit: 'botol' }],
      unitPrice: 400_000n,
      total: 800_000n,
      annex: null,
      catalogueMax: null,
      excessReason: null,
    };
    expect(detectAnomalies([line])).toEqual([]);
    const otherRegions = new Map([['INK', { unitPrice: { count: 25, median: 100_000n, mad: 5_000n } }]]);
    const [flag] = detectAnomalies([line], { otherRegions });
    expect(flag).toMatchObject({ kind: 'price_above_peers', severity: 'high' });
    expect(flag!.reason).toContain('di unit lain dan daerah lain');
    expect(flag!.reason).toContain('25 pembanding');
  });

  it("weighs a consumable per beneficiary of its sub-activity when known, before the unit's staff", () => {
    const line: ReviewLine = {
      id: 'b',
      unit: 'disdik',
      subActivity: 'S1',
      account: '5.1.02.01.01.0024',
      name: 'Buku tulis',
      catalogueItem: 'BOOK',
      specification: '',
      factors: [
        { quantity: '3000', unit: 'buah' },
        { quantity: '12', unit: 'bulan' },
      ],
      unitPrice: 5_000n,
      total: 180_000_000n,
      annex: null,
      catalogueMax: null,
      excessReason: null,
    };
    const quantity = (ctx: Parameters<typeof detectAnomalies>[1]) =>
      detectAnomalies([line], ctx).filter((a) => a.kind === 'quantity_out_of_proportion');
    const staff = new Map([['disdik', 1000]]); // 3 a month per staff member: normal
    expect(quantity({ unitStaff: staff })).toEqual([]);
    const [few] = quantity({ unitStaff: staff, beneficiaries: new Map([['disdik|S1', 100]]) });
    expect(few).toMatchObject({ severity: 'high' });
    expect(few!.reason).toBe(
      '3.000,0 buah per bulan untuk 100 penerima manfaat: 30,0 buah per penerima manfaat per bulan',
    );
    // 1,000 pupils make 3 books a month each: nothing; another sub-activity's beneficiaries do not count
    expect(quantity({ beneficiaries: new Map([['disdik|S1', 1000]]) })).toEqual([]);
    expect(quantity({ beneficiaries: new Map([['disdik|S2', 10]]) })).toEqual([]);
  });

  it('lets a tenant loosen a threshold', () => {
    const strict = detectAnomalies(year.lines, { unitStaff: year.unitStaff });
    const loose = detectAnomalies(year.lines, {
      unitStaff: year.unitStaff,
      thresholds: { dominantPercent: 100n, minPeers: DEFAULT_THRESHOLDS.minPeers },
    });
    expect(strict.some((a) => a.kind === 'dominant_item')).toBe(true);
    expect(loose.some((a) => a.kind === 'dominant_item')).toBe(false);
  });

  it('takes an Annex II excess with a written reason as a warning, without one as high', () => {
    const line = year.lines.find((l) => year.planted.get(l.id) === 'annex_ii_excess')!;
    const without = detectAnomalies([line]).find((a) => a.kind === 'annex_ii_excess')!;
    expect(without.severity).toBe('high');
    expect(without.reason).toContain('24,7%');
    const justified = detectAnomalies([{ ...line, excessReason: 'rapat di lokasi terpencil' }]);
    expect(justified.find((a) => a.kind === 'annex_ii_excess')!.severity).toBe('warning');
  });
});
