/**
 * Anomalies on line items, each with a kind, a severity and a reason in plain Indonesian with the
 * figures behind it: what a councillor found by hand in Jakarta's 2019 draft (Aibon glue, 37,500 x
 * 12 months x Rp 184,000 = Rp 82.8 billion), found by the system. Pure: lines and context in,
 * anomalies out. Thresholds are data with documented defaults (README beside this file).
 */
import { formatRupiah } from '@sinergi/contracts';
import {
  countedUnit,
  isConsumable,
  isLumpSum,
  itemSpecKey,
  monthsOf,
  peerKey,
  perMonthHundredths,
  volumeHundredths,
  type ReviewLine,
} from './lines.js';
import { peerAnomalies, peerSetsOf, type OtherRegionItem, type PeerSet } from './peers.js';
import { formatCount, formatHundredths } from './stats.js';

export const SEVERITIES = ['info', 'warning', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ANOMALY_KINDS = [
  'quantity_out_of_proportion',
  'price_above_peers',
  'total_above_peers',
  'placeholder_value',
  'dominant_item',
  'annex_ii_excess',
  'repeated_item',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export interface Anomaly {
  lineId: string;
  kind: AnomalyKind;
  severity: Severity;
  /** Plain Indonesian, with the figures. */
  reason: string;
}

export interface AnomalyThresholds {
  /** Quantity per staff member (or beneficiary) per month of a consumable: high, critical. */
  perPersonMonthHigh: bigint;
  perPersonMonthCritical: bigint;
  /** Volume and total against the peer median, in hundredths (1000n = 10x): high, critical. */
  peerRatioHigh: bigint;
  peerRatioCritical: bigint;
  /** Unit price against the peer median, in hundredths (150n = 1.5x warning, 300n = 3x high). */
  priceRatioWarning: bigint;
  priceRatioHigh: bigint;
  /** Robust z (hundredths) a price must also exceed when the peers' MAD is not 0. */
  priceZ: bigint;
  /** Fewest peers (lines of the item elsewhere) for a peer comparison. */
  minPeers: number;
  /** A round total: a multiple of this, at least this large. */
  roundTotal: bigint;
  /** A line's share of its sub-activity (percent) that dominates it, with at least `dominantMinLines` lines. */
  dominantPercent: bigint;
  dominantMinLines: number;
  /** The same item and specification in this many sub-activities of one unit. */
  repeatedSubActivities: number;
  /** An identical line (item, specification, volume, price) in two sub-activities counts from this total. */
  repeatedMinTotal: bigint;
}

export const DEFAULT_THRESHOLDS: AnomalyThresholds = {
  perPersonMonthHigh: 20n,
  perPersonMonthCritical: 100n,
  peerRatioHigh: 1_000n,
  peerRatioCritical: 10_000n,
  priceRatioWarning: 150n,
  priceRatioHigh: 300n,
  priceZ: 350n,
  minPeers: 3,
  roundTotal: 100_000_000n,
  dominantPercent: 90n,
  dominantMinLines: 3,
  repeatedSubActivities: 3,
  repeatedMinTotal: 10_000_000n,
};

export interface ReviewContext {
  /** Staff (pegawai) per unit, when known: a unit's own consumption is proportional to it. */
  unitStaff?: ReadonlyMap<string, number>;
  /** Beneficiaries per `unit|subActivity`, when known (schools, pupils, households). */
  beneficiaries?: ReadonlyMap<string, number>;
  /** Aggregates of the same catalogue items in other regions of the deployment, never their lines. */
  otherRegions?: ReadonlyMap<string, OtherRegionItem>;
  thresholds?: Partial<AnomalyThresholds>;
}

const rank = (s: Severity): number => SEVERITIES.indexOf(s);
export const maxSeverity = (a: Severity, b: Severity): Severity => (rank(a) >= rank(b) ? a : b);

function quantityAnomaly(line: ReviewLine, ctx: ReviewContext, t: AnomalyThresholds): Anomaly | undefined {
  const months = monthsOf(line);
  if (months !== undefined && months > 12n) {
    return {
      lineId: line.id,
      kind: 'quantity_out_of_proportion',
      severity: 'critical',
      reason: `${formatCount(months)} bulan dalam satu tahun anggaran`,
    };
  }
  const perMonth = perMonthHundredths(line);
  if (perMonth === undefined || !isConsumable(line)) return undefined;
  const beneficiaries = ctx.beneficiaries?.get(`${line.unit}|${line.subActivity}`);
  const staff = ctx.unitStaff?.get(line.unit);
  const people = beneficiaries ?? staff;
  if (!people || people <= 0) return undefined;
  const perPerson = perMonth / BigInt(people); // hundredths per person per month
  const severity: Severity | undefined =
    perPerson >= t.perPersonMonthCritical * 100n
      ? 'critical'
      : perPerson >= t.perPersonMonthHigh * 100n
        ? 'high'
        : undefined;
  if (!severity) return undefined;
  const who = beneficiaries !== undefined ? 'penerima manfaat' : 'pegawai';
  const what = countedUnit(line);
  return {
    lineId: line.id,
    kind: 'quantity_out_of_proportion',
    severity,
    reason: `${formatHundredths(perMonth)} ${what} per bulan untuk ${formatCount(people)} ${who}: ${formatHundredths(perPerson)} ${what} per ${who} per bulan`,
  };
}

function placeholderAnomaly(line: ReviewLine, t: AnomalyThresholds): Anomaly | undefined {
  const round = line.total >= t.roundTotal && line.total % t.roundTotal === 0n;
  const lump = isLumpSum(line);
  if (!round && !lump) return undefined;
  if (lump && !round && line.total < t.roundTotal) return undefined;
  const parts = [
    ...(round ? [`total ${formatRupiah(line.total)} adalah angka bulat`] : []),
    ...(lump ? [`satu baris "${line.factors[0]!.quantity} ${line.factors[0]!.unit}" tanpa rincian`] : []),
  ];
  return {
    lineId: line.id,
    kind: 'placeholder_value',
    severity: round && lump ? 'high' : 'warning',
    reason: `${parts.join('; ')}: tampak seperti angka sementara (placeholder)`,
  };
}

function annexAnomaly(line: ReviewLine): Anomaly | undefined {
  if (line.annex !== 'II' || line.catalogueMax === null || line.unitPrice <= line.catalogueMax) return undefined;
  const over = ((line.unitPrice - line.catalogueMax) * 10_000n) / line.catalogueMax;
  const base = `harga satuan ${formatRupiah(line.unitPrice)} melebihi standar ${formatRupiah(line.catalogueMax)} (Lampiran II Perpres 33/2020) sebesar ${formatHundredths(over)}%`;
  return line.excessReason
    ? { lineId: line.id, kind: 'annex_ii_excess', severity: 'warning', reason: `${base}; alasan: ${line.excessReason}` }
    : { lineId: line.id, kind: 'annex_ii_excess', severity: 'high', reason: `${base} tanpa alasan tertulis` };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * What a line is compared with beyond itself, however it was computed (from the lines in memory by
 * `detectAnomalies`, or by the database for the lines it screened in, src/review/screening.ts).
 */
export interface LineGroups {
  /** The line's sub-activity: its lines with money, and their total. */
  subActivity: { lines: number; total: bigint };
  /**
   * In the line's unit, the sub-activities with the same item and specification, and those holding a
   * line identical to it (item, specification, volume, price).
   */
  repeated: { subActivities: number; twins: number };
  /** The same catalogue item in the tenant's other units pooled with other regions. */
  peers?: PeerSet | undefined;
}

function dominantAnomaly(line: ReviewLine, sub: LineGroups['subActivity'], t: AnomalyThresholds): Anomaly | undefined {
  if (sub.lines < t.dominantMinLines || sub.total <= 0n) return undefined;
  const percentHundredths = (line.total * 10_000n) / sub.total;
  if (percentHundredths < t.dominantPercent * 100n) return undefined;
  return {
    lineId: line.id,
    kind: 'dominant_item',
    severity: isConsumable(line) ? 'warning' : 'info',
    reason: `satu baris memakan ${formatHundredths(percentHundredths)}% anggaran sub kegiatannya (${sub.lines} baris)`,
  };
}

function repeatedAnomaly(
  line: ReviewLine,
  repeated: LineGroups['repeated'],
  t: AnomalyThresholds,
): Anomaly | undefined {
  if (repeated.twins >= 2 && line.total >= t.repeatedMinTotal) {
    return {
      lineId: line.id,
      kind: 'repeated_item',
      severity: 'warning',
      reason: `"${line.name}" dengan spesifikasi, volume dan harga yang sama muncul di ${repeated.twins} sub kegiatan unit ini`,
    };
  }
  if (repeated.subActivities >= t.repeatedSubActivities) {
    return {
      lineId: line.id,
      kind: 'repeated_item',
      severity: 'info',
      reason: `"${line.name}" dengan spesifikasi yang sama muncul di ${repeated.subActivities} sub kegiatan unit ini`,
    };
  }
  return undefined;
}

/** The thresholds in force: the defaults with the tenant's overrides. */
export const thresholdsOf = (ctx: ReviewContext): AnomalyThresholds => ({ ...DEFAULT_THRESHOLDS, ...ctx.thresholds });

/** Every anomaly of one line, given its groups: the rules themselves, whoever computed the groups. */
export function lineAnomalies(line: ReviewLine, groups: LineGroups, ctx: ReviewContext): Anomaly[] {
  const t = thresholdsOf(ctx);
  return [
    quantityAnomaly(line, ctx, t),
    placeholderAnomaly(line, t),
    annexAnomaly(line),
    ...(groups.peers && peerKey(line) !== undefined ? peerAnomalies(line, groups.peers, t) : []),
    dominantAnomaly(line, groups.subActivity, t),
    repeatedAnomaly(line, groups.repeated, t),
  ].filter((a): a is Anomaly => a !== undefined);
}

/** Most severe first, then by line and kind (a stable sort: a line's two findings of one kind keep their order). */
export const sortAnomalies = (anomalies: Anomaly[]): Anomaly[] =>
  anomalies.sort(
    (a, b) => rank(b.severity) - rank(a.severity) || a.lineId.localeCompare(b.lineId) || a.kind.localeCompare(b.kind),
  );

/** Each line's groups, from the lines in memory. */
function groupsInMemory(lines: readonly ReviewLine[], ctx: ReviewContext): (line: ReviewLine) => LineGroups {
  const peersOf = peerSetsOf(lines, ctx.otherRegions);
  const subs = new Map<string, LineGroups['subActivity']>();
  for (const [key, group] of groupBy(lines, (l) => `${l.unit}|${l.subActivity}`)) {
    subs.set(key, { lines: group.length, total: group.reduce((n, l) => n + l.total, 0n) });
  }
  const repeated = new Map<ReviewLine, LineGroups['repeated']>();
  for (const group of groupBy(lines, (l) => `${l.unit}|${itemSpecKey(l)}`).values()) {
    const subActivities = new Set(group.map((l) => l.subActivity)).size;
    for (const twins of groupBy(group, (l) => `${volumeHundredths(l)}|${l.unitPrice}`).values()) {
      const twinSubActivities = new Set(twins.map((l) => l.subActivity)).size;
      for (const line of twins) repeated.set(line, { subActivities, twins: twinSubActivities });
    }
  }
  return (line) => {
    const item = peerKey(line);
    return {
      subActivity: subs.get(`${line.unit}|${line.subActivity}`)!,
      repeated: repeated.get(line)!,
      peers: item === undefined ? undefined : peersOf(item, line.unit),
    };
  };
}

/**
 * Every anomaly of every line. Peer comparisons use the same catalogue item in the tenant's other
 * units (never the line's own unit) pooled with other regions' aggregates.
 */
export function detectAnomalies(lines: readonly ReviewLine[], ctx: ReviewContext = {}): Anomaly[] {
  const groupsOf = groupsInMemory(lines, ctx);
  return sortAnomalies(lines.flatMap((line) => lineAnomalies(line, groupsOf(line), ctx)));
}

/** The highest severity per line, for lists that show one badge per line. */
export function severityByLine(anomalies: readonly Anomaly[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  for (const a of anomalies) out.set(a.lineId, maxSeverity(out.get(a.lineId) ?? 'info', a.severity));
  return out;
}
