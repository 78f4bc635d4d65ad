/**
 * The SQL of reports and their timeline, and nothing else: every function takes the tenant
 * transaction first and never opens one, so use cases compose them in their own transaction.
 */
import type { ReportStatus } from '@sinergi/contracts';
import { insertWithFreshId } from '@sinergi/service-kit';
import { sql, type Insertable, type Updateable } from 'kysely';
import type { ReportTable, Trx } from '../db/schema.js';
import { newTrackingId, normalizeTrackingId } from './identifiers.js';
import type { ReportActor } from './actors.js';
import type { ReportRow } from './views.js';
import { OPEN_STATUSES } from './workflow.js';

/** The report an external source reference already made (an intake redelivery), if any. */
export const findBySource = (trx: Trx, source: { system: string; id: string }) =>
  trx
    .selectFrom('report')
    .select(['tracking_id', 'status', 'disposition_due'])
    .where('source_system', '=', source.system)
    .where('source_id', '=', source.id)
    .executeTakeFirst();

/** Inserts a report under a fresh tracking id; a collision of the 40-bit id inserts nothing and draws again. */
export const insertReport = (trx: Trx, values: Omit<Insertable<ReportTable>, 'tracking_id'>) =>
  insertWithFreshId(
    trx,
    (id) =>
      trx
        .insertInto('report')
        .values({ ...values, tracking_id: id })
        .onConflict((oc) => oc.columns(['tenant_id', 'tracking_id']).doNothing())
        .returning(['id', 'tracking_id'])
        .executeTakeFirst(),
    { generate: newTrackingId },
  );

/** Transaction-scoped advisory locks on `keys`, taken in sorted order so lockers never deadlock. */
export async function lockKeys(trx: Trx, keys: string[]): Promise<void> {
  await sql`select pg_advisory_xact_lock(h) from (select hashtextextended(k, 0) as h from unnest(${[...keys].sort()}::text[]) as k order by k) as cells`.execute(
    trx,
  );
}

export interface SupportBox {
  category: string;
  since: Date;
  lat: { min: number; max: number };
  lon: { min: number; max: number };
}

/** Open, public reports of a category in a box that no other report supports; at most 50. */
export const findSupportCandidates = (trx: Trx, box: SupportBox) =>
  trx
    .selectFrom('report')
    .select(['id', 'tracking_id', 'lat', 'lon', 'rahasia'])
    .where('category', '=', box.category)
    .where('supporting_id', 'is', null)
    .where('rahasia', '=', false)
    .where('status', 'in', OPEN_STATUSES)
    .where('submitted_at', '>=', box.since)
    .where('lat', '>=', box.lat.min)
    .where('lat', '<=', box.lat.max)
    .where('lon', '>=', box.lon.min)
    .where('lon', '<=', box.lon.max)
    .limit(50)
    .execute();

export async function countSupporters(trx: Trx, id: string): Promise<number> {
  const r = await trx
    .selectFrom('report')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('supporting_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface TimelineEntry {
  tenant: string;
  reportId: string;
  actor: ReportActor;
  action: string;
  from: ReportStatus | null;
  to: ReportStatus;
  unit: string | null;
  note: string | null;
}

export async function insertTimeline(trx: Trx, e: TimelineEntry): Promise<void> {
  await trx
    .insertInto('report_timeline')
    .values({
      tenant_id: e.tenant,
      report_id: e.reportId,
      actor: e.actor.id,
      actor_role: e.actor.kind,
      action: e.action,
      from_status: e.from,
      to_status: e.to,
      unit: e.unit,
      note: e.note,
    })
    .execute();
}

export const findTimeline = (trx: Trx, reportId: string) =>
  trx.selectFrom('report_timeline').selectAll().where('report_id', '=', reportId).orderBy('at').orderBy('id').execute();

/** A report by what people type as its tracking ID, locked against concurrent changes when `lock`. */
export async function findReport(
  trx: Trx,
  trackingId: string,
  opts: { lock: boolean },
): Promise<ReportRow | undefined> {
  const id = normalizeTrackingId(trackingId);
  if (!id) return undefined;
  const query = trx.selectFrom('report').selectAll().where('tracking_id', '=', id);
  return (opts.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The report's id for a tracking ID (as sent by another service), or undefined. */
export async function findReportId(trx: Trx, trackingId: string): Promise<string | undefined> {
  const id = normalizeTrackingId(trackingId);
  const row = id
    ? await trx.selectFrom('report').select('id').where('tracking_id', '=', id).executeTakeFirst()
    : undefined;
  return row?.id;
}

/** The tracking ID and privacy of a report by its row id (the report another one supports). */
export const findReportRef = (trx: Trx, id: string) =>
  trx.selectFrom('report').select(['id', 'tracking_id', 'rahasia']).where('id', '=', id).executeTakeFirst();

/** A report's escalations, oldest first (staff views only). */
export const findEscalations = (trx: Trx, reportId: string) =>
  trx
    .selectFrom('escalation')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('escalated_at')
    .orderBy('level')
    .execute();

export const updateReport = (trx: Trx, id: string, patch: Updateable<ReportTable>) =>
  trx.updateTable('report').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();

/** Marks a report as changed without changing anything else (a reporter's reply). */
export async function touchReport(trx: Trx, id: string): Promise<void> {
  await sql`update report set updated_at = now() where id = ${id}`.execute(trx);
}
