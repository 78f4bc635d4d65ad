import { kitProblems, unitScopeOf, type Principal } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import type { ApplicantAccess, Caller } from './access.js';
import type { Reader } from './views.js';

/** Staff act as the workflow's "unit" actor; admins across every unit, officers and unit heads only in their own. */
export function staffCaller(principal: Principal): Caller {
  if (principal.roles.includes('admin')) return { actsAs: 'unit', id: principal.sub, unit: undefined };
  if (principal.roles.includes('officer') || principal.roles.includes('unit-head'))
    return { actsAs: 'unit', id: principal.sub, unit: principal.unit };
  throw kitProblems.forbidden_role('Only admins, officers and unit heads act on applications.');
}

/** Readers: auditors read everything masked; admins and unit staff read fully. */
export function staffReader(principal: Principal): Reader {
  if (principal.roles.includes('admin')) return 'admin';
  if (principal.roles.includes('officer') || principal.roles.includes('unit-head')) return 'unit';
  return 'auditor';
}

/** A staff reader as a Caller for access checks (auditors are region-wide). */
export function staffAccess(principal: Principal): Caller {
  return { actsAs: 'unit', id: principal.sub, unit: unitScopeOf(principal) };
}

export function unitScope(principal: Principal, requested: string | undefined): string | undefined {
  const own = unitScopeOf(principal);
  if (own === undefined) return requested;
  if (requested && requested !== own)
    throw kitProblems.forbidden_unit('You can list only your own unit’s applications.');
  return own;
}

/** The applicant's proof: the secret header, else a citizen token's subject. */
export function applicantAccess(request: FastifyRequest): ApplicantAccess {
  const secret = request.headers['x-application-secret'];
  if (typeof secret === 'string' && secret !== '') return { secret };
  if (request.principal) {
    if (!request.principal.roles.includes('citizen'))
      throw kitProblems.forbidden_role('Applicants act with a citizen account or with the application secret.');
    return { sub: request.principal.sub };
  }
  return {};
}
