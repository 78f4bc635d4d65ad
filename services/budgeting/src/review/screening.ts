/**
 * The anomaly pass in the database: one statement reads the year's lines once, computes the groups the
 * rules need (per item, per sub-activity, per unit and specification) and screens every line with
 * bounds that can only let too many through, never too few; only the lines screened in come back, each
 * with its exact groups (its sub-activity's count and total, its repeats, and its item's peers in the
 * tenant's other units: count, median and MAD, the order statistics `summarizeExcluding` takes). The
 * exact rules (`lineAnomalies`, bigint) then run over those few lines in the service.
 *
 * Why the screen never drops a line the rules would flag (each bound is proved in the README):
 * - peers: a line's peers are its item's lines minus its own unit's (at most `kmax` of the item's `n`),
 *   so their median is at least the item's value of rank floor((n - kmax - 1) / 2), the pooled median
 *   at least the smaller of that and other regions' median, and a ratio r >= R (half-up) needs
 *   200 x value >= (2R - 1) x median;
 * - quantities: the stored product of the month factors (`months`) and of the others (`per_month`);
 * - placeholders, Annex II, dominant items and repeats: the rules' own conditions, or a weaker one.
 */
import { sql } from 'kysely';
import type { Trx, StoredFactor } from '../db/schema.js';
import type { AnomalyThresholds, LineGroups } from '../effectiveness/anomalies.js';
import type { ReviewLine } from '../effectiveness/lines.js';
import { pooledPeers, type LocalPeers, type OtherRegionItem } from '../effectiveness/peers.js';
import type { PeerSummary } from '../effectiveness/stats.js';

interface PeerAggregate {
  n: number;
  /** The two middle values' half-up mean, and the two middle deviations from it. */
  center: string;
  dev: [string, string];
}

interface CandidateRow {
  reviewed: number;
  /** Null in the one row answered when no line is screened in. */
  id: string | null;
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
  beneficiaries: bigint | null;
  sub_lines: number;
  sub_total: bigint;
  rep_subs: number;
  rep_twins: number;
  peers: Partial<Record<'unitPrice' | 'total' | 'volume', PeerAggregate>> | null;
}

export interface ScreenedLine {
  line: ReviewLine;
  groups: LineGroups;
  /** The sub-activity's beneficiaries, when the unit gave them. */
  beneficiaries: number | undefined;
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);

