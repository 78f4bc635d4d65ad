/**
 * The year's sums as the database computes them, exactly (bigint lines, numeric sums read back as
 * text into bigint): per unit, per program (urusan.bidang.program of the sub-activity code) and per
 * account, and the ceiling check (sub-activities and units whose lines exceed their pagu).
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

export type RollupKey = 'unit' | 'program' | 'account';

const KEYS: Record<RollupKey, ReturnType<typeof sql.raw>> = {
  unit: sql.raw('l.unit'),
  program: sql.raw(`substring(s.code from '^[0-9]+\\.[0-9]+\\.[0-9]+')`),
  account: sql.raw('l.account'),
};

export async function rollup(trx: Trx, year: number, by: RollupKey): Promise<Map<string, bigint>> {
  const rows = await sql<{ key: string; total: string }>`
    select ${KEYS[by]} as key, sum(l.total)::text as total
    from line_item l join sub_activity s on s.id = l.sub_activity_id
    where l.year = ${year}
    group by 1 order by 1`.execute(trx);
  return new Map(rows.rows.map((r) => [r.key, BigInt(r.total)]));
}

export async function plainSum(trx: Trx, year: number): Promise<bigint> {
  const rows = await sql<{
    total: string | null;
  }>`select sum(total)::text as total from line_item where year = ${year}`.execute(trx);
  return BigInt(rows.rows[0]?.total ?? '0');
}

/** How many sub-activities and units have lines above their ceiling (zero after any accepted write). */
export async function ceilingCheck(trx: Trx, year: number): Promise<{ subActivities: number; units: number }> {
  const rows = await sql<{ subs: string; units: string }>`
    with spent as (
      select s.unit, s.pagu, coalesce(sum(l.total), 0) as spent
      from sub_activity s left join line_item l on l.sub_activity_id = s.id
      where s.year = ${year}
      group by s.id
    ), per_unit as (
      select b.unit, b.pagu, coalesce(sum(x.spent), 0) as spent
      from unit_budget b left join spent x on x.unit = b.unit
      where b.year = ${year}
      group by b.unit, b.pagu
    )
    select (select count(*) from spent where spent > pagu)::text as subs,
           (select count(*) from per_unit where spent > pagu)::text as units`.execute(trx);
  return { subActivities: Number(rows.rows[0]!.subs), units: Number(rows.rows[0]!.units) };
}
