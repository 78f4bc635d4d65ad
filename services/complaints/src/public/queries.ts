/**
 * Read-only queries behind the public list, map and statistics. Privacy lives in the WHERE:
 * rahasia reports, supporting duplicates and archived reports (spam, duplicates, out of scope: nothing
 * to republish) never leave `publicReports`, and no reporter column is ever selected. The statistics query selects only the columns the aggregates need.
 */
import type { ReportStatus, ReportType } from '@sinergi/contracts';
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ComplaintsDB, Trx } from '../db/schema.js';
import type { KitTables } from '@sinergi/service-kit';
import { statusLabel } from '../reports/workflow.js';
import { freeTextFor } from '../reports/views.js';
import type { StatisticsRow } from '../statistics/aggregate.js';
import type { PublicReport } from './schemas.js';

export interface BBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export interface PublicFilter {
  category?: string | undefined;
  status?: ReportStatus | undefined;
  unit?: string | undefined;
  districtCode?: string | undefined;
  type?: ReportType | undefined;
  /** Submitted at or after. */
  submittedFrom?: Date | undefined;
  /** Submitted before. */
  submittedBefore?: Date | undefined;
  bbox?: BBox | undefined;
  /** Only reports with a location (the map). */
  located?: boolean | undefined;
}

type Q<O> = SelectQueryBuilder<ComplaintsDB & KitTables & { r: ComplaintsDB['report'] }, 'r', O>;

function filtered<O>(q: Q<O>, f: PublicFilter): Q<O> {
  let out = q.where('r.rahasia', '=', false).where('r.status', 'not in', ['supporting', 'archived']);
  if (f.category) out = out.where('r.category', '=', f.category);
  if (f.status) out = out.where('r.status', '=', f.status);
  if (f.unit) out = out.where('r.unit', '=', f.unit);
  if (f.districtCode) out = out.where('r.district_code', '=', f.districtCode);
  if (f.type) out = out.where('r.type', '=', f.type);
  if (f.submittedFrom) out = out.where('r.submitted_at', '>=', f.submittedFrom);
  if (f.submittedBefore) out = out.where('r.submitted_at', '<', f.submittedBefore);
  if (f.located || f.bbox) out = out.where('r.lat', 'is not', null);
  if (f.bbox) {
    out = out
      .where('r.lon', '>=', f.bbox.minLon)
      .where('r.lon', '<=', f.bbox.maxLon)
      .where('r.lat', '>=', f.bbox.minLat)
      .where('r.lat', '<=', f.bbox.maxLat);
  }
  return out;
}

/** A page of public reports, newest first, and how many match in all. */
export async function publicReports(
  trx: Trx,
  f: PublicFilter,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: PublicReport[] }> {
  const base = trx.selectFrom('report as r');
  const [count, rows] = await Promise.all([
    filtered(base.select(sql<number>`count(*)::int`.as('n')), f).executeTakeFirstOrThrow(),
    filtered(
      base.select([
        'r.tracking_id',
        'r.type',
        'r.category',
        'r.title',
        'r.status',
        'r.unit',
        'r.lat',
        'r.lon',
        'r.district_code',
        'r.village_code',
        'r.submitted_at',
        'r.updated_at',
        sql<number>`(select count(*)::int from report s where s.supporting_id = r.id)`.as('supporters'),
      ]),
      f,
    )
      .orderBy('r.submitted_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
  ]);
  const text = freeTextFor('public');
  return {
    total: count.n,
    items: rows.map((r) => ({
      trackingId: r.tracking_id,
      type: r.type,
      category: r.category,
      title: text(r.title),
      status: r.status,
      statusLabel: statusLabel(r.status),
      unit: r.unit,
      location: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
      districtCode: r.district_code,
      villageCode: r.village_code,
      submittedAt: r.submitted_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      supporters: r.supporters,
    })),
  };
}

/** The rows the statistics of a period need: every case with any of its milestones in the period. */
export async function statisticsRows(trx: Trx, period: { start: Date; end: Date }): Promise<StatisticsRow[]> {
  const { start, end } = period;
  const firstEscalation = (level: number) =>
    sql<Date | null>`(select min(e.escalated_at) from escalation e where e.report_id = report.id and e.level = ${level})`;
  return trx
    .selectFrom('report')
    .select([
      'category',
      'unit',
      'status',
      'submitted_at',
      'disposed_at',
      'followup_due',
      'followed_up_at',
      'closed_at',
      firstEscalation(1).as('escalated_at'),
      firstEscalation(2).as('oversight_escalated_at'),
    ])
    .where('status', '<>', 'supporting')
    .where((eb) =>
      eb.or([
        eb.and([eb('submitted_at', '>=', start), eb('submitted_at', '<', end)]),
        eb.and([eb('disposed_at', '>=', start), eb('disposed_at', '<', end)]),
        eb.and([eb('followed_up_at', '>=', start), eb('followed_up_at', '<', end)]),
        eb.and([eb('closed_at', '>=', start), eb('closed_at', '<', end)]),
        sql<boolean>`exists (select 1 from escalation e where e.report_id = report.id and e.escalated_at >= ${start} and e.escalated_at < ${end})`,
      ]),
    )
    .execute();
}
