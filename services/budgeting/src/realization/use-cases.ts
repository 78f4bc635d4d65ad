/** Realization of locked budgets: monthly spending per line, indicator results per period, and the rollups. */
import { localDate } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { findUnitBudget, lockUnitBudget, subActivities } from '../drafting/repository.js';
import { P } from '../problems.js';
import { csvProblem, readCsv } from '../reference/csv.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { monthText } from './periods.js';
import * as repo from './repository.js';
import { rollup, type RollupKey } from './rollup.js';
import {
  recordKey,
  resultKey,
  validateIndicatorResults,
  validateRealization,
  type RawIndicatorResult,
  type RawRealization,
  type RowError,
} from './rules.js';

/** Where the rows came from decides the shape of the refusal: JSON fields or CSV lines. */
export type RowSource = { kind: 'json'; field: string } | { kind: 'csv' };

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** All or nothing: any bad row refuses the whole batch, naming every row and why. */
function rowProblem(errors: RowError[], source: RowSource) {
  if (source.kind === 'csv') return csvProblem(errors.map((e) => ({ ...e, column: snake(e.column) })));
  const first = errors[0]!;
  return P[first.code](`${errors.length} problem(s) in the entries; nothing was recorded.`, {
    errors: errors.slice(0, 100).map((e) => ({
      in: 'body',
      field: `${source.field}.${e.line}.${e.column}`,
      message: e.message,
    })),
    extensions: { rejectedRows: new Set(errors.map((e) => e.line)).size },
  });
}

/** The unit's budget row, locked for the write, which must be the locked DPA. */
async function lockedBudget(trx: Trx, year: number, unit: string) {
  await yearOrThrow(trx, year);
  const budget = await lockUnitBudget(trx, year, unit);
  if (budget?.status !== 'locked') {
    throw P.budget_not_locked(
      `The budget of ${unit} for ${year} is ${budget?.status ?? 'not set up'}; realization is recorded against the locked DPA.`,
      { extensions: { currentStatus: budget?.status ?? null } },
    );
  }
  return budget;
}

const today = (ctx: Ctx, tenant: string) => localDate(new Date(), ctx.calendar(tenant).timeZone);

export async function recordRealization(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; rows: RawRealization[]; source: RowSource },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await lockedBudget(trx, input.year, input.unit);
    const lines = await repo.budgetLines(trx, input.year, input.unit);
    const recorded = await repo.realizationOfUnit(trx, input.year, input.unit);
    const { entries, unchanged, errors } = validateRealization(input.rows, {
      year: input.year,
      today: today(ctx, caller.tenant),
      lines: new Map(
        lines.map((l) => [l.id, { id: l.id, subActivityId: l.sub_activity_id, account: l.account, total: l.total }]),
      ),
      recorded: new Map(recorded.map((r) => [recordKey(r.line_item_id, r.month), r.amount])),
    });
    if (errors.length) throw rowProblem(errors, input.source);
    for (const e of entries) {
      await repo.upsertRealization(trx, {
        tenant: caller.tenant,
        year: input.year,
        unit: input.unit,
        lineItemId: e.lineItemId,
        month: e.month,
        amount: e.amount,
        by: caller.actor,
      });
      await appendAudit(trx, {
        tenant: caller.tenant,
        year: input.year,
        actor: caller.actor,
        action: e.before === null ? 'realization.recorded' : 'realization.corrected',
        entity: 'line_item',
        entityId: e.lineItemId,
        data: {
          unit: input.unit,
          month: monthText(input.year, e.month),
          amount: e.amount.toString(),
          before: e.before === null ? null : e.before.toString(),
          reason: e.reason,
        },
      });
    }
    const corrected = entries.filter((e) => e.before !== null).length;
    return { recorded: entries.length - corrected, corrected, unchanged };
  });
}

