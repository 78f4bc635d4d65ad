/**
 * TAPD's review of effectiveness: anomalies on the year's lines (peers across the tenant's units and,
 * as aggregates only, other regions), ranked candidates with reasons, cut/keep decisions and the
 * savings they make. Cuts go through the drafting rules' window (TAPD rationalizes only a budget under
 * its review, `submitted`), the unit's row lock, the revision's zeroing of a line, the audit chain and
 * `line-item.cut` through the outbox.
 */
import { lineItemCut } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { TAPD_EDITABLE } from '../cycle/workflow.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import * as drafting from '../drafting/repository.js';
import { lineAudit } from '../drafting/views.js';
import {
  detectAnomalies,
  lineAnomalies,
  sortAnomalies,
  type Anomaly,
  type ReviewContext,
} from '../effectiveness/anomalies.js';
import type { ReviewLine } from '../effectiveness/lines.js';
import { rankCandidates } from '../effectiveness/scoring.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { cutLineItem } from '../revision/repository.js';
import { flagsOfYear } from '../scrutiny/repository.js';
import { settingsOf } from '../signals/use-cases.js';
import * as repo from './repository.js';
import { screenedLines } from './screening.js';
import { basisOf, storedReport, storeReport } from './stored.js';
import { signalsOfYear } from './signals.js';

export interface AnomalyReport {
  /** Lines of the year with money in them, all reviewed. */
  reviewed: number;
  /** The lines the anomalies name (and, from memory, every line). */
  lines: Map<string, ReviewLine>;
  anomalies: Anomaly[];
}

/** Every line of the year into memory, for the rules over all of them (`anomaliesOf`): the reference the screened pass is tested against. */
export async function reviewInput(trx: Trx, year: number) {
  const lines = await repo.reviewLines(trx, year);
  const settings = await settingsOf(trx);
  const items = [...new Set(lines.map((l) => l.catalogueItem).filter((c): c is string => c !== null))];
  const beneficiaries = await repo.beneficiariesOfYear(trx, year);
  return { lines, settings, beneficiaries, otherRegions: await repo.otherRegionAggregates(trx, year, items) };
}

/** The rules over what `reviewInput` read: pure, run after the transaction (no transaction idles through it). */
export function anomaliesOf(input: Awaited<ReturnType<typeof reviewInput>>): AnomalyReport {
  const anomalies = detectAnomalies(input.lines, {
    unitStaff: new Map(Object.entries(input.settings.unitStaff)),
    beneficiaries: input.beneficiaries,
    otherRegions: input.otherRegions,
    thresholds: input.settings.thresholds,
  });
  return { reviewed: input.lines.length, lines: new Map(input.lines.map((l) => [l.id, l])), anomalies };
}

/**
 * The pass as TAPD runs it: the database screens the year's lines and answers the few the rules may
 * flag with their groups (src/review/screening.ts); the exact rules run over those. Same anomalies as
 * `anomaliesOf(reviewInput(...))`, which `test/review-screening.test.ts` checks.
 */
/** The settings and other regions' aggregates a pass runs with. */
async function passBasis(trx: Trx, year: number) {
  const settings = await settingsOf(trx);
  const otherRegions = await repo.otherRegionAggregates(trx, year, await repo.catalogueCodes(trx, year));
  return { settings, otherRegions };
}

export async function screenedAnomalies(
  trx: Trx,
  year: number,
  read?: Awaited<ReturnType<typeof passBasis>>,
): Promise<AnomalyReport> {
  const { settings, otherRegions } = read ?? (await passBasis(trx, year));
  const { reviewed, screened } = await screenedLines(trx, {
    year,
    thresholds: settings.thresholds,
    unitStaff: settings.unitStaff,
    otherRegions,
  });
  const ctx: ReviewContext = {
    unitStaff: new Map(Object.entries(settings.unitStaff)),
    beneficiaries: new Map(
      screened.flatMap((s) =>
        s.beneficiaries === undefined ? [] : [[`${s.line.unit}|${s.line.subActivity}`, s.beneficiaries] as const],
      ),
    ),
    otherRegions,
    thresholds: settings.thresholds,
  };
  const anomalies = sortAnomalies(screened.flatMap((s) => lineAnomalies(s.line, s.groups, ctx)));
  const named = new Set(anomalies.map((a) => a.lineId));
  return {
    reviewed,
    lines: new Map(screened.filter((s) => named.has(s.line.id)).map((s) => [s.line.id, s.line])),
    anomalies,
  };
}

/**
 * TAPD's anomalies of the year: the stored result while nothing it was computed from changed (the
 * audit head, the settings, other regions' aggregates: `stored.ts`), else the screened pass, stored.
 */
