import { z } from 'zod';
import { Rupiah } from '../values/rupiah.js';
import { Slug, UnitCode } from '../values/slug.js';
import { defineEvent } from './define.js';

/*
 * Licensing (perizinan online) events. Applications are named by their registration number and
 * permits by their permit number; no event carries the applicant's identity, contact or documents.
 */

const application = {
  registrationNumber: z.string().min(4).max(60),
  /** The permit type's code in the tenant's catalogue, e.g. `reklame`. */
  permitType: Slug,
  /** The unit responsible for the permit type. */
  unit: UnitCode,
  at: z.iso.datetime({ offset: true }),
};

export const applicationSubmitted = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'submitted',
  version: 1,
  description:
    'An applicant submitted an application (first time or after completing a returned file); the registration check follows.',
  data: z.object({ ...application, resubmission: z.boolean() }),
});

export const applicationCompleted = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'completed',
  version: 1,
  description:
    'The file was found complete: the service-standard clock starts. When decisionDue passes without a decision the application is deemed granted (UU 30/2014 Art. 53 as amended).',
  data: z.object({
    ...application,
    serviceStandardWorkingDays: z.number().int().min(1).max(365),
    decisionDue: z.iso.datetime({ offset: true }),
  }),
});

export const DECISION_OUTCOMES = ['issued', 'rejected', 'deemed-granted'] as const;
export const DecisionOutcome = z.enum(DECISION_OUTCOMES);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const applicationDecided = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'decided',
  version: 1,
  description:
    'The application was decided: a permit issued after payment, rejected with reasons, or deemed granted by law because the deadline passed (and issued on that basis).',
  data: z.object({
    ...application,
    outcome: DecisionOutcome,
    /**
     * Set when a permit exists (issued or deemed granted). Null for a rejection, and for a deemed
     * grant of a type issued only after payment (PBG: PP 16/2021 Art. 261): that permit is issued
     * when the fee is paid, and no second `decided` follows.
     */
    permitNumber: z.string().min(1).max(80).nullable(),
    /**
     * The permit type's name as the region publishes it ("Izin Praktik Dokter"), so a consumer can
     * name the service to a citizen without a code. Optional: events before it was added lack it.
     */
    permitTypeName: z.string().min(1).max(200).optional(),
    /** The directory id of the official who decided, when licensing knows it; null for deemed grants. */
    official: Slug.nullable(),
    /** The fee that was assessed, in whole rupiah; null when none was assessed (e.g. rejected early). */
    fee: Rupiah.nullable(),
    /** Whether the decision came within the service standard. */
    withinServiceStandard: z.boolean(),
  }),
});

/** Why a permit was revoked, as published; the officer's own words stay inside licensing. */
export const REVOCATION_CATEGORIES = [
  'requested-by-holder',
  'false-information',
  'conditions-violated',
  'court-order',
  'other',
] as const;
export const RevocationCategory = z.enum(REVOCATION_CATEGORIES);
export type RevocationCategory = z.infer<typeof RevocationCategory>;

export const permitRevoked = defineEvent({
  service: 'licensing',
  aggregate: 'permit',
  name: 'revoked',
  version: 1,
  description: 'An issued permit was revoked; public verification now answers "revoked" with the category.',
  data: z.object({
    ...application,
    permitNumber: z.string().min(1).max(80),
    category: RevocationCategory,
  }),
});

/*
 * Issue 16: returned files lapse after their completion window, and a rejection can be objected to
 * (keberatan, UU 30/2014 Art. 75-78). No event carries the applicant's identity or their reasons.
 */

export const applicationCompletionReminded = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'completion-reminded',
  version: 1,
  description:
    'A returned file (dikembalikan untuk dilengkapi) is still not resubmitted a few working days before it lapses: the applicant is to be reminded (a notifier asks licensing for the contact).',
  data: z.object({ ...application, completeBy: z.iso.datetime({ offset: true }) }),
});

export const applicationLapsed = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'lapsed',
  version: 1,
  description:
    "A returned file was not completed within the permit type's completion window: the application lapsed (gugur) and is closed.",
  data: z.object({ ...application, completeBy: z.iso.datetime({ offset: true }) }),
});

export const applicationObjected = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'objected',
  version: 1,
  description:
    'The applicant objected (keberatan) to the rejection within 21 working days; the office must decide by objectionDue (UU 30/2014 Art. 77).',
  data: z.object({ ...application, objectionDue: z.iso.datetime({ offset: true }) }),
});

export const OBJECTION_OUTCOMES = ['upheld', 'granted'] as const;

export const applicationObjectionDecided = defineEvent({
  service: 'licensing',
  aggregate: 'application',
  name: 'objection-decided',
  version: 1,
  description:
    'The objection was decided: the rejection upheld, or the objection granted (by the office, or deemed granted when its deadline passed) so a new decision is due by decisionDue.',
  data: z.object({
    ...application,
    outcome: z.enum(OBJECTION_OUTCOMES),
    /** True when granted by law because the office did not decide in time (Art. 77(5)). */
    deemed: z.boolean(),
    withinDeadline: z.boolean(),
    /** For a granted objection: when the new decision is due. */
    decisionDue: z.iso.datetime({ offset: true }).nullable(),
  }),
});
