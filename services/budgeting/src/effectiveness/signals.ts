/**
 * What citizens say about a unit, folded from complaints and official-rating events. The fold is
 * pure and idempotent: an event seen twice (a redelivery, a replay) changes nothing the second time,
 * and an IKM older than the one held never replaces it, so the order of delivery does not matter for
 * the index. The service keeps this state per tenant in its own tables; this is the rule it follows.
 */

export type CitizenEvent =
  | {
      id: string;
      type: 'report-submitted';
      trackingId: string;
      category: string;
      suggestedUnit: string | null;
      /** When it was submitted (ISO 8601): what places it in a window. */
      at: string;
    }
  | { id: string; type: 'report-disposed'; trackingId: string; unit: string }
  | { id: string; type: 'report-closed'; trackingId: string; unit: string | null }
  | { id: string; type: 'report-overdue'; trackingId: string; unit: string | null }
  | { id: string; type: 'ikm-updated'; unit: string; period: string; ikm: string | null; at: string };

interface ReportState {
  category?: string;
  submittedAt?: string;
  unit?: string;
  closed: boolean;
  overdue: boolean;
}

export interface CitizenState {
  seen: Set<string>;
  reports: Map<string, ReportState>;
  /** Latest IKM per unit and period, with the time it was computed. */
  ikm: Map<string, { ikm: string | null; at: string }>;
}

export const emptyCitizenState = (): CitizenState => ({ seen: new Set(), reports: new Map(), ikm: new Map() });

function report(state: CitizenState, trackingId: string): ReportState {
  let r = state.reports.get(trackingId);
  if (!r) {
    r = { closed: false, overdue: false };
    state.reports.set(trackingId, r);
  }
  return r;
}

/** Applies one event; returns false when it had been applied already. */
export function applyCitizenEvent(state: CitizenState, event: CitizenEvent): boolean {
  if (state.seen.has(event.id)) return false;
  state.seen.add(event.id);
  switch (event.type) {
    case 'report-submitted': {
      const r = report(state, event.trackingId);
      r.category = event.category;
      r.submittedAt = event.at;
      r.unit ??= event.suggestedUnit ?? undefined;
      break;
    }
    case 'report-disposed':
      report(state, event.trackingId).unit = event.unit;
      break;
    case 'report-closed': {
      const r = report(state, event.trackingId);
      r.closed = true;
      if (event.unit) r.unit = event.unit;
      break;
    }
    case 'report-overdue': {
      const r = report(state, event.trackingId);
      r.overdue = true;
      if (event.unit) r.unit ??= event.unit;
      break;
    }
    case 'ikm-updated': {
      const key = `${event.unit}|${event.period}`;
      const held = state.ikm.get(key);
      if (!held || held.at < event.at) state.ikm.set(key, { ikm: event.ikm, at: event.at });
      break;
    }
  }
  return true;
}

export interface UnitCitizenSignal {
  complaints: number;
  unresolved: number;
  overdue: number;
  ikm?: string;
}

/** Instants `[from, until)`: a report counts when it was submitted inside; one with no known submission never does. */
export interface ComplaintWindowInstants {
  from: Date;
  until: Date;
}

const inWindow = (r: ReportState, w: ComplaintWindowInstants | undefined) => {
  if (!w) return true;
  if (r.submittedAt === undefined) return false;
  const at = Date.parse(r.submittedAt);
  return at >= w.from.getTime() && at < w.until.getTime();
};

/**
 * Per unit: reports in the mapped categories (all categories when none are given) submitted within the
 * window (all time when none is given), how many are not closed, how many passed a deadline; and the
 * unit's IKM for the period when one is known.
 */
export function citizenSignals(
  state: CitizenState,
  options: { categories?: ReadonlySet<string>; period?: string; window?: ComplaintWindowInstants } = {},
): Map<string, UnitCitizenSignal> {
  const out = new Map<string, UnitCitizenSignal>();
  const of = (unit: string) => {
    let s = out.get(unit);
    if (!s) {
      s = { complaints: 0, unresolved: 0, overdue: 0 };
      out.set(unit, s);
    }
    return s;
  };
  for (const r of state.reports.values()) {
    if (!r.unit || (options.categories && (!r.category || !options.categories.has(r.category)))) continue;
    if (!inWindow(r, options.window)) continue;
    const s = of(r.unit);
    s.complaints += 1;
    if (!r.closed) s.unresolved += 1;
    if (r.overdue) s.overdue += 1;
  }
  if (options.period) {
    for (const [key, held] of state.ikm) {
      const [unit, period] = key.split('|') as [string, string];
      if (period === options.period && held.ikm !== null) of(unit).ikm = held.ikm;
    }
  }
  return out;
}

/** The share of a unit's counted complaints that passed a deadline, in basis points (0..10,000); null without complaints. */
export const overdueShare = (s: { complaints: number; overdue: number }): number | null =>
  s.complaints > 0 ? Math.round((s.overdue * 10_000) / s.complaints) : null;
