/** Budget shifts (pergeseran) in a locked DPA: the unit proposes, the approver of the kind decides, approval applies it. */
import { shiftProposed, shiftRejected } from '@sinergi/contracts';
import { ProblemError, sharedProblems } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import type { ShiftKind, Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { checkLine, type CheckedLine, type LineItemInput } from '../drafting/line-rules.js';
import * as drafting from '../drafting/repository.js';
import { lineAudit } from '../drafting/views.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { announceRevised } from './announce.js';
import { ensureMurni, insertZeroMurni } from './murni.js';
import * as repo from './repository.js';
import { judgeShift, SHIFT_APPROVER } from './shift-rules.js';

/** One change of a shift: an existing line's new values, its cut, or a new line. */
export type ShiftChangeInput =
  { lineItemId: string; cut: true } | { lineItemId: string; line: LineItemInput } | { line: LineItemInput };

const field = (name: string, message: string) => [{ in: 'body', field: name, message }];

/** Problems of one change name the change: `changes.2.unitPrice`. */
async function within<T>(prefix: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof ProblemError) for (const f of e.errors ?? []) f.field = `${prefix}.${f.field}`;
    throw e;
  }
}

/** The unit's DPA must be locked, and not in the middle of its APBD-P. */
async function lockedBudget(trx: Trx, year: number, unit: string) {
  const budget = await drafting.lockUnitBudget(trx, year, unit);
  if (!budget) throw P.ceiling_not_set(`Unit ${unit} has no budget for ${year}.`);
  if (budget.status !== 'locked')
    throw P.budget_not_locked(
      `The budget of ${unit} for ${year} is ${budget.status}: shifts come after its DPA is locked.`,
      {
        extensions: { currentStatus: budget.status },
      },
    );
  const revision = await repo.lockUnitRevision(trx, year, unit);
  if (revision && revision.status !== 'locked')
    throw P.revision_in_progress(`The APBD-P of ${unit} is ${revision.status}.`, {
      extensions: { currentStatus: revision.status },
    });
  return budget;
}

interface Evaluated {
  index: number;
  before: Awaited<ReturnType<typeof drafting.findLineItem>>;
  checked: CheckedLine | null;
  subActivityId: string;
  subActivity: string;
  account: string;
  after: bigint;
}

/** Every change through the drafting rules (price lock, accounts, arithmetic), then the shift's own rules. */
async function evaluate(
  trx: Trx,
  input: {
    year: number;
    version: string;
    unit: string;
    actor: string;
    kind: ShiftKind;
    changes: ShiftChangeInput[];
    /** On approval: each line's total when the shift was proposed; a difference makes the shift stale. */
    expected?: bigint[];
  },
) {
  const subs = new Map((await drafting.subActivities(trx, input.year, input.unit)).map((s) => [s.id, s.code]));
  const evaluated: Evaluated[] = [];
  for (const [index, change] of input.changes.entries()) {
    const before =
      'lineItemId' in change ? await drafting.findLineItem(trx, input.year, input.unit, change.lineItemId) : undefined;
    if ('lineItemId' in change && !before)
      throw P.line_item_not_found(
        `No line item ${change.lineItemId} in the budget of ${input.unit} for ${input.year}.`,
        {
          errors: field(`changes.${index}.lineItemId`, "must be a line of the unit's budget"),
        },
      );
    if ('cut' in change) {
      const b = before!;
      evaluated.push({
        index,
        before: b,
        checked: null,
        subActivityId: b.sub_activity_id,
        subActivity: subs.get(b.sub_activity_id)!,
        account: b.account,
        after: 0n,
      });
      continue;
    }
    const checked = await within(`changes.${index}`, () =>
      checkLine(trx, {
        year: input.year,
        version: input.version,
        unit: input.unit,
        actor: input.actor,
        line: change.line,
      }),
    );
    if (before && (before.sub_activity_id !== checked.sub.id || before.account !== checked.values.account))
      throw P.shift_invalid('A shifted line keeps its sub-activity and account: cut it and add a new line instead.', {
        errors: field(`changes.${index}.line`, 'must keep the sub-activity and account of the line'),
      });
    evaluated.push({
      index,
      before,
      checked,
      subActivityId: checked.sub.id,
      subActivity: checked.sub.code,
      account: checked.values.account,
      after: checked.values.total,
    });
  }
  const stale = input.expected && evaluated.find((e, i) => (e.before?.total ?? 0n) !== input.expected![i]);
  if (stale)
    throw P.shift_stale(`Line ${stale.before!.id} changed since the shift was proposed.`, {
      errors: field(`changes.${stale.index}.lineItemId`, 'its total is no longer what the shift was proposed against'),
    });
  const verdict = judgeShift(
    input.kind,
    evaluated.map((e) => ({
      lineItemId: e.before?.id ?? null,
      subActivity: e.subActivity,
      account: e.account,
      before: e.before?.total ?? 0n,
      after: e.after,
    })),
  );
  if (!verdict.ok)
    throw P[verdict.code](`The shift is refused: ${verdict.message}.`, {
      errors: field(verdict.field, verdict.message),
      ...(verdict.difference !== undefined ? { extensions: { difference: verdict.difference.toString() } } : {}),
    });
  return { evaluated, verdict };
}

