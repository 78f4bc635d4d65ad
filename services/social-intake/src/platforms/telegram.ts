import { z } from 'zod';
import type { ParseOptions, ParseResult, PostAuthor, PostThread } from './post.js';
import { parseJsonBody, UNKNOWN_AUTHOR, WebhookPayloadError } from './post.js';
import { Collector, describeIssue, nonEmpty, toGeo } from './internal.js';
import type { HeaderValue, SignatureCheck } from './signature.js';
import { constantTimeEqual, singleHeader } from './signature.js';

/*
 * Telegram Bot API webhooks (core.telegram.org/bots/api#setwebhook). No signature: `setWebhook`
 * takes a `secret_token`, and every request then carries it in X-Telegram-Bot-Api-Secret-Token.
 */

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** The form Telegram accepts for `secret_token`: 1-256 characters of A-Z a-z 0-9 _ -. */
export const TELEGRAM_SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

export const TelegramSecretToken = z.string().regex(TELEGRAM_SECRET_TOKEN_PATTERN, {
  error: 'a Telegram secret_token is 1-256 characters of A-Z, a-z, 0-9, _ and -',
});

export function isValidTelegramSecretToken(value: unknown): value is string {
  return typeof value === 'string' && TELEGRAM_SECRET_TOKEN_PATTERN.test(value);
}

/**
 * Compares the header with the configured secret in constant time. A header not of the allowed
 * form is `malformed`. Throws a RangeError when the configured secret itself is not of that form
 * (Telegram would have refused it in setWebhook, so the configuration is wrong).
 */
export function verifyTelegramSecret(header: HeaderValue, expected: string): SignatureCheck {
  if (!isValidTelegramSecretToken(expected)) {
    throw new RangeError('the configured Telegram secret_token must be 1-256 characters of A-Z, a-z, 0-9, _ and -');
  }
  const single = singleHeader(header);
  if (typeof single === 'string') return single;
  if (!TELEGRAM_SECRET_TOKEN_PATTERN.test(single.value)) return 'malformed';
  return constantTimeEqual(single.value, expected) ? 'ok' : 'mismatch';
}

/* ------------------------------------------------------------------------------------------ */

const Update = z.looseObject({ update_id: z.number().int().nonnegative() });

const User = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const Chat = z.looseObject({
  id: z.number().int(),
  type: z.string().optional(),
  title: z.string().optional(),
  username: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
});

const Location = z.looseObject({ latitude: z.number(), longitude: z.number() });

const Message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().optional(),
  chat: Chat,
  from: User.optional(),
  sender_chat: Chat.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  location: Location.optional(),
  venue: z.looseObject({ location: Location, title: z.string().optional(), address: z.string().optional() }).optional(),
  reply_to_message: z.looseObject({ message_id: z.number().int() }).optional(),
  message_thread_id: z.number().int().optional(),
  is_topic_message: z.boolean().optional(),
});

const MESSAGE_KEYS = ['message', 'edited_message', 'channel_post', 'edited_channel_post'] as const;

/** A message that is only a bot command (`/start`, `/help@sinergi_bot`) carries no report. */
const BARE_COMMAND = /^\/[A-Za-z0-9_]{1,64}(@[A-Za-z0-9_]{1,64})?$/;

const fullName = (first?: string, last?: string): string | null => nonEmpty([first, last].filter(Boolean).join(' '));

/**
 * Normalizes one Telegram `Update` received by the bot named `bot` (the account). One update holds
 * at most one message: `message`, `channel_post`, and their edits.
 *
 * externalId is `{bot}:{chat_id}:{message_id}`. An `edited_message` (or `edited_channel_post`)
 * keeps the key of the original message, so with idempotent storage the first version wins and an
 * edit of a message already stored changes nothing; an edit of a message never received (the bot
 * joined later, a lost delivery) becomes the post. `update_id` is not the key: it numbers
 * deliveries, not messages.
 *
 * The text is `text` or a media `caption`; `location` and `venue` give geo. Messages from bots,
 * bare commands and messages with neither text nor location are skipped, as are other update
 * types (callback queries, member changes, polls). Throws WebhookPayloadError only for a body
 * that is not JSON or has no integer `update_id`.
 */
export function parseTelegramUpdate(body: unknown, bot: string, options: ParseOptions = {}): ParseResult {
  if (typeof bot !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(bot))
    throw new RangeError('the bot name must be 1-64 characters of A-Z, a-z, 0-9, _ and -');
  const root = Update.safeParse(parseJsonBody(body));
  if (!root.success)
    throw new WebhookPayloadError('unrecognized-root', 'a Telegram update is an object with an integer "update_id"');
  const update = root.data as Record<string, unknown>;
  const out = new Collector(options);
  const key = MESSAGE_KEYS.find((k) => update[k] !== undefined);
  if (key === undefined) {
    const types = Object.keys(update).filter((k) => k !== 'update_id');
    out.skip(
      types.length > 0 ? `Telegram ${types.join('/')} update is not handled` : 'Telegram update without content',
    );
    return out.result();
  }
  const parsed = Message.safeParse(update[key]);
  if (!parsed.success) {
    out.skip(`Telegram ${key} not understood (${describeIssue(parsed.error)})`, key);
    return out.result();
  }
  const message = parsed.data;
  if (message.from?.is_bot === true) {
    out.skip('message from a bot', key);
    return out.result();
  }
  const venue = message.venue;
  const geo = venue
    ? toGeo(venue.location.latitude, venue.location.longitude, { name: venue.title, address: venue.address })
    : message.location
      ? toGeo(message.location.latitude, message.location.longitude)
      : null;
  const text =
    nonEmpty(message.text) ??
    nonEmpty(message.caption) ??
    (geo ? [geo.name, geo.address].filter(Boolean).join(', ') : null);
  if ((text === null || text === '') && geo === null) {
    out.skip('message without text or location', key);
    return out.result();
  }
  if (text !== null && geo === null && BARE_COMMAND.test(text)) {
    out.skip('bare bot command', key);
    return out.result();
  }

  let author: PostAuthor;
  if (message.from !== undefined) {
    author = {
      platformId: String(message.from.id),
      displayName: fullName(message.from.first_name, message.from.last_name) ?? nonEmpty(message.from.username),
    };
  } else {
    // Channel posts and anonymous group admins write as a chat.
    const chat =
      message.sender_chat ?? (key === 'channel_post' || key === 'edited_channel_post' ? message.chat : undefined);
    author = chat
      ? {
          platformId: String(chat.id),
          displayName: nonEmpty(chat.title) ?? fullName(chat.first_name, chat.last_name) ?? nonEmpty(chat.username),
        }
      : { platformId: UNKNOWN_AUTHOR, displayName: null };
  }

  const chatId = String(message.chat.id);
  const thread: PostThread = { chatId, messageId: String(message.message_id) };
  if (message.reply_to_message !== undefined) thread.parentId = String(message.reply_to_message.message_id);
  if (message.message_thread_id !== undefined && message.is_topic_message === true)
    thread.conversationId = String(message.message_thread_id);

  out.add(
    {
      channel: 'telegram',
      kind: 'message',
      account: bot,
      externalId: `${bot}:${chatId}:${message.message_id}`,
      thread,
      author,
      text: text ?? '',
      geo,
      receivedAt: out.time(message.date),
      raw: update,
    },
    key,
  );
  return out.result();
}
