/**
 * The ceilings (pagu) of an import, kept as the rows stream past (pure, no I/O): each
 * sub-activity's lines within the sub-activity's ceiling (checked on the row that crosses it),
 * the same ceiling on every row of a sub-activity, and at the end each unit's sub-activity ceilings
 * within the unit's KUA-PPAS ceiling. Sums are exact bigints.
 */
import type { ParsedRow, RowProblem } from './columns.js';

export interface ExistingSubActivity {
  id: string;
  pagu: bigint;
}

export interface SubActivityEntry {
  /** The stored row's id, or one chosen for the row the import creates. */
  id: string;
  code: string;
  created: boolean;
  /** The ceiling the file gives (on every row of it). */
  pagu: bigint;
  /** What the stored row had, for an existing one. */
  before: bigint | null;
  firstRow: number;
  spent: bigint;
  lines: number;
  exceeded: boolean;
}

interface UnitEntry {
  unit: string;
  pagu: bigint;
  firstRow: number;
  existing: ReadonlyMap<string, ExistingSubActivity>;
  subs: Map<string, SubActivityEntry>;
}

export class ImportLedger {
  readonly #units = new Map<string, UnitEntry>();

  constructor(private readonly newId: () => string) {}

  hasUnit(unit: string): boolean {
    return this.#units.has(unit);
  }

  /** A unit of the file, admitted (editable, with its ceiling) by the caller. */
  addUnit(input: { unit: string; pagu: bigint; row: number; existing: ReadonlyMap<string, ExistingSubActivity> }) {
    this.#units.set(input.unit, { ...input, firstRow: input.row, subs: new Map() });
  }

  /** Counts a valid line; returns the sub-activity it belongs to, or the ceiling problems of the row. */
  addLine(row: number, line: ParsedRow): { sub: SubActivityEntry; problems: RowProblem[] } {
    const unit = this.#units.get(line.unit);
    if (!unit) throw new Error(`unit ${line.unit} was not admitted`);
    let sub = unit.subs.get(line.subActivity);
    if (!sub) {
      const stored = unit.existing.get(line.subActivity);
      sub = {
        id: stored?.id ?? this.newId(),
        code: line.subActivity,
        created: !stored,
        pagu: line.subActivityPagu,
        before: stored?.pagu ?? null,
        firstRow: row,
        spent: 0n,
        lines: 0,
        exceeded: false,
      };
      unit.subs.set(line.subActivity, sub);
    }
    const problems: RowProblem[] = [];
    if (line.subActivityPagu !== sub.pagu) {
      problems.push({
        row,
        column: 'pagu',
        code: 'pagu_mismatch',
        message: `the ceiling of ${sub.code} is ${sub.pagu} on row ${sub.firstRow}; every row of a sub-activity gives the same`,
      });
      return { sub, problems };
    }
    sub.spent += line.total;
    sub.lines += 1;
    if (sub.spent > sub.pagu && !sub.exceeded) {
      sub.exceeded = true;
      problems.push({
        row,
        column: 'total_harga',
        code: 'ceiling_exceeded',
        message: `the lines of ${line.unit} ${sub.code} reach ${sub.spent} here, above the sub-activity's ceiling ${sub.pagu}`,
      });
    }
    return { sub, problems };
  }

  /** Each unit's sub-activity ceilings (the file's, and those it keeps) within the unit's ceiling. */
  finish(): RowProblem[] {
    const problems: RowProblem[] = [];
    for (const u of this.#units.values()) {
      let allotted = 0n;
      let spent = 0n;
      for (const s of u.subs.values()) {
        allotted += s.pagu;
        spent += s.spent;
      }
      for (const [code, s] of u.existing) if (!u.subs.has(code)) allotted += s.pagu;
      if (allotted > u.pagu)
        problems.push({
          row: u.firstRow,
          column: 'pagu',
          code: 'ceiling_exceeded',
          message: `the sub-activity ceilings of ${u.unit} would total ${allotted}, above the unit's ceiling ${u.pagu}`,
        });
      else if (spent > u.pagu)
        problems.push({
          row: u.firstRow,
          column: 'total_harga',
          code: 'ceiling_exceeded',
          message: `the lines of ${u.unit} would total ${spent}, above the unit's ceiling ${u.pagu}`,
        });
    }
    return problems;
  }

  /** What the import did per unit, for the answer and the audit entry. */
  summary() {
    return [...this.#units.values()].map((u) => {
      const subs = [...u.subs.values()];
      return {
        unit: u.unit,
        subActivities: subs.length,
        subActivitiesCreated: subs.filter((s) => s.created).length,
        lines: subs.reduce((n, s) => n + s.lines, 0),
        total: subs.reduce((n, s) => n + s.spent, 0n),
      };
    });
  }

  /** Existing sub-activities whose ceiling the file changes. */
  changedCeilings(): SubActivityEntry[] {
    return [...this.#units.values()].flatMap((u) =>
      [...u.subs.values()].filter((s) => !s.created && s.before !== s.pagu),
    );
  }
}
