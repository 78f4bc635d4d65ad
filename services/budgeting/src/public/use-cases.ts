import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import { PUBLISHED } from '../cycle/workflow.js';
import { codeNames } from '../realization/repository.js';
import { classificationOf } from './summaries.js';

export interface PublicLine {
  id: string;
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
  /** The original approved total (APBD murni). */
  murni: bigint;
  /** The line in force: after budget shifts and the APBD-P. */
  revised: bigint;
  /** Every recorded month of the line (only a locked DPA has any). */
  realized: bigint;
}

/**
 * The year's published budget: lines of units whose budget TAPD approved or later, never a draft,
 * a submission under review or a returned budget. No author ids: who typed a line is internal.
 * `unit` or `id` narrow it to one unit's lines or one line (the citizen pages' drill-down).
 */
export async function publishedBudget(
  ctx: Ctx,
  input: { tenant: string; year: number; unit?: string; id?: string },
): Promise<{ version: string | null; lines: PublicLine[]; names: ReadonlyMap<string, string> }> {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const year = await trx.selectFrom('fiscal_year').selectAll().where('year', '=', input.year).executeTakeFirst();
    if (!year) return { version: null, lines: [], names: new Map() };
    const rows = await trx
      .selectFrom('line_item as l')
      .innerJoin('unit_budget as b', (j) => j.onRef('b.year', '=', 'l.year').onRef('b.unit', '=', 'l.unit'))
      .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
      .leftJoin('nomenclature as n', (j) => j.onRef('n.code', '=', 's.code').on('n.version', '=', year.version))
      .leftJoin('account as a', (j) => j.onRef('a.code', '=', 'l.account').on('a.version', '=', year.version))
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('realization')
            .select(['line_item_id', sql<bigint>`sum(amount)::int8`.as('realized')])
            .where('year', '=', input.year)
            .groupBy('line_item_id')
            .as('r'),
        (j) => j.onRef('r.line_item_id', '=', 'l.id'),
      )
      // murni beside revised: a unit never revised has no snapshot, and its murni is what is in force
      .leftJoin('line_murni as m', 'm.line_item_id', 'l.id')
      .select([
        'l.id',
        sql<bigint>`coalesce(r.realized, 0)::int8`.as('realized'),
        sql<bigint>`coalesce(m.total, l.total)::int8`.as('murni'),
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
      .$if(input.unit !== undefined, (qb) => qb.where('l.unit', '=', input.unit!))
      .$if(input.id !== undefined, (qb) => qb.where('l.id', '=', input.id!))
      .orderBy('l.unit')
      .orderBy('s.code')
      .orderBy('l.account')
      .orderBy('l.id')
      .execute();
    const prefixes = new Set(rows.flatMap((r) => Object.values(classificationOf(r.code))));
    const names = await codeNames(trx, year.version, { nomenclature: [...prefixes], accounts: [] });
    return {
      version: year.version,
      names: names.nomenclature,
      lines: rows.map((r) => ({
        id: r.id,
        murni: r.murni,
        revised: r.total,
        realized: r.realized,
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

/** The fiscal years opened in the region, newest first (the citizen pages offer each). */
export const openedYears = (ctx: Ctx, tenant: string) =>
  ctx.db.withTenant(tenant, async (trx) =>
    (await trx.selectFrom('fiscal_year').select('year').orderBy('year', 'desc').execute()).map((r) => r.year),
  );
