/**
 * The SQL of the deadline job; each function takes the tenant transaction first. Safe with several
 * replicas: a breach row is inserted once (its primary key), and due reports are locked SKIP LOCKED.
 */
import type { ReportStatus } from '@sinergi/contracts';
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

const BATCH = 500;

export type BreachKind = 'disposition' | 'follow-up' | 'deferral';

const DUE_COLUMN = { disposition: 'disposition_due', 'follow-up': 'followup_due', deferral: 'deferred_due' } as const;
const BREACH_STATUSES = {
  disposition: ['submitted'],
  'follow-up': ['disposed', 'in-progress'],
  deferral: ['deferred'],
};

/** Records up to BATCH newly breached deadlines of `kind`; returns only the rows this transaction inserted. */
export async function recordBreaches(trx: Trx, scan: { tenant: string; kind: BreachKind; now: Date }) {
  const { tenant, kind, now } = scan;
  const due = sql.ref(`r.${DUE_COLUMN[kind]}`);
  const statuses = BREACH_STATUSES[kind];
  // insert-if-absent decides who emits: a concurrent scan finds the row taken and emits nothing
  const inserted = await sql<{
    report_id: string;
    due_at: Date;
    tracking_id: string;
    category: string;
    unit: string | null;
    status: ReportStatus;
  }>`
    with candidates as (
      select r.id, r.tracking_id, r.category, r.unit, r.status, ${due} as due_at
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
    select f.report_id, f.due_at, c.tracking_id, c.category, c.unit, c.status from fresh f join candidates c on c.id = f.report_id`.execute(
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

/**
 * A breach still standing: the report is in the deadline's statuses and the deadline is the one
 * breached. Escalations keep the deadline as JavaScript read it (milliseconds), hence the truncation.
 */
const stillBreached = sql<boolean>`(
  (e.kind = 'disposition' and r.status = 'submitted' and date_trunc('milliseconds', r.disposition_due) = e.due_at) or
  (e.kind = 'follow-up' and r.status in ('disposed', 'in-progress') and date_trunc('milliseconds', r.followup_due) = e.due_at) or
  (e.kind = 'deferral' and r.status = 'deferred' and date_trunc('milliseconds', r.deferred_due) = e.due_at))`;

/** The deadline a report runs against now, in SQL (as `currentDeadline` in rules.ts), to milliseconds like escalations. */
export const currentDueSql = sql<Date | null>`date_trunc('milliseconds', case
  when r.status = 'submitted' then r.disposition_due
  when r.status = 'deferred' then r.deferred_due
  when r.status in ('disposed', 'in-progress') then r.followup_due end)`;

export interface Escalation {
  report_id: string;
  status: ReportStatus;
  tracking_id: string;
  category: string;
  kind: BreachKind;
  due_at: Date;
  unit: string | null;
  level: 1 | 2;
  office: 'unit-head' | 'verifier' | 'oversight';
  to_unit: string | null;
  next_level_due: Date | null;
}

/** Inserts escalations absent so far; returns only the rows this transaction inserted (the others emit nothing). */
export async function insertEscalations(trx: Trx, tenant: string, rows: Escalation[], now: Date) {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('escalation')
    .values(
      rows.map((e) => ({
        tenant_id: tenant,
        report_id: e.report_id,
        kind: e.kind,
        due_at: e.due_at,
        level: e.level,
        office: e.office,
        to_unit: e.to_unit,
        unit: e.unit,
        escalated_at: now,
        next_level_due: e.next_level_due,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['report_id', 'kind', 'due_at', 'level'])
    .execute();
  const key = (e: { report_id: string; kind: string; due_at: Date; level: number }) =>
    `${e.report_id} ${e.kind} ${e.due_at.getTime()} ${e.level}`;
  const fresh = new Set(inserted.map(key));
  return rows.filter((e) => fresh.has(key(e)));
}

/** Level-1 escalations whose oversight time has come while their deadline is still missed, without a level 2. */
export async function dueForOversight(trx: Trx, now: Date) {
  const r = await sql<Omit<Escalation, 'level' | 'office' | 'to_unit' | 'next_level_due'>>`
    select e.report_id, r.tracking_id, r.category, r.status, e.kind, e.due_at, r.unit
      from escalation e join report r on r.id = e.report_id
     where e.level = 1 and e.next_level_due <= ${now} and ${stillBreached}
       and not exists (select 1 from escalation x
                        where x.report_id = e.report_id and x.kind = e.kind and x.due_at = e.due_at and x.level = 2)
     order by e.next_level_due
     limit ${BATCH}`.execute(trx);
  return r.rows;
}
