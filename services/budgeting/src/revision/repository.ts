import { sql } from 'kysely';
import type { BudgetStatus } from '../cycle/workflow.js';
import type { RevisionLineTable, ShiftKind, Trx } from '../db/schema.js';
import type { LineItemValues } from '../drafting/repository.js';

export const insertShift = (
  trx: Trx,
  row: {
    tenant: string;
    year: number;
    unit: string;
    kind: ShiftKind;
    approver: 'tapd' | 'unit-head';
    reason: string;
    changes: unknown[];
    moved: bigint;
    proposedBy: string;
  },
) =>
  trx
    .insertInto('budget_shift')
    .values({
      tenant_id: row.tenant,
      year: row.year,
      unit: row.unit,
      kind: row.kind,
      approver: row.approver,
      status: 'proposed',
      reason: row.reason,
      changes: JSON.stringify(row.changes),
      moved: row.moved,
      proposed_by: row.proposedBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();

export const findShift = (trx: Trx, year: number, unit: string, id: string) =>
  trx
    .selectFrom('budget_shift')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .where('id', '=', id)
    .executeTakeFirst();

export const shiftsOfUnit = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('budget_shift')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const decideShift = (
  trx: Trx,
  id: string,
  d: { status: 'approved' | 'rejected'; by: string; reason: string | null },
) =>
  trx
    .updateTable('budget_shift')
    .set({ status: d.status, decided_by: d.by, decision_reason: d.reason, decided_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'proposed')
    .returningAll()
    .executeTakeFirst();

/** A line set to nothing by a revision: it stays, with zeros, beside its murni values. */
export const cutLineItem = (trx: Trx, id: string, actor: string) =>
  trx
    .updateTable('line_item')
    .set({
      factors: sql<string>`jsonb_build_array(jsonb_build_object('quantity', '0', 'unit', factors->0->>'unit'))`,
      volume: '0',
      amount: 0n,
      tax: 0n,
      total: 0n,
      excess_reason: null,
      updated_by: actor,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const moveSubActivityPagu = (trx: Trx, id: string, delta: bigint) =>
  trx
    .updateTable('sub_activity')
    .set({ pagu: sql<bigint>`pagu + ${delta}::int8` })
    .where('id', '=', id)
    .execute();

export const setSubActivityPagu = (trx: Trx, id: string, pagu: bigint) =>
  trx.updateTable('sub_activity').set({ pagu }).where('id', '=', id).execute();

export const setUnitPagu = (trx: Trx, year: number, unit: string, pagu: bigint) =>
  trx
    .updateTable('unit_budget')
    .set({ pagu, updated_at: sql<Date>`now()` })
    .where('year', '=', year)
    .where('unit', '=', unit)
    .execute();

// --- the APBD-P ---

export const insertApbdRevision = (trx: Trx, row: { tenant: string; year: number; by: string }) =>
  trx
    .insertInto('apbd_revision')
    .values({ tenant_id: row.tenant, year: row.year, opened_by: row.by })
    .onConflict((oc) => oc.columns(['tenant_id', 'year']).doNothing())
    .returningAll()
    .executeTakeFirst();

export const insertUnitRevision = (trx: Trx, row: { tenant: string; year: number; unit: string; pagu: bigint }) =>
  trx
    .insertInto('unit_revision')
    .values({ tenant_id: row.tenant, year: row.year, unit: row.unit, status: 'drafting', pagu: row.pagu })
    .execute();

/** The unit's APBD-P row, locked: every revision write of the unit queues here. */
export const lockUnitRevision = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('unit_revision')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .forUpdate()
    .executeTakeFirst();

export const lockUnitRevisions = (trx: Trx, year: number) =>
  trx.selectFrom('unit_revision').selectAll().where('year', '=', year).orderBy('unit').forUpdate().execute();

export const updateUnitRevision = (
  trx: Trx,
  year: number,
  unit: string,
  set: { status?: BudgetStatus; pagu?: bigint; subPagu?: Record<string, string> },
) =>
  trx
    .updateTable('unit_revision')
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.pagu !== undefined ? { pagu: set.pagu } : {}),
      ...(set.subPagu ? { sub_pagu: JSON.stringify(set.subPagu) } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('year', '=', year)
    .where('unit', '=', unit)
    .returningAll()
    .executeTakeFirstOrThrow();

export const revisionLines = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('revision_line')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .orderBy('updated_at')
    .orderBy('id')
    .execute();

/** A drafted change by its own id, or by the id of the line it revises. */
export const findRevisionLine = (trx: Trx, year: number, unit: string, id: string) =>
  trx
    .selectFrom('revision_line')
    .selectAll()
    .where('year', '=', year)
    .where('unit', '=', unit)
    .where((eb) => eb.or([eb('id', '=', id), eb('line_item_id', '=', id)]))
    .executeTakeFirst();

export type RevisionLineValues = Omit<LineItemValues, 'created_by'> & {
  line_item_id: string | null;
  cut: boolean;
  reason: string | null;
};

export const insertRevisionLine = (trx: Trx, tenant: string, values: RevisionLineValues & { created_by: string }) =>
  trx
    .insertInto('revision_line')
    .values({ ...values, tenant_id: tenant, factors: JSON.stringify(values.factors) })
    .returningAll()
    .executeTakeFirstOrThrow();

export const updateRevisionLine = (trx: Trx, id: string, values: RevisionLineValues) =>
  trx
    .updateTable('revision_line')
    .set({ ...values, factors: JSON.stringify(values.factors), updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const deleteRevisionLine = (trx: Trx, id: string) =>
  trx.deleteFrom('revision_line').where('id', '=', id).execute();

/**
 * The unit's totals as the drafted APBD-P would leave them: the lines in force with the drafted
 * changes laid over them, plus the new lines; `excluding` leaves out one line (the one being written).
 */
export async function revisedDraftTotals(
  trx: Trx,
  q: { year: number; unit: string; excluding?: string | undefined },
): Promise<{ unit: bigint; bySubActivity: Map<string, bigint> }> {
  const ex = q.excluding ?? '00000000-0000-0000-0000-000000000000';
  const rows = await sql<{ sub_activity_id: string; total: bigint }>`
    select sub_activity_id, sum(total)::int8 as total from (
      select l.sub_activity_id, coalesce(r.total, l.total) as total
      from line_item l left join revision_line r on r.line_item_id = l.id
      where l.year = ${q.year} and l.unit = ${q.unit} and l.id <> ${ex}::uuid and coalesce(r.id <> ${ex}::uuid, true)
      union all
      select sub_activity_id, total from revision_line
      where year = ${q.year} and unit = ${q.unit} and line_item_id is null and id <> ${ex}::uuid
    ) t group by sub_activity_id`.execute(trx);
  const bySubActivity = new Map(rows.rows.map((r) => [r.sub_activity_id, r.total]));
  return { unit: rows.rows.reduce((s, r) => s + r.total, 0n), bySubActivity };
}

export type RevisionLine = Awaited<ReturnType<typeof revisionLines>>[number];
export type { RevisionLineTable };
