/** Meta messages: Messenger and Instagram Direct messages, and WhatsApp Cloud API messages, as posts. */
import { z } from 'zod';
import type { NormalizedPost, PostGeo, PostThread } from './post.js';
import { describeIssue, isRecord, nonEmpty, PlatformId, toGeo, type Collector } from './internal.js';

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
  contacts: z
    .array(
      z.looseObject({
        wa_id: PlatformId.optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
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
    .looseObject({
      latitude: z.unknown(),
      longitude: z.unknown(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  context: z.looseObject({ id: PlatformId.optional() }).optional(),
});

/** WhatsApp media types whose caption is taken as the text. */
const CAPTIONED_MEDIA = ['image', 'video', 'document'] as const;

const NON_MESSAGE_EVENTS = [
  'delivery',
  'read',
  'postback',
  'reaction',
  'optin',
  'referral',
  'account_linking',
  'message_edit',
];

export function messagingEvent(
  out: Collector,
  inbox: { channel: 'facebook' | 'instagram'; accountId: string },
  raw: unknown,
  path: string,
): void {
  const { channel, accountId } = inbox;
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

export function whatsAppChange(out: Collector, value: unknown, path: string): void {
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
  v.statuses?.forEach((_, s) =>
    out.skip('WhatsApp status update (sent/delivered/read)', `${path}.value.statuses[${s}]`),
  );
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
