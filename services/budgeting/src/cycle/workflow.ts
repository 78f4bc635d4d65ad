/**
 * One unit's budget (RKA, later DPA) through the year's cycle, as data:
 * KUA-PPAS ceilings -> drafting (TAPD opens editing, and may close it again: `closed`) -> submitted -> TAPD review: returned to the
 * unit or approved -> the region's budget approved (the joint DPRD approval, for all units at once)
 * -> the unit's DPA locked.
 */
import type { WorkflowTable } from '@sinergi/service-kit';

export const BUDGET_STATUSES = [
  'ceilings',
  'drafting',
  'closed',
  'submitted',
  'returned',
  'approved',
  'region-approved',
  'locked',
] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];

/** `unit`: an officer or head of the unit itself; `tapd`: the budget team (or an admin). */
export type BudgetActor = 'unit' | 'tapd' | 'admin';

export const BUDGET_ACTIONS = {
  open: { from: ['ceilings', 'closed'], to: 'drafting', by: ['tapd', 'admin'] },
  close: { from: ['drafting', 'returned'], to: 'closed', by: ['tapd', 'admin'] },
  submit: { from: ['drafting', 'returned'], to: 'submitted', by: ['unit'] },
  return: { from: ['submitted'], to: 'returned', by: ['tapd'] },
  approve: { from: ['submitted'], to: 'approved', by: ['tapd'] },
  'approve-region': { from: ['approved'], to: 'region-approved', by: ['admin'] },
  lock: { from: ['region-approved'], to: 'locked', by: ['tapd'] },
} as const satisfies WorkflowTable<BudgetStatus, BudgetActor>;

export type BudgetAction = keyof typeof BUDGET_ACTIONS;

/** The unit edits its draft only while it is open to it. */
export const UNIT_EDITABLE: readonly BudgetStatus[] = ['drafting', 'returned'];
/** TAPD rationalizes (cuts, adjusts) only what is under its review. */
export const TAPD_EDITABLE: readonly BudgetStatus[] = ['submitted'];
/** What the public sees: TAPD-approved or later; never a draft. */
export const PUBLISHED: readonly BudgetStatus[] = ['approved', 'region-approved', 'locked'];
/** Ceilings (KUA-PPAS) are set before the unit submits; after that only a new cycle changes them. */
export const CEILING_EDITABLE: readonly BudgetStatus[] = ['ceilings', 'drafting', 'closed', 'returned'];