/** The unit proposes a shift; nothing changes until it is approved. */
export async function proposeShift(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    year: number;
    unit: string;
    kind: ShiftKind;
    reason: string;
    changes: ShiftChangeInput[];
  },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    if (caller.kind !== 'unit') throw sharedProblems.forbidden_action('A shift is proposed by the unit itself.');
    const year = await yearOrThrow(trx, input.year);
    await lockedBudget(trx, input.year, input.unit);
    const { evaluated, verdict } = await evaluate(trx, { ...input, version: year.version, actor: caller.actor });
    const stored = input.changes.map((c, i) => ({
      ...storedChange(c),
      before: (evaluated[i]!.before?.total ?? 0n).toString(),
      after: evaluated[i]!.after.toString(),
    }));
    const approver = SHIFT_APPROVER[verdict.kind];
    const row = await repo.insertShift(trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      kind: verdict.kind,
      approver,
      reason: input.reason,
      changes: stored,
      moved: verdict.moved,
      proposedBy: caller.actor,
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'shift.proposed',
      entity: 'budget_shift',
      entityId: row.id,
      data: {
        unit: input.unit,
        kind: verdict.kind,
        moved: verdict.moved.toString(),
        reason: input.reason,
        changes: stored as never,
      },
    });
    await ctx.outbox.emit(trx, shiftProposed, {
      tenant: caller.tenant,
      subject: `${input.year}-${input.unit}`,
      data: {
        year: input.year,
        unit: input.unit,
        shiftId: row.id,
        kind: verdict.kind,
        approver,
        moved: verdict.moved,
        at: new Date().toISOString(),
      },
    });
    return row;
  });
}

/** A change as JSON (money as strings), so approval can run it through the rules again. */
function storedChange(c: ShiftChangeInput) {
  if ('cut' in c) return { lineItemId: c.lineItemId, cut: true as const };
  const line = { ...c.line, unitPrice: c.line.unitPrice.toString() };
  return 'lineItemId' in c ? { lineItemId: c.lineItemId, line } : { line };
}

function parseStored(raw: unknown): { change: ShiftChangeInput; before: bigint } {
  const s = raw as { lineItemId?: string; cut?: true; line?: LineItemInput & { unitPrice: string }; before: string };
  const line = s.line ? { ...s.line, unitPrice: BigInt(s.line.unitPrice) } : undefined;
  const change: ShiftChangeInput = s.cut
    ? { lineItemId: s.lineItemId!, cut: true }
    : s.lineItemId
      ? { lineItemId: s.lineItemId, line: line! }
      : { line: line! };
  return { change, before: BigInt(s.before) };
}

