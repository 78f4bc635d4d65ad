import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

/** The unit's lines with what rolls up from them: sub-activity code and the line's budget (its total). */
export const budgetLines = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('line_item as l')
    .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
    .select(['l.id', 'l.sub_activity_id', 's.code as sub_activity', 'l.account', 'l.component_name', 'l.total'])
    .where('l.year', '=', year)
    .where('l.unit', '=', unit)
    .orderBy('s.code')
    .orderBy('l.account')
    .orderBy('l.id')
    .execute();

export const realizationOfUnit = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('realization')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('line_item_id')
    .orderBy('month')
    .execute();

export async function upsertRealization(
  trx: Trx,
  row: { tenant: string; year: number; unit: string; lineItemId: string; month: number; amount: bigint; by: string },
) {
  await trx
    .insertInto('realization')
    .values({
      tenant_id: row.tenant,
      year: row.year,
      unit: row.unit,
      line_item_id: row.lineItemId,
      month: row.month,
      amount: row.amount,
      recorded_by: row.by,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'line_item_id', 'month']).doUpdateSet({
        amount: row.amount,
        recorded_by: row.by,
        recorded_at: sql<Date>`now()`,
        revision: sql<number>`realization.revision + 1`,
      }),
    )
    .execute();
}

export const indicatorResultsOfUnit = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('indicator_result')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('sub_activity_id')
    .orderBy('indicator')
    .orderBy('period')
    .execute();

export async function upsertIndicatorResult(
  trx: Trx,
  row: {
    tenant: string;
    year: number;
    unit: string;
    subActivityId: string;
    indicator: number;
    period: string;
    realized: string;
    note: string;
    by: string;
  },
) {
  await trx
    .insertInto('indicator_result')
    .values({
      tenant_id: row.tenant,
      year: row.year,
      unit: row.unit,
      sub_activity_id: row.subActivityId,
      indicator: row.indicator,
      period: row.period,
      realized: row.realized,
      note: row.note,
      recorded_by: row.by,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'sub_activity_id', 'indicator', 'period']).doUpdateSet({
        realized: row.realized,
        note: row.note,
        recorded_by: row.by,
        recorded_at: sql<Date>`now()`,
        revision: sql<number>`indicator_result.revision + 1`,
      }),
    )
    .execute();
}

/**
 * Every line of the year's locked budgets with its budget and realization (through a month, when
 * given): the rows every rollup sums. Optionally one unit only.
 */
export const lockedLineFigures = (trx: Trx, q: { year: number; through: number; unit?: string | undefined }) =>
  trx
    .selectFrom('line_item as l')
    .innerJoin('unit_budget as b', (j) => j.onRef('b.year', '=', 'l.year').onRef('b.unit', '=', 'l.unit'))
    .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('realization')
          .select(['line_item_id', sql<bigint>`sum(amount)::int8`.as('realized')])
          .where('year', '=', q.year)
          .where('month', '<=', q.through)
          .groupBy('line_item_id')
          .as('r'),
      (j) => j.onRef('r.line_item_id', '=', 'l.id'),
    )
    .select([
      'l.unit',
      's.code as sub_activity',
      'l.account',
      'l.total as budget',
      sql<bigint>`coalesce(r.realized, 0)::int8`.as('realized'),
    ])
    .where('l.year', '=', q.year)
    .where('b.status', '=', 'locked')
    .$if(q.unit !== undefined, (qb) => qb.where('l.unit', '=', q.unit!))
    .execute();

/** Names of nomenclature codes and account codes of a version, for labelling rollups. */
export async function codeNames(trx: Trx, version: string, codes: { nomenclature: string[]; accounts: string[] }) {
  const nomenclature = new Map<string, string>();
  const accounts = new Map<string, string>();
  if (codes.nomenclature.length) {
    const rows = await trx
      .selectFrom('nomenclature')
      .select(['code', 'name'])
      .where('version', '=', version)
      .where('code', 'in', codes.nomenclature)
      .execute();
    for (const r of rows) nomenclature.set(r.code, r.name);
  }
  if (codes.accounts.length) {
    const rows = await trx
      .selectFrom('account')
      .select(['code', 'name'])
      .where('version', '=', version)
      .where('code', 'in', codes.accounts)
      .execute();
    for (const r of rows) accounts.set(r.code, r.name);
  }
  return { nomenclature, accounts };
}
