/** JSON shapes of the review: money as strings of whole rupiah, scores in basis points with a percentage beside. */
import type { Selectable } from 'kysely';
import type { ReviewDecisionTable } from '../db/schema.js';
import { parseFactor } from '../drafting/arithmetic.js';
import type { SubActivitySignals } from '../effectiveness/scoring.js';
import { overdueShare } from '../effectiveness/signals.js';
import { formatHundredths } from '../effectiveness/stats.js';
import type { OtherRegionCost } from './repository.js';
import type { flagsOfYear } from '../scrutiny/repository.js';
import type { AnomalyReport } from './use-cases.js';

type FlagRow = Awaited<ReturnType<typeof flagsOfYear>>[number];

export const decisionView = (d: Selectable<ReviewDecisionTable>) => ({
  decision: d.decision,
  reason: d.reason,
  lines: d.lines,
  saved: d.saved.toString(),
  decidedBy: d.decided_by,
  decidedAt: d.decided_at.toISOString(),
});

/** One entry per line with anomalies, its highest severity first; each anomaly with kind, severity and reason. */
export function anomaliesView(year: number, r: AnomalyReport & { flags: FlagRow[] }) {
  const byLine = new Map<string, AnomalyReport['anomalies']>();
  for (const a of r.anomalies) {
    const list = byLine.get(a.lineId) ?? [];
    list.push(a);
    byLine.set(a.lineId, list);
  }
  return {
    year,
    lines: r.reviewed,
    anomalies: r.anomalies.length,
    flagged: [...byLine].map(([id, list]) => {
      const l = r.lines.get(id)!;
      return {
        lineItemId: id,
        unit: l.unit,
        subActivity: l.subActivity,
        account: l.account,
        component: l.name,
        catalogueItem: l.catalogueItem,
        unitPrice: l.unitPrice.toString(),
        total: l.total.toString(),
        severity: list[0]!.severity,
        anomalies: list.map((a) => ({ kind: a.kind, severity: a.severity, reason: a.reason })),
        citizenFlags: r.flags.filter((f) => f.line_item_id === id).length,
      };
    }),
    /** Beside the anomalies: every citizen's flag of the year (no identity), pending ones to answer. */
    citizenFlags: r.flags.map((f) => ({
      id: f.id,
      lineItemId: f.line_item_id,
      unit: f.unit,
      component: f.component_name,
      reason: f.reason,
      status: f.status,
      answer: f.answer,
    })),
  };
}

/**
 * A candidate's cost per output (rupiah per unit of its first indicator's output, realized or else
 * targeted) beside the median of the same code in the tenant's other units and, as quantiles over at
 * least three regions (never which), in other regions of the deployment.
 */
export function costPerOutputView(c: {
  total: bigint;
  output?: SubActivitySignals['output'];
  otherRegions?: OtherRegionCost | undefined;
}) {
  const o = c.output;
  const quantity = o ? parseFactor(o.quantity) : undefined;
  if (!o || !quantity) return null;
  return {
    quantity: o.quantity,
    cost: ((c.total * 10_000n) / quantity).toString(),
    otherUnits: o.peerMedianCost !== undefined ? { units: o.peers ?? 0, median: o.peerMedianCost.toString() } : null,
    otherRegions: c.otherRegions
      ? {
          regions: c.otherRegions.regions,
          p25: c.otherRegions.p25.toString(),
          median: c.otherRegions.median.toString(),
          p75: c.otherRegions.p75.toString(),
        }
      : null,
  };
}

/** Complaints counted in the year's window about the unit (mapped categories), with the overdue share, and its IKM. */
export function citizensView(c: SubActivitySignals['citizens']) {
  if (!c) return null;
  const share = overdueShare(c);
  return {
    complaints: c.complaints,
    unresolved: c.unresolved,
    overdue: c.overdue,
    overdueShare: share === null ? null : `${formatHundredths(BigInt(share))}%`,
    ikm: c.ikm ?? null,
  };
}

export const scoreText = (basisPoints: number) => `${formatHundredths(BigInt(basisPoints))}%`;
