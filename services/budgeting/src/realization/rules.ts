/**
 * The rules of recording realization, as pure functions over rows already read (from JSON or CSV)
 * and the unit's locked budget. Every problem is collected with its row, so a batch is refused whole
 * with a report of every bad row (all or nothing), whichever way it came.
 *
 * - One figure per line item and month: the month's cumulative-free spending (not a running total).
 *   Recording the same figure again changes nothing; a different figure for a month that has one
 *   is a **correction** and needs a reason. The row holds the current figure; the audit chain keeps
 *   every figure it ever had (upsert, audited), so nothing is overwritten silently.
 * - A line may be realized above its own budget (flagged `overBudget` in every view): SIPD shifts
 *   spending between the lines of one account. The **account** may not: the realization of an
 *   account within a sub-activity (the DPA's rekening) never exceeds the sum of its lines' budgets
 *   (`realization_exceeds_budget`).
 */
import { formatScaled } from '../drafting/arithmetic.js';
import type { Indicator } from '../db/schema.js';
import { DECIMAL_PLACES, parseDecimal, parseMonth, parsePeriod } from './periods.js';

export type RowErrorCode =
  | 'line_item_not_found'
  | 'sub_activity_not_found'
  | 'period_invalid'
  | 'invalid_quantity'
  | 'duplicate_entry'
  | 'correction_reason_required'
  | 'realization_exceeds_budget';

export interface RowError {
  line: number;
  /** The JSON field name; CSV reports name the column (`lineItem` -> `line_item`). */
  column: string;
  message: string;
  code: RowErrorCode;
}

const AMOUNT = /^(0|[1-9]\d{0,17})$/;

export interface RawRealization {
  line: number;
  lineItem: string;
  month: string;
  amount: string;
  reason: string;
}

export interface BudgetLine {
  id: string;
  subActivityId: string;
  account: string;
  total: bigint;
}

export interface RealizationContext {
  year: number;
  /** The region's local date, YYYY-MM-DD. */
  today: string;
  lines: ReadonlyMap<string, BudgetLine>;
  /** Figures already recorded, by `lineId|month`. */
  recorded: ReadonlyMap<string, bigint>;
}

export interface RealizationEntry {
  line: number;
  lineItemId: string;
  month: number;
  amount: bigint;
  /** The figure it replaces; null for a first record. */
  before: bigint | null;
  reason: string | null;
}

export const recordKey = (lineId: string, month: number) => `${lineId}|${month}`;
const accountKey = (l: BudgetLine) => `${l.subActivityId}|${l.account}`;

export function validateRealization(rows: readonly RawRealization[], ctx: RealizationContext) {
  const errors: RowError[] = [];
  const entries: RealizationEntry[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const row of rows) {
    const err = (column: string, code: RowErrorCode, message: string) =>
      errors.push({ line: row.line, column, code, message });
    const budgetLine = ctx.lines.get(row.lineItem.trim());
    if (!budgetLine) err('lineItem', 'line_item_not_found', "is not a line item of the unit's locked budget");
    const month = parseMonth(row.month.trim(), ctx.year, ctx.today);
    if (!month.ok) err('month', 'period_invalid', month.message);
    const amountText = row.amount.trim();
    if (!AMOUNT.test(amountText)) err('amount', 'invalid_quantity', 'must be whole rupiah, e.g. "1250000"');
    if (!budgetLine || !month.ok || !AMOUNT.test(amountText)) continue;
    const key = recordKey(budgetLine.id, month.month);
    if (seen.has(key)) {
      err('month', 'duplicate_entry', 'the same line item and month appear twice');
      continue;
    }
    seen.add(key);
    const amount = BigInt(amountText);
    const before = ctx.recorded.get(key) ?? null;
    if (before === amount) {
      unchanged++;
      continue;
    }
    const reason = row.reason.trim() || null;
    if (reason && reason.length > 2000) {
      err('reason', 'invalid_quantity', 'must be at most 2000 characters');
      continue;
    }
    if (before !== null && !reason) {
      err('reason', 'correction_reason_required', `replaces the recorded ${before} for ${row.month.trim()}: say why`);
      continue;
    }
    entries.push({ line: row.line, lineItemId: budgetLine.id, month: month.month, amount, before, reason });
  }
  if (errors.length === 0) errors.push(...accountOverruns(entries, ctx));
  return { entries, unchanged, errors };
}

