/**
 * Changes to a sub-activity the unit makes while its budget is open to it (drafting, returned):
 * its ceiling (pagu), its beneficiaries and its removal. Both run under the unit's budget row lock, like every other
 * write of the unit, and both are audited.
 */
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { P } from '../problems.js';
import type { BudgetCaller } from './callers.js';
import * as repo from './repository.js';
import { deleteLineAudited, editableBudget } from './use-cases.js';

interface Target {
  caller: BudgetCaller;
  year: number;
  unit: string;
  code: string;
}

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

/**
 * A sub-activity's new ceiling: never below the total of its lines (they would no longer fit), and
 * together with the unit's other sub-activities never above the unit's ceiling.
 */
export async function setSubActivityCeiling(ctx: Ctx, input: Target & { pagu: bigint }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const budget = await editableBudget(trx, caller, input.year, input.unit);
    const sub = await repo.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const lines = sum((await repo.linesOfSubActivity(trx, sub.id)).map((l) => l.total));
    if (input.pagu < lines) {
      throw P.ceiling_below_lines(`The lines of ${sub.code} already total ${lines}.`, {
        errors: [{ in: 'body', field: 'pagu', message: `must be at least ${lines}, the total of its lines` }],
        extensions: { linesTotal: lines.toString() },
      });
    }
    const others = (await repo.sumSubActivityPagu(trx, input.year, input.unit)) - sub.pagu;
    if (others + input.pagu > budget.pagu) {
      throw P.ceiling_exceeded(
        `The sub-activity ceilings would reach ${others + input.pagu}, above the unit's ceiling ${budget.pagu}.`,
        {
          errors: [
            { in: 'body', field: 'pagu', message: `at most ${budget.pagu - others} fits under the unit's ceiling` },
          ],
          extensions: { ceiling: 'unit', pagu: budget.pagu.toString() },
        },
      );
    }
    const row = await repo.setSubActivityPagu(trx, sub.id, input.pagu);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'sub_activity.ceiling',
      entity: 'sub_activity',
      entityId: sub.id,
      data: { unit: input.unit, code: sub.code, pagu: input.pagu.toString(), before: sub.pagu.toString() },
    });
    return { row, linesTotal: lines };
  });
}

/** The number of beneficiaries (jumlah penerima manfaat), or null to clear it; audited. */
export async function setSubActivityBeneficiaries(ctx: Ctx, input: Target & { beneficiaries: number | null }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await editableBudget(trx, caller, input.year, input.unit);
    const sub = await repo.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const value = input.beneficiaries === null ? null : BigInt(input.beneficiaries);
    const row = await repo.setSubActivityBeneficiaries(trx, sub.id, value);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'sub_activity.beneficiaries',
      entity: 'sub_activity',
      entityId: sub.id,
      data: {
        unit: input.unit,
        code: sub.code,
        beneficiaries: input.beneficiaries,
        before: sub.beneficiaries === null ? null : Number(sub.beneficiaries),
      },
    });
    return row;
  });
}

/**
 * Removes a sub-activity. One with lines goes only when the caller says so (`withLines`): then each
 * line is removed first, each with its own audit entry keeping the line whole, and the sub-activity's
 * entry names how many went with it.
 */
export async function removeSubActivity(ctx: Ctx, input: Target & { withLines: boolean }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await editableBudget(trx, caller, input.year, input.unit);
    const sub = await repo.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const lines = await repo.linesOfSubActivity(trx, sub.id);
    if (lines.length && !input.withLines) {
      throw P.sub_activity_has_lines(`${sub.code} has ${lines.length} line items; remove them first or with it.`, {
        errors: [{ in: 'query', field: 'withLines', message: `must be true to remove its ${lines.length} line items` }],
        extensions: { lineItems: lines.length },
      });
    }
    for (const line of lines)
      await deleteLineAudited(trx, { caller, year: input.year, line, with: `sub_activity:${sub.code}` });
    await repo.deleteSubActivity(trx, sub.id);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'sub_activity.removed',
      entity: 'sub_activity',
      entityId: sub.id,
      data: {
        unit: input.unit,
        code: sub.code,
        pagu: sub.pagu.toString(),
        planningSource: sub.planning_source,
        indicators: sub.indicators as never,
        lineItems: lines.length,
        linesTotal: sum(lines.map((l) => l.total)).toString(),
      },
    });
    return { code: sub.code, removedLineItems: lines.length };
  });
}
