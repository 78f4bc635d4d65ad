import { describe, expect, it } from 'vitest';
import {
  replyOnX,
  replyToFacebookComment,
  replyToInstagramComment,
  sendMessengerMessage,
  sendTelegramMessage,
  sendWhatsAppTemplate,
  sendWhatsAppText,
  sendXDirectMessage,
} from '../../src/platforms/index.js';
import {
  BOT_TOKEN,
  graph,
  only,
  PAGE_TOKEN,
  received,
  standIn,
  telegram,
  useStandIn,
  WA_TOKEN,
  whatsapp,
  X_TOKEN,
  xApi,
} from './outbound-stand-in.js';

useStandIn();

describe('outbound clients: requests as the platform receives them', () => {
  it('Facebook reply comment', async () => {
    standIn.answer = () => ({ status: 200, body: '{"id":"900000000000001_7777"}' });
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
    standIn.answer = () => ({ status: 200, body: '{"id":"17900000000000099"}' });
    const result = await replyToInstagramComment(graph(), { commentId: '17900000000000001', message: 'Terima kasih' });
    expect(result.externalId).toBe('17900000000000099');
    expect(only()).toMatchObject({
      method: 'POST',
      url: '/v21.0/17900000000000001/replies',
      body: { message: 'Terima kasih', access_token: PAGE_TOKEN },
    });
  });

  it('Messenger / Instagram DM: RESPONSE, and MESSAGE_TAG HUMAN_AGENT', async () => {
    standIn.answer = () => ({ status: 200, body: '{"recipient_id":"24000000000000001","message_id":"m_sent1"}' });
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
    standIn.answer = () => ({
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
    standIn.answer = (r) => ({
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
    standIn.answer = () => ({
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
