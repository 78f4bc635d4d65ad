/** Who may read or act on an application: its applicant (secret or citizen account) or the handling unit's staff. */
import { kitProblems, sharedProblems } from '@sinergi/service-kit';
import type { ApplicationRow, Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { registrationNumbers, secretMatches } from './identifiers.js';
import { findApplication } from './repository.js';
import type { Actor } from './workflow.js';

/**
 * Who acts on an application. `actsAs` is the workflow actor whose rights the caller uses (the `by`
 * of `ACTIONS`), not their token role: admins, officers and unit heads all act as `unit` (admins
 * across every unit, which `unit` undefined says), the payment integrator as `integrator`, the
 * deadline sweep and follow-up steps as `system`. It goes on the timeline as `actor_role`.
 */
export interface Caller {
  actsAs: Actor;
  /** Token subject, `applicant` or `system`: who goes on the timeline. */
  id: string;
  /** For unit staff: their unit; undefined for admins (region-wide). */
  unit?: string | undefined;
}

export const SYSTEM: Caller = { actsAs: 'system', id: 'system' };

/** How an applicant proves the application is theirs: their citizen token, or the secret. */
export interface ApplicantAccess {
  sub?: string | undefined;
  secret?: string | undefined;
}

/** The applicant on the timeline: their account, or `applicant` when they use the secret. */
export const applicantCaller = (access: ApplicantAccess): Caller => ({
  actsAs: 'applicant',
  id: access.sub ?? 'applicant',
});

/** Either the applicant or a staff member, for what both may read (documents, the permit). */
export type ReadAccess = { applicant: ApplicantAccess } | { staff: Caller };

const notFound = (reg: string) => P.application_not_found(`There is no application ${reg} in this region.`);

/** The application by its registration number (as typed: spaces and case do not matter), or 404. */
export async function loadApplication(trx: Trx, reg: string, opts: { lock: boolean }): Promise<ApplicationRow> {
  const id = registrationNumbers.normalize(reg);
  const row = id ? await findApplication(trx, id, opts) : undefined;
  if (!row) throw notFound(reg);
  return row;
}

export function checkApplicant(row: ApplicationRow, access: ApplicantAccess): void {
  if (access.secret !== undefined) {
    if (!secretMatches(access.secret, row.secret_hash))
      throw sharedProblems.wrong_secret('The secret does not match this application.');
    return;
  }
  if (access.sub !== undefined && row.applicant_sub === access.sub) return;
  if (access.sub !== undefined)
    throw P.not_your_application('This application was not made with your account; use its secret.');
  throw P.credentials_required(
    'Send the X-Application-Secret header, or sign in with the citizen account that made the application.',
  );
}

/** Staff: an unsubmitted draft is the applicant's alone (it does not exist for staff); officers only their unit. */
export function checkUnit(row: ApplicationRow, caller: Caller): void {
  if (row.status === 'draft') throw notFound(row.registration_number);
  if (caller.actsAs === 'unit' && caller.unit !== undefined && row.unit !== caller.unit) {
    throw kitProblems.forbidden_unit('This application is handled by another unit.');
  }
}

export function checkReadAccess(row: ApplicationRow, who: ReadAccess): void {
  if ('applicant' in who) checkApplicant(row, who.applicant);
  else checkUnit(row, who.staff);
}
