import { describe, expect, it } from 'vitest';
import { parseMetaWebhook } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const PHONE_NUMBER_ID = '110000000000001';

describe('parseMetaWebhook: WhatsApp Cloud API', () => {
  const value = (messages: unknown[], extra: Record<string, unknown> = {}) => ({
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '6281100000001', phone_number_id: PHONE_NUMBER_ID },
      contacts: [
        { profile: { name: 'Ahmad Fauzi' }, wa_id: '6281234567890' },
        { profile: { name: 'Dewi' }, wa_id: '6285712345678' },
      ],
      messages,
      ...extra,
    },
  });
  const delivery = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '120000000000001',
        changes: [
          value([
            {
              from: '6281234567890',
              id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMQA=',
              timestamp: '1732780700',
              type: 'text',
              text: { body: 'Selamat siang, lampu PJU di depan pasar Anyar padam sejak kemarin' },
            },
            {
              from: '6281234567890',
              id: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMgA=',
              timestamp: '1732780710',
              type: 'location',
              location: {
                latitude: -6.5971,
                longitude: 106.806,
                name: 'Pasar Anyar',
                address: 'Jl. Dewi Sartika, Bogor Tengah',
              },
              context: { from: '6281100000001', id: 'wamid.OURS' },
            },
            {
              from: '6285712345678',
              id: 'wamid.IMG1',
              timestamp: '1732780720',
              type: 'image',
              image: { caption: 'Got mampet di Tanah Sareal', mime_type: 'image/jpeg', id: '999' },
            },
            {
              from: '6285712345678',
              id: 'wamid.IMG2',
              timestamp: '1732780721',
              type: 'image',
              image: { mime_type: 'image/jpeg', id: '998' },
            },
            {
              from: '6285712345678',
              id: 'wamid.STICKER',
              timestamp: '1732780722',
              type: 'sticker',
              sticker: { id: '997' },
            },
            {
              from: '6285712345678',
              id: 'wamid.LOCBAD',
              timestamp: '1732780723',
              type: 'location',
              location: { latitude: 91, longitude: 0 },
            },
          ]),
        ],
      },
      {
        id: '120000000000001',
        changes: [
          value([], {
            contacts: undefined,
            messages: undefined,
            statuses: [
              { id: 'wamid.OURS', status: 'delivered', timestamp: '1732780730', recipient_id: '6281234567890' },
              { id: 'wamid.OURS', status: 'read', timestamp: '1732780740', recipient_id: '6281234567890' },
            ],
          }),
          {
            field: 'message_template_status_update',
            value: { event: 'APPROVED', message_template_name: 'status_laporan' },
          },
        ],
      },
    ],
  };

  const { posts, skipped } = parseMetaWebhook(delivery, { now: NOW });

  it('takes text, location and captioned media messages with the contact name', () => {
    expect(posts.map((p) => [p.externalId, p.author.displayName, p.text])).toEqual([
      [
        'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMQA=',
        'Ahmad Fauzi',
        'Selamat siang, lampu PJU di depan pasar Anyar padam sejak kemarin',
      ],
      [
        'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMgA=',
        'Ahmad Fauzi',
        'Pasar Anyar, Jl. Dewi Sartika, Bogor Tengah',
      ],
      ['wamid.IMG1', 'Dewi', 'Got mampet di Tanah Sareal'],
    ]);
    expect(posts[0]).toMatchObject({
      channel: 'whatsapp',
      kind: 'message',
      account: PHONE_NUMBER_ID,
      author: { platformId: '6281234567890' },
      thread: {
        chatId: '6281234567890',
        messageId: 'wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjBDMDAwMDAwMDAwMDAwMDAwMQA=',
      },
      geo: null,
      receivedAt: '2024-11-28T07:58:20.000Z',
    });
    expect(posts[1]?.geo).toEqual({
      lat: -6.5971,
      lon: 106.806,
      name: 'Pasar Anyar',
      address: 'Jl. Dewi Sartika, Bogor Tengah',
    });
    expect(posts[1]?.thread.parentId).toBe('wamid.OURS');
  });

  it('ignores statuses and other fields, skips media without caption, stickers, invalid locations', () => {
    expect(skipped.map((s) => s.reason)).toEqual([
      'WhatsApp image without caption',
      'WhatsApp message type "sticker" is not handled',
      'WhatsApp location message without text or valid location',
      'WhatsApp status update (sent/delivered/read)',
      'WhatsApp status update (sent/delivered/read)',
      'whatsapp field "message_template_status_update" is not handled',
    ]);
    expect(skipped[3]?.path).toBe('entry[1].changes[0].value.statuses[0]');
  });

  it('a location message without name or address has empty text and geo', () => {
    const only = parseMetaWebhook(
      {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              value([
                {
                  from: '6281234567890',
                  id: 'wamid.L',
                  timestamp: '1732780710',
                  type: 'location',
                  location: { latitude: '-6.6', longitude: '106.8' },
                },
              ]),
            ],
          },
        ],
      },
      { now: NOW },
    );
    expect(only.posts[0]).toMatchObject({ text: '', geo: { lat: -6.6, lon: 106.8 } });
  });
});
