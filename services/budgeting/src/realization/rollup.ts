/**
 * Budget vs realization rolled up per unit, program, account or sub-activity: exact bigint sums of
 * line budgets and of recorded monthly figures, with the absorption (realized / budget) shown to
 * two places, rounded half-up once (see `percentText`). Pure: no I/O.
 */
import { percentText } from './periods.js';

export const ROLLUP_KEYS = ['unit', 'program', 'account', 'sub-activity'] as const;
export type RollupKey = (typeof ROLLUP_KEYS)[number];

export interface LineFigures {
  unit: string;
  /** The sub-kegiatan code, `urusan.bidang.program.kegiatan.sub_kegiatan`. */
  subActivity: string;
  account: string;
  budget: bigint;
  realized: bigint;
}

export interface RollupRow {
  code: string;
  budget: bigint;
  realized: bigint;
  /** Budget - realized; negative when realized above budget. */
  remaining: bigint;
  /** Realized / budget in percent, two places; null when the budget is zero. */
  absorption: string | null;
}

/** The program of a sub-kegiatan code: its first three segments (`1.03.10.2.01.0021` -> `1.03.10`). */
export const programOf = (subActivity: string) => subActivity.split('.').slice(0, 3).join('.');

const keyOf: Record<RollupKey, (l: LineFigures) => string> = {
  unit: (l) => l.unit,
  program: (l) => programOf(l.subActivity),
  account: (l) => l.account,
  'sub-activity': (l) => l.subActivity,
};

const row = (code: string, budget: bigint, realized: bigint): RollupRow => ({
  code,
  budget,
  realized,
  remaining: budget - realized,
  absorption: percentText(realized, budget),
});

export function rollup(lines: readonly LineFigures[], by: RollupKey): { total: RollupRow; rows: RollupRow[] } {
  const groups = new Map<string, { budget: bigint; realized: bigint }>();
  let budget = 0n;
  let realized = 0n;
  for (const l of lines) {
    const k = keyOf[by](l);
    const g = groups.get(k) ?? { budget: 0n, realized: 0n };
    g.budget += l.budget;
    g.realized += l.realized;
    groups.set(k, g);
    budget += l.budget;
    realized += l.realized;
  }
  const rows = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, g]) => row(code, g.budget, g.realized));
  return { total: row('total', budget, realized), rows };
}
