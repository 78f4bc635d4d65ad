/**
 * Public statistics of a period, from the few columns of each report that matter: counts per
 * unit and per category, the median time to follow-up, the share followed up within the
 * deadline, and how evenly the load spreads over units (Gini). Pure: rows in, numbers out.
 *
 * Definitions (all instants in the period [start, end) of whole local days):
 * - received: reports submitted in the period.
 * - disposed: reports whose latest disposition (disposisi, or re-disposition) happened in the
 *   period, counted for the unit that holds them now.
 * - followedUp: reports whose standing follow-up (not disputed since) was posted in the period.
 * - closed: reports closed in the period (accepted, closed automatically, or not our authority);
 *   archived and forwarded reports are not "closed".
 * - medianHoursToFollowUp: median of the hours from the latest disposition to the follow-up, over
 *   the followedUp reports.
 * - withinDeadline / shareWithinDeadline: of the followedUp reports, those posted before the
 *   follow-up deadline in force at that moment (see deadline.ts), and their share.
 * - escalated / escalatedToOversight: reports whose first escalation to the unit head (or the
 *   verifiers), resp. to the region's oversight, happened in the period (see deadlines/escalation.ts).
 * - gini: over the disposed counts of every unit of the region's directory, units with no report
 *   included (plus any unit that holds reports but has left the directory). A fixed population
 *   keeps periods comparable: load moving from one department to idle ones lowers it.
 * Reports that only support another (duplicates) are not cases and count nowhere; rahasia reports
 * count like any other (they are real work), since only aggregates leave this function.
 */
import type { ReportStatus } from '@sinergi/contracts';
import { followUpOutcome, standingFollowUp } from './deadline.js';
import { gini, hoursBetween, median, round, share } from './measures.js';
import { inPeriod, type Period } from './period.js';

export interface StatisticsRow {
  category: string;
  unit: string | null;
  status: ReportStatus;
  submitted_at: Date;
  disposed_at: Date | null;
  followup_due: Date | null;
  followed_up_at: Date | null;
  closed_at: Date | null;
  /** The report's first escalation to the unit head (or verifiers), and to the oversight. */
  escalated_at?: Date | null;
  oversight_escalated_at?: Date | null;
}

export interface Counts {
  received: number;
  disposed: number;
  followedUp: number;
  closed: number;
  /** Follow-ups in the period posted before their deadline. */
  withinDeadline: number;
  /** withinDeadline / followedUp; null without follow-ups. */
  shareWithinDeadline: number | null;
  /** Hours from disposition to follow-up, median over the period's follow-ups; null without any. */
  medianHoursToFollowUp: number | null;
  /** Reports first escalated (level 1) in the period, and first sent on to the oversight (level 2). */
  escalated: number;
  escalatedToOversight: number;
}

export interface UnitStatistics extends Counts {
  unit: string;
  name: string | null;
  /** This unit's part of all reports disposed in the period; null when none were. */
  loadShare: number | null;
}

export interface CategoryStatistics extends Counts {
  category: string;
  name: string | null;
}

export interface Statistics {
  totals: Counts;
  evenness: {
    /** Gini coefficient of the disposed counts over `units` units: 0 = even, (n-1)/n = all in one. */
    gini: number | null;
    units: number;
    /** Units that received at least one disposition in the period. */
    unitsWithLoad: number;
  };
  units: UnitStatistics[];
  categories: CategoryStatistics[];
}

class Tally {
  received = 0;
  disposed = 0;
  followedUp = 0;
  closed = 0;
  withinDeadline = 0;
  escalated = 0;
  escalatedToOversight = 0;
  hours: number[] = [];

  result(): Counts {
    return {
      received: this.received,
      disposed: this.disposed,
      followedUp: this.followedUp,
      closed: this.closed,
      withinDeadline: this.withinDeadline,
      shareWithinDeadline: round(share(this.withinDeadline, this.followedUp), 4),
      medianHoursToFollowUp: round(median(this.hours), 2),
      escalated: this.escalated,
      escalatedToOversight: this.escalatedToOversight,
    };
  }
}

function tallyOf<K>(map: Map<K, Tally>, key: K): Tally {
  let t = map.get(key);
  if (!t) map.set(key, (t = new Tally()));
  return t;
}

export function aggregateStatistics(
  rows: Iterable<StatisticsRow>,
  period: Pick<Period, 'start' | 'end'>,
  directory: {
    units: readonly { code: string; name: string }[];
    categories: readonly { code: string; name: string }[];
  },
  now: Date = period.end,
): Statistics {
  const total = new Tally();
  const byUnit = new Map<string, Tally>(directory.units.map((u) => [u.code, new Tally()]));
  const byCategory = new Map<string, Tally>(directory.categories.map((c) => [c.code, new Tally()]));

  for (const r of rows) {
    if (r.status === 'supporting') continue;
    const tallies = [total, tallyOf(byCategory, r.category)];
    if (r.unit) tallies.push(tallyOf(byUnit, r.unit));
    const followedUp = standingFollowUp(r);
    const counted = {
      received: inPeriod(r.submitted_at, period),
      disposed: inPeriod(r.disposed_at, period),
      followedUp: inPeriod(followedUp, period),
      closed: r.status === 'closed' && inPeriod(r.closed_at, period),
      escalated: inPeriod(r.escalated_at ?? null, period),
      escalatedToOversight: inPeriod(r.oversight_escalated_at ?? null, period),
    };
    const hours = counted.followedUp && r.disposed_at ? hoursBetween(r.disposed_at, followedUp!) : undefined;
    const met = counted.followedUp && followUpOutcome(r, now) === 'met';
    for (const t of tallies) {
      if (counted.received) t.received += 1;
      if (counted.disposed) t.disposed += 1;
      if (counted.followedUp) t.followedUp += 1;
      if (counted.closed) t.closed += 1;
      if (met) t.withinDeadline += 1;
      if (counted.escalated) t.escalated += 1;
      if (counted.escalatedToOversight) t.escalatedToOversight += 1;
      if (hours !== undefined) t.hours.push(hours);
    }
  }

  const names = {
    units: new Map(directory.units.map((u) => [u.code, u.name])),
    categories: new Map(directory.categories.map((c) => [c.code, c.name])),
  };
  const units = [...byUnit].map(([unit, t]) => ({
    unit,
    name: names.units.get(unit) ?? null,
    ...t.result(),
    loadShare: round(share(t.disposed, total.disposed), 4),
  }));
  const categories = [...byCategory].map(([category, t]) => ({
    category,
    name: names.categories.get(category) ?? null,
    ...t.result(),
  }));
  const loads = units.map((u) => u.disposed);
  return {
    totals: total.result(),
    evenness: { gini: round(gini(loads), 4), units: loads.length, unitsWithLoad: loads.filter((x) => x > 0).length },
    units,
    categories,
  };
}