export async function reviewAnomalies(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const flags = await flagsOfYear(trx, { year: input.year, moderatedOnly: false });
    const read = await passBasis(trx, input.year);
    const basis = await basisOf(trx, { year: input.year, ...read });
    const held = await storedReport(trx, input.year, basis);
    if (held) return { ...held, lines: new Map(held.lines.map((l) => [l.id, l])), flags };
    const report = await screenedAnomalies(trx, input.year, read);
    await storeReport(trx, {
      tenant: input.tenant,
      year: input.year,
      basis,
      report: { ...report, lines: [...report.lines.values()] },
    });
    return { ...report, flags };
  });
}

export async function reviewCandidates(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const timeZone = ctx.calendar(input.tenant).timeZone;
    const { rows, signals, otherRegions } = await signalsOfYear(trx, { year: input.year, timeZone });
    const { weights } = await settingsOf(trx);
    const ranked = rankCandidates(signals, weights);
    const byKey = new Map(rows.map((r) => [`${r.unit}|${r.code}`, r]));
    const signalsByKey = new Map(signals.map((s) => [s.key, s]));
    const decisions = new Map((await repo.decisionsOfYear(trx, input.year)).map((d) => [d.sub_activity_id, d]));
    return {
      weights,
      candidates: ranked.map((c) => {
        const row = byKey.get(c.key)!;
        const s = signalsByKey.get(c.key)!;
        return {
          ...c,
          subActivityId: row.id,
          status: row.status,
          decision: decisions.get(row.id),
          output: s.output,
          otherRegions: otherRegions.get(c.code),
          citizens: s.citizens,
        };
      }),
    };
  });
}

export interface DecisionInput {
  caller: BudgetCaller;
  year: number;
  unit: string;
  code: string;
  decision: 'cut' | 'keep';
  reason?: string | undefined;
}

/** Zeroes every line of the sub-activity with money in it: audited, announced as `line-item.cut` each. */
async function cutSubActivity(ctx: Ctx, trx: Trx, input: DecisionInput & { subActivityId: string }) {
  const { caller } = input;
  const lines = (await drafting.lineItemsOfUnit(trx, input.year, input.unit)).filter(
    (l) => l.sub_activity_id === input.subActivityId && l.total > 0n,
  );
  let saved = 0n;
  const at = new Date().toISOString();
  for (const before of lines) {
    const after = await cutLineItem(trx, before.id, caller.actor);
    saved += before.total;
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: 'line_item.cut',
      entity: 'line_item',
      entityId: before.id,
      data: { ...lineAudit(after), reason: input.reason!, before: lineAudit(before) },
    });
    await ctx.outbox.emit(trx, lineItemCut, {
      tenant: caller.tenant,
      subject: before.id,
      data: {
        year: input.year,
        unit: input.unit,
        lineItemId: before.id,
        subActivity: input.code,
        account: before.account,
        before: before.total,
        after: 0n,
        reason: input.reason!,
        at,
      },
    });
  }
  return { lines: lines.length, saved };
}

/**
 * TAPD cuts or keeps a candidate. Only while the unit's budget is under TAPD's review (`submitted`):
 * before approval the cut changes the budget the region approves; after it, the APBD-P is the way.
 */
export async function decideCandidate(ctx: Ctx, input: DecisionInput) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    const budget = await drafting.lockUnitBudget(trx, input.year, input.unit);
    if (!budget) throw P.ceiling_not_set(`Unit ${input.unit} has no budget for ${input.year}.`);
    if (!TAPD_EDITABLE.includes(budget.status)) {
      throw P.budget_not_editable(
        `The budget of ${input.unit} for ${input.year} is ${budget.status}; TAPD decides on candidates while it reviews a submitted budget.`,
        { extensions: { currentStatus: budget.status } },
      );
    }
    const sub = await drafting.findSubActivity(trx, input.year, input.unit, input.code);
    if (!sub) throw P.sub_activity_not_found(`${input.unit} has no sub-activity ${input.code} in ${input.year}.`);
    const held = await repo.findDecision(trx, sub.id);
    if (held?.decision === 'cut') {
      throw P.decision_final(`${input.code} of ${input.unit} was cut on ${held.decided_at.toISOString()}.`);
    }
    const done =
      input.decision === 'cut'
        ? await cutSubActivity(ctx, trx, { ...input, subActivityId: sub.id })
        : { lines: 0, saved: 0n };
    const row = await repo.saveDecision(trx, {
      tenant: caller.tenant,
      year: input.year,
      unit: input.unit,
      subActivityId: sub.id,
      decision: input.decision,
      reason: input.reason?.trim() || null,
      lines: done.lines,
      saved: done.saved,
      score: null,
      by: caller.actor,
    });
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: input.year,
      actor: caller.actor,
      action: `sub_activity.${input.decision}`,
      entity: 'sub_activity',
      entityId: sub.id,
      data: {
        unit: input.unit,
        code: input.code,
        reason: row.reason,
        lines: done.lines,
        saved: done.saved.toString(),
      },
    });
    return row;
  });
}

/** Per unit and reason: sub-activities cut and the rupiah their lines held (public). */
export async function savingsReport(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return repo.savingsOfYear(trx, input.year);
  });
}
