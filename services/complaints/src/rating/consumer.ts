/**
 * Rating invitations from official-rating: when a report closes, official-rating creates a
 * single-use invitation for it, and we keep it (the kit's `ratingInvitations`, in the
 * `rating_invitation` table of migration 002) so the reporter finds it in their own view. Its `url`
 * is a bearer capability: only the reporter's view (tracking ID + secret) reads it, never the public
 * view, lists, Open311, exports or staff views.
 */
import { ratingInvitations } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { ComplaintsDB } from '../db/schema.js';
import { findReportId } from '../reports/repository.js';

export const RATING_CONSUMER = 'complaints-rating-invitations';

export const invitations = ratingInvitations({ system: 'complaints', owner: { table: 'report', column: 'report_id' } });

export function ratingInvitationConsumer(ctx: Ctx) {
  return invitations.consumer<ComplaintsDB>({ name: RATING_CONSUMER, logger: ctx.logger, findOwner: findReportId });
}
