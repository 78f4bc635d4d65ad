/**
 * Replies to the citizen: what complaints' and official-rating's events queue (in the consumer's
 * transaction, so these take `trx`), and the outbound log staff read. A message is only queued here;
 * the sender (sender.ts) makes the platform call.
 */
import type { ReportStatus } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { OutboundStatus, Trx } from '../db/schema.js';
import {
  chooseRatingInvitationMethod,
  chooseReplyMethod,
  ratingInvitationText,
  RATING_LINK_PLACEHOLDER,
  redactRatingLink,
  replyText,
  type NormalizedPost,
  type ReplyKind,
} from '../platforms/index.js';
import { queueSupportLink } from './support-link.js';
import {
  findAttachedPosts,
  findPostBySource,
  insertOutboundOnce,
  lastInboundAt,
  listOutbound,
  setReportConfidential,
  setReportTrackingId,
  withdrawPendingReplies,
} from './repository.js';

/** The source system other services name our posts by: `social-intake:<channel>`. */
export const SYSTEM_PREFIX = 'social-intake:';

/** Replies everyone can read under the citizen's public post. */
export const PUBLIC_REPLY_METHODS: readonly string[] = [
  'facebook-comment-reply',
  'instagram-comment-reply',
  'x-tweet-reply',
];
export const CONFIDENTIAL = 'the report is confidential (rahasia): no public reply';

export type Source = { system: string; id: string } | null;

const postOf = (trx: Trx, tenant: string, source: Source) =>
  source?.system.startsWith(SYSTEM_PREFIX)
    ? findPostBySource(trx, tenant, { channel: source.system.slice(SYSTEM_PREFIX.length), id: source.id })
    : Promise.resolve(undefined);

export interface QueueReplyInput {
  tenant: string;
  source: Source;
  trackingId: string;
  kind: ReplyKind;
  status: ReportStatus;
  /** A person decided this reply (Messenger's HUMAN_AGENT tag is allowed for those only). */
  humanDecided: boolean;
  /**
   * The report was just created: remember its tracking id on the post, and send its tracking link to
   * the authors of the posts already attached to it (REPORT_TRACKING_URL).
   */
  setTrackingId?: { trackingUrl: string };
  now?: Date;
}

/** Queues one reply; returns the outbound row's status, or undefined when the event is not about one of our posts. */
export async function queueReply(trx: Trx, input: QueueReplyInput): Promise<string | undefined> {
  const post = await postOf(trx, input.tenant, input.source);
  if (!post) return undefined;

  if (input.setTrackingId) {
    await setReportTrackingId(trx, post.id, input.trackingId);
    for (const attached of await findAttachedPosts(trx, post.id)) {
      await queueSupportLink(trx, {
        tenant: input.tenant,
        post: attached,
        trackingId: input.trackingId,
        trackingUrl: input.setTrackingId.trackingUrl,
        ...(input.now ? { now: input.now } : {}),
      });
    }
  }

  const lastInbound = await lastInboundAt(trx, input.tenant, post);
  const now = input.now ?? new Date();
  const plan = chooseReplyMethod(
    {
      channel: post.channel as NormalizedPost['channel'],
      kind: post.kind as NormalizedPost['kind'],
      receivedAt: post.received_at.toISOString(),
    },
    lastInbound,
    now,
    { allowHumanAgent: input.humanDecided },
  );
  if (plan.possible && post.report_confidential && PUBLIC_REPLY_METHODS.includes(plan.method)) {
    Object.assign(plan, { possible: false, reason: CONFIDENTIAL });
  }
  let text: string;
  try {
    text = replyText({ trackingId: input.trackingId, status: input.status, kind: input.kind });
  } catch (error) {
    // a tracking id we may not show is no reason to block the stream: record it as impossible
    text = '';
    plan.possible = false;
    (plan as { reason: string }).reason = error instanceof Error ? error.message : String(error);
  }
  return insertOutboundOnce(trx, {
    tenant_id: input.tenant,
    post_id: post.id,
    tracking_id: input.trackingId,
    kind: input.kind,
    report_status: input.status,
    method: plan.possible ? plan.method : null,
    status: plan.possible ? 'pending' : 'impossible',
    error: plan.possible ? null : plan.reason,
    text,
    next_attempt_at: now,
  });
}

/** Complaints marked the report rahasia (or lifted it): public replies, also those already queued, stop. */
export async function applyReportPrivacy(
  trx: Trx,
  input: { tenant: string; source: Source; rahasia: boolean },
): Promise<void> {
  const post = await postOf(trx, input.tenant, input.source);
  if (!post) return;
  await setReportConfidential(trx, post.id, input.rahasia);
  // replies queued before the flag was set must not go out in public either
  if (input.rahasia)
    await withdrawPendingReplies(trx, post.id, { methods: PUBLIC_REPLY_METHODS, reason: CONFIDENTIAL });
}

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
  const post = await postOf(trx, input.tenant, input.source);
  if (!post) return 'unknown-post';

  const now = input.now ?? new Date();
  const plan = chooseRatingInvitationMethod(
    {
      channel: post.channel as NormalizedPost['channel'],
      kind: post.kind as NormalizedPost['kind'],
      receivedAt: post.received_at.toISOString(),
      telegramChatType: post.channel === 'telegram' ? post.telegram_chat_type : null,
    },
    await lastInboundAt(trx, input.tenant, post),
    now,
  );
  let text = `Undangan penilaian layanan untuk laporan ${input.trackingId}: ${RATING_LINK_PLACEHOLDER}`;
  let reason = plan.possible ? null : plan.reason;
  try {
    text = redactRatingLink(
      ratingInvitationText({
        trackingId: input.trackingId,
        url: input.url,
        expiresAt: input.expiresAt,
        timeZone: input.timeZone,
      }),
      input.url,
    );
  } catch (error) {
    // a link or id we may not send is no reason to block the stream: record it as impossible
    reason = error instanceof Error ? error.message : String(error);
  }
  const possible = plan.possible && reason === null;
  return insertOutboundOnce(trx, {
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
  });
}

/** `unit` as `listOutbound` takes it: undefined region-wide, a unit's code, or null for nothing. */
export const outboundLog = (
  ctx: Ctx,
  q: {
    tenant: string;
    unit: string | null | undefined;
    status?: OutboundStatus | undefined;
    limit: number;
    offset: number;
  },
) => ctx.db.withTenant(q.tenant, (trx) => listOutbound(trx, q));
