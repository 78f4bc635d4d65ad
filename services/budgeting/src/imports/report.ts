/**
 * The refusal report of an import: every problem counted, the first ones listed (a file of 250,000
 * bad rows must not become a 100 MB answer), as one problem+json 422 `import_rejected`.
 */
import type { FieldError } from '@sinergi/service-kit';
import { P } from '../problems.js';
import type { RowProblem } from './columns.js';

/** At most this many problems are listed; `problems` and `rejectedRows` count them all. */
export const MAX_LISTED = 100;

export class ImportReport {
  readonly listed: RowProblem[] = [];
  problems = 0;
  #rejectedRows = 0;
  #lastRow = -1;

  get clean(): boolean {
    return this.problems === 0;
  }

  /** A row refused without a listed problem of its own (the rest of a refused unit's rows). */
  countRow(row: number): void {
    if (row !== this.#lastRow) {
      this.#rejectedRows += 1;
      this.#lastRow = row;
    }
  }

  add(problem: RowProblem): void {
    this.problems += 1;
    if (this.listed.length < MAX_LISTED) this.listed.push(problem);
    this.countRow(problem.row);
  }

  addAll(problems: readonly RowProblem[]): void {
    for (const p of problems) this.add(p);
  }

  problem() {
    const errors: FieldError[] = this.listed.map((p) => ({
      in: 'body',
      field: `row ${p.row}: ${p.column}`,
      message: `${p.code}: ${p.message}`,
    }));
    return P.import_rejected(
      `${this.problems} problem(s) in ${this.#rejectedRows} row(s); nothing was imported.${this.problems > this.listed.length ? ` The first ${this.listed.length} are listed.` : ''}`,
      {
        errors,
        extensions: { rejectedRows: this.#rejectedRows, problems: this.problems, rows: this.listed },
      },
    );
  }
}
