/**
 * The report-card tables: the region's configuration (Bandung's dimensions until a region sets its
 * own) and the star totals of its officials. SQL only, the transaction first.
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import { ReportCardConfigBody } from '../schemas.js';
import { BANDUNG_REPORT_CARD, type ReportCardConfig } from './score.js';

export async function reportCardConfig(trx: Trx): Promise<ReportCardConfig & { custom: boolean }> {
  const row = await trx.selectFrom('report_card_config').select('config').executeTakeFirst();
  if (!row) return { ...BANDUNG_REPORT_CARD, custom: false };
  return { ...ReportCardConfigBody.parse(row.config), custom: true };
}

export async function saveReportCardConfig(
  trx: Trx,
  s: { tenant: string; config: ReportCardConfig; by: string },
): Promise<void> {
  const { tenant, by: actor } = s;
  const json = JSON.stringify(s.config);
  await trx
    .insertInto('report_card_config')
    .values({ tenant_id: tenant, config: json, updated_by: actor })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ config: json, updated_by: actor, updated_at: new Date() }))
    .execute();
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
