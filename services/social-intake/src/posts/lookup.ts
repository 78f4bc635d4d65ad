/**
 * A gateway that delivered a message learns what became of it: the post by (channel, external id),
 * its triage status and, once complaints made the report, the tracking id (for a near-duplicate, the
 * report it supports). Nothing personal: no author, no text. Who may ask is decided here only.
 */
import { SocialChannel, type SOCIAL_CHANNELS } from '@sinergi/contracts';
import type { Principal } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { PostStatus } from '../db/schema.js';
import { P } from '../problems.js';
import { findPostByExternalId } from './repository.js';

export interface PostLookup {
  channel: (typeof SOCIAL_CHANNELS)[number];
  externalId: string;
  status: PostStatus;
  receivedAt: string;
  /** The report the post became (status complaint) or supports (status attached); null until complaints made it. */
  reportTrackingId: string | null;
}

/**
 * Admins and auditors (the whole region), officers and unit heads (their unit's accounts), and the
 * integrator whose token delivered the post through the generic webhook.
 */
export function mayLookUp(principal: Principal, post: { unit: string | null; delivered_by: string | null }): boolean {
  const roles = principal.roles;
  if (roles.includes('admin') || roles.includes('auditor')) return true;
  if ((roles.includes('officer') || roles.includes('unit-head')) && principal.unit && principal.unit === post.unit)
    return true;
  return roles.includes('integrator') && post.delivered_by !== null && post.delivered_by === principal.sub;
}

export function lookUpPost(
  ctx: Ctx,
  q: { tenant: string; principal: Principal; channel: string; externalId: string },
): Promise<PostLookup> {
  return ctx.db.withTenant(q.tenant, async (trx) => {
    const post = await findPostByExternalId(trx, q);
    // another integrator's post answers exactly like a missing one: its existence is not told
    if (!post || !mayLookUp(q.principal, post)) throw P.post_not_found('There is no such post for you in this region.');
    return {
      channel: SocialChannel.parse(post.channel),
      externalId: post.external_id,
      status: post.status,
      receivedAt: post.received_at.toISOString(),
      reportTrackingId:
        post.status === 'complaint'
          ? post.report_tracking_id
          : post.status === 'attached'
            ? post.supported_tracking_id
            : null,
    };
  });
}