/** The approver of the shift's kind (TAPD, or the unit's head) approves or rejects a proposed shift. */
export async function decideOnShift(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    approver: 'tapd' | 'unit-head' | null;
    year: number;
    unit: string;
    id: string;
    approve: boolean;
    reason?: string | undefined;
  },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const year = await yearOrThrow(trx, input.year);
    await lockedBudget(trx, input.year, input.unit);
    const shift = await repo.findShift(trx, input.year, input.unit, input.id);
    if (!shift) throw P.shift_not_found(`No shift ${input.id} in the budget of ${input.unit} for ${input.year}.`);
    if (input.approver !== shift.approver)
      throw sharedProblems.forbidden_action(
        `A ${shift.kind} shift is decided by ${shift.approver === 'tapd' ? 'TAPD' : "the unit's head"}.`,
      );
    if (shift.status !== 'proposed')
      throw sharedProblems.invalid_transition(`The shift is already ${shift.status}.`, {
        extensions: { currentStatus: shift.status },
      });
    if (!input.approve) {
      if (!input.reason?.trim())
        throw P.reason_required('A rejected shift needs the reason the unit reads.', {
          errors: field('reason', 'is required'),
        });
      const rejected = await repo.decideShift(trx, shift.id, {
        status: 'rejected',
        by: caller.actor,
        reason: input.reason.trim(),
      });
      await appendAudit(trx, {
        tenant: caller.tenant,
        year: input.year,
        actor: caller.actor,
        action: 'shift.rejected',
        entity: 'budget_shift',
        entityId: shift.id,
        data: { unit: input.unit, reason: input.reason.trim() },
      });
      await ctx.outbox.emit(trx, shiftRejected, {
        tenant: caller.tenant,
        subject: `${input.year}-${input.unit}`,
        data: {
          year: input.year,
          unit: input.unit,
          shiftId: shift.id,
          kind: shift.kind,
          reason: input.reason.trim(),
          at: new Date().toISOString(),
        },
      });
      return rejected!;
    }
    const stored = shift.changes.map(parseStored);
    const { evaluated, verdict } = await evaluate(trx, {
      year: input.year,
      version: year.version,
      unit: input.unit,
      actor: caller.actor,
      kind: shift.kind,
      changes: stored.map((s) => s.change),
      expected: stored.map((s) => s.before),
    });
    const previousTotal = await drafting.unitTotal(trx, input.year, input.unit);
    await ensureMurni(trx, { tenant: caller.tenant, year: input.year, unit: input.unit });
    for (const e of evaluated) await applyChange(trx, caller, { year: input.year, shiftId: shift.id, e });
    if (verdict.kind === 'between-sub-activities') {
      const ids = new Map(evaluated.map((e) => [e.subActivity, e.subActivityId]));
      for (const [code, delta] of verdict.netBySubActivity)
        if (delta !== 0n) await repo.moveSubActivityPagu(trx, ids.get(code)!, delta);
    }
    const decided = await repo.decideShift(trx, shift.id, {
      status: 'approved',
      by: caller.actor,
      reason: input.reason?.trim() || null,
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'shift.approved',
      entity: 'budget_shift',
      entityId: shift.id,
      data: { unit: input.unit, kind: shift.kind, moved: shift.moved.toString() },
    });
    await announceRevised(ctx, trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      revisionId: shift.id,
      shiftKind: shift.kind,
      previousTotal,
    });
    return decided!;
  });
}

async function applyChange(trx: Trx, caller: BudgetCaller, input: { year: number; shiftId: string; e: Evaluated }) {
  const { e } = input;
  const saved = !e.checked
    ? await repo.cutLineItem(trx, e.before!.id, caller.actor)
    : e.before
      ? await drafting.updateLineItem(trx, e.before.id, e.checked.values)
      : await drafting.insertLineItem(trx, caller.tenant, { ...e.checked.values, created_by: caller.actor });
  if (!e.before) await insertZeroMurni(trx, saved);
  await appendAudit(trx, {
    tenant: caller.tenant,
    year: input.year,
    actor: caller.actor,
    action: 'line_item.shifted',
    entity: 'line_item',
    entityId: saved.id,
    data: { ...lineAudit(saved), shift: input.shiftId, ...(e.before ? { before: lineAudit(e.before) } : {}) },
  });
}

export async function listShifts(ctx: Ctx, input: { tenant: string; year: number; unit: string }) {
  return ctx.db.withTenant(input.tenant, (trx) => repo.shiftsOfUnit(trx, input.year, input.unit));
}