function summaryOf(a: PeerAggregate): PeerSummary {
  const [low, high] = a.dev.map(BigInt) as [bigint, bigint];
  return { count: a.n, median: BigInt(a.center), mad: (low + high + 1n) / 2n }; // half-up mean of non-negatives
}

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
  const median = (m: keyof OtherRegionItem) => remote.map(([, r]) => r[m]?.median.toString() ?? null);
  // a ratio of at least R in hundredths, rounded half-up, needs 200 x value >= (2R - 1) x base
  const peerFactor = 2n * min(t.peerRatioHigh, t.peerRatioCritical) - 1n;
  const priceFactor = 2n * min(t.priceRatioWarning, t.priceRatioHigh) - 1n;
  const perPerson = min(t.perPersonMonthHigh, t.perPersonMonthCritical);
  // the statement holds the year's lines once (materialized) and walks them a few times: in memory
  await sql`set local work_mem = '128MB'`.execute(trx);
  const { rows } = await sql<CandidateRow>`
    with l as materialized (
      select id, unit, sub_activity_id as s, catalogue_item as item, total as t, unit_price as p,
        floor(volume * 100)::int8 as v, months, per_month, account like '5.1.02.01%' as consumable, spec_key,
        case when total >= ${t.roundTotal.toString()}::int8 then jsonb_array_length(factors) = 1 end as single
      from line_item where year = ${year} and total > 0
    ),
    per_unit as (select item, unit, count(*) as k from l group by item, unit),
    items as (select item, sum(k)::int as n, max(k)::int as kmax from per_unit group by item),
    bound as (
      select i.item,
        percentile_disc(((greatest(i.n - i.kmax - 1, 0) / 2 + 0.5) / i.n)::float8) within group (order by l.t) as tb,
        percentile_disc(((greatest(i.n - i.kmax - 1, 0) / 2 + 0.5) / i.n)::float8) within group (order by l.v) as vb,
        percentile_disc(((greatest(i.n - i.kmax - 1, 0) / 2 + 0.5) / i.n)::float8) within group (order by l.p) as pb
      from items i join l using (item) group by i.item, i.n, i.kmax
    ),
    remote as (
      select * from unnest(${remote.map(([item]) => item)}::text[], ${median('total')}::int8[],
        ${median('volume')}::int8[], ${median('unitPrice')}::int8[]) as r(item, rt, rv, rp)
    ),
    lb as (
      select b.item, least(b.tb, r.rt) as tb, least(b.vb, r.rv) as vb, least(b.pb, r.rp) as pb
      from bound b left join remote r using (item)
    ),
    subs as (select s, count(*)::int as n, sum(t) as total from l group by s),
    repeats as (
      select unit, item, spec_key from l group by unit, item, spec_key
      having count(*) >= least(2, ${t.repeatedSubActivities}::int)
    ),
    annex as (select code as item, max_unit_price from catalogue_item where year = ${year} and annex = 'II'),
    people as (
      select id as s, beneficiaries from sub_activity where year = ${year} and beneficiaries is not null
    ),
    c as (
      select l.*, subs.n as sub_lines, subs.total as sub_total
      from l
      join lb using (item)
      join subs using (s)
      left join people using (s)
      left join annex using (item)
      left join repeats r using (unit, item, spec_key)
      where l.months > 12
        or (l.consumable and l.per_month >= ${perPerson.toString()}::numeric
            * coalesce(people.beneficiaries::numeric, (${JSON.stringify(input.unitStaff)}::jsonb ->> l.unit)::numeric))
        or (l.t >= ${t.roundTotal.toString()}::int8 and (l.t % ${t.roundTotal.toString()}::int8 = 0 or l.single))
        or l.p > annex.max_unit_price
        or l.t::numeric * 200 >= ${peerFactor.toString()}::numeric * lb.tb
        or l.v::numeric * 200 >= ${peerFactor.toString()}::numeric * lb.vb
        or l.p::numeric * 200 >= ${priceFactor.toString()}::numeric * lb.pb
        or (subs.n >= ${t.dominantMinLines}::int and l.t::numeric * 10000 >= ${(t.dominantPercent * 100n).toString()}::numeric * subs.total)
        or r.unit is not null
    ),
    rep as (
      select c.id, count(distinct l.s)::int as subs, count(distinct l.s) filter (where l.v = c.v and l.p = c.p)::int as twins
      from c join l using (unit, item, spec_key) group by c.id
    ),
    pairs as (select distinct item, unit from c),
    vals as (
      select p.item, p.unit, x.m, x.v
      from pairs p join l on l.item = p.item and l.unit <> p.unit
      cross join lateral (values ('unitPrice', l.p), ('total', l.t), ('volume', l.v)) as x(m, v)
    ),
    counted as (select item, unit, m, count(*)::int as n from vals group by item, unit, m),
    middle as (
      select item, unit, m, cn.n,
        percentile_disc(array[((cn.n + 1) / 2 - 0.5) / cn.n, (cn.n / 2 + 1 - 0.5) / cn.n]::float8[])
          within group (order by vals.v) as mid
      from vals join counted cn using (item, unit, m) group by item, unit, m, cn.n
    ),
    centered as (select item, unit, m, n, (mid[1] + mid[2] + 1) / 2 as center from middle),
    peer as (
      select item, unit, jsonb_object_agg(m, jsonb_build_object('n', n, 'center', center::text, 'dev', dev)) as peers
      from (
        select item, unit, m, k.n, k.center,
          (percentile_disc(array[((k.n + 1) / 2 - 0.5) / k.n, (k.n / 2 + 1 - 0.5) / k.n]::float8[])
            within group (order by abs(vals.v - k.center)))::text[] as dev
        from vals join centered k using (item, unit, m) group by item, unit, m, k.n, k.center
      ) d group by item, unit
    )
    select n.reviewed, x.* from (select count(*)::int as reviewed from l) n left join (
      select li.id, li.unit, sa.code as sub_activity, li.account, li.component_name, li.catalogue_item, li.specification,
        li.factors, li.unit_price, li.total, ci.annex, ci.max_unit_price, li.excess_reason, sa.beneficiaries,
        c.sub_lines, c.sub_total, rep.subs as rep_subs, rep.twins as rep_twins, peer.peers
      from c
      join rep using (id)
      join line_item li on li.id = c.id
      join sub_activity sa on sa.id = li.sub_activity_id
      left join catalogue_item ci on ci.year = li.year and ci.code = li.catalogue_item
      left join peer on peer.item = c.item and peer.unit = c.unit
    ) x on true`.execute(trx);
  const screened = rows
    .filter((r) => r.id !== null)
    .map((r) => {
      const local: LocalPeers = {};
      for (const [m, a] of Object.entries(r.peers ?? {})) local[m as keyof LocalPeers] = summaryOf(a);
      return {
        line: {
          id: r.id!,
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
        },
        groups: {
          subActivity: { lines: r.sub_lines, total: r.sub_total },
          repeated: { subActivities: r.rep_subs, twins: r.rep_twins },
          peers: pooledPeers(local, input.otherRegions.get(r.catalogue_item)),
        },
        beneficiaries: r.beneficiaries === null ? undefined : Number(r.beneficiaries),
      };
    });
  return { reviewed: rows[0]?.reviewed ?? 0, screened };
}
