import { describe, expect, it } from 'vitest';
import type { OutboundConfig, ReplyContent } from '../../src/platforms/index.js';
import {
  chooseReplyMethod,
  parseMetaWebhook,
  parseTelegramUpdate,
  parseXWebhook,
  replyText,
  sendReply,
} from '../../src/platforms/index.js';
import { BOT_TOKEN, graph, PAGE_TOKEN, received, telegram, useStandIn, whatsapp, xApi } from './outbound-stand-in.js';

useStandIn();

describe('sendReply: from a parsed post through the window rules to the platform', () => {
  const NOW = new Date('2024-11-28T12:00:00.000Z');
  const config: () => OutboundConfig = () => ({
    facebook: graph(),
    instagram: graph(),
    whatsapp: whatsapp(),
    x: xApi(),
    telegram: telegram(),
  });
  const content: ReplyContent = { trackingId: 'LPR-7K3M-Q9XD', status: 'submitted', kind: 'received' };
  const text = replyText(content);

  const waDelivery = (timestamp: number) => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              metadata: { phone_number_id: '110000000000001' },
              contacts: [{ wa_id: '6281234567890', profile: { name: 'Ahmad' } }],
              messages: [
                {
                  from: '6281234567890',
                  id: `wamid.${timestamp}`,
                  timestamp: String(timestamp),
                  type: 'text',
                  text: { body: 'Jalan rusak' },
                },
              ],
            },
          },
        ],
      },
    ],
  });

  it('WhatsApp inside the window: text; outside: the template with tracking id and status', async () => {
    const fresh = parseMetaWebhook(waDelivery(NOW.getTime() / 1000 - 3600), { now: NOW }).posts[0];
    const stale = parseMetaWebhook(waDelivery(NOW.getTime() / 1000 - 25 * 3600), { now: NOW }).posts[0];
    if (!fresh || !stale) throw new Error('parse failed');
    for (const post of [fresh, stale]) {
      const plan = chooseReplyMethod(post, null, NOW);
      if (!plan.possible) throw new Error(plan.reason);
      expect((await sendReply(config(), post, plan.method, content)).ok).toBe(true);
    }
    expect(received.map((r) => r.body)).toMatchObject([
      { to: '6281234567890', type: 'text', text: { body: text } },
      {
        to: '6281234567890',
        type: 'template',
        template: {
          name: 'status_laporan',
          components: [{ parameters: [{ text: 'LPR-7K3M-Q9XD' }, { text: 'Menunggu verifikasi' }] }],
        },
      },
    ]);
    expect(received.every((r) => r.url === '/v21.0/110000000000001/messages')).toBe(true);
  });

  it('Facebook comment, Messenger DM after 2 days, X mention, Telegram message', async () => {
    const fb = parseMetaWebhook(
      {
        object: 'page',
        entry: [
          {
            id: 'P1',
            changes: [
              {
                field: 'feed',
                value: {
                  item: 'comment',
                  verb: 'add',
                  comment_id: '55_66',
                  post_id: 'P1_55',
                  parent_id: 'P1_55',
                  from: { id: 'U1', name: 'A' },
                  message: 'Jalan rusak',
                  created_time: 1,
                },
              },
            ],
            messaging: [
              {
                sender: { id: 'PSID1' },
                recipient: { id: 'P1' },
                timestamp: NOW.getTime() - 2 * 86_400_000,
                message: { mid: 'm_1', text: 'Sampah' },
              },
            ],
          },
        ],
      },
      { now: NOW },
    ).posts;
    const tweet = parseXWebhook(
      {
        for_user_id: 'ME',
        tweet_create_events: [{ id_str: 'T1', text: '@me banjir', user: { id_str: 'U2', name: 'B' } }],
      },
      { now: NOW },
    ).posts;
    const tg = parseTelegramUpdate(
      {
        update_id: 1,
        message: {
          message_id: 9,
          chat: { id: 42, type: 'private' },
          from: { id: 42, first_name: 'C' },
          date: 1,
          text: 'PJU mati',
        },
      },
      'bot_a',
      { now: NOW },
    ).posts;
    for (const post of [...fb, ...tweet, ...tg]) {
      const plan = chooseReplyMethod(post, null, NOW);
      if (!plan.possible) throw new Error(plan.reason);
      expect((await sendReply(config(), post, plan.method, content)).status).toBe(200);
    }
    expect(received.map((r) => [r.url, r.body])).toEqual([
      ['/v21.0/55_66/comments', { message: text, access_token: PAGE_TOKEN }],
      [
        '/v21.0/me/messages',
        {
          recipient: { id: 'PSID1' },
          messaging_type: 'MESSAGE_TAG',
          tag: 'HUMAN_AGENT',
          message: { text },
          access_token: PAGE_TOKEN,
        },
      ],
      ['/2/tweets', { text, reply: { in_reply_to_tweet_id: 'T1' } }],
      [`/bot${BOT_TOKEN}/sendMessage`, { chat_id: 42, text, reply_to_message_id: 9 }],
    ]);
  });

  it('a missing configuration or an invalid tracking id is a result, not a request', async () => {
    const target = {
      channel: 'x' as const,
      account: 'ME',
      externalId: 'T1',
      thread: { messageId: 'T1' },
      author: { platformId: 'U2' },
    };
    expect(await sendReply({}, target, 'x-tweet-reply', content)).toMatchObject({
      ok: false,
      status: 0,
      error: 'no x configuration',
    });
    expect(
      await sendReply(config(), target, 'x-tweet-reply', { ...content, trackingId: 'budi@example.com' }),
    ).toMatchObject({ ok: false, status: 0 });
    expect(received).toEqual([]);
  });
});
