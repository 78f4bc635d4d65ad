/** SQL of the TAPD review: the year's lines as the anomaly pass sees them, other regions' aggregates, sub-activity figures, decisions. */
import { sql } from 'kysely';
import type { StoredFactor, Trx } from '../db/schema.js';
import type { ReviewLine } from '../effectiveness/lines.js';
import type { OtherRegionItem } from '../effectiveness/peers.js';

interface LineRow {
  id: string;
  unit: string;
  sub_activity: string;
  account: string;
  component_name: string;
  catalogue_item: string;
  specification: string;
  factors: StoredFactor[];
  unit_price: bigint;
  total: bigint;
  annex: 'I' | 'II' | null;
  max_unit_price: bigint | null;
  excess_reason: string | null;
}

/** Every line of the year with money in it (a cut line, total 0, is no longer reviewed). */
export async function reviewLines(trx: Trx, year: number): Promise<ReviewLine[]> {
  const { rows } = await sql<LineRow>`
    select l.id, l.unit, s.code as sub_activity, l.account, l.component_name, l.catalogue_item, l.specification,
      l.factors, l.unit_price, l.total, c.annex, c.max_unit_price, l.excess_reason
    from line_item l
    join sub_activity s on s.id = l.sub_activity_id
    left join catalogue_item c on c.year = l.year and c.code = l.catalogue_item
    where l.year = ${year} and l.total > 0`.execute(trx);
  return rows.map((r) => ({
    id: r.id,
    unit: r.unit,
    subActivity: r.sub_activity,
    account: r.account,
    name: r.component_name,
    catalogueItem: r.catalogue_item,
    specification: r.specification,
    factors: r.factors,
    unitPrice: r.unit_price,
    total: r.total,
    annex: r.annex,
    catalogueMax: r.max_unit_price,
    excessReason: r.excess_reason,
  }));
}

/** Beneficiaries per `unit|sub-activity code`, where the unit gave them. */
export async function beneficiariesOfYear(trx: Trx, year: number): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('sub_activity')
    .select(['unit', 'code', 'beneficiaries'])
    .where('year', '=', year)
    .where('beneficiaries', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [`${r.unit}|${r.code}`, Number(r.beneficiaries)]));
}

/** The year's catalogue item codes: what other regions are asked about. */
export const catalogueCodes = async (trx: Trx, year: number) =>
  (await trx.selectFrom('catalogue_item').select('code').where('year', '=', year).execute()).map((r) => r.code);

interface AggregateRow {
  item: string;
  n: number;
  price_median: bigint;
  price_mad: bigint;
  total_median: bigint;
  total_mad: bigint;
  volume_median: bigint;
  volume_mad: bigint;
}

/**
 * Other regions of the deployment, per catalogue item: count, median and MAD of unit price, total and
 * volume, through `peer_item_aggregates` (migration 0006), which reads their lines inside the database
 * and answers only aggregates of three lines or more. No other region's line ever reaches this process.
 */
export async function otherRegionAggregates(
  trx: Trx,
  year: number,
  items: readonly string[],
): Promise<Map<string, OtherRegionItem>> {
  const out = new Map<string, OtherRegionItem>();
  if (items.length === 0) return out;
  const { rows } = await sql<AggregateRow>`select * from peer_item_aggregates(${year}, ${[...items]}::text[])`.execute(
    trx,
  );
  for (const r of rows) {
    out.set(r.item, {
      unitPrice: { count: r.n, median: BigInt(r.price_median), mad: BigInt(r.price_mad) },
      total: { count: r.n, median: BigInt(r.total_median), mad: BigInt(r.total_mad) },
      volume: { count: r.n, median: BigInt(r.volume_median), mad: BigInt(r.volume_mad) },
    });
  }
  return out;
}

export interface SubActivityRow {
  id: string;
  unit: string;
  code: string;
  name: string | null;
  status: string;
  planning_source: 'rpjmd' | 'musrenbang' | 'pokir' | 'none';
  indicators: { target: string }[];
  total: bigint;
  spent: bigint;
  realized: string | null;
  lines: number;
}

