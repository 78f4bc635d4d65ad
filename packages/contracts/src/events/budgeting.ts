import { z } from 'zod';
import { Rupiah } from '../values/rupiah.js';
import { UnitCode } from '../values/slug.js';
import { defineEvent } from './define.js';

/*
 * Budgeting (e-budgeting) events: one unit's budget (RKA, later DPA) for one fiscal year moving
 * through the cycle, and TAPD's cuts. Subjects are `<year>-<unit>`. Amounts are whole rupiah as
 * strings; no event carries a person's name, only the acting account's role.
 */

const budget = {
  year: z.number().int().min(2000).max(2100),
  unit: UnitCode,
  /** The sum of the unit's line totals when the event happened. */
  total: Rupiah,
  /** The unit's ceiling (pagu) from KUA-PPAS. */
  pagu: Rupiah,
  at: z.iso.datetime({ offset: true }),
};

export const budgetSubmitted = defineEvent({
  service: 'budgeting',
  aggregate: 'budget',
  name: 'submitted',
  version: 1,
  description: 'A unit submitted its draft budget (RKA) for the year to TAPD for review.',
  data: z.object(budget),
});

export const budgetReturned = defineEvent({
  service: 'budgeting',
  aggregate: 'budget',
  name: 'returned',
  version: 1,
  description: "TAPD returned a unit's draft budget for changes; the unit may edit and submit again.",
  data: z.object({ ...budget, reason: z.string().min(1).max(2000) }),
});

export const budgetApproved = defineEvent({
  service: 'budgeting',
  aggregate: 'budget',
  name: 'approved',
  version: 1,
  description: "TAPD approved a unit's budget for the year; it is now part of the published draft APBD.",
  data: z.object(budget),
});

export const budgetLocked = defineEvent({
  service: 'budgeting',
  aggregate: 'budget',
  name: 'locked',
  version: 1,
  description:
    "After the region's budget was approved, TAPD locked the unit's DPA (executable budget); no line changes any more.",
  data: z.object(budget),
});

export const lineItemCut = defineEvent({
  service: 'budgeting',
  aggregate: 'line-item',
  name: 'cut',
  version: 1,
  description: 'TAPD rationalized a line item during review, lowering its total, with the reason it gave.',
  data: z.object({
    year: budget.year,
    unit: UnitCode,
    lineItemId: z.uuid(),
    subActivity: z.string().min(1).max(40),
    account: z.string().min(1).max(30),
    before: Rupiah,
    after: Rupiah,
    reason: z.string().min(1).max(2000),
    at: budget.at,
  }),
});

/*
 * After the DPA is locked: budget shifts (pergeseran) and the one mid-year revision (APBD-P) a year.
 * Murni is the DPA as the region first approved it; revised is the budget in force after the change.
 */

/** What revised the budget: an approved shift (pergeseran) of one of its kinds, or the APBD-P's DPPA. */
export const REVISION_KINDS = ['shift', 'apbd-p'] as const;
export const SHIFT_KINDS = ['within-account', 'between-accounts', 'between-sub-activities'] as const;

export const budgetRevised = defineEvent({
  service: 'budgeting',
  aggregate: 'budget',
  name: 'revised',
  version: 1,
  description:
    "A unit's locked budget was revised: an approved budget shift (pergeseran) or the locked revised DPA (DPPA) of the APBD-P. Carries the murni (original) and revised totals and ceilings.",
  data: z.object({
    year: budget.year,
    unit: UnitCode,
    kind: z.enum(REVISION_KINDS),
    /** The shift's kind when `kind` is `shift`. */
    shiftKind: z.enum(SHIFT_KINDS).optional(),
    /** The shift's id, or the APBD-P's `<year>-apbd-p`. */
    revisionId: z.string().min(1).max(60),
    murniTotal: Rupiah,
    /** The unit's total just before this revision (after earlier shifts). */
    previousTotal: Rupiah,
    revisedTotal: Rupiah,
    murniPagu: Rupiah,
    revisedPagu: Rupiah,
    at: budget.at,
  }),
});

export const shiftProposed = defineEvent({
  service: 'budgeting',
  aggregate: 'shift',
  name: 'proposed',
  version: 1,
  description:
    'A unit proposed a budget shift (pergeseran) within its locked budget; the approver (TAPD or the unit head, by kind) decides.',
  data: z.object({
    year: budget.year,
    unit: UnitCode,
    shiftId: z.uuid(),
    kind: z.enum(SHIFT_KINDS),
    /** Who decides: `tapd` or `unit-head`. */
    approver: z.enum(['tapd', 'unit-head']),
    /** The sum of the decreases, which equals the sum of the increases. */
    moved: Rupiah,
    at: budget.at,
  }),
});

export const shiftRejected = defineEvent({
  service: 'budgeting',
  aggregate: 'shift',
  name: 'rejected',
  version: 1,
  description: 'The approver rejected a proposed budget shift, with the reason the unit reads; nothing changed.',
  data: z.object({
    year: budget.year,
    unit: UnitCode,
    shiftId: z.uuid(),
    kind: z.enum(SHIFT_KINDS),
    reason: z.string().min(1).max(2000),
    at: budget.at,
  }),
});

export const auditAnchored = defineEvent({
  service: 'budgeting',
  aggregate: 'audit',
  name: 'anchored',
  version: 1,
  description:
    "The head of a tenant's audit chain for a year moved: its sequence number and SHA-256 hash, published outside the database so anyone who keeps it can later prove the chain up to that entry was not rewritten. Year 0 is the chain of the reference data.",
  data: z.object({
    year: z.number().int().min(0).max(2100),
    seq: z.number().int().min(1),
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    at: budget.at,
  }),
});
