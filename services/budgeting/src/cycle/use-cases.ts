import { budgetApproved, budgetLocked, budgetReturned, budgetSubmitted } from '@sinergi/contracts';
import { sharedProblems, transitionOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import * as repo from '../drafting/repository.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { BUDGET_ACTIONS, type BudgetAction, type BudgetStatus } from './workflow.js';

const EVENTS = {
  submit: budgetSubmitted,
  return: budgetReturned,
  approve: budgetApproved,
  lock: budgetLocked,
} as const;
const describe = {
  object: "a unit's budget",
  actors: (by: readonly string[]) =>
    by.map((b) => (b === 'unit' ? 'the unit' : b.toUpperCase() === 'TAPD' ? 'TAPD' : 'an admin')).join(' or '),
};

/** Indicators must be present before submission: every sub-activity has at least one with a target. */
async function assertIndicators(trx: Trx, year: number, unit: string) {
  const subs = await repo.subActivities(trx, year, unit);
  if (subs.length === 0)
    throw P.indicators_missing('A budget needs at least one sub-activity before submission.', {
      errors: [{ in: 'body', field: 'subActivities', message: 'none yet' }],
    });
  const missing = subs.filter((s) => !s.indicators.some((i) => i.text.trim() && i.target.trim()));
  if (missing.length) {
    throw P.indicators_missing(`Sub-activities without an indicator: ${missing.map((s) => s.code).join(', ')}.`, {
      errors: missing.map((s) => ({
        in: 'body',
        field: `subActivities.${s.code}.indicators`,
        message: 'needs at least one indicator with text and target',
      })),
    });
  }
}

/** One unit's budget moves one step of the cycle; the status change is audited and announced. */
export async function moveUnitBudget(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    year: number;
    unit: string;
    action: Exclude<BudgetAction, 'approve-region'>;
    reason?: string | undefined;
  },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const budget = await repo.lockUnitBudget(trx, input.year, input.unit);
    if (!budget) throw P.ceiling_not_set(`Unit ${input.unit} has no ceiling for ${input.year}.`);
    if (caller.kind === 'other') throw sharedProblems.forbidden_action('This role takes no part in the budget cycle.');
    const to = transitionOrThrow(
      BUDGET_ACTIONS,
      { action: input.action, state: budget.status, actor: caller.kind },
      describe,
    );
    if (input.action === 'submit') await assertIndicators(trx, input.year, input.unit);
    if (input.action === 'return' && !input.reason?.trim())
      throw P.reason_required('A returned budget needs the reason the unit reads.', {
        errors: [{ in: 'body', field: 'reason', message: 'is required' }],
      });
    const updated = await repo.setUnitStatus(trx, input.year, input.unit, to);
    const total = await repo.unitTotal(trx, input.year, input.unit);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: `budget.${input.action}`,
      entity: 'unit_budget',
      entityId: input.unit,
      data: { from: budget.status, to, total: total.toString(), ...(input.reason ? { reason: input.reason } : {}) },
    });
    if (input.action !== 'open' && input.action !== 'close') {
      const data = { year: input.year, unit: input.unit, total, pagu: budget.pagu, at: new Date().toISOString() };
      const subject = `${input.year}-${input.unit}`;
      if (input.action === 'return')
        await ctx.outbox.emit(trx, budgetReturned, {
          tenant: caller.tenant,
          subject,
          data: { ...data, reason: input.reason!.trim() },
        });
      else await ctx.outbox.emit(trx, EVENTS[input.action], { tenant: caller.tenant, subject, data });
    }
    return { unit: updated.unit, year: updated.year, status: updated.status as BudgetStatus, total };
  });
}

/** The joint approval of the region's budget (APBD): every unit at once, and only when every unit's budget is approved. */
export async function approveRegionBudget(ctx: Ctx, input: { caller: BudgetCaller; year: number }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    if (caller.kind === 'other') throw sharedProblems.forbidden_action('This role takes no part in the budget cycle.');
    // the actor is checked on its own first (the table's from-state): who may approve does not depend on the units
    transitionOrThrow(
      BUDGET_ACTIONS,
      { action: 'approve-region', state: 'approved' as BudgetStatus, actor: caller.kind },
      describe,
    );
    await yearOrThrow(trx, input.year);
    const budgets = await repo.lockUnitBudgets(trx, input.year);
    const pending = budgets.filter((b) => b.status !== 'approved');
    if (budgets.length === 0 || pending.length) {
      throw P.units_not_approved(
        budgets.length === 0
          ? `No unit has a budget for ${input.year}.`
          : `Not approved yet: ${pending.map((b) => `${b.unit} (${b.status})`).join(', ')}.`,
        { extensions: { pending: pending.map((b) => b.unit) } },
      );
    }
    for (const b of budgets) await repo.setUnitStatus(trx, input.year, b.unit, 'region-approved');
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'budget.approve-region',
      entity: 'fiscal_year',
      entityId: String(input.year),
      data: { units: budgets.map((b) => b.unit) },
    });
    return { year: input.year, units: budgets.length, status: 'region-approved' as const };
  });
}
