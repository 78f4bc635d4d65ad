/**
 * Rating invitations from official-rating: when an application is decided (issued, rejected,
 * deemed granted) official-rating creates one single-use invitation for it, and we keep it so the
 * applicant finds it in their own view. The `url` is a bearer capability: only the applicant's
 * view reads it (the kit's helper keeps the table, the consumer and the read).
 */
import { ratingInvitations } from '@sinergi/service-kit';
import { findApplicationId } from '../applications/repository.js';
import { registrationNumbers } from '../applications/identifiers.js';
import type { Ctx } from '../context.js';
import type { LicensingDB, Trx } from '../db/schema.js';

export const RATING_CONSUMER = 'licensing-rating-invitations';

export const invitations = ratingInvitations({
  system: 'licensing',
  owner: { table: 'application', column: 'application_id' },
});

export function ratingInvitationConsumer(ctx: Ctx) {
  return invitations.consumer<LicensingDB>({
    name: RATING_CONSUMER,
    logger: ctx.logger,
    findOwner: async (trx, transactionId) => {
      const reg = registrationNumbers.normalize(transactionId);
      return reg ? findApplicationId(trx as Trx, reg) : undefined;
    },
  });
}
