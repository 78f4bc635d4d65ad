import { kitProblems, unitScopeOf, type Principal } from '@sinergi/service-kit';
import type { Reader } from './views.js';
import type { ReportActorKind } from './workflow.js';

/**
 * Who takes a workflow action on a report: the party the workflow table's `by` names, not a token
 * role (an officer and a unit head are both `unit`; a citizen with the secret, an Open311 app or
 * social-intake are all `reporter`). Not to be confused with licensing's `Caller`, which is a
 * different workflow's party, nor with a `Reader` (how a report is shown).
 */
export interface ReportActor {
  kind: ReportActorKind;
  /** The token subject, `reporter` or `system`: who goes on the timeline. */
  id: string;
  /** For unit staff: their unit. */
  unit?: string | undefined;
}

export const SYSTEM_ACTOR: ReportActor = { kind: 'system', id: 'system' };

/** Maps a staff token to the workflow's actor: admins verify and dispose, unit staff handle. */
export function staffActor(principal: Principal): ReportActor {
  if (principal.roles.includes('admin')) return { kind: 'admin', id: principal.sub };
  if (principal.roles.includes('officer') || principal.roles.includes('unit-head'))
    return { kind: 'unit', id: principal.sub, unit: principal.unit };
  throw kitProblems.forbidden_role('Only admins, officers and unit heads act on reports.');
}

export type StaffReader = Extract<Reader, 'admin' | 'auditor' | 'unit'>;

/** How a staff member reads a report: admins fully, auditors masked, unit staff per anonim. */
export function staffReader(principal: Principal): StaffReader {
  if (principal.roles.includes('admin')) return 'admin';
  if (principal.roles.includes('auditor')) return 'auditor';
  return 'unit';
}

/** Unit staff see only their unit; region-wide roles may filter by any unit. */
export function unitScope(principal: Principal, requested: string | undefined): string | undefined {
  const own = unitScopeOf(principal);
  if (own === undefined) return requested;
  if (requested && requested !== own) throw kitProblems.forbidden_unit('You can list only your own unit’s reports.');
  return own;
}
