import { z } from 'zod';
import type { NormalizedPost, ParseOptions, ParseResult, PostGeo, PostThread } from './post.js';
import { parseJsonBody, UNKNOWN_AUTHOR, WebhookPayloadError } from './post.js';
import { Collector, describeIssue, isRecord, nonEmpty, PlatformId, toGeo } from './internal.js';
import type { HeaderValue, SignatureCheck } from './signature.js';
import { checkHmacHeader, constantTimeEqual, requireSecret } from './signature.js';

/*
 * Meta webhooks: Facebook Pages, Instagram and the WhatsApp Cloud API share one scheme
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started).
 */

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

export type MetaSubscriptionResult =
  | { ok: true; challenge: string }
  | { ok: false; reason: 'not-subscribe' | 'token-mismatch' | 'missing-challenge' };

/** A query as a route has it: flat keys (`hub.mode`), qs-style nesting (`hub: { mode }`), or URLSearchParams. */
export type QueryInput = URLSearchParams | Record<string, unknown>;

function queryValue(query: QueryInput, name: string): string | undefined {
  if (query instanceof URLSearchParams) {
    const all = query.getAll(name);
    return all.length === 1 ? all[0] : undefined;
  }
  let value = query[name];
  if (value === undefined && name.startsWith('hub.') && isRecord(query.hub)) value = query.hub[name.slice(4)];
  return typeof value === 'string' ? value : undefined; // repeated parameters (arrays) do not count
}

/** Challenges are numbers in practice; anything printable up to 1024 characters is echoed. */
const CHALLENGE = /^[\x21-\x7e]{1,1024}$/;

/**
 * The subscription handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`.
 * On `ok` answer 200 with the challenge as a `text/plain` body; otherwise 403.
 */
