/**
 * The SQL of the deadline job; each function takes the tenant transaction first. Safe with several
 * replicas: a breach row is inserted once (its primary key), and due reports are locked SKIP LOCKED.
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

const BATCH = 500;

export type BreachKind = 'disposition' | 'follow-up';

/** Records up to BATCH newly breached deadlines of `kind`; returns only the rows this transaction inserted. */
export async function recordBreaches(trx: Trx, scan: { tenant: string; kind: BreachKind; now: Date }) {
  const { tenant, kind, now } = scan;
  const due = kind === 'disposition' ? sql.ref('r.disposition_due') : sql.ref('r.followup_due');
  const statuses = kind === 'disposition' ? ['submitted'] : ['disposed', 'in-progress'];
  // insert-if-absent decides who emits: a concurrent scan finds the row taken and emits nothing
  const inserted = await sql<{
    report_id: string;
    due_at: Date;
    tracking_id: string;
    category: string;
    unit: string | null;
  }>`
    with candidates as (
      select r.id, r.tracking_id, r.category, r.unit, ${due} as due_at
        from report r
       where r.status in (${sql.join(statuses)}) and ${due} <= ${now}
         and not exists (select 1 from deadline_breach b where b.report_id = r.id and b.kind = ${kind} and b.due_at = ${due})
       order by ${due}
       limit ${BATCH}
    ), fresh as (
      insert into deadline_breach (tenant_id, report_id, kind, due_at)
      select ${tenant}, id, ${kind}, due_at from candidates
      on conflict do nothing
      returning report_id, due_at
    )
    select f.report_id, f.due_at, c.tracking_id, c.category, c.unit from fresh f join candidates c on c.id = f.report_id`.execute(
    trx,
  );
  return inserted.rows;
}

/** Followed-up reports whose auto-close is due, locked; rows another scan holds are skipped. */
export const dueForAutoClose = (trx: Trx, now: Date) =>
  trx
    .selectFrom('report')
    .select('tracking_id')
    .where('status', '=', 'followed-up')
    .where('autoclose_due', '<=', now)
    .orderBy('autoclose_due')
    .limit(BATCH)
    .forUpdate()
    .skipLocked()
    .execute();
