import { sql } from 'kysely';
import type { Trx } from '../db/schema.js';
import type { SpendingRule, SpendingRow } from './rules.js';

export async function replaceRules(trx: Trx, tenant: string, year: number, rules: SpendingRule[]): Promise<void> {
  await trx.deleteFrom('spending_rule').where('year', '=', year).execute();
  if (rules.length)
    await trx
      .insertInto('spending_rule')
      .values(rules.map((r) => ({ tenant_id: tenant, year, code: r.code, rule: JSON.stringify(r) })))
      .execute();
}

export const rulesOfYear = async (trx: Trx, year: number) =>
  (await trx.selectFrom('spending_rule').select('rule').where('year', '=', year).orderBy('code').execute()).map(
    (r) => r.rule,
  );

/** The year's line totals grouped by account and sub-activity code: all a rule needs, a few thousand rows at most. */
export const spendingByAccountAndProgram = async (trx: Trx, year: number): Promise<SpendingRow[]> =>
  (
    await trx
      .selectFrom('line_item as l')
      .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
      .select(['l.account', 's.code', sql<bigint>`sum(l.total)::int8`.as('total')])
      .where('l.year', '=', year)
      .groupBy(['l.account', 's.code'])
      .execute()
  ).map((r) => ({ account: r.account, subActivity: r.code, total: r.total }));
