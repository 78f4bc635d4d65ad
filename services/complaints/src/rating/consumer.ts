/**
 * Rating invitations from official-rating: when a report closes, official-rating creates a
 * single-use invitation for it, and we keep it so the reporter finds it in their own view.
 *
 * The invitation's `url` carries a bearer token. Whoever holds it can rate in the reporter's name,
 * so it is stored in its own table that only the reporter's view (tracking ID + secret) reads:
 * never the public view, lists, Open311, exports or staff views.
 *
 * One row per report: the kit's inbox makes a redelivery a no-op, and the primary key on the report
 * keeps a second invitation event for the same report to one row (the one that expires last, so a
 * reissued invitation replaces an older one but a stale event never replaces a newer one).
 */
import { eventCatalog, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { ComplaintsDB } from '../db/schema.js';
import { normalizeTrackingId } from '../reports/identifiers.js';
import type { Ctx } from '../reports/service.js';

export const RATING_CONSUMER = 'complaints-rating-invitations';

export function ratingInvitationConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, ComplaintsDB>({
    name: RATING_CONSUMER,
    catalog: eventCatalog,
    handlers: {
      'sinergi.official-rating.invitation.created.v1': async (event, trx) => {
        const d = event.data;
        if (d.transaction.system !== 'complaints') return;
        const trackingId = normalizeTrackingId(d.transaction.id);
        const report = trackingId ? await trx.selectFrom('report').select('id').where('tracking_id', '=', trackingId).executeTakeFirst() : undefined;
        if (!report) {
          // an id we do not know will not become known by retrying: acknowledge and say so (never the url)
          ctx.logger.warn({ eventId: event.id, tenant: event.tenant, invitationId: d.invitationId, transactionId: d.transaction.id }, 'rating invitation for an unknown report; ignored');
          return;
        }
        await trx
          .insertInto('rating_invitation')
          .values({ report_id: report.id, tenant_id: event.tenant, invitation_id: d.invitationId, url: d.url, expires_at: new Date(d.expiresAt) })
          .onConflict((oc) =>
            oc
              .column('report_id')
              .doUpdateSet({ invitation_id: sql`excluded.invitation_id`, url: sql`excluded.url`, expires_at: sql`excluded.expires_at`, received_at: sql`now()` })
              .where(sql<boolean>`excluded.expires_at > rating_invitation.expires_at`),
          )
          .execute();
      },
    },
  });
}
