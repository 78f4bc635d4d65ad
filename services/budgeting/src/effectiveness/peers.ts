/**
 * Peer comparison of a line with the same catalogue item elsewhere: in the tenant's other units
 * (their lines) and in other regions of the deployment (their aggregates only: count, median, MAD).
 * A line is never its own peer, nor are the other lines of its own unit.
 */
import { formatRupiah } from '@sinergi/contracts';
import type { Anomaly, AnomalyThresholds, Severity } from './anomalies.js';
import { countedUnit, peerKey, volumeHundredths, type ReviewLine } from './lines.js';
import {
  formatCount,
  formatHundredths,
  pool,
  ratioHundredths,
  robustZHundredths,
  sortValues,
  summarizeExcluding,
  type PeerSummary,
} from './stats.js';

/** What another region shares about one catalogue item: summaries, never lines. */
export interface OtherRegionItem {
  unitPrice?: PeerSummary;
  total?: PeerSummary;
  /** Volumes in hundredths of the item's unit. */
  volume?: PeerSummary;
}

const MEASURES = ['unitPrice', 'total', 'volume'] as const;
type Measure = (typeof MEASURES)[number];
const measures: Record<Measure, (l: ReviewLine) => bigint> = {
  unitPrice: (l) => l.unitPrice,
  total: (l) => l.total,
  volume: (l) => volumeHundredths(l),
};

/** A line's peers for one catalogue item: the tenant's other units pooled with other regions. */
export interface PeerSet {
  unitPrice?: PeerSummary | undefined;
  total?: PeerSummary | undefined;
  volume?: PeerSummary | undefined;
  regions: boolean;
}

/** The tenant's own peers (other units' lines of the item), before pooling with other regions. */
export type LocalPeers = { [m in Measure]?: PeerSummary | undefined };

/** Pools the tenant's other units with other regions' aggregates of the same item. */
export function pooledPeers(local: LocalPeers | undefined, remote: OtherRegionItem | undefined): PeerSet {
  const pooled = (m: Measure) => pool([local?.[m], remote?.[m]].filter((s): s is PeerSummary => s !== undefined));
  return { unitPrice: pooled('unitPrice'), total: pooled('total'), volume: pooled('volume'), regions: !!remote };
}

/**
 * The peers of every (item, unit) from the lines in memory, cached: each item's values are sorted once
 * (and each unit's), and a unit's peers are "all minus own" by order statistics (`summarizeExcluding`).
 */
export function peerSetsOf(
  lines: readonly ReviewLine[],
  otherRegions: ReadonlyMap<string, OtherRegionItem> | undefined,
): (item: string, unit: string) => PeerSet {
  // per item: each measure of its lines sorted once, and of each unit's lines; a unit's peers are the rest
  interface ItemValues {
    all: Record<Measure, bigint[]>;
    byUnit: Map<string, Record<Measure, bigint[]>>;
  }
  const empty = (): Record<Measure, bigint[]> => ({ unitPrice: [], total: [], volume: [] });
  const byItem = new Map<string, ItemValues>();
  for (const line of lines) {
    const key = peerKey(line);
    if (key === undefined) continue;
    let group = byItem.get(key);
    if (!group) byItem.set(key, (group = { all: empty(), byUnit: new Map() }));
    let own = group.byUnit.get(line.unit);
    if (!own) group.byUnit.set(line.unit, (own = empty()));
    for (const m of MEASURES) {
      const v = measures[m](line);
      group.all[m].push(v);
      own[m].push(v);
    }
  }
  for (const group of byItem.values()) {
    for (const values of [group.all, ...group.byUnit.values()]) {
      for (const m of MEASURES) values[m] = sortValues(values[m]);
    }
  }
  const cache = new Map<string, PeerSet>();
  return (item, unit) => {
    const cacheKey = `${item}\u0000${unit}`;
    let set = cache.get(cacheKey);
    if (!set) {
      const group = byItem.get(item);
      const local: LocalPeers = {};
      if (group) {
        for (const m of MEASURES) local[m] = summarizeExcluding(group.all[m], group.byUnit.get(unit)?.[m] ?? []);
      }
      set = pooledPeers(local, otherRegions?.get(item));
      cache.set(cacheKey, set);
    }
    return set;
  };
}

/** The peer comparisons of one line (total, volume, unit price) against its pooled peers. */
export function peerAnomalies(line: ReviewLine, peers: PeerSet, t: AnomalyThresholds): Anomaly[] {
  const where = peers.regions ? 'di unit lain dan daerah lain' : 'di unit lain';
  const out: Anomaly[] = [];
  const enough = (s: PeerSummary | undefined): s is PeerSummary => !!s && s.count >= t.minPeers;
  const scale = (ratio: bigint): Severity | undefined =>
    ratio >= t.peerRatioCritical ? 'critical' : ratio >= t.peerRatioHigh ? 'high' : undefined;

  if (enough(peers.total)) {
    const ratio = ratioHundredths(line.total, peers.total.median);
    const severity = ratio === undefined ? undefined : scale(ratio);
    if (severity) {
      out.push({
        lineId: line.id,
        kind: 'total_above_peers',
        severity,
        reason: `total ${formatRupiah(line.total)} = ${formatHundredths(ratio!)}x median baris "${line.name}" ${where} (${formatRupiah(peers.total.median)}, ${formatCount(peers.total.count)} pembanding)`,
      });
    }
  }
  if (enough(peers.volume)) {
    const volume = volumeHundredths(line);
    const ratio = ratioHundredths(volume, peers.volume.median);
    const severity = ratio === undefined ? undefined : scale(ratio);
    if (severity) {
      out.push({
        lineId: line.id,
        kind: 'quantity_out_of_proportion',
        severity,
        reason: `volume ${formatHundredths(volume)} ${countedUnit(line)} = ${formatHundredths(ratio!)}x median ${where} (${formatHundredths(peers.volume.median)}, ${formatCount(peers.volume.count)} pembanding)`,
      });
    }
  }
  if (enough(peers.unitPrice)) {
    const ratio = ratioHundredths(line.unitPrice, peers.unitPrice.median);
    const priceSummary = peers.unitPrice;
    const z = () => robustZHundredths(line.unitPrice, priceSummary);
    const severity: Severity | undefined =
      ratio === undefined
        ? undefined
        : ratio >= t.priceRatioHigh
          ? 'high'
          : ratio >= t.priceRatioWarning && (z() === undefined || z()! >= t.priceZ)
            ? 'warning'
            : undefined;
    if (severity) {
      out.push({
        lineId: line.id,
        kind: 'price_above_peers',
        severity,
        reason: `harga satuan ${formatRupiah(line.unitPrice)} = ${formatHundredths(ratio!)}x median ${where} (${formatRupiah(peers.unitPrice.median)}, ${formatCount(peers.unitPrice.count)} pembanding)`,
      });
    }
  }
  return out;
}
