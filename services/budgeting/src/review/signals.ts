/**
 * Builds each sub-activity's signals from the service's tables for the pure scoring: planning source,
 * indicator achievement, absorption, cost per output against the same code in the tenant's other
 * units, the year's efficiency tags, and what citizens say about the unit (mapped categories, IKM).
 */
import type { Trx } from '../db/schema.js';
import { parseFactor } from '../drafting/arithmetic.js';
import type { SubActivitySignals } from '../effectiveness/scoring.js';
import { sortValues, summarizeExcluding } from '../effectiveness/stats.js';
import * as signals from '../signals/repository.js';
import { defaultWindow } from '../signals/use-cases.js';
import * as repo from './repository.js';

const positive = (text: string | undefined): bigint | undefined => {
  const v = text === undefined ? undefined : parseFactor(text);
  return v !== undefined && v > 0n ? v : undefined;
};

/** Cost per output (ten-thousandths of the quantity) of a sub-activity, when it has an output quantity. */
function costPerOutput(s: repo.SubActivityRow): bigint | undefined {
  const quantity = positive(s.realized ?? s.indicators[0]?.target);
  return quantity === undefined || s.total <= 0n ? undefined : (s.total * 10_000n) / quantity;
}

async function citizensByUnitAndCode(trx: Trx, year: number, timeZone: string) {
  const mapping = await signals.mappingOfYear(trx, year);
  const window = (await signals.windowOfYear(trx, year)) ?? defaultWindow(year);
  const reports = new Map<string, Awaited<ReturnType<typeof signals.reportsWithUnit>>>();
  for (const r of await signals.reportsWithUnit(trx, { ...window, timeZone })) {
    const list = reports.get(r.unit!);
    if (list) list.push(r);
    else reports.set(r.unit!, [r]);
  }
  const ikm = new Map((await signals.latestIkm(trx, year)).map((r) => [r.unit, r.ikm]));
  return (unit: string, code: string): SubActivitySignals['citizens'] => {
    const categories = new Set(
      mapping
        .filter(
          (m) => m.units.includes(unit) && (m.programs.length === 0 || m.programs.some((p) => code.startsWith(p))),
        )
        .map((m) => m.category),
    );
    const mine = (reports.get(unit) ?? []).filter((r) => r.category !== null && categories.has(r.category));
    const index = ikm.get(unit) ?? undefined;
    if (mine.length === 0 && index === undefined) return undefined;
    return {
      complaints: mine.length,
      unresolved: mine.filter((r) => !r.closed).length,
      overdue: mine.filter((r) => r.overdue).length,
      ...(index ? { ikm: index } : {}),
    };
  };
}

export interface SignalsOfYear {
  rows: repo.SubActivityRow[];
  signals: SubActivitySignals[];
  /** Other regions' cost per output per code (aggregates of at least three regions). */
  otherRegions: Map<string, repo.OtherRegionCost>;
}

export async function signalsOfYear(trx: Trx, q: { year: number; timeZone: string }): Promise<SignalsOfYear> {
  const { year } = q;
  const rows = await repo.subActivityFigures(trx, year);
  const otherRegions = await repo.otherRegionCosts(trx, year, [...new Set(rows.map((r) => r.code))]);
  // per code: every unit's cost per output sorted once; a sub-activity's peers are the other units' (order statistics)
  const costs = new Map<string, { all: bigint[]; byUnit: Map<string, bigint[]> }>();
  for (const r of rows) {
    const cost = costPerOutput(r);
    if (cost === undefined) continue;
    let group = costs.get(r.code);
    if (!group) costs.set(r.code, (group = { all: [], byUnit: new Map() }));
    group.all.push(cost);
    const own = group.byUnit.get(r.unit);
    if (own) own.push(cost);
    else group.byUnit.set(r.unit, [cost]);
  }
  for (const group of costs.values()) {
    group.all = sortValues(group.all);
    for (const [unit, values] of group.byUnit) group.byUnit.set(unit, sortValues(values));
  }
  const tagged = (await repo.hasTags(trx, year)) ? new Map<string, Map<string, bigint>>() : undefined;
  for (const t of tagged ? await repo.taggedAmounts(trx, year) : []) {
    const bySub = tagged!.get(t.sub_activity_id) ?? new Map<string, bigint>();
    bySub.set(t.label, t.amount);
    tagged!.set(t.sub_activity_id, bySub);
  }
  const citizens = await citizensByUnitAndCode(trx, year, q.timeZone);
  const out = rows.map((r): SubActivitySignals => {
    const group = costs.get(r.code);
    const peers = group ? summarizeExcluding(group.all, group.byUnit.get(r.unit) ?? []) : undefined;
    const peerMedian = peers?.median;
    const target = r.indicators[0]?.target;
    const who = citizens(r.unit, r.code);
    const quantity = r.realized ?? target;
    const regions = otherRegions.get(r.code);
    const output = {
      ...(peerMedian !== undefined ? { peerMedianCost: peerMedian, peers: peers!.count } : {}),
      ...(regions ? { otherRegions: { medianCost: regions.median, regions: regions.regions } } : {}),
    };
    return {
      key: `${r.unit}|${r.code}`,
      unit: r.unit,
      code: r.code,
      name: r.name ?? r.code,
      total: r.total,
      planningSource: r.planning_source,
      ...(target && r.realized !== null ? { indicator: { target, realized: r.realized } } : {}),
      ...(r.status === 'locked' && r.total > 0n ? { realization: { budget: r.total, spent: r.spent } } : {}),
      ...(quantity && Object.keys(output).length > 0 ? { output: { quantity, ...output } } : {}),
      ...(tagged ? { tagged: tagged.get(r.id) ?? new Map<string, bigint>() } : {}),
      ...(who ? { citizens: who } : {}),
    };
  });
  return { rows, signals: out, otherRegions };
}
