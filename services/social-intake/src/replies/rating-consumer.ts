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
import { sql } from 'kysely';
import type { SocialIntakeDB, Trx } from '../db/schema.js';
import { chooseRatingInvitationMethod, ratingInvitationText, redactRatingLink, RATING_LINK_PLACEHOLDER, type NormalizedPost } from '../platforms/index.js';
import type { Ctx } from '../context.js';
import { lastInboundOf, SYSTEM_PREFIX } from './consumer.js';

export const RATING_REPLY_CONSUMER = 'social-intake-rating-invitations';

export interface QueueRatingInput {
  tenant: string;
  timeZone: string;
  invitationId: string;
  source: { system: string; id: string };
  trackingId: string;
  url: string;
  expiresAt: string;
  now?: Date;
}

/**
 * Queues the invitation for the post behind `source`; returns the outbound row's status (undefined
 * when the row existed already), or 'unknown-post' when the source is none of our posts.
 */
export async function queueRatingInvitation(trx: Trx, input: QueueRatingInput): Promise<string | undefined> {
  const post = await trx
    .selectFrom('post')
    .select(['id', 'channel', 'kind', 'account', 'author_platform_id', 'received_at'])
    .select(sql<string | null>`coalesce(raw->'message'->'chat'->>'type', raw->'edited_message'->'chat'->>'type')`.as('telegram_chat_type'))
    .where('tenant_id', '=', input.tenant)
    .where('channel', '=', input.source.system.slice(SYSTEM_PREFIX.length))
    // events carry the keyed hash; events from before it carry the platform id
    .where((eb) => eb.or([eb('external_ref', '=', input.source.id), eb('external_id', '=', input.source.id)]))
    .executeTakeFirst();
  if (!post) return 'unknown-post';

  const now = input.now ?? new Date();
  const plan = chooseRatingInvitationMethod(
    {
      channel: post.channel as NormalizedPost['channel'],
      kind: post.kind as NormalizedPost['kind'],
      receivedAt: post.received_at.toISOString(),
      telegramChatType: post.channel === 'telegram' ? post.telegram_chat_type : null,
    },
    await lastInboundOf(trx, input.tenant, post),
    now,
  );
  let text = `Undangan penilaian layanan untuk laporan ${input.trackingId}: ${RATING_LINK_PLACEHOLDER}`;
  let reason = plan.possible ? null : plan.reason;
  try {
    text = redactRatingLink(ratingInvitationText({ trackingId: input.trackingId, url: input.url, expiresAt: input.expiresAt, timeZone: input.timeZone }), input.url);
  } catch (error) {
    // a link or id we may not send is no reason to block the stream: record it as impossible
    reason = error instanceof Error ? error.message : String(error);
  }
  const possible = plan.possible && reason === null;
  const inserted = await trx
    .insertInto('outbound_message')
    .values({
      tenant_id: input.tenant,
      post_id: post.id,
      tracking_id: input.trackingId,
      kind: 'rating-invitation',
      report_status: 'closed',
      method: possible ? plan.method : null,
      status: possible ? 'pending' : 'impossible',
      error: reason,
      text,
      // the link is kept only for a message that will go out
      rating_url: possible ? input.url : null,
      invitation_id: input.invitationId,
      next_attempt_at: now,
    })
    .onConflict((oc) => oc.columns(['post_id', 'kind', 'tracking_id']).doNothing())
    .returning('status')
    .executeTakeFirst();
  return inserted?.status;
}

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
        const log = { eventId: event.id, tenant: event.tenant, invitationId: d.invitationId, trackingId: d.transaction.id, channel: d.source.system };
        if (status === 'unknown-post') ctx.logger.warn(log, 'rating invitation for a post we do not have; ignored');
        else if (status === 'impossible') ctx.logger.info(log, 'rating invitation not sent: the post is not a private conversation or its window has closed');
      },
    },
  });
}
