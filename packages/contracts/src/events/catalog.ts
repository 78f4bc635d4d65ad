import { defineCatalog } from './define.js';
import {
  reportClosed,
  reportDeadlineBreached,
  reportDisposed,
  reportFollowedUp,
  reportPrivacyChanged,
  reportDeadlineExtended,
  reportEscalated,
  reportHandedOver,
  reportStatusChanged,
  reportSubmitted,
  reportSupported,
} from './complaints.js';
import { postComplaintDetected, postDuplicateAttached } from './social-intake.js';
import { applicationCompleted, applicationDecided, applicationSubmitted, permitRevoked } from './licensing.js';
import {
  applicationCompletionReminded,
  applicationLapsed,
  applicationObjected,
  applicationObjectionDecided,
} from './licensing.js';
import { invitationCreated, ratingSubmitted, unitIndexUpdated } from './official-rating.js';
import {
  auditAnchored,
  budgetApproved,
  budgetLocked,
  budgetReturned,
  budgetRevised,
  budgetSubmitted,
  lineItemCut,
  shiftProposed,
  shiftRejected,
} from './budgeting.js';

/*
 * THE event catalog of Sinergi: every event any service publishes is listed here, and nothing else
 * may be published.
 *
 * To add an event:
 *   1. Define it with defineEvent in src/events/<service>.ts, e.g.
 *        export const reportSubmitted = defineEvent({ service: 'complaints', aggregate: 'report',
 *          name: 'submitted', version: 1, description: '…', data: z.object({ … }) });
 *      The type becomes sinergi.<service>.<aggregate>.<event>.v<major> (see naming.ts).
 *   2. Add it to the array below: one line.
 * A breaking change to `data` is a new definition with version + 1, listed next to the old one.
 *
 * Event data must never carry personal data unmasked: no NIK, phone number, e-mail address or name
 * of a citizen. Carry ids (a tracking id), masked values (maskNik, maskPhone, maskEmail, maskName)
 * or keyed hashes (hashNik); a consumer that needs more asks the owning service's API, which
 * checks the caller's rights.
 */
export const eventCatalog = defineCatalog([
  reportSubmitted,
  reportDisposed,
  reportStatusChanged,
  reportFollowedUp,
  reportClosed,
  reportDeadlineBreached,
  reportSupported,
  reportPrivacyChanged,
  reportEscalated,
  reportHandedOver,
  reportDeadlineExtended,
  postComplaintDetected,
  postDuplicateAttached,
  applicationSubmitted,
  applicationCompleted,
  applicationDecided,
  permitRevoked,
  applicationCompletionReminded,
  applicationLapsed,
  applicationObjected,
  applicationObjectionDecided,
  invitationCreated,
  ratingSubmitted,
  unitIndexUpdated,
  budgetSubmitted,
  budgetReturned,
  budgetApproved,
  budgetLocked,
  lineItemCut,
  budgetRevised,
  shiftProposed,
  shiftRejected,
  auditAnchored,
]);
export type EventCatalog = typeof eventCatalog;
