import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundConfig, ReplyContent } from '../../src/platforms/index.js';
import {
  chooseReplyMethod,
  OUTBOUND_BODY_MAX,
  parseMetaWebhook,
  parseTelegramUpdate,
  parseXWebhook,
  replyOnX,
  replyText,
  replyToFacebookComment,
  replyToInstagramComment,
  sendMessengerMessage,
  sendReply,
  sendTelegramMessage,
  sendWhatsAppTemplate,
  sendWhatsAppText,
  sendXDirectMessage,
} from '../../src/platforms/index.js';

/* A real HTTP server standing in for the platforms: it records every request it receives. */

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Answer = { status: number; body: string; delayMs?: number };

let server: Server;
let base: string;
let received: Received[] = [];
let answer: (request: Received) => Answer = () => ({ status: 200, body: '{}' });

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      const request: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      const { status, body: out, delayMs } = answer(request);
      const send = () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(out);
      };
      if (delayMs === undefined) send();
      else setTimeout(send, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  answer = () => ({ status: 200, body: '{}' });
});

const only = (): Received => {
  expect(received).toHaveLength(1);
  return received[0] as Received;
};

const PAGE_TOKEN = 'EAAGpagetoken123';
const WA_TOKEN = 'EAAGwatoken456';
const X_TOKEN = 'x-user-token-789';
const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

const graph = () => ({ baseUrl: base, version: 'v21.0', accessToken: PAGE_TOKEN });
const whatsapp = () => ({
  baseUrl: `${base}/`,
  version: 'v21.0',
  accessToken: WA_TOKEN,
  template: { name: 'status_laporan', language: 'id' },
});
const xApi = () => ({ baseUrl: base, bearerToken: X_TOKEN });
const telegram = () => ({ baseUrl: base, botToken: BOT_TOKEN });

describe('outbound clients: requests as the platform receives them', () => {
  it('Facebook reply comment', async () => {
    answer = () => ({ status: 200, body: '{"id":"900000000000001_7777"}' });
    const result = await replyToFacebookComment(graph(), {
      commentId: '900000000000001_1111',
      message: 'Terima kasih',
    });
    expect(result).toEqual({
      ok: true,
      status: 200,
      body: '{"id":"900000000000001_7777"}',
      externalId: '900000000000001_7777',
    });
    const request = only();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/v21.0/900000000000001_1111/comments');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({ message: 'Terima kasih', access_token: PAGE_TOKEN });
  });

  it('Instagram comment reply', async () => {
    answer = () => ({ status: 200, body: '{"id":"17900000000000099"}' });
    const result = await replyToInstagramComment(graph(), { commentId: '17900000000000001', message: 'Terima kasih' });
    expect(result.externalId).toBe('17900000000000099');
    expect(only()).toMatchObject({
      method: 'POST',
      url: '/v21.0/17900000000000001/replies',
      body: { message: 'Terima kasih', access_token: PAGE_TOKEN },
    });
  });

  it('Messenger / Instagram DM: RESPONSE, and MESSAGE_TAG HUMAN_AGENT', async () => {
    answer = () => ({ status: 200, body: '{"recipient_id":"24000000000000001","message_id":"m_sent1"}' });
    const response = await sendMessengerMessage(graph(), { recipientId: '24000000000000001', text: 'Halo' });
    expect(response).toMatchObject({ ok: true, externalId: 'm_sent1' });
    const tagged = await sendMessengerMessage(graph(), {
      recipientId: '24000000000000001',
      text: 'Halo',
      humanAgent: true,
    });
    expect(tagged.ok).toBe(true);
    expect(received.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/v21.0/me/messages'],
      ['POST', '/v21.0/me/messages'],
    ]);
    expect(received[0]?.body).toEqual({
      recipient: { id: '24000000000000001' },
      messaging_type: 'RESPONSE',
      message: { text: 'Halo' },
      access_token: PAGE_TOKEN,
    });
    expect(received[1]?.body).toEqual({
      recipient: { id: '24000000000000001' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Halo' },
      access_token: PAGE_TOKEN,
    });
  });

  it('WhatsApp text and template', async () => {
    answer = () => ({
      status: 200,
      body: '{"messaging_product":"whatsapp","contacts":[{"input":"6281234567890","wa_id":"6281234567890"}],"messages":[{"id":"wamid.SENT1"}]}',
    });
    const text = await sendWhatsAppText(whatsapp(), {
      phoneNumberId: '110000000000001',
      to: '6281234567890',
      text: 'Laporan diterima',
    });
    const template = await sendWhatsAppTemplate(whatsapp(), {
      phoneNumberId: '110000000000001',
      to: '6281234567890',
      parameters: ['LPR-7K3M-Q9XD', 'Selesai'],
    });
    expect(text).toMatchObject({ ok: true, status: 200, externalId: 'wamid.SENT1' });
    expect(template.externalId).toBe('wamid.SENT1');
    for (const request of received) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/v21.0/110000000000001/messages');
      expect(request.headers.authorization).toBe(`Bearer ${WA_TOKEN}`);
    }
    expect(received[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'text',
      text: { preview_url: false, body: 'Laporan diterima' },
    });
    expect(received[1]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567890',
      type: 'template',
      template: {
        name: 'status_laporan',
        language: { code: 'id' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'LPR-7K3M-Q9XD' },
              { type: 'text', text: 'Selesai' },
            ],
          },
        ],
      },
    });
  });

  it('X reply tweet and DM with the bearer token', async () => {
    answer = (r) => ({
      status: 201,
      body:
        r.url === '/2/tweets'
          ? '{"data":{"id":"1862200000000000001","text":"…"}}'
          : '{"data":{"dm_conversation_id":"1-2","dm_event_id":"1862300000000000001"}}',
    });
    const tweet = await replyOnX(xApi(), { inReplyToTweetId: '1862000000000000001', text: 'Terima kasih' });
    const dm = await sendXDirectMessage(xApi(), { participantId: '900000000000000002', text: 'Terima kasih' });
    expect(tweet).toMatchObject({ ok: true, status: 201, externalId: '1862200000000000001' });
    expect(dm).toMatchObject({ ok: true, status: 201, externalId: '1862300000000000001' });
    expect(received.map((r) => [r.method, r.url, r.headers.authorization, r.body])).toEqual([
      [
        'POST',
        '/2/tweets',
        `Bearer ${X_TOKEN}`,
        { text: 'Terima kasih', reply: { in_reply_to_tweet_id: '1862000000000000001' } },
      ],
      ['POST', '/2/dm_conversations/with/900000000000000002/messages', `Bearer ${X_TOKEN}`, { text: 'Terima kasih' }],
    ]);
  });

  it('Telegram sendMessage', async () => {
    answer = () => ({
      status: 200,
      body: '{"ok":true,"result":{"message_id":18,"chat":{"id":5000000001},"date":1732780000,"text":"Halo"}}',
    });
    const result = await sendTelegramMessage(telegram(), {
      chatId: '-1001234567890',
      text: 'Halo',
      replyToMessageId: '4021',
    });
    expect(result).toMatchObject({ ok: true, status: 200, externalId: '18' });
    expect(only()).toMatchObject({
      method: 'POST',
      url: `/bot${BOT_TOKEN}/sendMessage`,
      body: { chat_id: -1001234567890, text: 'Halo', reply_to_message_id: 4021 },
    });
  });
});

