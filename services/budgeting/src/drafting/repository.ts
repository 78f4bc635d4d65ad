import { sql } from 'kysely';
import type { Indicator, LineItemTable, PlanningSource, StoredFactor, Trx } from '../db/schema.js';
import type { BudgetStatus } from '../cycle/workflow.js';

/** The unit's budget row, locked: every write of the unit queues here, so ceiling checks see every committed line. */
export const lockUnitBudget = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('unit_budget')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .forUpdate()
    .executeTakeFirst();

export const findUnitBudget = (trx: Trx, year: number, unit: string) =>
  trx.selectFrom('unit_budget').selectAll().where('year', '=', year).where('unit', '=', unit).executeTakeFirst();

export const upsertUnitBudget = (trx: Trx, row: { tenant: string; year: number; unit: string; pagu: bigint }) =>
  trx
    .insertInto('unit_budget')
    .values({ tenant_id: row.tenant, year: row.year, unit: row.unit, pagu: row.pagu, status: 'ceilings' })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'year', 'unit']).doUpdateSet({ pagu: row.pagu, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

export const setUnitStatus = (trx: Trx, year: number, unit: string, status: BudgetStatus) =>
  trx
    .updateTable('unit_budget')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('year', '=', year)
    .where('unit', '=', unit)
    .returningAll()
    .executeTakeFirstOrThrow();

export const lockUnitBudgets = (trx: Trx, year: number) =>
  trx.selectFrom('unit_budget').selectAll().where('year', '=', year).orderBy('unit').forUpdate().execute();

export const unitTotal = async (trx: Trx, year: number, unit: string) =>
  (
    await trx
      .selectFrom('line_item')
      .select(sql<bigint>`coalesce(sum(total), 0)::int8`.as('n'))
      .where('year', '=', year)
      .where('unit', '=', unit)
      .executeTakeFirstOrThrow()
  ).n;

export const insertSubActivity = (
  trx: Trx,
  row: {
    tenant: string;
    year: number;
    unit: string;
    code: string;
    pagu: bigint;
    planningSource: PlanningSource;
    planningReference: string | null;
    indicators: Indicator[];
    beneficiaries: bigint | null;
  },
) =>
  trx
    .insertInto('sub_activity')
    .values({
      tenant_id: row.tenant,
      year: row.year,
      unit: row.unit,
      code: row.code,
      pagu: row.pagu,
      planning_source: row.planningSource,
      planning_reference: row.planningReference,
      indicators: JSON.stringify(row.indicators),
      beneficiaries: row.beneficiaries,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'year', 'unit', 'code']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const findSubActivity = (trx: Trx, year: number, unit: string, code: string) =>
  trx
    .selectFrom('sub_activity')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .where('code', '=', code)
    .executeTakeFirst();

export const subActivities = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('sub_activity')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('code')
    .execute();

export const sumSubActivityPagu = async (trx: Trx, year: number, unit: string) =>
  (
    await trx
      .selectFrom('sub_activity')
      .select(sql<bigint>`coalesce(sum(pagu), 0)::int8`.as('n'))
      .where('year', '=', year)
      .where('unit', '=', unit)
      .executeTakeFirstOrThrow()
  ).n;

/** Sums of line totals, excluding one line (the one being replaced). */
export async function lineTotals(
  trx: Trx,
  q: { year: number; unit: string; subActivityId: string; excluding?: string },
) {
  const row = await trx
    .selectFrom('line_item')
    .select([
      sql<bigint>`coalesce(sum(total), 0)::int8`.as('unit_total'),
      sql<bigint>`coalesce(sum(total) filter (where sub_activity_id = ${q.subActivityId}), 0)::int8`.as('sub_total'),
    ])
    .where('year', '=', q.year)
    .where('unit', '=', q.unit)
    .$if(q.excluding !== undefined, (qb) => qb.where('id', '!=', q.excluding!))
    .executeTakeFirstOrThrow();
  return { unit: row.unit_total, subActivity: row.sub_total };
}

export type LineItemValues = Omit<LineItemTable, 'id' | 'created_at' | 'updated_at' | 'factors' | 'tenant_id'> & {
  factors: StoredFactor[];
};

/**
 * The typed columns of a line: `line_no` (the export's order, migration 0006) stays out, so a row
 * read here can be spread into another insert (a revision line, the DPPA) without it.
 */
const LINE_COLUMNS = [
  'id',
  'tenant_id',
  'year',
  'unit',
  'sub_activity_id',
  'account',
  'catalogue_item',
  'component_name',
  'specification',
  'unit_of_measure',
  'factors',
  'volume',
  'unit_price',
  'tax_percent',
  'amount',
  'tax',
  'total',
  'funding_source',
  'location',
  'excess_reason',
  'created_by',
  'updated_by',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof LineItemTable)[];

export const insertLineItem = (trx: Trx, tenant: string, values: LineItemValues) =>
  trx
    .insertInto('line_item')
    .values({ ...values, tenant_id: tenant, factors: JSON.stringify(values.factors) })
    .returning(LINE_COLUMNS)
    .executeTakeFirstOrThrow();

export const updateLineItem = (trx: Trx, id: string, values: Omit<LineItemValues, 'created_by'>) =>
  trx
    .updateTable('line_item')
    .set({ ...values, factors: JSON.stringify(values.factors), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(LINE_COLUMNS)
    .executeTakeFirstOrThrow();

export const findLineItem = (trx: Trx, year: number, unit: string, id: string) =>
  trx
    .selectFrom('line_item')
    .select(LINE_COLUMNS)
    .where('year', '=', year)
    .where('unit', '=', unit)
    .where('id', '=', id)
    .executeTakeFirst();

export const lineItemsOfUnit = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('line_item')
    .select(LINE_COLUMNS)
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const setSubActivityIndicators = (trx: Trx, id: string, indicators: Indicator[]) =>
  trx
    .updateTable('sub_activity')
    .set({ indicators: JSON.stringify(indicators) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const insertReviewNote = (
  trx: Trx,
  row: { tenant: string; year: number; unit: string; lineItemId: string; note: string; author: string },
) =>
  trx
    .insertInto('review_note')
    .values({
      tenant_id: row.tenant,
      year: row.year,
      unit: row.unit,
      line_item_id: row.lineItemId,
      note: row.note,
      author: row.author,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

export const reviewNotesOfUnit = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('review_note')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

/** A line and its review notes go together; the audit chain keeps what it was. */
export async function deleteLineItem(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('review_note').where('line_item_id', '=', id).execute();
  await trx.deleteFrom('line_item').where('id', '=', id).execute();
}

export const setSubActivityPagu = (trx: Trx, id: string, pagu: bigint) =>
  trx.updateTable('sub_activity').set({ pagu }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

export const linesOfSubActivity = (trx: Trx, subActivityId: string) =>
  trx.selectFrom('line_item').selectAll().where('sub_activity_id', '=', subActivityId).orderBy('id').execute();

export const deleteSubActivity = async (trx: Trx, id: string) => {
  await trx.deleteFrom('sub_activity').where('id', '=', id).execute();
};

export const setSubActivityBeneficiaries = (trx: Trx, id: string, beneficiaries: bigint | null) =>
  trx.updateTable('sub_activity').set({ beneficiaries }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
