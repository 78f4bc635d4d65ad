/**
 * Drafting the APBD-P: revised ceilings (TAPD for the unit, the unit for its sub-activities) and
 * line changes, new lines and cuts, under the same price lock, arithmetic and ceiling rules as the
 * first draft (src/drafting/line-rules.ts). Drafted changes wait in `revision_line` until the DPPA
 * is locked; the DPA in force does not move meanwhile.
 */
import { lineItemCut } from '@sinergi/contracts';
import { sharedProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { TAPD_EDITABLE, UNIT_EDITABLE } from '../cycle/workflow.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { assertWithinCeilings, checkLine, type LineItemInput } from '../drafting/line-rules.js';
import * as drafting from '../drafting/repository.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { unitRevisionOrThrow } from './apbdp-cycle.js';
import * as repo from './repository.js';

const field = (name: string, message: string) => [{ in: 'body', field: name, message }];
type UnitRevision = Awaited<ReturnType<typeof unitRevisionOrThrow>>;

/** The unit's APBD-P, open to this caller now: the unit while drafting or returned, TAPD while reviewing. */
async function editableRevision(trx: Trx, caller: BudgetCaller, year: number, unit: string) {
  const revision = await unitRevisionOrThrow(trx, year, unit);
  const open = caller.kind === 'unit' ? UNIT_EDITABLE : caller.kind === 'tapd' ? TAPD_EDITABLE : [];
  if (!open.includes(revision.status))
    throw P.budget_not_editable(`The APBD-P of ${unit} is ${revision.status}; it is not open to this caller now.`, {
      extensions: { currentStatus: revision.status },
    });
  return revision;
}

const subPaguOf = (revision: UnitRevision, sub: { id: string; pagu: bigint }) =>
  revision.sub_pagu[sub.id] !== undefined ? BigInt(revision.sub_pagu[sub.id]!) : sub.pagu;

async function sumSubPagu(trx: Trx, revision: UnitRevision, except?: string) {
  const subs = await drafting.subActivities(trx, revision.year, revision.unit);
  return subs.filter((s) => s.id !== except).reduce((sum, s) => sum + subPaguOf(revision, s), 0n);
}

/** TAPD sets the unit's revised ceiling (KUA-PPAS of the APBD-P), never below its sub-activity ceilings or drafted lines. */
export async function setRevisedCeiling(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; pagu: bigint },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const revision = await unitRevisionOrThrow(trx, input.year, input.unit);
    if (!UNIT_EDITABLE.includes(revision.status))
      throw P.budget_not_editable(
        `The revised ceiling cannot change while the APBD-P of ${input.unit} is ${revision.status}.`,
        {
          extensions: { currentStatus: revision.status },
        },
      );
    const floor = [await sumSubPagu(trx, revision), (await repo.revisedDraftTotals(trx, input)).unit].reduce((a, b) =>
      a > b ? a : b,
    );
    if (input.pagu < floor)
      throw P.ceiling_exceeded(`The unit's revised sub-activity ceilings or lines already hold ${floor}.`, {
        errors: field('pagu', `must be at least ${floor}`),
      });
    const row = await repo.updateUnitRevision(trx, input.year, input.unit, { pagu: input.pagu });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'revision.ceiling',
      entity: 'unit_revision',
      entityId: input.unit,
      data: { pagu: input.pagu.toString(), before: revision.pagu.toString() },
    });
    return row;
  });
}

/** The unit revises a sub-activity's ceiling within its revised unit ceiling, never below the sub-activity's drafted lines. */
export async function setRevisedSubCeiling(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; code: string; pagu: bigint },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const revision = await editableRevision(trx, caller, input.year, input.unit);
    const sub = await drafting.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const others = await sumSubPagu(trx, revision, sub.id);
    if (others + input.pagu > revision.pagu)
      throw P.ceiling_exceeded(
        `The sub-activity ceilings would reach ${others + input.pagu}, above ${revision.pagu}.`,
        {
          errors: field('pagu', `at most ${revision.pagu - others} is left under the unit's revised ceiling`),
        },
      );
    const drafted = (await repo.revisedDraftTotals(trx, input)).bySubActivity.get(sub.id) ?? 0n;
    if (input.pagu < drafted)
      throw P.ceiling_exceeded(`The revised lines of ${input.code} already total ${drafted}.`, {
        errors: field('pagu', `must be at least ${drafted}`),
      });
    const row = await repo.updateUnitRevision(trx, input.year, input.unit, {
      subPagu: { ...revision.sub_pagu, [sub.id]: input.pagu.toString() },
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'revision.sub_activity_ceiling',
      entity: 'sub_activity',
      entityId: sub.id,
      data: { pagu: input.pagu.toString(), before: subPaguOf(revision, sub).toString() },
    });
    return { code: sub.code, pagu: BigInt(row.sub_pagu[sub.id]!) };
  });
}

/**
 * Drafts a line change (`id` of a line in force or of a drafted new line) or a new line (no `id`):
 * every drafting rule, with the revised ceilings. TAPD adjusts existing lines while reviewing, with a reason.
 */
