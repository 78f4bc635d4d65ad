/** SQL of the index: marks of changed indices, the last announced snapshot, declared service users. SQL only, the transaction first. */
import { sql, type Insertable } from 'kysely';
import type { Trx, UnitIndexTable } from '../db/schema.js';
import { periodsContaining } from './period.js';

/** Marks the unit's periods containing `at` (or the given ones) for the refresh job, in the changing transaction. */
export async function markIndexChanged(trx: Trx, m: { tenant: string; unit: string; at: Date; timeZone: string; periods?: string[] }): Promise<void> {
  const values = (m.periods ?? periodsContaining(m.at, m.timeZone)).map((period) => ({ tenant_id: m.tenant, unit: m.unit, period }));
  await trx
    .insertInto('index_refresh')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ marked_at: new Date() }))
    .execute();
}

/** The oldest mark nobody else holds, locked until the transaction ends; `skip` leaves out marks that failed this pass. */
export function claimMark(trx: Trx, skip: string[]) {
  let q = trx.selectFrom('index_refresh').select(['unit', 'period']).orderBy('marked_at').limit(1).forUpdate().skipLocked();
  if (skip.length > 0) q = q.where(sql<boolean>`unit || '/' || period not in (${sql.join(skip)})`);
  return q.executeTakeFirst();
}

export const deleteMark = (trx: Trx, mark: { unit: string; period: string }) =>
  trx.deleteFrom('index_refresh').where('unit', '=', mark.unit).where('period', '=', mark.period).execute();

/** Moves a mark to the back of the queue. */
export const postponeMark = (trx: Trx, mark: { unit: string; period: string }) =>
  trx.updateTable('index_refresh').set({ marked_at: new Date() }).where('unit', '=', mark.unit).where('period', '=', mark.period).execute();

export const findUnitIndex = (trx: Trx, unit: string, period: string) =>
  trx.selectFrom('unit_index').selectAll().where('unit', '=', unit).where('period', '=', period).executeTakeFirst();

export async function saveUnitIndex(trx: Trx, row: Insertable<UnitIndexTable>): Promise<void> {
  const { tenant_id: _t, unit: _u, period: _p, ...snapshot } = row;
  await trx
    .insertInto('unit_index')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet(snapshot))
    .execute();
}

export async function declareServiceUsers(trx: Trx, d: { tenant: string; unit: string; period: string; count: number; by: string }): Promise<void> {
  await trx
    .insertInto('service_users')
    .values({ tenant_id: d.tenant, unit: d.unit, period: d.period, count: d.count, declared_by: d.by })
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ count: d.count, declared_by: d.by, declared_at: new Date() }))
    .execute();
}
