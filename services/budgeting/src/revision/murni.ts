/**
 * Murni (original) beside revised values. `line_item` always holds the budget in force (the DPA,
 * then the DPA as shifted, then the DPPA), so realization and the public view read one table; the
 * murni values are a snapshot beside it:
 *
 * - `unit_murni`: one row per unit, taken just before the unit's first revision applies (a shift
 *   or the DPPA), with its murni ceiling, total and sub-activity ceilings;
 * - `line_murni`: one row per line of the unit at that moment, and a row of zeros for every line a
 *   revision adds later (murni 0). A cut line stays in `line_item` with zeros (revised 0).
 *
 * So a unit never revised has no snapshot and its murni is what is in force:
 * `murni = coalesce(line_murni.total, line_item.total)`, `revised = line_item.total`.
 */
import { sql } from 'kysely';
import { PUBLISHED } from '../cycle/workflow.js';
import type { Trx } from '../db/schema.js';
import * as drafting from '../drafting/repository.js';

/** Takes the unit's murni snapshot unless it exists; call under the unit's budget row lock. */
export async function ensureMurni(trx: Trx, input: { tenant: string; year: number; unit: string }): Promise<void> {
  const budget = await drafting.findUnitBudget(trx, input.year, input.unit);
  if (!budget) throw new Error(`no budget of ${input.unit} for ${input.year}`);
  const subs = await drafting.subActivities(trx, input.year, input.unit);
  const taken = await trx
    .insertInto('unit_murni')
    .values({
      tenant_id: input.tenant,
      year: input.year,
      unit: input.unit,
      pagu: budget.pagu,
      total: await drafting.unitTotal(trx, input.year, input.unit),
      sub_pagu: JSON.stringify(Object.fromEntries(subs.map((s) => [s.id, s.pagu.toString()]))),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'year', 'unit']).doNothing())
    .returning('unit')
    .executeTakeFirst();
  if (!taken) return;
  await sql`
    insert into line_murni (line_item_id, tenant_id, year, unit, factors, volume, unit_price, tax_percent, total)
    select id, tenant_id, year, unit, factors, volume, unit_price, tax_percent, total
    from line_item where year = ${input.year} and unit = ${input.unit}`.execute(trx);
}

/** A line added by a revision: murni 0. */
export const insertZeroMurni = (trx: Trx, line: { id: string; tenant_id: string; year: number; unit: string }) =>
  trx
    .insertInto('line_murni')
    .values({
      line_item_id: line.id,
      tenant_id: line.tenant_id,
      year: line.year,
      unit: line.unit,
      factors: '[]',
      volume: '0',
      unit_price: 0n,
      tax_percent: '0',
      total: 0n,
    })
    .execute();

export const findUnitMurni = (trx: Trx, year: number, unit: string) =>
  trx.selectFrom('unit_murni').selectAll().where('year', '=', year).where('unit', '=', unit).executeTakeFirst();

/** Every line of the unit in force, with its murni values beside (null: never revised, murni = in force). */
export const linesWithMurni = (trx: Trx, year: number, unit: string) =>
  trx
    .selectFrom('line_item as l')
    .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
    .leftJoin('line_murni as m', 'm.line_item_id', 'l.id')
    .selectAll('l')
    .select([
      's.code as sub_activity',
      'm.volume as murni_volume',
      'm.unit_price as murni_unit_price',
      'm.total as murni_total',
    ])
    .where('l.year', '=', year)
    .where('l.unit', '=', unit)
    .orderBy('s.code')
    .orderBy('l.account')
    .orderBy('l.created_at')
    .orderBy('l.id')
    .execute();

export interface MurniRevisedLine {
  lineItemId: string;
  subActivity: string;
  account: string;
  murni: bigint;
  revised: bigint;
}
export interface MurniRevisedUnit {
  unit: string;
  status: string;
  /** Whether a shift or the DPPA has changed the unit's budget since its DPA was locked. */
  revised: boolean;
  murniPagu: bigint;
  revisedPagu: bigint;
  murniTotal: bigint;
  revisedTotal: bigint;
  lines: MurniRevisedLine[];
}

/**
 * Per unit and per line, murni and revised totals of the year's published budgets (TAPD-approved
 * or later; never a draft, nor an APBD-P change not yet locked). The open-data view calls this.
 */
export async function murniRevisedTotals(
  trx: Trx,
  year: number,
): Promise<{ murniTotal: bigint; revisedTotal: bigint; units: MurniRevisedUnit[] }> {
  const budgets = await trx
    .selectFrom('unit_budget as b')
    .leftJoin('unit_murni as um', (j) => j.onRef('um.year', '=', 'b.year').onRef('um.unit', '=', 'b.unit'))
    .select(['b.unit', 'b.status', 'b.pagu', 'um.pagu as murni_pagu'])
    .where('b.year', '=', year)
    .where('b.status', 'in', [...PUBLISHED])
    .orderBy('b.unit')
    .execute();
  const lines = await trx
    .selectFrom('line_item as l')
    .innerJoin('unit_budget as b', (j) => j.onRef('b.year', '=', 'l.year').onRef('b.unit', '=', 'l.unit'))
    .innerJoin('sub_activity as s', 's.id', 'l.sub_activity_id')
    .leftJoin('line_murni as m', 'm.line_item_id', 'l.id')
    .select(['l.unit', 'l.id', 's.code', 'l.account', 'l.total', 'm.total as murni_total'])
    .where('l.year', '=', year)
    .where('b.status', 'in', [...PUBLISHED])
    .orderBy('l.unit')
    .orderBy('s.code')
    .orderBy('l.account')
    .orderBy('l.id')
    .execute();
  const units = new Map<string, MurniRevisedUnit>(
    budgets.map((b) => [
      b.unit,
      {
        unit: b.unit,
        status: b.status,
        revised: b.murni_pagu !== null,
        murniPagu: b.murni_pagu ?? b.pagu,
        revisedPagu: b.pagu,
        murniTotal: 0n,
        revisedTotal: 0n,
        lines: [],
      },
    ]),
  );
  let murniTotal = 0n;
  let revisedTotal = 0n;
  for (const l of lines) {
    const u = units.get(l.unit)!;
    const murni = l.murni_total ?? l.total;
    u.lines.push({ lineItemId: l.id, subActivity: l.code, account: l.account, murni, revised: l.total });
    u.murniTotal += murni;
    u.revisedTotal += l.total;
    murniTotal += murni;
    revisedTotal += l.total;
  }
  return { murniTotal, revisedTotal, units: [...units.values()] };
}
