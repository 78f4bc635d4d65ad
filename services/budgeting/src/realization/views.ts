/** JSON shapes of realization: money as strings of whole rupiah, percentages as two-place text. */
import type { Selectable } from 'kysely';
import type { IndicatorResultTable, RealizationTable, SubActivityTable } from '../db/schema.js';
import { parseDecimal, monthText, percentText } from './periods.js';
import type { RollupRow } from './rollup.js';

interface Line {
  id: string;
  sub_activity: string;
  account: string;
  component_name: string;
  total: bigint;
}

export function unitRealizationView(
  input: {
    lines: Line[];
    realization: Selectable<RealizationTable>[];
    subs: Selectable<SubActivityTable>[];
    results: Selectable<IndicatorResultTable>[];
  },
  meta: { year: number; unit: string },
) {
  const months = new Map<string, Selectable<RealizationTable>[]>();
  for (const r of input.realization) months.set(r.line_item_id, [...(months.get(r.line_item_id) ?? []), r]);
  let budget = 0n;
  let realized = 0n;
  const lines = input.lines.map((l) => {
    const recorded = months.get(l.id) ?? [];
    const sum = recorded.reduce((s, r) => s + r.amount, 0n);
    budget += l.total;
    realized += sum;
    return {
      id: l.id,
      subActivity: l.sub_activity,
      account: l.account,
      component: l.component_name,
      budget: l.total.toString(),
      realized: sum.toString(),
      absorption: percentText(sum, l.total),
      /** Realized above the line's own budget: allowed within the account's budget, shown to TAPD. */
      overBudget: sum > l.total,
      months: recorded.map((r) => ({
        month: monthText(meta.year, r.month),
        amount: r.amount.toString(),
        revision: r.revision,
        recordedBy: r.recorded_by,
      })),
    };
  });
  const subCode = new Map(input.subs.map((s) => [s.id, s]));
  const indicatorResults = input.results.map((r) => {
    const sub = subCode.get(r.sub_activity_id);
    const indicator = sub?.indicators[r.indicator - 1];
    const target = indicator ? parseDecimal(indicator.target) : undefined;
    const value = parseDecimal(r.realized);
    return {
      subActivity: sub?.code ?? '',
      indicator: r.indicator,
      text: indicator?.text ?? '',
      unit: indicator?.unit ?? '',
      target: indicator?.target ?? '',
      period: r.period,
      realized: r.realized,
      /** Realized / target in percent (two places, half-up); null when the target is not a number. */
      achievement: target !== undefined && value !== undefined ? percentText(value, target) : null,
      note: r.note,
      revision: r.revision,
    };
  });
  return {
    year: meta.year,
    unit: meta.unit,
    budget: budget.toString(),
    realized: realized.toString(),
    absorption: percentText(realized, budget),
    lines,
    indicatorResults,
  };
}

export const rollupRowView = (r: RollupRow, name: string | null) => ({
  code: r.code,
  name,
  budget: r.budget.toString(),
  realized: r.realized.toString(),
  remaining: r.remaining.toString(),
  absorption: r.absorption,
});
