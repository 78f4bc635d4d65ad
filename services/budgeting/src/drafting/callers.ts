import type { Principal } from '@sinergi/service-kit';
import { hasRole } from '@sinergi/service-kit';
import type { BudgetActor } from '../cycle/workflow.js';

/** Who acts on a unit's budget, reduced to the cycle's actors. */
export interface BudgetCaller {
  tenant: string;
  /** The audit trail's actor: role and account id, never a name. */
  actor: string;
  kind: BudgetActor | 'other';
}

export function budgetCaller(principal: Principal, tenant: string): BudgetCaller {
  const kind: BudgetCaller['kind'] = hasRole(principal, 'tapd')
    ? 'tapd'
    : hasRole(principal, 'admin')
      ? 'admin'
      : hasRole(principal, 'officer', 'unit-head')
        ? 'unit'
        : 'other';
  const role = kind === 'unit' ? (principal.roles.includes('unit-head') ? 'unit-head' : 'officer') : kind;
  return { tenant, actor: `${role}:${principal.sub}`, kind };
}