export function verifyMetaSubscription(query: QueryInput, verifyToken: string): MetaSubscriptionResult {
  requireSecret(verifyToken, 'the Meta verify token');
  if (queryValue(query, 'hub.mode') !== 'subscribe') return { ok: false, reason: 'not-subscribe' };
  const token = queryValue(query, 'hub.verify_token');
  if (token === undefined || !constantTimeEqual(token, verifyToken)) return { ok: false, reason: 'token-mismatch' };
  const challenge = queryValue(query, 'hub.challenge');
  if (challenge === undefined || !CHALLENGE.test(challenge)) return { ok: false, reason: 'missing-challenge' };
  return { ok: true, challenge };
}

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`, over the raw bytes as
 * received (re-serialized JSON does not match). Hex digits may be upper or lower case.
 */
export function verifyMetaSignature(rawBody: Uint8Array, header: HeaderValue, appSecret: string): SignatureCheck {
  requireSecret(appSecret, 'the Meta app secret');
  return checkHmacHeader(rawBody, header, appSecret, /^sha256=([0-9a-fA-F]{64})$/, 'hex');
}

/* ------------------------------------------------------------------------------------------ */
/* Payload schemas: loose objects, so extra platform fields never break parsing.              */

const MetaRoot = z.looseObject({ object: z.string(), entry: z.array(z.unknown()) });

const Entry = z.looseObject({
  id: PlatformId,
  time: z.unknown().optional(),
  changes: z.array(z.unknown()).optional(),
  messaging: z.array(z.unknown()).optional(),
  standby: z.array(z.unknown()).optional(),
});

const Change = z.looseObject({ field: z.string(), value: z.unknown() });

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

const MessagingEvent = z.looseObject({
  sender: z.looseObject({ id: PlatformId }),
  recipient: z.looseObject({ id: PlatformId }),
  timestamp: z.unknown().optional(),
  message: z
    .looseObject({
      mid: PlatformId,
      text: z.string().optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      reply_to: z.looseObject({ mid: PlatformId.optional() }).optional(),
    })
    .optional(),
});

const WhatsAppValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: PlatformId, display_phone_number: z.string().optional() }),
  contacts: z.array(z.looseObject({ wa_id: PlatformId.optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

const WhatsAppMessage = z.looseObject({
  from: PlatformId,
  id: PlatformId,
  timestamp: z.unknown().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  location: z
    .looseObject({ latitude: z.unknown(), longitude: z.unknown(), name: z.string().optional(), address: z.string().optional() })
    .optional(),
  context: z.looseObject({ id: PlatformId.optional() }).optional(),
});

/** WhatsApp media types whose caption is taken as the text. */
const CAPTIONED_MEDIA = ['image', 'video', 'document'] as const;

/* ------------------------------------------------------------------------------------------ */

type MetaChannel = 'facebook' | 'instagram' | 'whatsapp';
const CHANNEL_OF_OBJECT: Record<string, MetaChannel> = {
  page: 'facebook',
  instagram: 'instagram',
  whatsapp_business_account: 'whatsapp',
};

/**
 * Normalizes a Meta webhook delivery (batched: many entries, each with many changes, messaging
 * events or WhatsApp messages). Posts:
 * - Page feed comments (`field: feed`, `item: comment`, `verb: add`), except the page's own.
 * - Page Messenger and Instagram Direct messages with text (`entry[].messaging[]`), except echoes.
 * - Instagram comments (`field: comments`, also `live_comments`), except the account's own.
 * - WhatsApp messages of type text and location (and the caption of image/video/document).
 * Everything else (edits, removals, reactions, receipts, statuses, other fields and objects) is
 * skipped with a reason. Throws WebhookPayloadError only when the body is not JSON or has no
 * `object` string and `entry` array.
 */
export function parseMetaWebhook(body: unknown, options: ParseOptions = {}): ParseResult {
  const root = MetaRoot.safeParse(parseJsonBody(body));
  if (!root.success) {
    throw new WebhookPayloadError('unrecognized-root', 'a Meta webhook body is an object with an "object" string and an "entry" array');
  }
  const out = new Collector(options);
  const channel = CHANNEL_OF_OBJECT[root.data.object];
  if (channel === undefined) {
    out.skip(`object "${root.data.object}" is not handled`, 'object');
    return out.result();
  }

  root.data.entry.forEach((rawEntry, e) => {
    const path = `entry[${e}]`;
    const entry = Entry.safeParse(rawEntry);
    if (!entry.success) {
      out.skip(`entry not understood (${describeIssue(entry.error)})`, path);
      return;
    }
    const { id: account, time: entryTime } = entry.data;
    entry.data.changes?.forEach((rawChange, c) => {
      const changePath = `${path}.changes[${c}]`;
      const change = Change.safeParse(rawChange);
      if (!change.success) {
        out.skip(`change not understood (${describeIssue(change.error)})`, changePath);
        return;
      }
      const { field, value } = change.data;
      if (channel === 'facebook' && field === 'feed') feedChange(out, account, value, changePath);
      else if (channel === 'instagram' && (field === 'comments' || field === 'live_comments')) {
        instagramComment(out, account, entryTime, value, changePath);
      } else if (channel === 'whatsapp' && field === 'messages') whatsAppChange(out, value, changePath);
      else out.skip(`${channel} field "${field}" is not handled`, changePath);
    });
    if (channel !== 'whatsapp') {
      entry.data.messaging?.forEach((event, m) => messagingEvent(out, channel, account, event, `${path}.messaging[${m}]`));
    }
    entry.data.standby?.forEach((_, s) => out.skip('standby event (another app owns the conversation)', `${path}.standby[${s}]`));
  });
  return out.result();
}

function feedChange(out: Collector, pageId: string, value: unknown, path: string): void {
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

function instagramComment(out: Collector, accountId: string, entryTime: unknown, value: unknown, path: string): void {
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

const NON_MESSAGE_EVENTS = ['delivery', 'read', 'postback', 'reaction', 'optin', 'referral', 'account_linking', 'message_edit'];

function messagingEvent(out: Collector, channel: 'facebook' | 'instagram', accountId: string, raw: unknown, path: string): void {
  const parsed = MessagingEvent.safeParse(raw);
  if (!parsed.success) {
    out.skip(`messaging event not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const event = parsed.data;
  const message = event.message;
  if (message === undefined) {
    const kinds = NON_MESSAGE_EVENTS.filter((key) => key in event);
    out.skip(kinds.length > 0 ? `${kinds.join('/')} event, not a message` : 'messaging event without a message', path);
    return;
  }
  if (message.is_echo === true || event.sender.id === accountId) {
    out.skip('echo of a message the account sent', path);
    return;
  }
  if (message.is_deleted === true) {
    out.skip('message deleted by its sender', path);
    return;
  }
  const text = nonEmpty(message.text);
  if (text === null) {
    out.skip('message without text (attachment or sticker only)', path);
    return;
  }
  const thread: PostThread = { chatId: event.sender.id, messageId: message.mid };
  if (message.reply_to?.mid !== undefined) thread.parentId = message.reply_to.mid;
  out.add(
    {
      channel,
      kind: 'dm',
      account: accountId,
      externalId: message.mid,
      thread,
      author: { platformId: event.sender.id, displayName: null },
      text,
      geo: null,
      receivedAt: out.time(event.timestamp),
      raw,
    },
    path,
  );
}

