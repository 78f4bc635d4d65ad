/**
 * The report-card tables: the region's settings by effective date (Sinergi's default until a
 * region sets its own) and the star totals of its officials. SQL only, the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import { ReportCardConfigBody } from '../schemas.js';
import { DEFAULT_REPORT_CARD, DEFAULT_REPORT_CARD_BASIS, type ReportCardConfig } from './score.js';

export interface ActiveReportCardConfig extends ReportCardConfig {
  /** False while the region runs on Sinergi's default. */
  custom: boolean;
  /** The local date the version came into force; null for the default and settings older than versions. */
  effectiveFrom: string | null;
  /** Where the settings come from, as the admin who set them stated it. */
  basis: string;
  setBy: string | null;
  setAt: Date | null;
}

/** The settings in force on a local date (YYYY-MM-DD): the newest version from that day or before. */
export async function reportCardConfig(trx: Trx, onDate: string): Promise<ActiveReportCardConfig> {
  const version = await trx
    .selectFrom('report_card_config_version')
    .select(['config', 'basis', 'set_by', 'set_at', sql<string>`effective_from::text`.as('effective_from')])
    .where('effective_from', '<=', onDate)
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (version) {
    return {
      ...ReportCardConfigBody.parse(version.config),
      custom: true,
      effectiveFrom: version.effective_from,
      basis: version.basis,
      setBy: version.set_by,
      setAt: version.set_at,
    };
  }
  // a region's settings from before versions were kept stay in force until its first version
  const legacy = await trx.selectFrom('report_card_config').selectAll().executeTakeFirst();
  if (legacy) {
    return {
      ...ReportCardConfigBody.parse(legacy.config),
      custom: true,
      effectiveFrom: null,
      basis: 'set before versions were kept',
      setBy: legacy.updated_by,
      setAt: legacy.updated_at,
    };
  }
  return {
    ...DEFAULT_REPORT_CARD,
    custom: false,
    effectiveFrom: null,
    basis: DEFAULT_REPORT_CARD_BASIS,
    setBy: null,
    setAt: null,
  };
}

/** A new version; versions are never changed or deleted. */
export async function insertReportCardConfig(
  trx: Trx,
  v: { tenant: string; config: ReportCardConfig; effectiveFrom: string; basis: string; by: string },
): Promise<void> {
  const { dimensions, bands, minimumRatings } = v.config;
  await trx
    .insertInto('report_card_config_version')
    .values({
      tenant_id: v.tenant,
      effective_from: v.effectiveFrom,
      config: JSON.stringify({ dimensions, bands, minimumRatings }),
      basis: v.basis,
      set_by: v.by,
    })
    .execute();
}

/** Every version, the newest effective date first. */
export async function reportCardConfigVersions(trx: Trx) {
  const rows = await trx
    .selectFrom('report_card_config_version')
    .select(['id', 'config', 'basis', 'set_by', 'set_at', sql<string>`effective_from::text`.as('effective_from')])
    .orderBy('effective_from', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    version: Number(r.id),
    effectiveFrom: r.effective_from,
    ...ReportCardConfigBody.parse(r.config),
    basis: r.basis,
    setBy: r.set_by,
    setAt: r.set_at,
  }));
}

/** Each official's overall stars in the period. */
export async function officialStarTotals(
  trx: Trx,
  p: { from: Date; to: Date },
): Promise<{ official: string; sum: number; count: number }[]> {
  const rows = await trx
    .selectFrom('rating')
    .select(['official', sql<string>`sum(stars)::text`.as('sum'), sql<string>`count(stars)::text`.as('count')])
    .where('official', 'is not', null)
    .where('stars', 'is not', null)
    .where('submitted_at', '>=', p.from)
    .where('submitted_at', '<', p.to)
    .groupBy('official')
    .execute();
  return rows.map((r) => ({ official: r.official!, sum: Number(r.sum), count: Number(r.count) }));
}

/**
 * Each official's stars per dimension in the period. Every rating of an official counts on every
 * dimension: with the stars given for it, or else with the overall stars. A rating that names one
 * dimension cannot then outweigh the others.
 */
export async function dimensionStarTotals(
  trx: Trx,
  p: { from: Date; to: Date; keys: string[] },
): Promise<{ official: string; dimension: string; sum: number; count: number }[]> {
  if (p.keys.length === 0) return [];
  const { rows } = await sql<{ official: string; dimension: string; sum: string; count: string }>`
    select r.official, d.key as dimension, sum(coalesce(rd.stars, r.stars))::text as sum, count(*)::text as count
      from rating r
     cross join (values ${sql.join(p.keys.map((k) => sql`(${k})`))}) as d (key)
      left join rating_dimension rd on rd.rating_id = r.id and rd.dimension = d.key
     where r.official is not null and r.stars is not null and r.submitted_at >= ${p.from} and r.submitted_at < ${p.to}
     group by r.official, d.key`.execute(trx);
  return rows.map((r) => ({
    official: r.official,
    dimension: r.dimension,
    sum: Number(r.sum),
    count: Number(r.count),
  }));
}
