/**
 * official-rating's invitations for reports that came from our posts go back to the citizen on the
 * same channel, but only privately: the link holds a single-use bearer token, so a public comment, a
 * reply tweet or a group chat never gets it. The outbound row records the decision either way
 * (`impossible` with the reason when the channel is public or its window has closed).
 *
 * Like the other replies it is one outbound row per post, kind and report (a redelivered event or a
 * second invitation for the same report sends nothing more), queued here in the kit's consumer
 * transaction and sent by the sender (sender.ts). The link itself is kept apart from the logged text
 * and only until the message is out.
 */
import { eventCatalog, timeZoneForRegion, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { SocialIntakeDB } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { queueRatingInvitation, SYSTEM_PREFIX } from './use-cases.js';

export const RATING_REPLY_CONSUMER = 'social-intake-rating-invitations';

/** The consumer of official-rating's invitations (registered in app.ts). */
export function ratingInvitationConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, SocialIntakeDB>({
    name: RATING_REPLY_CONSUMER,
    catalog: eventCatalog,
    handlers: {
      'sinergi.official-rating.invitation.created.v1': async (event, trx) => {
        const d = event.data;
        if (d.transaction.system !== 'complaints' || !d.source?.system.startsWith(SYSTEM_PREFIX)) return;
        const timeZone = ctx.directory.get(event.tenant)?.timeZone ?? timeZoneForRegion(event.tenant);
        const status = await queueRatingInvitation(trx, {
          tenant: event.tenant,
          timeZone,
          invitationId: d.invitationId,
          source: d.source,
          trackingId: d.transaction.id,
          url: d.url,
          expiresAt: d.expiresAt,
        });
        const log = {
          eventId: event.id,
          tenant: event.tenant,
          invitationId: d.invitationId,
          trackingId: d.transaction.id,
          channel: d.source.system,
        };
        if (status === 'unknown-post') ctx.logger.warn(log, 'rating invitation for a post we do not have; ignored');
        else if (status === 'impossible')
          ctx.logger.info(
            log,
            'rating invitation not sent: the post is not a private conversation or its window has closed',
          );
      },
    },
  });
}