/** Realization per account (within a sub-activity) after the entries, against the account's budget. */
function accountOverruns(entries: readonly RealizationEntry[], ctx: RealizationContext): RowError[] {
  const after = new Map(ctx.recorded);
  for (const e of entries) after.set(recordKey(e.lineItemId, e.month), e.amount);
  const budget = new Map<string, bigint>();
  for (const l of ctx.lines.values()) budget.set(accountKey(l), (budget.get(accountKey(l)) ?? 0n) + l.total);
  const realized = new Map<string, bigint>();
  for (const [key, amount] of after) {
    const l = ctx.lines.get(key.split('|')[0]!);
    if (l) realized.set(accountKey(l), (realized.get(accountKey(l)) ?? 0n) + amount);
  }
  const errors: RowError[] = [];
  for (const e of entries) {
    const l = ctx.lines.get(e.lineItemId)!;
    const k = accountKey(l);
    if (realized.get(k)! > budget.get(k)!) {
      errors.push({
        line: e.line,
        column: 'amount',
        code: 'realization_exceeds_budget',
        message: `account ${l.account} would reach ${realized.get(k)} realized, above its budget ${budget.get(k)}`,
      });
    }
  }
  return errors;
}

export interface RawIndicatorResult {
  line: number;
  subActivity: string;
  indicator: string;
  period: string;
  realized: string;
  note: string;
  reason: string;
}

export interface IndicatorContext {
  year: number;
  today: string;
  subActivities: ReadonlyMap<string, { id: string; indicators: readonly Indicator[] }>;
  /** Values already recorded (canonical decimal text), by `subActivityId|indicator|period`. */
  recorded: ReadonlyMap<string, { realized: string; note: string }>;
}

export interface IndicatorEntry {
  line: number;
  subActivityId: string;
  subActivity: string;
  /** 1-based, in the order the sub-activity lists its indicators. */
  indicator: number;
  period: string;
  realized: string;
  note: string;
  before: { realized: string; note: string } | null;
  reason: string | null;
}

export const resultKey = (subActivityId: string, indicator: number, period: string) =>
  `${subActivityId}|${indicator}|${period}`;

export function validateIndicatorResults(rows: readonly RawIndicatorResult[], ctx: IndicatorContext) {
  const errors: RowError[] = [];
  const entries: IndicatorEntry[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const row of rows) {
    const err = (column: string, code: RowErrorCode, message: string) =>
      errors.push({ line: row.line, column, code, message });
    const code = row.subActivity.trim();
    const sub = ctx.subActivities.get(code);
    if (!sub) err('subActivity', 'sub_activity_not_found', "is not a sub-activity of the unit's locked budget");
    const indicator = /^[1-9]\d?$/.test(row.indicator.trim()) ? Number(row.indicator.trim()) : 0;
    if (sub && (indicator < 1 || indicator > sub.indicators.length))
      err('indicator', 'invalid_quantity', `must be the number of one of its ${sub.indicators.length} indicator(s)`);
    const period = parsePeriod(row.period.trim(), ctx.year, ctx.today);
    if (!period.ok) err('period', 'period_invalid', period.message);
    const value = parseDecimal(row.realized);
    if (value === undefined) err('realized', 'invalid_quantity', 'must be a decimal with at most four places');
    if (!sub || indicator < 1 || indicator > sub.indicators.length || !period.ok || value === undefined) continue;
    const key = resultKey(sub.id, indicator, period.period);
    if (seen.has(key)) {
      err('period', 'duplicate_entry', 'the same indicator and period appear twice');
      continue;
    }
    seen.add(key);
    const realized = formatScaled(value, DECIMAL_PLACES);
    const note = row.note.trim();
    if (note.length > 2000 || row.reason.length > 2000) {
      err(note.length > 2000 ? 'note' : 'reason', 'invalid_quantity', 'must be at most 2000 characters');
      continue;
    }
    const before = ctx.recorded.get(key) ?? null;
    if (before && before.realized === realized && before.note === note) {
      unchanged++;
      continue;
    }
    const reason = row.reason.trim() || null;
    if (before && !reason) {
      err(
        'reason',
        'correction_reason_required',
        `replaces the recorded ${before.realized} for ${period.period}: say why`,
      );
      continue;
    }
    entries.push({
      line: row.line,
      subActivityId: sub.id,
      subActivity: code,
      indicator,
      period: period.period,
      realized,
      note,
      before,
      reason,
    });
  }
  return { entries, unchanged, errors };
}
