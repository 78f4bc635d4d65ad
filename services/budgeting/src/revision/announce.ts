import { budgetRevised } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { ShiftKind, Trx } from '../db/schema.js';
import * as drafting from '../drafting/repository.js';
import { findUnitMurni } from './murni.js';

/** `budget.revised` through the outbox, in the revising transaction, after the changes were applied. */
export async function announceRevised(
  ctx: Ctx,
  trx: Trx,
  input: {
    tenant: string;
    year: number;
    unit: string;
    revisionId: string;
    shiftKind?: ShiftKind;
    previousTotal: bigint;
  },
): Promise<void> {
  const murni = await findUnitMurni(trx, input.year, input.unit);
  const budget = await drafting.findUnitBudget(trx, input.year, input.unit);
  if (!murni || !budget) throw new Error(`no murni snapshot of ${input.unit} for ${input.year}`);
  await ctx.outbox.emit(trx, budgetRevised, {
    tenant: input.tenant,
    subject: `${input.year}-${input.unit}`,
    data: {
      year: input.year,
      unit: input.unit,
      kind: input.shiftKind ? 'shift' : 'apbd-p',
      ...(input.shiftKind ? { shiftKind: input.shiftKind } : {}),
      revisionId: input.revisionId,
      murniTotal: murni.total,
      previousTotal: input.previousTotal,
      revisedTotal: await drafting.unitTotal(trx, input.year, input.unit),
      murniPagu: murni.pagu,
      revisedPagu: budget.pagu,
      at: new Date().toISOString(),
    },
  });
}
