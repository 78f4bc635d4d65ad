/**
 * The year's sums, exact: per unit, per program (urusan.bidang.program of the sub-activity code)
 * and per account, and the ceiling check (sub-activities and units whose lines exceed their pagu).
 * Each query groups ONE table (line_item, bigint totals, numeric sums read back as text into
 * bigint) and the small sides (sub-activities, ceilings) are combined here: no join whose plan could
 * turn into a nested loop over 250,000 lines when the statistics are stale (after a bulk import,
 * before autovacuum has analyzed the table).
 */
import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';

export type RollupKey = 'unit' | 'program' | 'account';
type Column = 'unit' | 'account' | 'sub_activity_id';

async function sumsBy(trx: Trx, year: number, column: Column): Promise<Map<string, bigint>> {
  const rows = await sql<{ key: string; total: string }>`
    select ${sql.ref(column)}::text as key, sum(total)::text as total
    from line_item where year = ${year} group by 1`.execute(trx);
  return new Map(rows.rows.map((r) => [r.key, BigInt(r.total)]));
}

const subActivities = (trx: Trx, year: number) =>
  trx.selectFrom('sub_activity').select(['id', 'unit', 'code', 'pagu']).where('year', '=', year).execute();

const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
const programOf = (code: string) => code.split('.').slice(0, 3).join('.');

export async function rollup(trx: Trx, year: number, by: RollupKey): Promise<Map<string, bigint>> {
  if (by !== 'program') return sumsBy(trx, year, by);
  const perSub = await sumsBy(trx, year, 'sub_activity_id');
  const programs = new Map<string, bigint>();
  for (const s of await subActivities(trx, year)) {
    const total = perSub.get(s.id);
    if (total !== undefined) add(programs, programOf(s.code), total);
  }
  return programs;
}

export async function plainSum(trx: Trx, year: number): Promise<bigint> {
  const rows = await sql<{
    total: string | null;
  }>`select sum(total)::text as total from line_item where year = ${year}`.execute(trx);
  return BigInt(rows.rows[0]?.total ?? '0');
}

/** How many sub-activities and units have lines above their ceiling (zero after any accepted write). */
export async function ceilingCheck(trx: Trx, year: number): Promise<{ subActivities: number; units: number }> {
  const perSub = await sumsBy(trx, year, 'sub_activity_id');
  const perUnit = await sumsBy(trx, year, 'unit');
  const subs = (await subActivities(trx, year)).filter((s) => (perSub.get(s.id) ?? 0n) > s.pagu).length;
  const budgets = await trx.selectFrom('unit_budget').select(['unit', 'pagu']).where('year', '=', year).execute();
  const units = budgets.filter((b) => (perUnit.get(b.unit) ?? 0n) > b.pagu).length;
  return { subActivities: subs, units };
}
