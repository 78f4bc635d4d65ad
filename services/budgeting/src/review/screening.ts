/**
 * The anomaly pass in the database: one statement reads the year's lines once, computes the groups the
 * rules need in one pass of grouping sets (per item and unit, per sub-activity, per unit, item and
 * specification, and a histogram of each item's totals, volumes and prices) and screens every line with
 * bounds that can only let too many through, never too few. Only the lines screened in come back, each
 * with its exact groups (its sub-activity's count and total, its repeats), and, for the items among
 * them, the item's values sorted (and those of the screened lines' units), from which the service takes
 * each line's peers exactly as the in-memory pass does (`summarizeExcluding`). The exact rules
 * (`lineAnomalies`, bigint) then run over those few lines.
 *
 * Why the screen never drops a line the rules would flag (each bound is proved in the README):
 * - peers: a line's peers are its item's lines minus its own unit's (at most `kmax` of the item's `n`),
 *   so their median is at least the item's value of rank floor((n - kmax - 1) / 2), hence at least the
 *   smallest value of the histogram bucket holding that rank (buckets: the number of digits and the
 *   first two, so a bucket spans at most 10%); the pooled median is at least the smaller of that and
 *   other regions' median; and a ratio r >= R (half-up) needs 200 x value >= (2R - 1) x median;
 * - quantities: the stored product of the month factors (`months`) and of the others (`per_month`);
 * - placeholders, Annex II, dominant items and repeats: the rules' own conditions, or a weaker one.
 */
import { sql } from 'kysely';
import type { Trx, StoredFactor } from '../db/schema.js';
import type { AnomalyThresholds, LineGroups } from '../effectiveness/anomalies.js';
import type { ReviewLine } from '../effectiveness/lines.js';
import { pooledPeers, type LocalPeers, type OtherRegionItem } from '../effectiveness/peers.js';
import { sortValues, summarizeExcluding } from '../effectiveness/stats.js';

type Measure = 'unitPrice' | 'total' | 'volume';

interface ScreenRow {
  kind: 'count' | 'line' | 'values';
  reviewed: number | null;
  id: string | null;
  unit: string | null;
  sub_activity: string | null;
  account: string | null;
  component_name: string | null;
  catalogue_item: string | null;
  specification: string | null;
  factors: StoredFactor[] | null;
  unit_price: bigint | null;
  total: bigint | null;
  annex: 'I' | 'II' | null;
  max_unit_price: bigint | null;
  excess_reason: string | null;
  beneficiaries: bigint | null;
  sub_lines: number | null;
  sub_total: bigint | null;
  rep_subs: number | null;
  rep_twins: number | null;
  /** For `values`: an item's values sorted (`unit` null: every unit's; else that unit's). */
  totals: string[] | null;
  volumes: string[] | null;
  prices: string[] | null;
}