describe('outbound clients: failures are results, not exceptions', () => {
  it('returns error statuses with the (truncated) body', async () => {
    answer = () => ({
      status: 400,
      body: '{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}',
    });
    const bad = await replyToFacebookComment(graph(), { commentId: '1_2', message: 'x' });
    expect(bad).toEqual({
      ok: false,
      status: 400,
      body: '{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}',
    });

    answer = () => ({ status: 500, body: JSON.stringify({ detail: 'x'.repeat(5000) }) });
    const big = await replyOnX(xApi(), { inReplyToTweetId: '1', text: 'x' });
    expect(big.ok).toBe(false);
    expect(big.status).toBe(500);
    expect(big.body).toHaveLength(OUTBOUND_BODY_MAX);
    expect(big.externalId).toBeUndefined();

    answer = () => ({ status: 429, body: '{"title":"Too Many Requests"}' });
    expect(await sendXDirectMessage(xApi(), { participantId: '1', text: 'x' })).toMatchObject({
      ok: false,
      status: 429,
    });
  });

  it('Telegram: a 4xx answer, and ok:false inside a 200, both fail', async () => {
    answer = () => ({ status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}' });
    expect(await sendTelegramMessage(telegram(), { chatId: '1', text: 'x' })).toMatchObject({
      ok: false,
      status: 400,
      body: expect.stringContaining('chat not found'),
    });
    answer = () => ({ status: 200, body: '{"ok":false}' });
    expect(await sendTelegramMessage(telegram(), { chatId: '1', text: 'x' })).toMatchObject({ ok: false, status: 200 });
  });

  it('returns network errors and timeouts as ok:false with status 0, without leaking the bot token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const refused = await sendTelegramMessage(
      { baseUrl: `http://127.0.0.1:${port}`, botToken: BOT_TOKEN },
      { chatId: '1', text: 'x' },
    );
    expect(refused).toMatchObject({ ok: false, status: 0, body: '' });
    expect(refused.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(JSON.stringify(refused)).not.toContain(BOT_TOKEN.split(':')[1]);

    answer = () => ({ status: 200, body: '{}', delayMs: 1000 });
    const slow = await sendWhatsAppText(
      { ...whatsapp(), timeoutMs: 100 },
      { phoneNumberId: '1', to: '6281234567890', text: 'x' },
    );
    expect(slow).toMatchObject({ ok: false, status: 0 });
    expect(slow.error).toMatch(/timeout|abort/i);
  });

  it('configuration errors are results too, and send nothing', async () => {
    expect(await replyToFacebookComment({ ...graph(), version: '21' }, { commentId: '1', message: 'x' })).toMatchObject(
      { ok: false, status: 0, error: expect.stringContaining('v21.0') },
    );
    expect(
      await sendTelegramMessage({ baseUrl: base, botToken: 'not-a-token' }, { chatId: '1', text: 'x' }),
    ).toMatchObject({ ok: false, status: 0 });
    expect(received).toEqual([]);
  });

  it('encodes ids into paths', async () => {
    await replyToFacebookComment(graph(), { commentId: '../../me/feed?x=', message: 'x' });
    expect(only().url).toBe('/v21.0/..%2F..%2Fme%2Ffeed%3Fx%3D/comments');
  });
});

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
