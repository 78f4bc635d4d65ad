/** The revised DPA (DPPA) as staff read it: murni, revised and the difference per line, sub-activity and unit. */
import type { Ctx } from '../context.js';
import * as drafting from '../drafting/repository.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { findUnitMurni, linesWithMurni } from './murni.js';

const triple = (murni: bigint, revised: bigint) => ({
  murni: murni.toString(),
  revised: revised.toString(),
  difference: (revised - murni).toString(),
});

export async function readRevisedDpa(ctx: Ctx, input: { tenant: string; year: number; unit: string }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const budget = await drafting.findUnitBudget(trx, input.year, input.unit);
    if (!budget) throw P.ceiling_not_set(`Unit ${input.unit} has no budget for ${input.year}.`);
    if (budget.status !== 'locked')
      throw P.budget_not_locked(`The DPA of ${input.unit} for ${input.year} is not locked yet (${budget.status}).`, {
        extensions: { currentStatus: budget.status },
      });
    const murni = await findUnitMurni(trx, input.year, input.unit);
    const subs = await drafting.subActivities(trx, input.year, input.unit);
    const lines = await linesWithMurni(trx, input.year, input.unit);
    const revision = await trx
      .selectFrom('unit_revision')
      .select('status')
      .where('year', '=', input.year)
      .where('unit', '=', input.unit)
      .executeTakeFirst();
    const bySub = new Map<string, { murni: bigint; revised: bigint }>();
    let murniTotal = 0n;
    let revisedTotal = 0n;
    const lineItems = lines.map((l) => {
      const m = l.murni_total ?? l.total;
      const s = bySub.get(l.sub_activity_id) ?? { murni: 0n, revised: 0n };
      bySub.set(l.sub_activity_id, { murni: s.murni + m, revised: s.revised + l.total });
      murniTotal += m;
      revisedTotal += l.total;
      return {
        id: l.id,
        subActivity: l.sub_activity,
        account: l.account,
        componentName: l.component_name,
        specification: l.specification,
        unitOfMeasure: l.unit_of_measure,
        murni: {
          volume: l.murni_volume ?? l.volume,
          unitPrice: (l.murni_unit_price ?? l.unit_price).toString(),
          total: m.toString(),
        },
        revised: { volume: l.volume, unitPrice: l.unit_price.toString(), total: l.total.toString() },
        difference: (l.total - m).toString(),
      };
    });
    return {
      year: input.year,
      unit: input.unit,
      status: budget.status,
      revised: murni !== undefined,
      apbdP: revision?.status ?? null,
      pagu: triple(murni?.pagu ?? budget.pagu, budget.pagu),
      total: triple(murniTotal, revisedTotal),
      subActivities: subs.map((s) => {
        const t = bySub.get(s.id) ?? { murni: 0n, revised: 0n };
        const murniPagu = murni?.sub_pagu[s.id] !== undefined ? BigInt(murni.sub_pagu[s.id]!) : murni ? 0n : s.pagu;
        return { code: s.code, pagu: triple(murniPagu, s.pagu), total: triple(t.murni, t.revised) };
      }),
      lineItems,
    };
  });
}