export async function recordIndicatorResults(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; rows: RawIndicatorResult[]; source: RowSource },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await lockedBudget(trx, input.year, input.unit);
    const subs = await subActivities(trx, input.year, input.unit);
    const recorded = await repo.indicatorResultsOfUnit(trx, input.year, input.unit);
    const { entries, unchanged, errors } = validateIndicatorResults(input.rows, {
      year: input.year,
      today: today(ctx, caller.tenant),
      subActivities: new Map(subs.map((s) => [s.code, { id: s.id, indicators: s.indicators }])),
      recorded: new Map(
        recorded.map((r) => [
          resultKey(r.sub_activity_id, r.indicator, r.period),
          { realized: r.realized, note: r.note },
        ]),
      ),
    });
    if (errors.length) throw rowProblem(errors, input.source);
    for (const e of entries) {
      await repo.upsertIndicatorResult(trx, {
        tenant: caller.tenant,
        year: input.year,
        unit: input.unit,
        subActivityId: e.subActivityId,
        indicator: e.indicator,
        period: e.period,
        realized: e.realized,
        note: e.note,
        by: caller.actor,
      });
      await appendAudit(trx, {
        tenant: caller.tenant,
        year: input.year,
        actor: caller.actor,
        action: e.before ? 'indicator_result.corrected' : 'indicator_result.recorded',
        entity: 'sub_activity',
        entityId: e.subActivityId,
        data: {
          unit: input.unit,
          subActivity: e.subActivity,
          indicator: e.indicator,
          period: e.period,
          realized: e.realized,
          note: e.note,
          before: e.before ? { realized: e.before.realized, note: e.before.note } : null,
          reason: e.reason,
        },
      });
    }
    const corrected = entries.filter((e) => e.before).length;
    return { recorded: entries.length - corrected, corrected, unchanged };
  });
}

/** The unit's lines with every recorded month, and its indicator results, for the unit and the staff who oversee it. */
export async function unitRealization(ctx: Ctx, input: { tenant: string; year: number; unit: string }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    if (!(await findUnitBudget(trx, input.year, input.unit)))
      throw P.ceiling_not_set(`Unit ${input.unit} has no budget for ${input.year}.`);
    const lines = await repo.budgetLines(trx, input.year, input.unit);
    const realization = await repo.realizationOfUnit(trx, input.year, input.unit);
    const subs = await subActivities(trx, input.year, input.unit);
    const results = await repo.indicatorResultsOfUnit(trx, input.year, input.unit);
    return { lines, realization, subs, results };
  });
}

/** Budget vs realization of the year's locked budgets, rolled up; through a month (1-12) when given. */
export async function realizationRollup(
  ctx: Ctx,
  input: { tenant: string; year: number; by: RollupKey; through: number; unit?: string | undefined },
) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const year = await yearOrThrow(trx, input.year);
    const figures = await repo.lockedLineFigures(trx, input);
    const result = rollup(
      figures.map((f) => ({
        unit: f.unit,
        subActivity: f.sub_activity,
        account: f.account,
        budget: f.budget,
        realized: f.realized,
      })),
      input.by,
    );
    const codes = result.rows.map((r) => r.code);
    const names =
      input.by === 'unit'
        ? { nomenclature: new Map<string, string>(), accounts: new Map<string, string>() }
        : await repo.codeNames(trx, year.version, {
            nomenclature: input.by === 'account' ? [] : codes,
            accounts: input.by === 'account' ? codes : [],
          });
    return { ...result, names: input.by === 'account' ? names.accounts : names.nomenclature };
  });
}

export const REALIZATION_COLUMNS = ['line_item', 'month', 'amount', 'reason'] as const;
export const INDICATOR_RESULT_COLUMNS = ['sub_activity', 'indicator', 'period', 'realized', 'note', 'reason'] as const;

/** A CSV of monthly figures (`line_item,month,amount,reason`), all or nothing like every CSV import. */
export async function recordRealizationCsv(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; csv: Buffer },
) {
  const records = await readCsv(input.csv, REALIZATION_COLUMNS);
  const rows = records.map(({ line, record: r }) => ({
    line,
    lineItem: r.line_item ?? '',
    month: r.month ?? '',
    amount: r.amount ?? '',
    reason: r.reason ?? '',
  }));
  return recordRealization(ctx, { ...input, rows, source: { kind: 'csv' } });
}

/** A CSV of indicator results (`sub_activity,indicator,period,realized,note,reason`), all or nothing. */
export async function recordIndicatorResultsCsv(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; csv: Buffer },
) {
  const records = await readCsv(input.csv, INDICATOR_RESULT_COLUMNS);
  const rows = records.map(({ line, record: r }) => ({
    line,
    subActivity: r.sub_activity ?? '',
    indicator: r.indicator ?? '',
    period: r.period ?? '',
    realized: r.realized ?? '',
    note: r.note ?? '',
    reason: r.reason ?? '',
  }));
  return recordIndicatorResults(ctx, { ...input, rows, source: { kind: 'csv' } });
}
