/** The follow-up plans: one row per version, never updated. SQL only, the transaction first. */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import type { FollowUpItem } from './schemas.js';

export async function insertFollowUpPlan(
  trx: Trx,
  p: { tenant: string; unit: string; period: string; items: FollowUpItem[]; by: string },
): Promise<void> {
  await trx
    .insertInto('follow_up_plan')
    .values({ tenant_id: p.tenant, unit: p.unit, period: p.period, items: JSON.stringify(p.items), set_by: p.by })
    .execute();
}

/** Every version of the unit's plan for the period, newest first. */
export const followUpVersions = (trx: Trx, unit: string, period: string) =>
  trx
    .selectFrom('follow_up_plan')
    .select(['items', 'set_by', 'set_at'])
    .where('unit', '=', unit)
    .where('period', '=', period)
    .orderBy('id', 'desc')
    .execute() as Promise<{ items: FollowUpItem[]; set_by: string; set_at: Date }[]>;

/** The newest version and the number of versions. */
export async function currentFollowUp(trx: Trx, unit: string, period: string) {
  const row = await trx
    .selectFrom('follow_up_plan')
    .select(['items', 'set_at', sql<string>`count(*) over ()`.as('revisions')])
    .where('unit', '=', unit)
    .where('period', '=', period)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { items: row.items as FollowUpItem[], setAt: row.set_at, revisions: Number(row.revisions) };
}
