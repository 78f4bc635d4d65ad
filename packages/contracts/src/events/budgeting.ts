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
