import { z } from 'zod';
import type { ParseOptions, ParseResult, PostThread } from './post.js';
import { parseJsonBody, WebhookPayloadError } from './post.js';
import { Collector, describeIssue, isRecord, nonEmpty, PlatformId, toGeo } from './internal.js';
import type { HeaderValue, SignatureCheck } from './signature.js';
import { checkHmacHeader, hmacSha256, requireSecret } from './signature.js';

/*
 * X (Twitter) Account Activity API: CRC challenge, signed deliveries, tweet and DM events
 * (developer.x.com, "Securing webhooks"). Payloads use the v1.1 object format.
 */

export const X_SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** The longest crc_token accepted; X's tokens are short (about 50 characters). */
export const X_CRC_TOKEN_MAX = 1024;

/**
 * The CRC answer: `{ response_token: 'sha256=' + base64(HMAC-SHA256(consumer secret, crc_token)) }`,
 * sent as JSON with 200 within 3 seconds. Throws a RangeError for an empty or oversized token
 * (the route answers 400) or an empty secret (a configuration error).
 */
export function xCrcResponse(crcToken: string, consumerSecret: string): { response_token: string } {
  requireSecret(consumerSecret, 'the X consumer secret');
  if (typeof crcToken !== 'string' || crcToken.length === 0 || crcToken.length > X_CRC_TOKEN_MAX) {
    throw new RangeError(`crc_token must be a string of 1 to ${X_CRC_TOKEN_MAX} characters`);
  }
  return { response_token: `sha256=${hmacSha256(consumerSecret, crcToken).toString('base64')}` };
}

/** The `crc_token` query parameter when present exactly once and of acceptable length, else null. */
export function readXCrcToken(query: URLSearchParams | Record<string, unknown>): string | null {
  const value =
    query instanceof URLSearchParams
      ? query.getAll('crc_token').length === 1
        ? query.get('crc_token')
        : null
      : query.crc_token;
  return typeof value === 'string' && value.length > 0 && value.length <= X_CRC_TOKEN_MAX ? value : null;
}

/** `x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`. */
export function verifyXSignature(rawBody: Uint8Array, header: HeaderValue, consumerSecret: string): SignatureCheck {
  requireSecret(consumerSecret, 'the X consumer secret');
  return checkHmacHeader(rawBody, header, consumerSecret, {
    pattern: /^sha256=([A-Za-z0-9+/]{43}=)$/,
    encoding: 'base64',
  });
}

/* ------------------------------------------------------------------------------------------ */

const XRoot = z.looseObject({ for_user_id: PlatformId });

const XUserRef = z.looseObject({
  id_str: PlatformId.optional(),
  id: z.unknown().optional(),
  name: z.string().optional(),
  screen_name: z.string().optional(),
});

const Tweet = z.looseObject({
  id_str: PlatformId,
  text: z.string().optional(),
  full_text: z.string().optional(),
  truncated: z.boolean().optional(),
  extended_tweet: z.looseObject({ full_text: z.string().optional() }).optional(),
  user: z.looseObject({ id_str: PlatformId, name: z.string().optional(), screen_name: z.string().optional() }),
  in_reply_to_status_id_str: PlatformId.nullable().optional(),
  timestamp_ms: z.unknown().optional(),
  created_at: z.string().optional(),
  coordinates: z
    .looseObject({ type: z.string().optional(), coordinates: z.array(z.unknown()) })
    .nullable()
    .optional(),
  retweeted_status: z.unknown().optional(),
});

const DirectMessageEvent = z.looseObject({
  type: z.string(),
  id: PlatformId,
  created_timestamp: z.unknown().optional(),
  message_create: z
    .looseObject({
      sender_id: PlatformId,
      target: z.looseObject({ recipient_id: PlatformId }).optional(),
      message_data: z.looseObject({ text: z.string().optional() }).optional(),
    })
    .optional(),
});

/** Keys of the delivery that are metadata, not events. */
const METADATA_KEYS = new Set(['for_user_id', 'user_has_blocked', 'users', 'apps', 'source']);

/**
 * Normalizes an Account Activity delivery. Posts: `tweet_create_events` (mentions of and replies to
 * the account; not its own tweets, nor retweets) as `mention`, and `direct_message_events` of type
 * `message_create` that the account did not send, as `dm` (display names from `users` when present).
 * Other event arrays (favorites, follows, deletes, typing, read receipts) are skipped, one reason per
 * item. Throws WebhookPayloadError only for a body that is not JSON or has no `for_user_id`.
 */
