import { z } from 'zod';
import type { ParseOptions, ParseResult } from './post.js';
import { parseJsonBody, WebhookPayloadError } from './post.js';
import { Collector, describeIssue, isRecord, PlatformId } from './internal.js';
import type { HeaderValue, SignatureCheck } from './signature.js';
import { checkHmacHeader, constantTimeEqual, requireSecret } from './signature.js';
import { feedChange, instagramComment } from './meta-comments.js';
import { messagingEvent, whatsAppChange } from './meta-messages.js';

/*
 * Meta webhooks: Facebook Pages, Instagram and the WhatsApp Cloud API share one scheme
 * (developers.facebook.com/docs/graph-api/webhooks/getting-started).
 */

export const META_SIGNATURE_HEADER = 'x-hub-signature-256';

export type MetaSubscriptionResult =
  { ok: true; challenge: string } | { ok: false; reason: 'not-subscribe' | 'token-mismatch' | 'missing-challenge' };

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
  return checkHmacHeader(rawBody, header, appSecret, { pattern: /^sha256=([0-9a-fA-F]{64})$/, encoding: 'hex' });
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
    throw new WebhookPayloadError(
      'unrecognized-root',
      'a Meta webhook body is an object with an "object" string and an "entry" array',
    );
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
        instagramComment(out, { accountId: account, entryTime }, value, changePath);
      } else if (channel === 'whatsapp' && field === 'messages') whatsAppChange(out, value, changePath);
      else out.skip(`${channel} field "${field}" is not handled`, changePath);
    });
    if (channel !== 'whatsapp') {
      entry.data.messaging?.forEach((event, m) =>
        messagingEvent(out, { channel, accountId: account }, event, `${path}.messaging[${m}]`),
      );
    }
    entry.data.standby?.forEach((_, s) =>
      out.skip('standby event (another app owns the conversation)', `${path}.standby[${s}]`),
    );
  });
  return out.result();
}
