import { lineItemCut } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { CEILING_EDITABLE, TAPD_EDITABLE, UNIT_EDITABLE } from '../cycle/workflow.js';
import type { Selectable } from 'kysely';
import type { Indicator, LineItemTable, PlanningSource, Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { findNomenclature } from '../reference/repository.js';
import { yearOrThrow } from '../reference/use-cases.js';
import type { BudgetCaller } from './callers.js';
import { assertWithinCeilings, checkLine, type LineItemInput } from './line-rules.js';
import * as repo from './repository.js';
import { lineAudit } from './views.js';

const field = (name: string, message: string) => [{ in: 'body', field: name, message }];

/** KUA-PPAS: TAPD sets (or changes, until submission) a unit's ceiling; never below what is already allotted. */
export async function setCeiling(ctx: Ctx, input: { caller: BudgetCaller; year: number; unit: string; pagu: bigint }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const current = await repo.lockUnitBudget(trx, input.year, input.unit);
    if (current && !CEILING_EDITABLE.includes(current.status)) {
      throw P.budget_not_editable(`The ceiling of ${input.unit} cannot change while its budget is ${current.status}.`, {
        extensions: { currentStatus: current.status },
      });
    }
    const allotted = await repo.sumSubActivityPagu(trx, input.year, input.unit);
    if (input.pagu < allotted) {
      throw P.ceiling_exceeded(`The unit's sub-activities already hold ${allotted}.`, {
        errors: field('pagu', `must be at least ${allotted}, the sum of the sub-activity ceilings`),
      });
    }
    const row = await repo.upsertUnitBudget(trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      pagu: input.pagu,
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'ceiling.set',
      entity: 'unit_budget',
      entityId: input.unit,
      data: { pagu: input.pagu.toString(), before: current ? current.pagu.toString() : null },
    });
    return row;
  });
}

/** The unit's budget row, locked, after checking the caller may edit it in its current status; with the year's version. */
export async function editableBudget(trx: Trx, caller: BudgetCaller, year: number, unit: string) {
  const { version } = await yearOrThrow(trx, year);
  const budget = await repo.lockUnitBudget(trx, year, unit);
  if (!budget) throw P.ceiling_not_set(`Unit ${unit} has no ceiling for ${year}: TAPD sets it first (KUA-PPAS).`);
  const open = caller.kind === 'unit' ? UNIT_EDITABLE : caller.kind === 'tapd' ? TAPD_EDITABLE : [];
  if (!open.includes(budget.status)) {
    throw P.budget_not_editable(
      `The budget of ${unit} for ${year} is ${budget.status}; it is not open to ${caller.kind === 'other' ? 'this role' : caller.kind === 'unit' ? 'the unit' : caller.kind.toUpperCase()} now.`,
      {
        extensions: { currentStatus: budget.status },
      },
    );
  }
  return { ...budget, version };
}

export interface SubActivityInput {
  code: string;
  pagu: bigint;
  planningSource: PlanningSource;
  planningReference?: string | undefined;
  indicators: Indicator[];
  beneficiaries?: number | undefined;
}

export async function addSubActivity(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; subActivity: SubActivityInput },
) {
  const { caller, subActivity: s } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const budget = await editableBudget(trx, caller, input.year, input.unit);
    const year = { version: budget.version };
    const code = await findNomenclature(trx, year.version, s.code);
    if (!code || code.level !== 'sub_kegiatan') {
      throw P.unknown_code(
        `${s.code} is not a sub-kegiatan of version ${year.version}, which ${input.year} is drafted under.`,
        { errors: field('code', "must be a sub-kegiatan code of the year's nomenclature version") },
      );
    }
    const allotted = await repo.sumSubActivityPagu(trx, input.year, input.unit);
    if (allotted + s.pagu > budget.pagu) {
      throw P.ceiling_exceeded(
        `The sub-activity ceilings would reach ${allotted + s.pagu}, above the unit's ceiling ${budget.pagu}.`,
        { errors: field('pagu', `at most ${budget.pagu - allotted} is left under the unit's ceiling`) },
      );
    }
    const row = await repo.insertSubActivity(trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      code: s.code,
      pagu: s.pagu,
      planningSource: s.planningSource,
      planningReference: s.planningReference ?? null,
      indicators: s.indicators,
      beneficiaries: s.beneficiaries === undefined ? null : BigInt(s.beneficiaries),
    });
    if (!row) throw P.sub_activity_exists(`${input.unit} already budgets ${s.code} in ${input.year}.`);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'sub_activity.added',
      entity: 'sub_activity',
      entityId: row.id,
      data: {
        unit: input.unit,
        code: s.code,
        pagu: s.pagu.toString(),
        planningSource: s.planningSource,
        indicators: s.indicators as never,
        ...(s.beneficiaries === undefined ? {} : { beneficiaries: s.beneficiaries }),
      },
    });
    return { ...row, name: code.name, output: code.output };
  });
}

/** The unit adds or corrects a sub-activity's performance indicators while drafting (audited). */
export async function setIndicators(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; code: string; indicators: Indicator[] },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await editableBudget(trx, caller, input.year, input.unit);
    const sub = await repo.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const row = await repo.setSubActivityIndicators(trx, sub.id, input.indicators);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'sub_activity.indicators',
      entity: 'sub_activity',
      entityId: sub.id,
      data: { indicators: input.indicators as never, before: sub.indicators as never },
    });
    return row;
  });
}

