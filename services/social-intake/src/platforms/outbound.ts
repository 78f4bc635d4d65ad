import type { NormalizedPost } from './post.js';
import type { ReplyContent, ReplyMethod } from './reply.js';
import { replyText, templateParameters } from './reply.js';

/*
 * Outbound reply clients. The platforms are unreachable from our machines, so every client takes
 * its base URL and credentials from configuration (tests point them at a local HTTP server).
 * Clients never throw for HTTP errors or network failures: they return the result to record.
 */

export interface HttpTarget {
  /** e.g. `https://graph.facebook.com`, `https://api.x.com`, `https://api.telegram.org`; no trailing path needed. */
  baseUrl: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Graph API (Facebook Pages, Instagram, WhatsApp Cloud API). */
export interface GraphApiConfig extends HttpTarget {
  /** e.g. `v21.0`. */
  version: string;
  /** Page access token (Facebook, Instagram) or system-user token (WhatsApp). */
  accessToken: string;
}

export interface WhatsAppConfig extends GraphApiConfig {
  /** The approved template for replies outside the 24 h window; body {{1}} tracking id, {{2}} status. */
  template: { name: string; language: string };
}

export interface XApiConfig extends HttpTarget {
  /** OAuth 2.0 user-context access token of the receiving account. */
  bearerToken: string;
}

export interface TelegramApiConfig extends HttpTarget {
  /** The bot token from BotFather, `123456:ABC…`. */
  botToken: string;
}

export interface OutboundResult {
  /** true for a 2xx answer (and, for Telegram, `ok: true` in it). */
  ok: boolean;
  /** HTTP status; 0 when no answer arrived (network error, timeout). */
  status: number;
  /** The answer's body, cut to OUTBOUND_BODY_MAX characters. */
  body: string;
  /** The platform's id of the message sent, when the answer names it. */
  externalId?: string;
  /** Why no answer arrived, or why the request was not made. */
  error?: string;
}

export const OUTBOUND_BODY_MAX = 2000;
const DEFAULT_TIMEOUT_MS = 10_000;

function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

const seg = (value: string): string => encodeURIComponent(value);

function graphPath(config: GraphApiConfig, ...segments: string[]): string {
  if (!/^v\d+\.\d+$/.test(config.version))
    throw new RangeError(`Graph API version must look like v21.0, got "${config.version}"`);
  return joinUrl(config.baseUrl, [config.version, ...segments.map(seg)].join('/'));
}

function idFrom(json: unknown, path: readonly (string | number)[]): string | undefined {
  let value: unknown = json;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

interface Request {
  url: string;
  headers?: Record<string, string>;
  json: unknown;
  timeoutMs: number | undefined;
  /** Where the sent message's id is in the answer. */
  idPath: readonly (string | number)[];
  /** Secrets that must not appear in a returned error text (the Telegram token is in the URL). */
  redact?: string[];
  /** For APIs that answer `{ ok: false }` with a 2xx status. */
  okField?: boolean;
}

function redactAll(text: string, secrets: readonly string[] = []): string {
  return secrets.reduce((acc, secret) => (secret === '' ? acc : acc.split(secret).join('[redacted]')), text);
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}`;
}

async function post(request: Request): Promise<OutboundResult> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.json),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, status: 0, body: '', error: redactAll(errorText(error), request.redact) };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    return {
      ok: false,
      status: response.status,
      body: '',
      error: redactAll(`reading the answer failed: ${errorText(error)}`, request.redact),
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  let ok = response.status >= 200 && response.status < 300;
  if (ok && request.okField === true)
    ok = typeof json === 'object' && json !== null && (json as { ok?: unknown }).ok === true;
  const result: OutboundResult = {
    ok,
    status: response.status,
    body: redactAll(text, request.redact).slice(0, OUTBOUND_BODY_MAX),
  };
  const externalId = ok ? idFrom(json, request.idPath) : undefined;
  if (externalId !== undefined) result.externalId = externalId;
  return result;
}

/** Runs `build`, turning a configuration error (bad version, token) into a result instead of a throw. */
async function guarded(build: () => Request): Promise<OutboundResult> {
  let request: Request;
  try {
    request = build();
  } catch (error) {
    return { ok: false, status: 0, body: '', error: error instanceof Error ? error.message : String(error) };
  }
  return post(request);
}

/* ------------------------------------------------------------------------------------------ */

/** Facebook: a reply comment, `POST {base}/{version}/{comment_id}/comments` with `message` and `access_token`. */
export function replyToFacebookComment(
  config: GraphApiConfig,
  input: { commentId: string; message: string },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: graphPath(config, input.commentId, 'comments'),
    json: { message: input.message, access_token: config.accessToken },
    timeoutMs: config.timeoutMs,
    idPath: ['id'],
  }));
}

/** Instagram: a reply to a comment, `POST {base}/{version}/{comment_id}/replies`. */
export function replyToInstagramComment(
  config: GraphApiConfig,
  input: { commentId: string; message: string },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: graphPath(config, input.commentId, 'replies'),
    json: { message: input.message, access_token: config.accessToken },
    timeoutMs: config.timeoutMs,
    idPath: ['id'],
  }));
}

/**
 * Messenger Send API, for Facebook Messenger and Instagram Direct: `POST {base}/{version}/me/messages`
 * with `recipient.id`, `message.text` and `messaging_type` RESPONSE, or MESSAGE_TAG with tag
 * HUMAN_AGENT (between 24 h and 7 days after the citizen's last message; see chooseReplyMethod).
 */
export function sendMessengerMessage(
  config: GraphApiConfig,
  input: { recipientId: string; text: string; humanAgent?: boolean },
): Promise<OutboundResult> {
  const tagged = input.humanAgent === true;
  return guarded(() => ({
    url: graphPath(config, 'me', 'messages'),
    json: {
      recipient: { id: input.recipientId },
      messaging_type: tagged ? 'MESSAGE_TAG' : 'RESPONSE',
      ...(tagged ? { tag: 'HUMAN_AGENT' } : {}),
      message: { text: input.text },
      access_token: config.accessToken,
    },
    timeoutMs: config.timeoutMs,
    idPath: ['message_id'],
  }));
}

/** WhatsApp Cloud API free-form text (inside the 24 h window): `POST {base}/{version}/{phone_number_id}/messages`. */
export function sendWhatsAppText(
  config: GraphApiConfig,
  input: { phoneNumberId: string; to: string; text: string; replyToMessageId?: string },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: graphPath(config, input.phoneNumberId, 'messages'),
    headers: { authorization: `Bearer ${config.accessToken}` },
    json: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: input.to,
      ...(input.replyToMessageId === undefined ? {} : { context: { message_id: input.replyToMessageId } }),
      type: 'text',
      text: { preview_url: false, body: input.text },
    },
    timeoutMs: config.timeoutMs,
    idPath: ['messages', 0, 'id'],
  }));
}

/** WhatsApp Cloud API template message (outside the 24 h window), body parameters in order. */
export function sendWhatsAppTemplate(
  config: WhatsAppConfig,
  input: { phoneNumberId: string; to: string; parameters: readonly string[] },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: graphPath(config, input.phoneNumberId, 'messages'),
    headers: { authorization: `Bearer ${config.accessToken}` },
    json: {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: input.to,
      type: 'template',
      template: {
        name: config.template.name,
        language: { code: config.template.language },
        components: [{ type: 'body', parameters: input.parameters.map((text) => ({ type: 'text', text })) }],
      },
    },
    timeoutMs: config.timeoutMs,
    idPath: ['messages', 0, 'id'],
  }));
}

/** X: a reply tweet, `POST {base}/2/tweets` with `reply.in_reply_to_tweet_id`. */
export function replyOnX(
  config: XApiConfig,
  input: { inReplyToTweetId: string; text: string },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: joinUrl(config.baseUrl, '2/tweets'),
    headers: { authorization: `Bearer ${config.bearerToken}` },
    json: { text: input.text, reply: { in_reply_to_tweet_id: input.inReplyToTweetId } },
    timeoutMs: config.timeoutMs,
    idPath: ['data', 'id'],
  }));
}

/** X: a direct message, `POST {base}/2/dm_conversations/with/{participant_id}/messages`. */
export function sendXDirectMessage(
  config: XApiConfig,
  input: { participantId: string; text: string },
): Promise<OutboundResult> {
  return guarded(() => ({
    url: joinUrl(config.baseUrl, `2/dm_conversations/with/${seg(input.participantId)}/messages`),
    headers: { authorization: `Bearer ${config.bearerToken}` },
    json: { text: input.text },
    timeoutMs: config.timeoutMs,
    idPath: ['data', 'dm_event_id'],
  }));
}

const TELEGRAM_BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;

/** Telegram: `POST {base}/bot{token}/sendMessage` with chat_id, text and reply_to_message_id (plain text, no parse_mode). */
export function sendTelegramMessage(
  config: TelegramApiConfig,
  input: { chatId: string; text: string; replyToMessageId?: string },
): Promise<OutboundResult> {
  return guarded(() => {
    if (!TELEGRAM_BOT_TOKEN.test(config.botToken))
      throw new RangeError('the Telegram bot token must look like 123456:ABC-DEF…');
    const replyTo = input.replyToMessageId === undefined ? undefined : Number(input.replyToMessageId);
    return {
      url: joinUrl(config.baseUrl, `bot${config.botToken}/sendMessage`),
      json: {
        // Numeric ids as numbers (they fit: Telegram keeps them below 2^52); @channelusername as is.
        chat_id:
          /^-?\d+$/.test(input.chatId) && Number.isSafeInteger(Number(input.chatId))
            ? Number(input.chatId)
            : input.chatId,
        text: input.text,
        ...(replyTo !== undefined && Number.isSafeInteger(replyTo) ? { reply_to_message_id: replyTo } : {}),
      },
      timeoutMs: config.timeoutMs,
      idPath: ['result', 'message_id'],
      redact: [config.botToken],
      okField: true,
    };
  });
}

/* ------------------------------------------------------------------------------------------ */

/** The clients' configuration for one receiving account (tokens are per page, per number, per bot). */
export interface OutboundConfig {
  facebook?: GraphApiConfig;
  instagram?: GraphApiConfig;
  whatsapp?: WhatsAppConfig;
  x?: XApiConfig;
  telegram?: TelegramApiConfig;
}

/** What a reply needs from the stored post. */
export type ReplyTarget = Pick<NormalizedPost, 'channel' | 'account' | 'externalId' | 'thread'> & {
  author: Pick<NormalizedPost['author'], 'platformId'>;
};

function missing(what: string): Promise<OutboundResult> {
  return Promise.resolve({ ok: false, status: 0, body: '', error: what });
}

/** A message written before it was queued (a rating invitation): sent as is, never as a template. */
export interface PreparedText {
  text: string;
}

/**
 * Sends the reply chosen by chooseReplyMethod: the text from replyText (or a prepared text), or for
 * a WhatsApp template the tracking id and status label as body parameters.
 */
export function sendReply(
  config: OutboundConfig,
  target: ReplyTarget,
  method: ReplyMethod,
  content: ReplyContent | PreparedText,
): Promise<OutboundResult> {
  let text: string;
  try {
    text = 'text' in content ? content.text : replyText(content);
  } catch (error) {
    return missing(error instanceof Error ? error.message : String(error));
  }
  const { thread } = target;
  const replyTo = thread.messageId ?? target.externalId;
  const recipient = thread.chatId ?? target.author.platformId;
  switch (method) {
    case 'facebook-comment-reply':
      return config.facebook
        ? replyToFacebookComment(config.facebook, { commentId: replyTo, message: text })
        : missing('no facebook configuration');
    case 'instagram-comment-reply':
      return config.instagram
        ? replyToInstagramComment(config.instagram, { commentId: replyTo, message: text })
        : missing('no instagram configuration');
    case 'messenger-response':
    case 'messenger-human-agent': {
      const graph = target.channel === 'instagram' ? config.instagram : config.facebook;
      if (!graph) return missing(`no ${target.channel} configuration`);
      return sendMessengerMessage(graph, {
        recipientId: recipient,
        text,
        humanAgent: method === 'messenger-human-agent',
      });
    }
    case 'whatsapp-text':
      return config.whatsapp
        ? sendWhatsAppText(config.whatsapp, { phoneNumberId: target.account, to: recipient, text })
        : missing('no whatsapp configuration');
    case 'whatsapp-template':
      if ('text' in content) return missing('a prepared message cannot be sent as the WhatsApp template');
      return config.whatsapp
        ? sendWhatsAppTemplate(config.whatsapp, {
            phoneNumberId: target.account,
            to: recipient,
            parameters: templateParameters(content),
          })
        : missing('no whatsapp configuration');
    case 'x-tweet-reply':
      return config.x ? replyOnX(config.x, { inReplyToTweetId: replyTo, text }) : missing('no x configuration');
    case 'x-dm':
      return config.x
        ? sendXDirectMessage(config.x, { participantId: recipient, text })
        : missing('no x configuration');
    case 'telegram-message': {
      if (!config.telegram) return missing('no telegram configuration');
      if (thread.chatId === undefined) return missing('the post has no Telegram chat id');
      const input: { chatId: string; text: string; replyToMessageId?: string } = { chatId: thread.chatId, text };
      if (thread.messageId !== undefined) input.replyToMessageId = thread.messageId;
      return sendTelegramMessage(config.telegram, input);
    }
  }
}
