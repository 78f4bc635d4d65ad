import { storableJson, type SOCIAL_CHANNELS } from '@sinergi/contracts';

/*
 * The one shape every platform adapter produces. Identity and idempotency:
 *
 *   (channel, externalId) names one real item. A platform's retry of the same delivery, or the same
 *   item inside a later batch, yields the same externalId, so the store can insert with
 *   ON CONFLICT DO NOTHING and never make a second post.
 *
 *   facebook  comment  the comment_id ("{post}_{comment}"), globally unique at Meta
 *   facebook  dm       the Messenger message id (mid)
 *   instagram comment  the comment id
 *   instagram dm       the Instagram message id (mid)
 *   whatsapp  message  the WhatsApp message id (wamid)
 *   x         mention  the tweet id (id_str)
 *   x         dm       the direct message event id (X ids are Snowflakes, unique across object types)
 *   telegram  message  "{bot}:{chat_id}:{message_id}": message ids count per chat, and a user's private
 *                      chats with two of our bots share the chat id, so the bot is part of the key.
 *                      An edited message keeps the key of the original (see parseTelegramUpdate).
 *   sms/generic message "{account}:{externalId}": the integrator's own id, scoped to its account.
 */

/** The channels of the contracts catalog (`SocialChannel`). */
export type PostChannel = (typeof SOCIAL_CHANNELS)[number];

/**
 * comment: a public comment under one of the account's posts (Facebook, Instagram).
 * mention: a public post that mentions or replies to the account (X tweets).
 * dm: a private message inside a social network's inbox (Messenger, Instagram Direct, X DMs).
 * message: a message in a messaging app or gateway (WhatsApp, Telegram, SMS, generic).
 */
export type PostKind = 'comment' | 'message' | 'mention' | 'dm';

/** What a reply on the same channel needs. Every field is a platform id, as a string. */
export interface PostThread {
  /** The post the item sits under: Facebook post_id, Instagram media id. */
  postId?: string;
  /** The item this one answers: the parent comment, the tweet replied to, the Telegram or WhatsApp message quoted. */
  parentId?: string;
  /**
   * Where a private reply goes: Messenger PSID, Instagram-scoped id, WhatsApp wa_id, X user id of the
   * DM's sender, Telegram chat id, SMS sender. Absent for public comments and tweets.
   */
  chatId?: string;
  /** Telegram forum topic (message_thread_id). */
  conversationId?: string;
  /** The platform's own id of this item, to reply to it: comment id, tweet id, Telegram message_id, wamid. */
  messageId?: string;
}

/**
 * The author id used when the platform does not say who wrote the item: Meta leaves `from` out of
 * comments by people the app may not see, and a gateway may omit the sender. The item can still be
 * answered (a reply comment needs only the comment id).
 */
export const UNKNOWN_AUTHOR = 'unknown';

export interface PostAuthor {
  /** The author's id on the platform (for WhatsApp and SMS this is the phone number: personal data). */
  platformId: string;
  displayName: string | null;
}

export interface PostGeo {
  lat: number;
  lon: number;
  name?: string;
  address?: string;
}

export interface NormalizedPost {
  channel: PostChannel;
  kind: PostKind;
  /** The receiving account: page id, Instagram account id, phone_number_id, for_user_id, bot name, gateway account. */
  account: string;
  /** Unique per real item within the channel; see the table at the top of this file. */
  externalId: string;
  thread: PostThread;
  author: PostAuthor;
  /** As written, unmasked. May be '' only for a location-only message (then `geo` is set). */
  text: string;
  geo: PostGeo | null;
  /**
   * ISO 8601 (UTC): the platform's time of the item bounded by contracts' boundClientTime (more than
   * 5 minutes ahead of, or older than maxAgeMs before, the time of parsing becomes the time of
   * parsing), or the time of parsing when the platform gives none. `raw` keeps the stated time.
   */
  receivedAt: string;
  /** The item's own JSON as the platform sent it, for audit. */
  raw: unknown;
}

export interface SkippedItem {
  reason: string;
  /** Where in the body, e.g. `entry[0].changes[2]`. */
  path?: string;
}

export interface ParseResult {
  posts: NormalizedPost[];
  skipped: SkippedItem[];
}

export interface ParseOptions {
  /** The time of receipt: used when the platform gives none, and the bound of stated times. Defaults to the current time. */
  now?: Date;
  /** Stated times older than this before `now` are replaced by `now` (default 30 days). */
  maxAgeMs?: number;
}

export type WebhookPayloadProblem = 'not-json' | 'unrecognized-root';

/**
 * The only error the parsers throw: the body is not JSON, or its root is not the platform's
 * webhook shape at all. Routes answer it with 400. Anything inside a recognized root that the
 * parser does not understand is skipped with a reason instead.
 */
export class WebhookPayloadError extends Error {
  readonly status = 400;
  readonly problem: WebhookPayloadProblem;

  constructor(problem: WebhookPayloadProblem, message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
    this.problem = problem;
  }
}

/**
 * Parsers take the body as the route has it: the raw bytes (Buffer/Uint8Array), a string, or JSON
 * already parsed. Bytes and strings are decoded as UTF-8 JSON here, and every string and key is made
 * storable (contracts' storableJson: NUL dropped, lone surrogates replaced): a signed delivery is
 * taken whole, so one item PostgreSQL cannot hold must not fail, and lose, the items beside it.
 */
export function parseJsonBody(body: unknown): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return storableJson(body);
  const text =
    typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new WebhookPayloadError('not-json', 'the request body is not valid JSON');
  }
  return storableJson(parsed);
}
