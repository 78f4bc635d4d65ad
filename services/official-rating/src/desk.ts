/** Who may act for a unit's service desk (counter links, paper batches), and for which unit. */
import type { RegionProfile } from '@sinergi/contracts';
import { assertUnitAccess, findUnitOrThrow, hasRole, kitProblems, type Principal } from '@sinergi/service-kit';
import { P } from './problems.js';

/**
 * The unit the desk acts for: the one named (admins must name one) or the caller's own, which an
 * officer or unit head may not leave. Only admins, officers and unit heads act for a desk.
 */
export function deskUnit(profile: RegionProfile, principal: Principal, named: string | undefined): string {
  if (!hasRole(principal, 'admin', 'officer', 'unit-head'))
    throw kitProblems.forbidden_role('This action needs one of these roles: admin, officer, unit-head.');
  const unit = named ?? principal.unit;
  if (!unit)
    throw P.unit_required('Say which unit served the citizens.', {
      errors: [{ in: 'body', field: 'unit', message: 'required for region-wide roles' }],
    });
  assertUnitAccess(principal, unit);
  findUnitOrThrow(profile, unit, { field: 'unit' });
  return unit;
}