/** TAPD notes a line under review; the note is audited and shown to the unit beside the line. */
export async function addReviewNote(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; id: string; note: string },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await editableBudget(trx, caller, input.year, input.unit);
    const line = await repo.findLineItem(trx, input.year, input.unit, input.id);
    if (!line)
      throw P.line_item_not_found(`No line item ${input.id} in the budget of ${input.unit} for ${input.year}.`);
    const row = await repo.insertReviewNote(trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      lineItemId: line.id,
      note: input.note,
      author: caller.actor,
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'line_item.noted',
      entity: 'line_item',
      entityId: line.id,
      data: { note: input.note },
    });
    return row;
  });
}

/** The unit removes one of its lines while drafting; the audit chain keeps the removed line whole. */
export async function removeLineItem(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; id: string },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await editableBudget(trx, caller, input.year, input.unit);
    const line = await repo.findLineItem(trx, input.year, input.unit, input.id);
    if (!line)
      throw P.line_item_not_found(`No line item ${input.id} in the budget of ${input.unit} for ${input.year}.`);
    await deleteLineAudited(trx, { caller, year: input.year, line });
  });
}

/** Deletes a line with its notes and appends the audit entry that keeps it whole (`with`: what it went with). */
export async function deleteLineAudited(
  trx: Trx,
  input: { caller: BudgetCaller; year: number; line: Selectable<LineItemTable>; with?: string },
) {
  await repo.deleteLineItem(trx, input.line.id);
  await appendAudit(trx, {
    tenant: input.caller.tenant,
    year: input.year,
    actor: input.caller.actor,
    action: 'line_item.removed',
    entity: 'line_item',
    entityId: input.line.id,
    data: { before: lineAudit(input.line), ...(input.with ? { with: input.with } : {}) },
  });
}

export type { LineItemInput } from './line-rules.js';

/** Creates a line item (`id` absent) or replaces one, after every rule of the price lock and the ceilings. */
export async function saveLineItem(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; id?: string; line: LineItemInput },
) {
  const { caller, line } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const budget = await editableBudget(trx, caller, input.year, input.unit);
    const year = { version: budget.version };
    if (caller.kind === 'tapd' && !line.reason?.trim())
      throw P.reason_required('TAPD changes a submitted line only with a reason.', {
        errors: field('reason', 'is required for a rationalization'),
      });
    const before = input.id ? await repo.findLineItem(trx, input.year, input.unit, input.id) : undefined;
    if (input.id && !before)
      throw P.line_item_not_found(`No line item ${input.id} in the budget of ${input.unit} for ${input.year}.`);
    if (caller.kind === 'tapd' && !before)
      throw P.budget_not_editable('TAPD adjusts or cuts existing lines; new lines come from the unit.', {
        extensions: { currentStatus: budget.status },
      });

    const { sub, values } = await checkLine(trx, {
      year: input.year,
      version: year.version,
      unit: input.unit,
      actor: caller.actor,
      line,
    });
    const spent = await repo.lineTotals(trx, {
      year: input.year,
      unit: input.unit,
      subActivityId: sub.id,
      ...(before ? { excluding: before.id } : {}),
    });
    assertWithinCeilings({
      unit: input.unit,
      subActivity: sub.code,
      total: values.total,
      spent,
      pagu: { unit: budget.pagu, subActivity: sub.pagu },
    });

    const saved = before
      ? await repo.updateLineItem(trx, before.id, values)
      : await repo.insertLineItem(trx, caller.tenant, { ...values, created_by: caller.actor });
    const action =
      caller.kind === 'tapd' ? 'line_item.rationalized' : before ? 'line_item.changed' : 'line_item.created';
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action,
      entity: 'line_item',
      entityId: saved.id,
      data: {
        ...lineAudit(saved),
        ...(line.reason ? { reason: line.reason } : {}),
        ...(before ? { before: lineAudit(before) } : {}),
      },
    });
    if (caller.kind === 'tapd' && before && saved.total < before.total) {
      await ctx.outbox.emit(trx, lineItemCut, {
        tenant: caller.tenant,
        subject: saved.id,
        data: {
          year: input.year,
          unit: input.unit,
          lineItemId: saved.id,
          subActivity: sub.code,
          account: saved.account,
          before: before.total,
          after: saved.total,
          reason: line.reason!.trim(),
          at: new Date().toISOString(),
        },
      });
    }
    return { line: saved, subActivity: sub.code };
  });
}

export async function readUnitBudget(ctx: Ctx, input: { tenant: string; year: number; unit: string }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const budget = await repo.findUnitBudget(trx, input.year, input.unit);
    if (!budget) throw P.ceiling_not_set(`Unit ${input.unit} has no ceiling for ${input.year}.`);
    const subs = await repo.subActivities(trx, input.year, input.unit);
    const lines = await repo.lineItemsOfUnit(trx, input.year, input.unit);
    const notes = await repo.reviewNotesOfUnit(trx, input.year, input.unit);
    return { budget, subs, lines, notes };
  });
}
