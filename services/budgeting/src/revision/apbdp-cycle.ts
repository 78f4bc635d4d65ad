/**
 * The APBD-P, the one mid-year revision a year (PP 12/2019; "only once a year, save in
 * extraordinary circumstances"): TAPD or an admin opens it for the year, every unit drafts its
 * changes (src/revision/apbdp-lines.ts), TAPD reviews and approves, the region approves, and TAPD
 * locks each unit's revised DPA (DPPA): only then do the changes replace the lines in force,
 * beside the murni snapshot. The unit's APBD-P walks the same workflow table as the first cycle.
 */
import { sharedProblems, transitionOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { BUDGET_ACTIONS, type BudgetStatus } from '../cycle/workflow.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import * as drafting from '../drafting/repository.js';
import { lineAudit } from '../drafting/views.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { announceRevised } from './announce.js';
import { ensureMurni, insertZeroMurni } from './murni.js';
import * as repo from './repository.js';

const describe = {
  object: "a unit's APBD-P",
  actors: (by: readonly string[]) =>
    by.map((b) => (b === 'unit' ? 'the unit' : b === 'tapd' ? 'TAPD' : 'an admin')).join(' or '),
};

/** TAPD or an admin opens the year's APBD-P, once: every unit's DPA must be locked. */
export async function openRevision(ctx: Ctx, input: { caller: BudgetCaller; year: number }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    if (caller.kind !== 'tapd' && caller.kind !== 'admin')
      throw sharedProblems.forbidden_action('Only TAPD or an admin opens the APBD-P.');
    await yearOrThrow(trx, input.year);
    const budgets = await drafting.lockUnitBudgets(trx, input.year);
    const opened = await repo.insertApbdRevision(trx, { tenant: caller.tenant, year: input.year, by: caller.actor });
    if (!opened)
      throw P.revision_exists(`${input.year} already has its APBD-P: there is one mid-year revision a year.`);
    const pending = budgets.filter((b) => b.status !== 'locked');
    if (budgets.length === 0 || pending.length)
      throw P.budget_not_locked(
        budgets.length === 0
          ? `No unit has a budget for ${input.year}.`
          : `The APBD-P revises locked DPAs; not locked yet: ${pending.map((b) => `${b.unit} (${b.status})`).join(', ')}.`,
        { extensions: { pending: pending.map((b) => b.unit) } },
      );
    for (const b of budgets)
      await repo.insertUnitRevision(trx, { tenant: caller.tenant, year: input.year, unit: b.unit, pagu: b.pagu });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'revision.opened',
      entity: 'fiscal_year',
      entityId: String(input.year),
      data: { units: budgets.map((b) => b.unit) },
    });
    return { year: input.year, units: budgets.map((b) => b.unit), status: 'drafting' as const };
  });
}

/** The unit's APBD-P row, or the problem saying there is none. */
export async function unitRevisionOrThrow(trx: Trx, year: number, unit: string) {
  const revision = await repo.lockUnitRevision(trx, year, unit);
  if (!revision) throw P.revision_not_open(`There is no APBD-P open for ${unit} in ${year}.`);
  return revision;
}