export interface ScreenedLine {
  line: ReviewLine;
  groups: LineGroups;
  /** The sub-activity's beneficiaries, when the unit gave them. */
  beneficiaries: number | undefined;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const bigints = (values: string[] | null) => sortValues((values ?? []).map(BigInt));

/** grouping(item, unit, s, spec_key, tk, vk, pk): a bit set for each column a grouping set leaves out. */
const SET = { itemUnit: 31, sub: 111, repeat: 23, totals: 59, volumes: 61, prices: 62 };

/**
 * The lines of the year the rules may flag, with their exact groups. `otherRegions` are the
 * aggregates of `peer_item_aggregates` (their medians tighten the peer bound); `unitStaff` as set by
 * the tenant.
 */
export async function screenedLines(
  trx: Trx,
  input: {
    year: number;
    thresholds: AnomalyThresholds;
    unitStaff: Readonly<Record<string, number>>;
    otherRegions: ReadonlyMap<string, OtherRegionItem>;
  },
): Promise<{ reviewed: number; screened: ScreenedLine[] }> {
  const { year, thresholds: t } = input;
  const remote = [...input.otherRegions];
  const median = (m: Measure) => remote.map(([, r]) => r[m]?.median.toString() ?? null);
  // a ratio of at least R in hundredths, rounded half-up, needs 200 x value >= (2R - 1) x base
  const peerFactor = (2n * min(t.peerRatioHigh, t.peerRatioCritical) - 1n).toString();
  const priceFactor = (2n * min(t.priceRatioWarning, t.priceRatioHigh) - 1n).toString();
  const perPerson = min(t.perPersonMonthHigh, t.perPersonMonthCritical).toString();
  const round = t.roundTotal.toString();
  // the statement holds the year's lines once (materialized) and walks them a few times: in memory; and it
  // is one long statement (20 s for 250,000 lines on a loaded machine), above the service's 30 s default only
  // on a larger or busier year than measured: this transaction allows it two minutes
  await sql`set local work_mem = '128MB'`.execute(trx);
  await sql`set local statement_timeout = '120s'`.execute(trx);
  const { rows } = await sql<ScreenRow>`
    with l as materialized (
      select id, unit, sub_activity_id as s, catalogue_item as item, total as t, unit_price as p,
        floor(volume * 100)::int8 as v, months, per_month, account like '5.1.02.01%' as consumable, spec_key,
        case when total >= ${round}::int8 then jsonb_array_length(factors) = 1 end as single
      from line_item where year = ${year} and total > 0
    ),
    g as (
      select item, unit, s, spec_key, tk, vk, pk, grouping(item, unit, s, spec_key, tk, vk, pk) as gid,
        count(*)::int as n, sum(t)::int8 as total, min(t) as tmin, min(v) as vmin, min(p) as pmin
      from (
        -- histogram buckets: exact, monotone integers (digits, then the first two of them)
        select item, unit, s, spec_key, t, v, p,
          length(t::text) * 100 + left(t::text, 2)::int as tk,
          length(v::text) * 100 + left(v::text, 2)::int as vk,
          length(p::text) * 100 + left(p::text, 2)::int as pk
        from l
      ) x
      group by grouping sets ((item, unit), (s), (unit, item, spec_key), (item, tk), (item, vk), (item, pk))
    ),
    items as (
      select item, sum(n)::int as n, max(n)::int as kmax from g where gid = ${SET.itemUnit} group by item
    ),
    hist as (
      select g.item, g.gid, g.tmin, g.vmin, g.pmin, greatest(i.n - i.kmax - 1, 0) / 2 as rank,
        sum(g.n) over (partition by g.item, g.gid order by coalesce(g.tk, g.vk, g.pk)) as upto, g.n
      from g join items i using (item)
      where g.gid in (${SET.totals}, ${SET.volumes}, ${SET.prices})
    ),
    bound as (
      select item,
        min(tmin) filter (where gid = ${SET.totals}) as tb,
        min(vmin) filter (where gid = ${SET.volumes}) as vb,
        min(pmin) filter (where gid = ${SET.prices}) as pb
      from hist where upto - n <= rank and rank < upto group by item
    ),
    remote as (
      select * from unnest(${remote.map(([item]) => item)}::text[], ${median('total')}::int8[],
        ${median('volume')}::int8[], ${median('unitPrice')}::int8[]) as r(item, rt, rv, rp)
    ),
    lb as (
      select b.item, least(b.tb, r.rt) as tb, least(b.vb, r.rv) as vb, least(b.pb, r.rp) as pb
      from bound b left join remote r using (item)
    ),
    subs as (select s, n, total from g where gid = ${SET.sub}),
    repeats as (
      select unit, item, spec_key from g
      where gid = ${SET.repeat} and n >= least(2, ${t.repeatedSubActivities}::int)
    ),
    annex as (select code as item, max_unit_price from catalogue_item where year = ${year} and annex = 'II'),
    people as (
      select id as s, beneficiaries from sub_activity where year = ${year} and beneficiaries is not null
    ),
    staff as (select key as unit, value::numeric as n from jsonb_each_text(${JSON.stringify(input.unitStaff)}::jsonb)),
    c as (
      select l.id, l.unit, l.s, l.item, l.spec_key, l.v, l.p, subs.n as sub_lines, subs.total as sub_total
      from l
      join lb using (item)
      join subs using (s)
      left join people using (s)
      left join staff using (unit)
      left join annex using (item)
      left join repeats r using (unit, item, spec_key)
      where l.months > 12
        or (l.consumable and l.per_month >= ${perPerson}::numeric * coalesce(people.beneficiaries::numeric, staff.n))
        or (l.t >= ${round}::int8 and (l.t % ${round}::int8 = 0 or l.single))
        or l.p > annex.max_unit_price
        or l.t::numeric * 200 >= ${peerFactor}::numeric * lb.tb
        or l.v::numeric * 200 >= ${peerFactor}::numeric * lb.vb
        or l.p::numeric * 200 >= ${priceFactor}::numeric * lb.pb
        or (subs.n >= ${t.dominantMinLines}::int
            and l.t::numeric * 10000 >= ${(t.dominantPercent * 100n).toString()}::numeric * subs.total)
        or r.unit is not null
    ),
    grp as (
      select l.unit, l.item, l.spec_key, l.s, l.v, l.p
      from l join (select distinct unit, item, spec_key from c) k using (unit, item, spec_key)
    ),
    rep_subs as (select unit, item, spec_key, count(distinct s)::int as n from grp group by unit, item, spec_key),
    rep_twins as (
      select unit, item, spec_key, v, p, count(distinct s)::int as n from grp group by unit, item, spec_key, v, p
    ),
    pairs as (select distinct item, unit from c),
    item_values as (
      select item, null::text as unit, array_agg(t order by t)::text[] as totals,
        array_agg(v order by v)::text[] as volumes, array_agg(p order by p)::text[] as prices
      from l where item in (select item from pairs) group by item
      union all
      select item, unit, array_agg(t order by t)::text[], array_agg(v order by v)::text[], array_agg(p order by p)::text[]
      from l join pairs using (item, unit) group by item, unit
    )
    select 'count' as kind, (select sum(n)::int from subs) as reviewed, null as id, null as unit, null as sub_activity,
      null as account, null as component_name, null as catalogue_item, null as specification, null::jsonb as factors,
      null::int8 as unit_price, null::int8 as total, null as annex, null::int8 as max_unit_price, null as excess_reason,
      null::int8 as beneficiaries, null::int as sub_lines, null::int8 as sub_total, null::int as rep_subs,
      null::int as rep_twins, null::text[] as totals, null::text[] as volumes, null::text[] as prices
    union all
    select 'line', null, li.id, li.unit, sa.code, li.account, li.component_name, li.catalogue_item, li.specification,
      li.factors, li.unit_price, li.total, ci.annex, ci.max_unit_price, li.excess_reason, sa.beneficiaries,
      c.sub_lines, c.sub_total, rs.n, rt.n, null, null, null
    from c
    join rep_subs rs using (unit, item, spec_key)
    join rep_twins rt using (unit, item, spec_key, v, p)
    join line_item li on li.id = c.id
    join sub_activity sa on sa.id = li.sub_activity_id
    left join catalogue_item ci on ci.year = li.year and ci.code = li.catalogue_item
    union all
    select 'values', null, null, unit, null, null, null, item, null, null, null, null, null, null, null, null, null,
      null, null, null, totals, volumes, prices
    from item_values`.execute(trx);
  return toScreened(rows, input.otherRegions);
}

/** The rows of the statement as lines with their groups; peers from the items' sorted values, as in memory. */
function toScreened(rows: ScreenRow[], otherRegions: ReadonlyMap<string, OtherRegionItem>) {
  const values = new Map<string, Record<Measure, bigint[]>>();
  for (const r of rows.filter((x) => x.kind === 'values')) {
    values.set(`${r.catalogue_item}\u0000${r.unit ?? ''}`, {
      total: bigints(r.totals),
      volume: bigints(r.volumes),
      unitPrice: bigints(r.prices),
    });
  }
  const screened: ScreenedLine[] = rows
    .filter((r) => r.kind === 'line')
    .map((r) => {
      const all = values.get(`${r.catalogue_item}\u0000`);
      const own = values.get(`${r.catalogue_item}\u0000${r.unit}`);
      const local: LocalPeers = {};
      if (all) {
        for (const m of ['unitPrice', 'total', 'volume'] as const)
          local[m] = summarizeExcluding(all[m], own?.[m] ?? []);
      }
      return {
        line: {
          id: r.id!,
          unit: r.unit!,
          subActivity: r.sub_activity!,
          account: r.account!,
          name: r.component_name!,
          catalogueItem: r.catalogue_item!,
          specification: r.specification!,
          factors: r.factors!,
          unitPrice: r.unit_price!,
          total: r.total!,
          annex: r.annex,
          catalogueMax: r.max_unit_price,
          excessReason: r.excess_reason,
        },
        groups: {
          subActivity: { lines: r.sub_lines!, total: r.sub_total! },
          repeated: { subActivities: r.rep_subs!, twins: r.rep_twins! },
          peers: pooledPeers(local, otherRegions.get(r.catalogue_item!)),
        },
        beneficiaries: r.beneficiaries === null ? undefined : Number(r.beneficiaries),
      };
    });
  return { reviewed: rows.find((r) => r.kind === 'count')?.reviewed ?? 0, screened };
}
