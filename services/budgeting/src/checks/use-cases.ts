import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { replaceRules, rulesOfYear, spendingByAccountAndProgram } from './repository.js';
import { evaluateRules, type SpendingRule } from './rules.js';

/** An admin sets the year's rules (all at once, audited). */
export async function setSpendingRules(ctx: Ctx, input: { caller: BudgetCaller; year: number; rules: SpendingRule[] }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    await replaceRules(trx, caller.tenant, input.year, input.rules);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'spending_rules.set',
      entity: 'fiscal_year',
      entityId: String(input.year),
      data: { rules: input.rules as never },
    });
    return { year: input.year, rules: input.rules.length };
  });
}

/** The figures TAPD reads: every unit's lines of the year, whatever their status, against the year's rules. */
export async function spendingChecks(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return evaluateRules(await rulesOfYear(trx, input.year), await spendingByAccountAndProgram(trx, input.year));
  });
}