/** One unit's APBD-P moves one step: submit (the unit), return or approve (TAPD), lock (TAPD: the DPPA). */
export async function moveUnitRevision(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    year: number;
    unit: string;
    action: 'submit' | 'return' | 'approve' | 'lock';
    reason?: string | undefined;
  },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    if (caller.kind === 'other') throw sharedProblems.forbidden_action('This role takes no part in the APBD-P.');
    // the unit's budget row first, as every write of the unit takes it: shifts and the DPPA queue in one order
    await drafting.lockUnitBudget(trx, input.year, input.unit);
    const revision = await unitRevisionOrThrow(trx, input.year, input.unit);
    const to = transitionOrThrow(
      BUDGET_ACTIONS,
      { action: input.action, state: revision.status, actor: caller.kind },
      describe,
    );
    if (input.action === 'return' && !input.reason?.trim())
      throw P.reason_required('A returned APBD-P needs the reason the unit reads.', {
        errors: [{ in: 'body', field: 'reason', message: 'is required' }],
      });
    const previousTotal = await drafting.unitTotal(trx, input.year, input.unit);
    if (input.action === 'lock') await applyRevision(trx, caller, { year: input.year, unit: input.unit });
    const updated = await repo.updateUnitRevision(trx, input.year, input.unit, { status: to });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: `revision.${input.action}`,
      entity: 'unit_revision',
      entityId: input.unit,
      data: {
        from: revision.status,
        to,
        pagu: revision.pagu.toString(),
        ...(input.reason ? { reason: input.reason } : {}),
      },
    });
    if (input.action === 'lock')
      await announceRevised(ctx, trx, {
        tenant: caller.tenant,
        year: input.year,
        unit: input.unit,
        revisionId: `${input.year}-apbd-p`,
        previousTotal,
      });
    return {
      unit: input.unit,
      year: input.year,
      status: updated.status as BudgetStatus,
      pagu: updated.pagu,
    };
  });
}

/** The DPPA: the drafted changes replace the lines in force, after the murni snapshot is taken. */
async function applyRevision(trx: Trx, caller: BudgetCaller, input: { year: number; unit: string }) {
  const revision = (await repo.lockUnitRevision(trx, input.year, input.unit))!;
  await ensureMurni(trx, { tenant: caller.tenant, year: input.year, unit: input.unit });
  for (const r of await repo.revisionLines(trx, input.year, input.unit)) {
    const { id: _id, tenant_id: _t, line_item_id, cut, reason: _r, created_by, updated_at: _u, ...values } = r;
    const before = line_item_id ? await drafting.findLineItem(trx, input.year, input.unit, line_item_id) : undefined;
    const saved = before
      ? cut
        ? await repo.cutLineItem(trx, before.id, caller.actor)
        : await drafting.updateLineItem(trx, before.id, { ...values, updated_by: caller.actor })
      : await drafting.insertLineItem(trx, caller.tenant, { ...values, created_by, updated_by: caller.actor });
    if (!before) await insertZeroMurni(trx, saved);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'line_item.revised',
      entity: 'line_item',
      entityId: saved.id,
      data: { ...lineAudit(saved), revision: `${input.year}-apbd-p`, ...(before ? { before: lineAudit(before) } : {}) },
    });
  }
  for (const [id, pagu] of Object.entries(revision.sub_pagu)) await repo.setSubActivityPagu(trx, id, BigInt(pagu));
  await repo.setUnitPagu(trx, input.year, input.unit, revision.pagu);
}

/** The region approves the APBD-P (the bylaw's joint approval): every unit's APBD-P at once, all approved. */
export async function approveRegionRevision(ctx: Ctx, input: { caller: BudgetCaller; year: number }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    if (caller.kind === 'other') throw sharedProblems.forbidden_action('This role takes no part in the APBD-P.');
    transitionOrThrow(
      BUDGET_ACTIONS,
      { action: 'approve-region', state: 'approved' as BudgetStatus, actor: caller.kind },
      describe,
    );
    await yearOrThrow(trx, input.year);
    const revisions = await repo.lockUnitRevisions(trx, input.year);
    if (revisions.length === 0) throw P.revision_not_open(`There is no APBD-P open in ${input.year}.`);
    const pending = revisions.filter((r) => r.status !== 'approved');
    if (pending.length)
      throw P.units_not_approved(
        `APBD-P not approved yet: ${pending.map((r) => `${r.unit} (${r.status})`).join(', ')}.`,
        {
          extensions: { pending: pending.map((r) => r.unit) },
        },
      );
    for (const r of revisions) await repo.updateUnitRevision(trx, input.year, r.unit, { status: 'region-approved' });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'revision.approve-region',
      entity: 'fiscal_year',
      entityId: String(input.year),
      data: { units: revisions.map((r) => r.unit) },
    });
    return { year: input.year, units: revisions.length, status: 'region-approved' as const };
  });
}
