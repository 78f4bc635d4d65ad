import type { Ctx } from '../context.js';
import { PUBLISHED } from '../cycle/workflow.js';

export interface PublicLine {
  unit: string;
  status: string;
  subActivity: string;
  subActivityName: string;
  account: string;
  accountName: string;
  component: string;
  specification: string;
  volume: string;
  unitOfMeasure: string;
  unitPrice: bigint;
  taxPercent: string;
  total: bigint;
  fundingSource: string;
  location: string;
}

/**
 * The year's published budget: lines of units whose budget TAPD approved or later, never a draft,
 * a submission under review or a returned budget. No author ids: who typed a line is internal.
 */
export async function publishedBudget(
  ctx: Ctx,
  input: { tenant: string; year: number },
): Promise<{ version: string | null; lines: PublicLine[] }> {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const year = await trx.selectFrom('fiscal_year').selectAll().where('year', '=', input.year).executeTakeFirst();
    if (!year) return { version: null, lines: [] };
    const rows = await trx
      .selectFrom('line_item as l')
      .innerJoin('unit_budget as b', (j) => j.onRef('b.year', '=', 'l.year').onRef('b.unit', '=', 'l.unit'))
      .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
      .leftJoin('nomenclature as n', (j) => j.onRef('n.code', '=', 's.code').on('n.version', '=', year.version))
      .leftJoin('account as a', (j) => j.onRef('a.code', '=', 'l.account').on('a.version', '=', year.version))
      .select([
        'l.unit',
        'b.status',
        's.code',
        'n.name as sub_name',
        'l.account',
        'a.name as account_name',
        'l.component_name',
        'l.specification',
        'l.volume',
        'l.unit_of_measure',
        'l.unit_price',
        'l.tax_percent',
        'l.total',
        'l.funding_source',
        'l.location',
      ])
      .where('l.year', '=', input.year)
      .where('b.status', 'in', [...PUBLISHED])
      .orderBy('l.unit')
      .orderBy('s.code')
      .orderBy('l.account')
      .orderBy('l.id')
      .execute();
    return {
      version: year.version,
      lines: rows.map((r) => ({
        unit: r.unit,
        status: r.status,
        subActivity: r.code,
        subActivityName: r.sub_name ?? '',
        account: r.account,
        accountName: r.account_name ?? '',
        component: r.component_name,
        specification: r.specification,
        volume: r.volume,
        unitOfMeasure: r.unit_of_measure,
        unitPrice: r.unit_price,
        taxPercent: r.tax_percent,
        total: r.total,
        fundingSource: r.funding_source,
        location: r.location,
      })),
    };
  });
}
