/**
 * Rating invitations from official-rating: when an application is decided (issued, rejected,
 * deemed granted) official-rating creates one single-use invitation for it, and we keep it so the
 * applicant finds it in their own view.
 *
 * The invitation's `url` carries a bearer token: whoever holds it can rate in the applicant's name.
 * It is stored in its own table that only the applicant's view (registration number + secret, or
 * the citizen account that applied) reads: never staff or auditor views, public verification, the
 * permit document (JSON or PDF), events or logs.
 *
 * One row per application: the kit's inbox makes a redelivery a no-op, and the primary key on the
 * application keeps a second invitation for the same application to one row (the one that expires
 * last, so a reissued invitation replaces an older one but a stale event never replaces a newer one).
 */
import { eventCatalog, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import type { LicensingDB } from '../db/schema.js';
import { registrationNumbers } from '../applications/identifiers.js';

export const RATING_CONSUMER = 'licensing-rating-invitations';

export function ratingInvitationConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, LicensingDB>({
    name: RATING_CONSUMER,
    catalog: eventCatalog,
    handlers: {
      'sinergi.official-rating.invitation.created.v1': async (event, trx) => {
        const d = event.data;
        if (d.transaction.system !== 'licensing') return;
        const reg = registrationNumbers.normalize(d.transaction.id);
        const application = reg ? await trx.selectFrom('application').select('id').where('registration_number', '=', reg).executeTakeFirst() : undefined;
        if (!application) {
          // a number we do not know will not become known by retrying: acknowledge and say so (never the url)
          ctx.logger.warn({ eventId: event.id, tenant: event.tenant, invitationId: d.invitationId, transactionId: d.transaction.id }, 'rating invitation for an unknown application; ignored');
          return;
        }
        await trx
          .insertInto('rating_invitation')
          .values({ application_id: application.id, tenant_id: event.tenant, invitation_id: d.invitationId, url: d.url, expires_at: new Date(d.expiresAt) })
          .onConflict((oc) =>
            oc
              .column('application_id')
              .doUpdateSet({ invitation_id: sql`excluded.invitation_id`, url: sql`excluded.url`, expires_at: sql`excluded.expires_at`, received_at: sql`now()` })
              .where(sql<boolean>`excluded.expires_at > rating_invitation.expires_at`),
          )
          .execute();
      },
    },
  });
}
