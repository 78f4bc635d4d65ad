/** Meta comments: Facebook Page feed comments and Instagram comments, as posts. */
import { z } from 'zod';
import type { PostThread } from './post.js';
import { UNKNOWN_AUTHOR } from './post.js';
import { describeIssue, nonEmpty, PlatformId, type Collector } from './internal.js';

const FeedValue = z.looseObject({ item: z.string(), verb: z.string().optional() });

const FeedComment = z.looseObject({
  item: z.literal('comment'),
  verb: z.literal('add'),
  comment_id: PlatformId,
  post_id: PlatformId.optional(),
  parent_id: PlatformId.optional(),
  from: z.looseObject({ id: PlatformId, name: z.string().optional() }).optional(),
  message: z.string().optional(),
  created_time: z.unknown().optional(),
});

const InstagramComment = z.looseObject({
  id: PlatformId,
  text: z.string().optional(),
  from: z.looseObject({ id: PlatformId, username: z.string().optional() }).optional(),
  media: z.looseObject({ id: PlatformId, media_product_type: z.string().optional() }).optional(),
  parent_id: PlatformId.optional(),
});

export function feedChange(out: Collector, pageId: string, value: unknown, path: string): void {
  const head = FeedValue.safeParse(value);
  if (!head.success) {
    out.skip(`feed change not understood (${describeIssue(head.error)})`, path);
    return;
  }
  if (head.data.item !== 'comment') {
    out.skip(`feed item "${head.data.item}" is not a comment`, path);
    return;
  }
  if (head.data.verb !== 'add') {
    out.skip(`comment ${head.data.verb ?? 'change'} (only new comments are taken)`, path);
    return;
  }
  const parsed = FeedComment.safeParse(value);
  if (!parsed.success) {
    out.skip(`comment not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const v = parsed.data;
  if (v.from?.id === pageId) {
    out.skip("the page's own comment", path);
    return;
  }
  const text = nonEmpty(v.message);
  if (text === null) {
    out.skip('comment without text', path);
    return;
  }
  const thread: PostThread = { messageId: v.comment_id };
  if (v.post_id !== undefined) thread.postId = v.post_id;
  // Top-level comments carry parent_id = post_id; only a reply to a comment has a parent of its own.
  if (v.parent_id !== undefined && v.parent_id !== v.post_id) thread.parentId = v.parent_id;
  out.add(
    {
      channel: 'facebook',
      kind: 'comment',
      account: pageId,
      externalId: v.comment_id,
      thread,
      author: { platformId: v.from?.id ?? UNKNOWN_AUTHOR, displayName: nonEmpty(v.from?.name) },
      text,
      geo: null,
      receivedAt: out.time(v.created_time),
      raw: value,
    },
    path,
  );
}

export function instagramComment(
  out: Collector,
  entry: { accountId: string; entryTime: unknown },
  value: unknown,
  path: string,
): void {
  const { accountId, entryTime } = entry;
  const parsed = InstagramComment.safeParse(value);
  if (!parsed.success) {
    out.skip(`Instagram comment not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const v = parsed.data;
  if (v.from?.id === accountId) {
    out.skip("the account's own comment", path);
    return;
  }
  const text = nonEmpty(v.text);
  if (text === null) {
    out.skip('comment without text', path);
    return;
  }
  const thread: PostThread = { messageId: v.id };
  if (v.media !== undefined) thread.postId = v.media.id;
  if (v.parent_id !== undefined) thread.parentId = v.parent_id;
  out.add(
    {
      channel: 'instagram',
      kind: 'comment',
      account: accountId,
      externalId: v.id,
      thread,
      author: { platformId: v.from?.id ?? UNKNOWN_AUTHOR, displayName: nonEmpty(v.from?.username) },
      text,
      geo: null,
      receivedAt: out.time(entryTime),
      raw: value,
    },
    path,
  );
}
