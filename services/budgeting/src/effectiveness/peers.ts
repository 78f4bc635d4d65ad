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
  summarize,
  type PeerSummary,
} from './stats.js';

/** What another region shares about one catalogue item: summaries, never lines. */
export interface OtherRegionItem {
  unitPrice?: PeerSummary;
  total?: PeerSummary;
  /** Volumes in hundredths of the item's unit. */
  volume?: PeerSummary;
}

interface PeerSet {
  unitPrice?: PeerSummary;
  total?: PeerSummary;
  volume?: PeerSummary;
  regions: boolean;
}

type Measure = 'unitPrice' | 'total' | 'volume';
const measures: Record<Measure, (l: ReviewLine) => bigint> = {
  unitPrice: (l) => l.unitPrice,
  total: (l) => l.total,
  volume: (l) => volumeHundredths(l),
};

/** Builds the comparison for each line, caching the peers of each (item, unit). */
export function peerComparisons(
  lines: readonly ReviewLine[],
  otherRegions: ReadonlyMap<string, OtherRegionItem> | undefined,
  t: AnomalyThresholds,
): (line: ReviewLine) => Anomaly[] {
  const byItem = new Map<string, ReviewLine[]>();
  for (const line of lines) {
    const key = peerKey(line);
    if (key === undefined) continue;
    const group = byItem.get(key);
    if (group) group.push(line);
    else byItem.set(key, [line]);
  }
  const cache = new Map<string, PeerSet>();
  const peersOf = (item: string, unit: string): PeerSet => {
    const cacheKey = `${item}\u0000${unit}`;
    let set = cache.get(cacheKey);
    if (!set) {
      const others = (byItem.get(item) ?? []).filter((l) => l.unit !== unit);
      const remote = otherRegions?.get(item);
      const pooled = (m: Measure) =>
        pool([summarize(others.map(measures[m])), remote?.[m]].filter((s): s is PeerSummary => s !== undefined));
      set = { unitPrice: pooled('unitPrice'), total: pooled('total'), volume: pooled('volume'), regions: !!remote };
      cache.set(cacheKey, set);
    }
    return set;
  };

  return (line) => {
    const item = peerKey(line);
    if (item === undefined) return [];
    const peers = peersOf(item, line.unit);
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
      const z = robustZHundredths(line.unitPrice, peers.unitPrice);
      const severity: Severity | undefined =
        ratio === undefined
          ? undefined
          : ratio >= t.priceRatioHigh
            ? 'high'
            : ratio >= t.priceRatioWarning && (z === undefined || z >= t.priceZ)
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
  };
}
