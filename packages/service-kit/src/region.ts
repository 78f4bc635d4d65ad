/**
 * A tenant's region profile, or the catalogue's problem when there is none: the one lookup every
 * route and use case needs instead of `ctx.directory.get(tenant)!`.
 */
import { findUnit, type RegionProfile, type Unit } from '@sinergi/contracts';
import type { DirectoryClient } from './directory.js';
import { kitProblems, sharedProblems } from './problems/kit.js';

/** The profile of `tenant`; 404 `unknown_tenant` when the directory does not know the region. */
export function regionOf(directory: Pick<DirectoryClient, 'get'>, tenant: string): RegionProfile {
  const profile = directory.get(tenant);
  if (!profile) throw kitProblems.unknown_tenant(`Region ${tenant} is not served here.`);
  return profile;
}

/**
 * The unit `code` of the region. Without `field` the unit is what the request addresses (path or
 * query): 404 `unit_not_found`. With `field` a body value names it: 422 `unknown_unit` naming the field.
 */
export function findUnitOrThrow(profile: RegionProfile, code: string, where?: { in?: string; field: string }): Unit {
  const unit = findUnit(profile, code);
  if (unit) return unit;
  if (!where) throw sharedProblems.unit_not_found(`No unit ${code} in ${profile.name}.`);
  throw sharedProblems.unknown_unit(`Unit ${code} is not a unit of ${profile.name}.`, {
    errors: [{ in: where.in ?? 'body', field: where.field, message: 'must be a unit of this region' }],
  });
}
