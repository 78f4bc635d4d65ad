/**
 * A score per sub-activity: how strongly it is a candidate to cut, from the signals that exist.
 * Bandung's test (Kompas, May 2016) was that an activity must be tied to the medium-term plan (RPJMD)
 * or citizens' planning meetings (Musrenbang) and benefit citizens; the other components measure what
 * the activity delivered, what it cost per output against the same sub-activity elsewhere, how much
 * went to what the year's efficiency policy limits (Inpres 1/2025), and what citizens say about the
 * unit. Every component is 0 (fine) to 10,000 (worst) basis points; the score is their weighted mean
 * over the components that have data, so a region without complaints or ratings still gets scores.
 */
import { parseFactor } from '../drafting/arithmetic.js';
import { formatCount, formatHundredths, ratioHundredths } from './stats.js';

export const COMPONENTS = ['planning', 'achievement', 'absorption', 'costPerOutput', 'efficiency', 'citizens'] as const;
export type Component = (typeof COMPONENTS)[number];
export type Weights = Record<Component, number>;

/** Defaults, documented in the README beside this file; a tenant sets its own. */
export const DEFAULT_WEIGHTS: Weights = {
  planning: 30,
  achievement: 20,
  absorption: 5,
  costPerOutput: 20,
  efficiency: 10,
  citizens: 15,
};

export type PlanningSource = 'rpjmd' | 'musrenbang' | 'pokir' | 'none';

export interface SubActivitySignals {
  /** `unit|code`: one sub-activity of one unit. */
  key: string;
  unit: string;
  code: string;
  name: string;
  total: bigint;
  planningSource: PlanningSource;
  /** Indicator target and what was achieved, as exact decimals ("12", "4.5"). */
  indicator?: { target: string; realized: string };
  /** Spending realized against the budget, whole rupiah. */
  realization?: { budget: bigint; spent: bigint };
  /**
   * Outputs delivered (or planned), and the median cost per output of the same code in the tenant's
   * other units (`peers` of them) and, as an aggregate only, in other regions of the deployment.
   */
  output?: {
    quantity: string;
    peerMedianCost?: bigint;
    peers?: number;
    otherRegions?: { medianCost: bigint; regions: number };
  };
  /** Rupiah in lines carrying the year's efficiency tags, per tag label ("perjalanan dinas"). */
  tagged?: ReadonlyMap<string, bigint>;
  /** What citizens say about the responsible unit (from events, deduplicated). */
  citizens?: { complaints: number; unresolved: number; overdue: number; ikm?: string };
}

export interface ScoredSubActivity {
  key: string;
  unit: string;
  code: string;
  name: string;
  total: bigint;
  /** Weighted mean in basis points (0..10,000), shown as a percentage with two places. */
  score: number;
  components: Partial<Record<Component, number>>;
  reasons: string[];
}

const FULL = 10_000;
const clamp = (n: bigint): number => Number(n < 0n ? 0n : n > BigInt(FULL) ? BigInt(FULL) : n);
/** Exact decimals ("4.5") in ten-thousandths; 0 for an unparsable or zero text. */
const decimal = (text: string): bigint => (text === '0' ? 0n : (parseFactor(text) ?? 0n));

/** IKM bands of PermenPANRB 14/2017, lower bounds inclusive, in hundredths. */
function ikmBand(hundredths: bigint): string {
  if (hundredths >= 8831n) return 'sangat baik';
  if (hundredths >= 7661n) return 'baik';
  if (hundredths >= 6500n) return 'kurang baik';
  return 'tidak baik';
}