function whatsAppChange(out: Collector, value: unknown, path: string): void {
  const parsed = WhatsAppValue.safeParse(value);
  if (!parsed.success) {
    out.skip(`WhatsApp change not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const v = parsed.data;
  const account = v.metadata.phone_number_id;
  const names = new Map<string, string>();
  for (const contact of v.contacts ?? []) {
    const name = nonEmpty(contact.profile?.name);
    if (contact.wa_id !== undefined && name !== null) names.set(contact.wa_id, name);
  }
  v.statuses?.forEach((_, s) => out.skip('WhatsApp status update (sent/delivered/read)', `${path}.value.statuses[${s}]`));
  if (v.errors !== undefined && v.errors.length > 0) out.skip('WhatsApp error notification', `${path}.value.errors`);

  v.messages?.forEach((rawMessage, m) => {
    const messagePath = `${path}.value.messages[${m}]`;
    const message = WhatsAppMessage.safeParse(rawMessage);
    if (!message.success) {
      out.skip(`WhatsApp message not understood (${describeIssue(message.error)})`, messagePath);
      return;
    }
    const msg = message.data;
    let text: string | null = null;
    let geo: PostGeo | null = null;
    if (msg.type === 'text') {
      text = nonEmpty(msg.text?.body);
    } else if (msg.type === 'location') {
      const { latitude, longitude, name, address } = msg.location ?? {};
      geo = toGeo(latitude, longitude, { name, address });
      text = [nonEmpty(name), nonEmpty(address)].filter((part) => part !== null).join(', ');
    } else if ((CAPTIONED_MEDIA as readonly string[]).includes(msg.type)) {
      const media = (rawMessage as Record<string, unknown>)[msg.type];
      text = isRecord(media) && typeof media.caption === 'string' ? nonEmpty(media.caption) : null;
      if (text === null) {
        out.skip(`WhatsApp ${msg.type} without caption`, messagePath);
        return;
      }
    } else {
      out.skip(`WhatsApp message type "${msg.type}" is not handled`, messagePath);
      return;
    }
    if ((text === null || text === '') && geo === null) {
      out.skip(`WhatsApp ${msg.type} message without text or valid location`, messagePath);
      return;
    }
    const thread: PostThread = { chatId: msg.from, messageId: msg.id };
    if (msg.context?.id !== undefined) thread.parentId = msg.context.id;
    const post: NormalizedPost = {
      channel: 'whatsapp',
      kind: 'message',
      account,
      externalId: msg.id,
      thread,
      author: { platformId: msg.from, displayName: names.get(msg.from) ?? null },
      text: text ?? '',
      geo,
      receivedAt: out.time(msg.timestamp),
      raw: rawMessage,
    };
    out.add(post, messagePath);
  });
}
