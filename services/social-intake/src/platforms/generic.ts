import { z } from 'zod';
import { GeoPoint, normalizePhone } from '@sinergi/contracts';
import type { ParseOptions, ParseResult, PostThread } from './post.js';
import { UNKNOWN_AUTHOR } from './post.js';
import { Collector } from './internal.js';

/*
 * POST /webhooks/generic: SMS gateways and other integrations. Authenticated by the kit's
 * integrator bearer tokens (not here); this module only defines and normalizes the body.
 */

export const GENERIC_CHANNELS = ['sms', 'generic'] as const;
export const GENERIC_BATCH_MAX = 1000;

export const GenericIntakeItem = z
  .object({
    channel: z.enum(GENERIC_CHANNELS),
    /** The receiving account as the gateway names it (a short code, a number, an inbox). */
    account: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[^\s:]+$/, { error: 'account must not contain spaces or ":"' }),
    /** The gateway's own id of the message, stable across its retries. */
    externalId: z.string().trim().min(1).max(200),
    text: z.string().trim().min(1).max(4000),
    /** The sender: for SMS a phone number (normalized to E.164 when it is an Indonesian mobile). */
    from: z.string().trim().min(1).max(200).optional(),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    location: GeoPoint.optional(),
  })
  .strict();
export type GenericIntakeItem = z.infer<typeof GenericIntakeItem>;

/** One item, or a batch of 1 to 1000. */
export const GenericIntakeBody = z.union([GenericIntakeItem, z.array(GenericIntakeItem).min(1).max(GENERIC_BATCH_MAX)]);
export type GenericIntakeBody = z.infer<typeof GenericIntakeBody>;

function sender(channel: GenericIntakeItem['channel'], from: string | undefined): string {
  if (from === undefined) return UNKNOWN_AUTHOR;
  if (channel !== 'sms') return from;
  try {
    return normalizePhone(from);
  } catch {
    return from; // short codes, foreign numbers: kept as the gateway gave them
  }
}

/**
 * Normalizes a validated generic body. externalId is `{account}:{externalId}` (the integrator's id
 * scoped to its account); repeats inside one batch are skipped. kind is `message`.
 */
export function normalizeGenericItems(body: GenericIntakeBody, options: ParseOptions = {}): ParseResult {
  const items = Array.isArray(body) ? body : [body];
  const out = new Collector(options);
  items.forEach((item, i) => {
    const from = sender(item.channel, item.from);
    const thread: PostThread = { messageId: item.externalId };
    if (item.from !== undefined) thread.chatId = from;
    out.add(
      {
        channel: item.channel,
        kind: 'message',
        account: item.account,
        externalId: `${item.account}:${item.externalId}`,
        thread,
        author: { platformId: from, displayName: null },
        text: item.text,
        geo: item.location ? { lat: item.location.lat, lon: item.location.lon } : null,
        receivedAt: item.receivedAt === undefined ? out.fallbackTime : out.time(item.receivedAt),
        raw: item,
      },
      Array.isArray(body) ? `[${i}]` : '',
    );
  });
  return out.result();
}
