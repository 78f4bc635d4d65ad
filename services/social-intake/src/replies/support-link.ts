/**
 * The author of a near-duplicate (a post attached to an earlier complaint instead of becoming a second
 * report) learns which report it now supports: one message with the report's tracking link, in a
 * private conversation only, under the same rules as the rating link (README, "Rating invitations").
 * Queued when the post is attached and the report is known, or when complaints' `report.submitted`
 * for the earlier post arrives later; one row per post and report (`insertOutboundOnce`).
 */
import type { Trx } from '../db/schema.js';
import {
  chooseRatingInvitationMethod,
  isPrivateConversation,
  TRACKING_ID_PATTERN,
  type NormalizedPost,
} from '../platforms/index.js';
import { insertOutboundOnce, lastInboundAt } from './repository.js';

/** The report's public tracking page: `base` (REPORT_TRACKING_URL) with the tracking id appended. */
export function trackingLink(base: string, trackingId: string): string {
  if (!TRACKING_ID_PATTERN.test(trackingId))
    throw new RangeError('trackingId must be 4-40 upper-case letters, digits and dashes');
  return `${base.replace(/\/+$/u, '')}/${encodeURIComponent(trackingId)}`;
}

/** What the author reads, in Indonesian: nothing personal, the tracking id and its public page. */
export function supportLinkText(trackingId: string, link: string): string {
  return (
    `Terima kasih atas laporannya. Masalah yang sama sudah dilaporkan warga lain sebagai ${trackingId}; ` +
    `laporan Anda kami catat sebagai dukungan untuk laporan itu. Pantau perkembangannya di ${link}`
  );
}

export interface AttachedPost {
  id: string;
  channel: string;
  kind: string;
  account: string;
  author_platform_id: string;
  received_at: Date;
  telegram_chat_type: string | null;
}

/** Queues the link for one attached post; returns the new row's status, undefined when it existed. */
export async function queueSupportLink(
  trx: Trx,
  input: { tenant: string; post: AttachedPost; trackingId: string; trackingUrl: string; now?: Date },
): Promise<string | undefined> {
  const { post } = input;
  const now = input.now ?? new Date();
  const facts = {
    channel: post.channel as NormalizedPost['channel'],
    kind: post.kind as NormalizedPost['kind'],
    receivedAt: post.received_at.toISOString(),
    telegramChatType: post.channel === 'telegram' ? post.telegram_chat_type : null,
  };
  const plan = isPrivateConversation(facts)
    ? chooseRatingInvitationMethod(facts, await lastInboundAt(trx, input.tenant, post), now)
    : ({
        possible: false,
        reason: `the ${post.channel} ${post.kind} is not a private conversation: the tracking link goes to private conversations only`,
      } as const);
  let text = '';
  let reason = plan.possible ? null : plan.reason;
  try {
    text = supportLinkText(input.trackingId, trackingLink(input.trackingUrl, input.trackingId));
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const possible = plan.possible && reason === null;
  return insertOutboundOnce(trx, {
    tenant_id: input.tenant,
    post_id: post.id,
    tracking_id: input.trackingId,
    kind: 'support-link',
    report_status: 'submitted',
    method: possible ? plan.method : null,
    status: possible ? 'pending' : 'impossible',
    error: reason,
    text,
    next_attempt_at: now,
  });
}
