/**
 * Complaints' events about reports that came from our posts become replies on the post's channel.
 * Each handler runs in the kit's consumer transaction (with the inbox record), and the outbound row
 * is unique on (post, kind, tracking id): a redelivered or re-emitted event never makes a second
 * message. The row is only queued here; the sender (sender.ts) makes the platform call.
 */
import { eventCatalog, type EventCatalog, type ReportStatus } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { SocialIntakeDB, Trx } from '../db/schema.js';
import { chooseReplyMethod, replyText, UNKNOWN_AUTHOR, type NormalizedPost, type ReplyKind } from '../platforms/index.js';
import type { Ctx } from '../context.js';

export const REPLY_CONSUMER = 'social-intake-complaints';
export const SYSTEM_PREFIX = 'social-intake:';

/** Replies everyone can read under the citizen's public post. */
export const PUBLIC_REPLY_METHODS: readonly string[] = ['facebook-comment-reply', 'instagram-comment-reply', 'x-tweet-reply'];
export const CONFIDENTIAL = 'the report is confidential (rahasia): no public reply';

/** Our post behind a complaints event's source reference, if it is one of ours. */
async function postOf(trx: Trx, tenant: string, source: Source) {
  if (!source || !source.system.startsWith(SYSTEM_PREFIX)) return undefined;
  return trx
    .selectFrom('post')
    .select(['id', 'channel', 'kind', 'account', 'author_platform_id', 'received_at', 'report_confidential'])
    .where('tenant_id', '=', tenant)
    .where('channel', '=', source.system.slice(SYSTEM_PREFIX.length))
    // events carry the keyed hash; events from before it carry the platform id
    .where((eb) => eb.or([eb('external_ref', '=', source.id), eb('external_id', '=', source.id)]))
    .executeTakeFirst();
}

export type Source = { system: string; id: string } | null;

/** The citizen's latest message to the same account: it reopens the messaging windows. */
export async function lastInboundOf(trx: Trx, tenant: string, post: { channel: string; account: string; author_platform_id: string }): Promise<Date | null> {
  if (post.author_platform_id === UNKNOWN_AUTHOR) return null;
  const latest = await trx
    .selectFrom('post')
    .select((eb) => eb.fn.max('received_at').as('at'))
    .where('tenant_id', '=', tenant)
    .where('channel', '=', post.channel)
    .where('account', '=', post.account)
    .where('author_platform_id', '=', post.author_platform_id)
    .executeTakeFirst();
  return (latest?.at as Date | null | undefined) ?? null;
}

export interface QueueReplyInput {
  tenant: string;
  source: Source;
  trackingId: string;
  kind: ReplyKind;
  status: ReportStatus;
  /** A person decided this reply (Messenger's HUMAN_AGENT tag is allowed for those only). */
  humanDecided: boolean;
  /** The report was just created: remember its tracking id on the post. */
  setTrackingId?: boolean;
  now?: Date;
}

/** Queues one reply; returns the outbound row's status, or undefined when the event is not about one of our posts. */
export async function queueReply(trx: Trx, input: QueueReplyInput): Promise<string | undefined> {
  const post = await postOf(trx, input.tenant, input.source);
  if (!post) return undefined;

  if (input.setTrackingId) {
    await trx.updateTable('post').set({ report_tracking_id: input.trackingId }).where('id', '=', post.id).execute();
  }

  const lastInboundAt = await lastInboundOf(trx, input.tenant, post);
  const now = input.now ?? new Date();
  const plan = chooseReplyMethod(
    { channel: post.channel as NormalizedPost['channel'], kind: post.kind as NormalizedPost['kind'], receivedAt: post.received_at.toISOString() },
    lastInboundAt,
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
  const inserted = await trx
    .insertInto('outbound_message')
    .values({
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
    })
    .onConflict((oc) => oc.columns(['post_id', 'kind', 'tracking_id']).doNothing())
    .returning('status')
    .executeTakeFirst();
  return inserted?.status;
}

/** The consumer of complaints' report events (registered in app.ts). */
export function replyConsumer(_ctx: Ctx) {
  return defineConsumer<EventCatalog, SocialIntakeDB>({
    name: REPLY_CONSUMER,
    catalog: eventCatalog,
    handlers: {
      'sinergi.complaints.report.submitted.v1': async (event, trx) => {
        await queueReply(trx, { tenant: event.tenant, source: event.data.source, trackingId: event.data.trackingId, kind: 'received', status: 'submitted', humanDecided: false, setTrackingId: true });
      },
      'sinergi.complaints.report.followed-up.v1': async (event, trx) => {
        await queueReply(trx, { tenant: event.tenant, source: event.data.source, trackingId: event.data.trackingId, kind: 'followed-up', status: 'followed-up', humanDecided: true });
      },
      'sinergi.complaints.report.closed.v1': async (event, trx) => {
        const d = event.data;
        await queueReply(trx, { tenant: event.tenant, source: d.source, trackingId: d.trackingId, kind: 'closed', status: 'closed', humanDecided: d.reason !== 'auto' });
      },
      'sinergi.complaints.report.privacy-changed.v1': async (event, trx) => {
        const post = await postOf(trx, event.tenant, event.data.source);
        if (!post) return;
        await trx.updateTable('post').set({ report_confidential: event.data.rahasia }).where('id', '=', post.id).execute();
        if (event.data.rahasia) {
          // replies queued before the flag was set must not go out in public either
          await trx
            .updateTable('outbound_message')
            .set({ status: 'impossible', error: CONFIDENTIAL })
            .where('post_id', '=', post.id)
            .where('status', '=', 'pending')
            .where('method', 'in', PUBLIC_REPLY_METHODS)
            .execute();
        }
      },
      'sinergi.complaints.report.status-changed.v1': async (event, trx) => {
        const d = event.data;
        if (d.to !== 'deferred') return;
        await queueReply(trx, { tenant: event.tenant, source: d.source, trackingId: d.trackingId, kind: 'needs-information', status: 'deferred', humanDecided: true });
      },
    },
  });
}
