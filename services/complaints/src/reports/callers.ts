import { problems, unitScopeOf, type Principal } from '@sinergi/service-kit';
import type { Caller } from './service.js';
import type { Reader } from './views.js';

/** Maps a staff token to the workflow's actor: admins verify and dispose, unit staff handle. */
export function staffCaller(principal: Principal): Caller {
  if (principal.roles.includes('admin')) return { kind: 'admin', id: principal.sub };
  if (principal.roles.includes('officer') || principal.roles.includes('unit-head')) return { kind: 'unit', id: principal.sub, unit: principal.unit };
  throw problems.forbidden('forbidden_role', 'Only admins, officers and unit heads act on reports.');
}

/** How a staff member reads a report: admins fully, auditors masked, unit staff per anonim. */
export function staffReader(principal: Principal): Reader {
  if (principal.roles.includes('admin')) return 'admin';
  if (principal.roles.includes('auditor')) return 'auditor';
  return 'unit';
}

/** Unit staff see only their unit; region-wide roles may filter by any unit. */
export function unitScope(principal: Principal, requested: string | undefined): string | undefined {
  const own = unitScopeOf(principal);
  if (own === undefined) return requested;
  if (requested && requested !== own) throw problems.forbidden('forbidden_unit', 'You can list only your own unit’s reports.');
  return own;
}
