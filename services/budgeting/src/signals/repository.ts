/** SQL of the signals: citizen reports and IKM folded from events, the year's complaint mapping and efficiency tags. */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

/**
 * The report's row, locked. A row that does not exist yet is made empty first, so that two replicas
 * folding two events of one new report (a backlog after an outage is shared between them) wait for
 * each other instead of both starting from nothing and the later write dropping the other's change
 * (the NATS-cluster drill found a closure lost that way). The empty row is the fold's starting state.
 */
export async function findReport(trx: Trx, tenant: string, trackingId: string) {
  await trx
    .insertInto('citizen_report')
    .values({ tenant_id: tenant, tracking_id: trackingId, category: null, unit: null, closed: false, overdue: false })
    .onConflict((oc) => oc.columns(['tenant_id', 'tracking_id']).doNothing())
    .execute();
  return trx
    .selectFrom('citizen_report')
    .selectAll()
    .where('tracking_id', '=', trackingId)
    .forUpdate()
    .executeTakeFirst();
}

export const saveReport = (
  trx: Trx,
  tenant: string,
  r: {
    trackingId: string;
    category: string | null;
    unit: string | null;
    closed: boolean;
    overdue: boolean;
    submittedAt: string | null;
  },
) =>
  trx
    .insertInto('citizen_report')
    .values({
      tenant_id: tenant,
      tracking_id: r.trackingId,
      category: r.category,
      unit: r.unit,
      closed: r.closed,
      overdue: r.overdue,
      submitted_at: r.submittedAt === null ? null : new Date(r.submittedAt),
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'tracking_id']).doUpdateSet({
        category: r.category,
        unit: r.unit,
        closed: r.closed,
        overdue: r.overdue,
        submitted_at: r.submittedAt === null ? null : new Date(r.submittedAt),
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();

export const findIkm = (trx: Trx, unit: string, period: string) =>
  trx
    .selectFrom('unit_ikm')
    .selectAll()
    .where('unit', '=', unit)
    .where('period', '=', period)
    .forUpdate()
    .executeTakeFirst();

export const saveIkm = (
  trx: Trx,
  tenant: string,
  r: { unit: string; period: string; ikm: string | null; computedAt: string },
) =>
  trx
    .insertInto('unit_ikm')
    .values({ tenant_id: tenant, unit: r.unit, period: r.period, ikm: r.ikm, computed_at: new Date(r.computedAt) })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ ikm: r.ikm, computed_at: new Date(r.computedAt) }),
    )
    .execute();

/** The local dates (inclusive) whose complaints count for a year, in the region's time zone. */
export interface ComplaintWindow {
  from: string;
  to: string;
  timeZone: string;
}

/**
 * Every report with a unit submitted within the window (categories filtered by the caller). A report
 * is one row per tracking id, so a report announced twice is still one.
 */
export const reportsWithUnit = (trx: Trx, w: ComplaintWindow) =>
  trx
    .selectFrom('citizen_report')
    .select(['unit', 'category', 'closed', 'overdue'])
    .where('unit', 'is not', null)
    .where(sql<boolean>`submitted_at >= (${w.from}::date::timestamp at time zone ${w.timeZone})`)
    .where(sql<boolean>`submitted_at < ((${w.to}::date + 1)::timestamp at time zone ${w.timeZone})`)
    .execute();

/** The year's window when an admin set one. */
export const windowOfYear = (trx: Trx, year: number) =>
  trx
    .selectFrom('complaint_window')
    .select([sql<string>`from_date::text`.as('from'), sql<string>`to_date::text`.as('to')])
    .where('year', '=', year)
    .executeTakeFirst();

/** Sets the year's window, or removes it (null: the fiscal year itself counts). */
export async function setWindow(
  trx: Trx,
  q: { tenant: string; year: number; window: { from: string; to: string } | null },
) {
  if (!q.window) {
    await trx.deleteFrom('complaint_window').where('year', '=', q.year).execute();
    return;
  }
  const { from, to } = q.window;
  await trx
    .insertInto('complaint_window')
    .values({ tenant_id: q.tenant, year: q.year, from_date: from, to_date: to })
    .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet({ from_date: from, to_date: to }))
    .execute();
}

/** Per unit, the IKM of the most recently computed period of the fiscal year or earlier. */
export const latestIkm = (trx: Trx, year: number) =>
  trx
    .selectFrom('unit_ikm')
    .select(['unit', 'period', sql<string | null>`ikm::text`.as('ikm')])
    .distinctOn('unit')
    .where(sql<boolean>`left(period, 4)::int <= ${year}`)
    .where('ikm', 'is not', null)
    .orderBy('unit')
    .orderBy('computed_at', 'desc')
    .execute();

export interface MappingRow {
  category: string;
  units: string[];
  programs: string[];
}

export async function replaceMapping(trx: Trx, q: { tenant: string; year: number; rows: MappingRow[] }) {
  await trx.deleteFrom('complaint_mapping').where('year', '=', q.year).execute();
  if (q.rows.length === 0) return;
  await trx
    .insertInto('complaint_mapping')
    .values(
      q.rows.map((r) => ({
        tenant_id: q.tenant,
        year: q.year,
        category: r.category,
        units: JSON.stringify(r.units),
        programs: JSON.stringify(r.programs),
      })),
    )
    .execute();
}

export const mappingOfYear = (trx: Trx, year: number) =>
  trx
    .selectFrom('complaint_mapping')
    .select(['category', 'units', 'programs'])
    .where('year', '=', year)
    .orderBy('category')
    .execute();

export interface TagRow {
  code: string;
  label: string;
  accounts: string[];
  items: string[];
  basis: string;
}

export async function replaceTags(trx: Trx, q: { tenant: string; year: number; rows: TagRow[] }) {
  await trx.deleteFrom('efficiency_tag').where('year', '=', q.year).execute();
  if (q.rows.length === 0) return;
  await trx
    .insertInto('efficiency_tag')
    .values(
      q.rows.map((r) => ({
        tenant_id: q.tenant,
        year: q.year,
        code: r.code,
        label: r.label,
        accounts: JSON.stringify(r.accounts),
        items: JSON.stringify(r.items),
        basis: r.basis,
      })),
    )
    .execute();
}

export const tagsOfYear = (trx: Trx, year: number) =>
  trx
    .selectFrom('efficiency_tag')
    .select(['code', 'label', 'accounts', 'items', 'basis'])
    .where('year', '=', year)
    .orderBy('code')
    .execute();

export const findSetting = (trx: Trx) => trx.selectFrom('review_setting').selectAll().executeTakeFirst();

export const saveSetting = (
  trx: Trx,
  tenant: string,
  s: {
    weights: Record<string, number>;
    thresholds: Record<string, string | number>;
    unitStaff: Record<string, number>;
  },
) =>
  trx
    .insertInto('review_setting')
    .values({
      tenant_id: tenant,
      weights: JSON.stringify(s.weights),
      thresholds: JSON.stringify(s.thresholds),
      unit_staff: JSON.stringify(s.unitStaff),
    })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        weights: JSON.stringify(s.weights),
        thresholds: JSON.stringify(s.thresholds),
        unit_staff: JSON.stringify(s.unitStaff),
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