/** "76.61" → 7661n, exactly (an IKM has two places). */
function ikmHundredths(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

interface Part {
  value: number;
  reason?: string;
}

function planning(s: SubActivitySignals): Part {
  if (s.planningSource === 'none') return { value: FULL, reason: 'tidak terkait RPJMD maupun Musrenbang' };
  if (s.planningSource === 'pokir') {
    return { value: 6_000, reason: 'hanya dari pokok pikiran DPRD, tidak dari RPJMD maupun Musrenbang' };
  }
  return { value: 0 };
}

function achievement(s: SubActivitySignals): Part | undefined {
  if (!s.indicator) return undefined;
  const target = decimal(s.indicator.target);
  if (target <= 0n) return undefined;
  const percent = (decimal(s.indicator.realized) * 10_000n) / target; // hundredths of a percent
  const value = clamp(10_000n - percent);
  return {
    value,
    reason: value >= 3_000 ? `capaian indikator ${formatHundredths(percent)}% dari target` : undefined,
  };
}

function absorption(s: SubActivitySignals): Part | undefined {
  if (!s.realization || s.realization.budget <= 0n) return undefined;
  const percent = (s.realization.spent * 10_000n) / s.realization.budget;
  const value = clamp(10_000n - percent);
  return { value, reason: value >= 5_000 ? `realisasi anggaran ${formatHundredths(percent)}%` : undefined };
}

/** 1x the median or less is 0; 3x or more is the worst; linear between. */
const costValue = (ratio: bigint) => clamp(((ratio - 100n) * 10_000n) / 200n);

function costPerOutput(s: SubActivitySignals): Part | undefined {
  const o = s.output;
  const medians: [bigint, string][] = [];
  if (o?.peerMedianCost !== undefined && (o.peers ?? 0) >= 1 && o.peerMedianCost > 0n) {
    medians.push([o.peerMedianCost, 'median unit lain']);
  }
  if (o?.otherRegions && o.otherRegions.medianCost > 0n) {
    medians.push([o.otherRegions.medianCost, `median ${formatCount(o.otherRegions.regions)} daerah lain`]);
  }
  if (!o || medians.length === 0) return undefined;
  const quantity = decimal(o.quantity);
  if (quantity <= 0n) return { value: FULL, reason: 'tidak ada keluaran yang tercatat' };
  const cost = (s.total * 10_000n) / quantity;
  // the stronger of the two comparisons weighs; each one far above its median is named
  let value = 0;
  const reasons: string[] = [];
  for (const [median, against] of medians) {
    const ratio = ratioHundredths(cost, median)!; // 340n = 3.4x
    value = Math.max(value, costValue(ratio));
    if (ratio >= 150n) reasons.push(`biaya per keluaran ${formatHundredths(ratio)}x ${against}`);
  }
  return { value, reason: reasons.join('; ') || undefined };
}

function efficiency(s: SubActivitySignals): Part | undefined {
  if (!s.tagged || s.total <= 0n) return undefined;
  let sum = 0n;
  for (const amount of s.tagged.values()) sum += amount;
  const value = clamp((sum * 10_000n) / s.total);
  const labels = [...s.tagged].filter(([, a]) => a > 0n).map(([label]) => label);
  return {
    value,
    reason:
      value >= 3_000
        ? `${formatHundredths(BigInt(value))}% untuk ${labels.join(', ')} (dibatasi Inpres 1/2025)`
        : undefined,
  };
}

function citizens(s: SubActivitySignals): Part | undefined {
  const c = s.citizens;
  if (!c) return undefined;
  const reasons: string[] = [];
  const parts: number[] = [];
  if (c.complaints > 0) {
    parts.push(clamp(BigInt(Math.round((c.overdue * FULL) / c.complaints))));
    if (c.overdue > 0) reasons.push(`${formatCount(c.overdue)} pengaduan terlambat`);
  }
  if (c.ikm !== undefined) {
    const hundredths = ikmHundredths(c.ikm);
    // 88.31 (sangat baik) and above is 0; 25.00, the lowest possible, is the worst
    parts.push(clamp(((8831n - hundredths) * 10_000n) / (8831n - 2500n)));
    if (hundredths < 7661n) reasons.push(`IKM unit ${formatHundredths(hundredths, 2)} (${ikmBand(hundredths)})`);
  }
  if (parts.length === 0) return undefined;
  return {
    value: Math.round(parts.reduce((a, b) => a + b, 0) / parts.length),
    reason: reasons.join('; ') || undefined,
  };
}

const measure: Record<Component, (s: SubActivitySignals) => Part | undefined> = {
  planning,
  achievement,
  absorption,
  costPerOutput,
  efficiency,
  citizens,
};

export function scoreSubActivity(s: SubActivitySignals, weights: Weights = DEFAULT_WEIGHTS): ScoredSubActivity {
  const components: Partial<Record<Component, number>> = {};
  const reasons: string[] = [];
  let weighted = 0;
  let weightSum = 0;
  for (const c of COMPONENTS) {
    const part = measure[c](s);
    if (!part) continue;
    components[c] = part.value;
    if (part.reason) reasons.push(part.reason);
    weighted += part.value * weights[c];
    weightSum += weights[c];
  }
  const score = weightSum > 0 ? Math.round(weighted / weightSum) : 0;
  return { key: s.key, unit: s.unit, code: s.code, name: s.name, total: s.total, score, components, reasons };
}

/**
 * Every sub-activity scored and ranked: highest score first, then the larger budget (more to save),
 * then the key, so the order is stable for the same input.
 */
export function rankCandidates(
  all: readonly SubActivitySignals[],
  weights: Weights = DEFAULT_WEIGHTS,
): ScoredSubActivity[] {
  return all
    .map((s) => scoreSubActivity(s, weights))
    .sort(
      (a, b) => b.score - a.score || (a.total < b.total ? 1 : a.total > b.total ? -1 : 0) || a.key.localeCompare(b.key),
    );
}