export function parseXWebhook(body: unknown, options: ParseOptions = {}): ParseResult {
  const decoded = parseJsonBody(body);
  const root = XRoot.safeParse(decoded);
  if (!root.success || !isRecord(decoded)) {
    throw new WebhookPayloadError('unrecognized-root', 'an X Account Activity body is an object with "for_user_id"');
  }
  const account = root.data.for_user_id;
  const out = new Collector(options);
  const users = isRecord(decoded.users) ? decoded.users : {};

  for (const [key, value] of Object.entries(decoded)) {
    if (METADATA_KEYS.has(key)) continue;
    if (key === 'tweet_create_events' && Array.isArray(value)) {
      value.forEach((tweet, i) => tweetEvent(out, account, tweet, `${key}[${i}]`));
    } else if (key === 'direct_message_events' && Array.isArray(value)) {
      value.forEach((event, i) => directMessage(out, { account, users }, event, `${key}[${i}]`));
    } else if (Array.isArray(value)) {
      value.forEach((_, i) => out.skip(`X ${key} are not handled`, `${key}[${i}]`));
    } else {
      out.skip(`X ${key} is not handled`, key);
    }
  }
  return out.result();
}

function tweetEvent(out: Collector, account: string, raw: unknown, path: string): void {
  const parsed = Tweet.safeParse(raw);
  if (!parsed.success) {
    out.skip(`tweet not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const tweet = parsed.data;
  if (tweet.user.id_str === account) {
    out.skip("the account's own tweet", path);
    return;
  }
  if (tweet.retweeted_status !== undefined && tweet.retweeted_status !== null) {
    out.skip('retweet', path);
    return;
  }
  const text = nonEmpty(tweet.extended_tweet?.full_text) ?? nonEmpty(tweet.full_text) ?? nonEmpty(tweet.text);
  if (text === null) {
    out.skip('tweet without text', path);
    return;
  }
  // GeoJSON order: [longitude, latitude]. A `place` is only a bounding box, too coarse to use as a point.
  const point = tweet.coordinates?.coordinates;
  const geo = point !== undefined && point.length === 2 ? toGeo(point[1], point[0]) : null;
  const thread: PostThread = { messageId: tweet.id_str };
  if (tweet.in_reply_to_status_id_str != null) thread.parentId = tweet.in_reply_to_status_id_str;
  out.add(
    {
      channel: 'x',
      kind: 'mention',
      account,
      externalId: tweet.id_str,
      thread,
      author: {
        platformId: tweet.user.id_str,
        displayName: nonEmpty(tweet.user.name) ?? nonEmpty(tweet.user.screen_name),
      },
      text,
      geo,
      receivedAt: out.time(tweet.timestamp_ms ?? tweet.created_at),
      raw,
    },
    path,
  );
}

function directMessage(
  out: Collector,
  to: { account: string; users: Record<string, unknown> },
  raw: unknown,
  path: string,
): void {
  const { account, users } = to;
  const parsed = DirectMessageEvent.safeParse(raw);
  if (!parsed.success) {
    out.skip(`direct message event not understood (${describeIssue(parsed.error)})`, path);
    return;
  }
  const event = parsed.data;
  if (event.type !== 'message_create' || event.message_create === undefined) {
    out.skip(`direct message event of type "${event.type}" is not handled`, path);
    return;
  }
  const { sender_id: senderId, message_data: data } = event.message_create;
  if (senderId === account) {
    out.skip('a direct message the account sent', path);
    return;
  }
  const text = nonEmpty(data?.text);
  if (text === null) {
    out.skip('direct message without text', path);
    return;
  }
  const user = XUserRef.safeParse(users[senderId]);
  const displayName = user.success ? (nonEmpty(user.data.name) ?? nonEmpty(user.data.screen_name)) : null;
  out.add(
    {
      channel: 'x',
      kind: 'dm',
      account,
      externalId: event.id,
      thread: { chatId: senderId, messageId: event.id },
      author: { platformId: senderId, displayName },
      text,
      geo: null,
      receivedAt: out.time(event.created_timestamp),
      raw,
    },
    path,
  );
}
