/**
 * Signals for the effectiveness review: citizen events folded per tenant (the pure fold of
 * `effectiveness/signals.ts`, applied to the one report or unit an event touches), and the data an
 * admin sets per year (complaint mapping, efficiency tags) or per tenant (weights, thresholds).
 */
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import type { Trx } from '../db/schema.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { DEFAULT_THRESHOLDS, type AnomalyThresholds } from '../effectiveness/anomalies.js';
import { DEFAULT_WEIGHTS, type Weights } from '../effectiveness/scoring.js';
import { applyCitizenEvent, emptyCitizenState, type CitizenEvent } from '../effectiveness/signals.js';
import { yearOrThrow } from '../reference/use-cases.js';
import * as repo from './repository.js';

/**
 * Applies one citizen event in the consumer's transaction (the kit's inbox already skips an event id
 * seen before; the fold would too). The held state of the report or unit is loaded, folded, saved.
 */
export async function applyCitizenSignal(trx: Trx, tenant: string, event: CitizenEvent): Promise<void> {
  const state = emptyCitizenState();
  if (event.type === 'ikm-updated') {
    const held = await repo.findIkm(trx, event.unit, event.period);
    const key = `${event.unit}|${event.period}`;
    if (held) state.ikm.set(key, { ikm: held.ikm, at: held.computed_at.toISOString() });
    applyCitizenEvent(state, event);
    const now = state.ikm.get(key)!;
    if (!held || now.at !== held.computed_at.toISOString()) {
      await repo.saveIkm(trx, tenant, { unit: event.unit, period: event.period, ikm: now.ikm, computedAt: now.at });
    }
    return;
  }
  const held = await repo.findReport(trx, tenant, event.trackingId);
  if (held) {
    state.reports.set(event.trackingId, {
      closed: held.closed,
      overdue: held.overdue,
      ...(held.category ? { category: held.category } : {}),
      ...(held.unit ? { unit: held.unit } : {}),
      ...(held.submitted_at ? { submittedAt: held.submitted_at.toISOString() } : {}),
    });
  }
  applyCitizenEvent(state, event);
  const r = state.reports.get(event.trackingId)!;
  await repo.saveReport(trx, tenant, {
    trackingId: event.trackingId,
    category: r.category ?? null,
    unit: r.unit ?? null,
    closed: r.closed,
    overdue: r.overdue,
    submittedAt: r.submittedAt ?? null,
  });
}

async function audited<T>(trx: Trx, caller: BudgetCaller, a: { year: number; action: string; data: T }) {
  await appendAudit(trx, {
    tenant: caller.tenant,
    year: a.year,
    actor: caller.actor,
    action: a.action,
    entity: 'fiscal_year',
    entityId: String(a.year),
    data: a.data as never,
  });
}

/** The fiscal year itself, 1 January to 31 December, when an admin set no window. */
export const defaultWindow = (year: number) => ({ from: `${year}-01-01`, to: `${year}-12-31` });

/**
 * The year's complaint categories and the units (and program prefixes) each speaks about, and the dates
 * whose complaints count (the fiscal year unless given); replaced whole, audited.
 */
export async function setComplaintMapping(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    year: number;
    rows: repo.MappingRow[];
    window?: { from: string; to: string } | undefined;
  },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    await repo.replaceMapping(trx, { tenant: caller.tenant, year: input.year, rows: input.rows });
    await repo.setWindow(trx, { tenant: caller.tenant, year: input.year, window: input.window ?? null });
    const window = input.window ?? defaultWindow(input.year);
    await audited(trx, caller, {
      year: input.year,
      action: 'complaint_mapping.set',
      data: { mapping: input.rows, window },
    });
    return { year: input.year, mapping: input.rows, window };
  });
}

/** The year's efficiency tags (Inpres 1/2025 ...), replaced whole, audited. */
export async function setEfficiencyTags(ctx: Ctx, input: { caller: BudgetCaller; year: number; rows: repo.TagRow[] }) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    await repo.replaceTags(trx, { tenant: caller.tenant, year: input.year, rows: input.rows });
    await audited(trx, caller, { year: input.year, action: 'efficiency_tags.set', data: { tags: input.rows } });
    return { year: input.year, tags: input.rows };
  });
}

export async function yearSignalsSetup(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return {
      year: input.year,
      mapping: await repo.mappingOfYear(trx, input.year),
      window: (await repo.windowOfYear(trx, input.year)) ?? defaultWindow(input.year),
      tags: await repo.tagsOfYear(trx, input.year),
    };
  });
}

export interface ReviewSettings {
  weights: Weights;
  thresholds: AnomalyThresholds;
  unitStaff: Record<string, number>;
}

const NUMBER_THRESHOLDS = new Set(['minPeers', 'dominantMinLines', 'repeatedSubActivities']);

/** A tenant's settings: its overrides over the documented defaults. */
export async function settingsOf(trx: Trx): Promise<ReviewSettings> {
  const row = await repo.findSetting(trx);
  const thresholds: Record<string, bigint | number> = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(row?.thresholds ?? {})) {
    if (k in DEFAULT_THRESHOLDS) thresholds[k] = NUMBER_THRESHOLDS.has(k) ? Number(v) : BigInt(v);
  }
  return {
    weights: { ...DEFAULT_WEIGHTS, ...(row?.weights as Partial<Weights> | undefined) },
    thresholds: thresholds as unknown as AnomalyThresholds,
    unitStaff: row?.unit_staff ?? {},
  };
}

export const settingsView = (s: ReviewSettings) => ({
  weights: s.weights,
  unitStaff: s.unitStaff,
  thresholds: Object.fromEntries(
    Object.entries(s.thresholds).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
  ),
});

/** An admin sets the tenant's weights and threshold overrides (audited in the reference chain, year 0). */
export async function setReviewSettings(
  ctx: Ctx,
  input: {
    caller: BudgetCaller;
    weights: Partial<Weights>;
    thresholds: Record<string, string | number>;
    unitStaff: Record<string, number>;
  },
) {
  const { caller, ...settings } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    await repo.saveSetting(trx, caller.tenant, settings);
    await audited(trx, caller, { year: 0, action: 'review_settings.set', data: settings });
    return settingsView(await settingsOf(trx));
  });
}

export const reviewSettings = (ctx: Ctx, tenant: string) =>
  ctx.db.withTenant(tenant, async (trx) => settingsView(await settingsOf(trx)));