export async function saveRevisionLine(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; id?: string; line: LineItemInput },
) {
  const { caller, line } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const year = await yearOrThrow(trx, input.year);
    const revision = await editableRevision(trx, caller, input.year, input.unit);
    if (caller.kind === 'tapd' && !line.reason?.trim())
      throw P.reason_required('TAPD changes a submitted APBD-P line only with a reason.', {
        errors: field('reason', 'is required for a rationalization'),
      });
    const target = input.id ? await findTarget(trx, input.year, input.unit, input.id) : undefined;
    if (caller.kind === 'tapd' && !target)
      throw P.budget_not_editable('TAPD adjusts or cuts existing lines; new lines come from the unit.', {
        extensions: { currentStatus: revision.status },
      });
    const { sub, values } = await checkLine(trx, {
      year: input.year,
      version: year.version,
      unit: input.unit,
      actor: caller.actor,
      line,
    });
    const spent = await repo.revisedDraftTotals(trx, { year: input.year, unit: input.unit, excluding: target?.key });
    assertWithinCeilings({
      unit: input.unit,
      subActivity: sub.code,
      total: values.total,
      spent: { unit: spent.unit, subActivity: spent.bySubActivity.get(sub.id) ?? 0n },
      pagu: { unit: revision.pagu, subActivity: subPaguOf(revision, sub) },
    });
    const row = {
      ...values,
      line_item_id: target?.lineItemId ?? null,
      cut: false,
      reason: line.reason?.trim() || null,
    };
    const saved = target?.draft
      ? await repo.updateRevisionLine(trx, target.draft.id, row)
      : await repo.insertRevisionLine(trx, caller.tenant, { ...row, created_by: caller.actor });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: caller.kind === 'tapd' ? 'revision_line.rationalized' : 'revision_line.saved',
      entity: 'revision_line',
      entityId: saved.id,
      data: {
        lineItemId: saved.line_item_id,
        account: saved.account,
        catalogueItem: saved.catalogue_item,
        factors: saved.factors.map((f) => ({ quantity: f.quantity, unit: f.unit })),
        unitPrice: saved.unit_price.toString(),
        total: saved.total.toString(),
        ...(saved.reason ? { reason: saved.reason } : {}),
      },
    });
    const previous = target?.draft?.total ?? target?.inForce?.total;
    if (caller.kind === 'tapd' && previous !== undefined && saved.total < previous)
      await ctx.outbox.emit(trx, lineItemCut, {
        tenant: caller.tenant,
        subject: saved.line_item_id ?? saved.id,
        data: {
          year: input.year,
          unit: input.unit,
          lineItemId: saved.line_item_id ?? saved.id,
          subActivity: sub.code,
          account: saved.account,
          before: previous,
          after: saved.total,
          reason: line.reason!.trim(),
          at: new Date().toISOString(),
        },
      });
    return { line: saved, subActivity: sub.code };
  });
}

/** A line in force (with its drafted change, if any) or a drafted new line, by id. */
async function findTarget(trx: Trx, year: number, unit: string, id: string) {
  const inForce = await drafting.findLineItem(trx, year, unit, id);
  const draft = await repo.findRevisionLine(trx, year, unit, id);
  if (!inForce && !draft)
    throw P.line_item_not_found(`No line item ${id} in the budget or the APBD-P of ${unit} for ${year}.`);
  return { key: id, lineItemId: inForce?.id ?? draft?.line_item_id ?? null, inForce, draft };
}

/** The unit cuts a line in the APBD-P: a line in force goes to zero at the DPPA (revised 0); a drafted new line goes away. */
export async function cutRevisionLine(
  ctx: Ctx,
  input: { caller: BudgetCaller; year: number; unit: string; id: string; reason: string },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    if (caller.kind !== 'unit') throw sharedProblems.forbidden_action('The unit cuts its own lines in the APBD-P.');
    await yearOrThrow(trx, input.year);
    await editableRevision(trx, caller, input.year, input.unit);
    const target = await findTarget(trx, input.year, input.unit, input.id);
    if (!target.inForce) await repo.deleteRevisionLine(trx, target.draft!.id);
    else {
      const { id: _id, created_at: _c, updated_at: _u, tenant_id: _t, created_by: _b, ...values } = target.inForce;
      const row = {
        ...values,
        factors: values.factors.map((f, i) => ({ quantity: i === 0 ? '0' : f.quantity, unit: f.unit })).slice(0, 1),
        volume: '0',
        amount: 0n,
        tax: 0n,
        total: 0n,
        excess_reason: null,
        updated_by: caller.actor,
        line_item_id: target.inForce.id,
        cut: true,
        reason: input.reason,
      };
      if (target.draft) await repo.updateRevisionLine(trx, target.draft.id, row);
      else await repo.insertRevisionLine(trx, caller.tenant, { ...row, created_by: caller.actor });
    }
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'revision_line.cut',
      entity: target.inForce ? 'line_item' : 'revision_line',
      entityId: input.id,
      data: { reason: input.reason, before: (target.draft?.total ?? target.inForce?.total ?? 0n).toString() },
    });
    return { id: input.id, cut: true, total: '0' };
  });
}

export async function readRevisionDraft(ctx: Ctx, input: { tenant: string; year: number; unit: string }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const revision = await repo.lockUnitRevision(trx, input.year, input.unit);
    if (!revision) throw P.revision_not_open(`There is no APBD-P open for ${input.unit} in ${input.year}.`);
    const totals = await repo.revisedDraftTotals(trx, input);
    return { revision, lines: await repo.revisionLines(trx, input.year, input.unit), total: totals.unit };
  });
}