/** Per sub-activity of the year: its planning source, first indicator, line total, realization and best indicator result. */
export async function subActivityFigures(trx: Trx, year: number): Promise<SubActivityRow[]> {
  const { rows } = await sql<SubActivityRow>`
    select s.id, s.unit, s.code, n.name, b.status, s.planning_source, s.indicators,
      coalesce(l.total, 0)::int8 as total, coalesce(r.spent, 0)::int8 as spent, i.realized::text as realized,
      coalesce(l.lines, 0)::int as lines
    from sub_activity s
    join unit_budget b on b.year = s.year and b.unit = s.unit
    join fiscal_year y on y.year = s.year
    left join nomenclature n on n.version = y.version and n.code = s.code
    left join (select sub_activity_id, sum(total) as total, count(*) filter (where total > 0) as lines
               from line_item where year = ${year} group by sub_activity_id) l on l.sub_activity_id = s.id
    left join (select li.sub_activity_id, sum(x.amount) as spent from realization x
               join line_item li on li.id = x.line_item_id where x.year = ${year} group by li.sub_activity_id) r
      on r.sub_activity_id = s.id
    left join (select sub_activity_id, max(realized) as realized from indicator_result
               where year = ${year} and indicator = 1 group by sub_activity_id) i on i.sub_activity_id = s.id
    where s.year = ${year}
    order by s.unit, s.code`.execute(trx);
  return rows;
}

/** Rupiah per efficiency tag and sub-activity: lines under one of the tag's account prefixes or catalogue items. */
export async function taggedAmounts(trx: Trx, year: number) {
  const { rows } = await sql<{ sub_activity_id: string; label: string; amount: bigint }>`
    select l.sub_activity_id, t.label, sum(l.total)::int8 as amount
    from line_item l
    join efficiency_tag t on t.year = l.year and (
      exists (select 1 from jsonb_array_elements_text(t.accounts) p where l.account = p or l.account like p || '.%')
      or t.items ? l.catalogue_item)
    where l.year = ${year} and l.total > 0
    group by l.sub_activity_id, t.label`.execute(trx);
  return rows;
}

export const hasTags = async (trx: Trx, year: number) =>
  !!(await trx.selectFrom('efficiency_tag').select('code').where('year', '=', year).executeTakeFirst());

export const decisionsOfYear = (trx: Trx, year: number) =>
  trx.selectFrom('review_decision').selectAll().where('year', '=', year).execute();

export const saveDecision = (
  trx: Trx,
  d: {
    tenant: string;
    year: number;
    unit: string;
    subActivityId: string;
    decision: 'cut' | 'keep';
    reason: string | null;
    lines: number;
    saved: bigint;
    score: number | null;
    by: string;
  },
) =>
  trx
    .insertInto('review_decision')
    .values({
      tenant_id: d.tenant,
      year: d.year,
      unit: d.unit,
      sub_activity_id: d.subActivityId,
      decision: d.decision,
      reason: d.reason,
      lines: d.lines,
      saved: d.saved,
      score: d.score,
      decided_by: d.by,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'sub_activity_id']).doUpdateSet({
        decision: d.decision,
        reason: d.reason,
        lines: d.lines,
        saved: d.saved,
        score: d.score,
        decided_by: d.by,
        decided_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

export const findDecision = (trx: Trx, subActivityId: string) =>
  trx.selectFrom('review_decision').selectAll().where('sub_activity_id', '=', subActivityId).executeTakeFirst();

/** The savings of the year per unit and reason: cut sub-activities and the rupiah their lines held. */
export const savingsOfYear = (trx: Trx, year: number) =>
  trx
    .selectFrom('review_decision')
    .select([
      'unit',
      'reason',
      sql<number>`count(*)::int`.as('activities'),
      sql<number>`sum(lines)::int`.as('lines'),
      sql<bigint>`sum(saved)::int8`.as('saved'),
    ])
    .where('year', '=', year)
    .where('decision', '=', 'cut')
    .groupBy(['unit', 'reason'])
    .orderBy('unit')
    .orderBy('reason')
    .execute();

/** Other regions' cost per output of a sub-activity code: quantiles over at least three regions, never which. */
export interface OtherRegionCost {
  regions: number;
  p25: bigint;
  median: bigint;
  p75: bigint;
}

/**
 * Per sub-activity code, other regions' cost per output (rupiah per unit of the first indicator's
 * output, realized or else targeted) through `peer_cost_per_output` (migration 0009): computed inside
 * the database by a function that alone may read other regions' rows, answering a code only when at
 * least three other regions have it, and logging the call. Nothing of another region but these
 * quantiles reaches this process.
 */
export async function otherRegionCosts(
  trx: Trx,
  year: number,
  codes: readonly string[],
): Promise<Map<string, OtherRegionCost>> {
  const out = new Map<string, OtherRegionCost>();
  if (codes.length === 0) return out;
  const { rows } = await sql<{ code: string; regions: number; p25: bigint; median: bigint; p75: bigint }>`
    select * from peer_cost_per_output(${year}, ${[...codes]}::text[])`.execute(trx);
  for (const r of rows) out.set(r.code, { regions: r.regions, p25: r.p25, median: r.median, p75: r.p75 });
  return out;
}
