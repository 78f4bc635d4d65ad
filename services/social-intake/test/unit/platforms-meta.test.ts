import { describe, expect, it } from 'vitest';
import type { NormalizedPost } from '../../src/platforms/index.js';
import { parseMetaWebhook, WebhookPayloadError } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const PAGE = '104857600000001';
const PAGE_2 = '104857600000002';
const IG = '17841400000000001';
const PHONE_NUMBER_ID = '110000000000001';

const feedComment = (over: Record<string, unknown>) => ({
  field: 'feed',
  value: {
    from: { id: '7000000000000001', name: 'Siti Rahma' },
    post: {
      status_type: 'added_photos',
      is_published: true,
      updated_time: '2024-11-28T08:00:00+0000',
      id: `${PAGE}_900000000000001`,
    },
    message: 'Jalan di depan SDN 3 Sukasari berlubang besar, sudah 2 minggu belum diperbaiki',
    post_id: `${PAGE}_900000000000001`,
    comment_id: '900000000000001_1111',
    created_time: 1732780790,
    item: 'comment',
    parent_id: `${PAGE}_900000000000001`,
    verb: 'add',
    ...over,
  },
});

/** A Page delivery: two pages, feed changes of every kind, Messenger events of every kind. */
const pageDelivery = {
  object: 'page',
  entry: [
    {
      id: PAGE,
      time: 1732780800,
      changes: [
        feedComment({}),
        // a reply to a comment
        feedComment({
          comment_id: '900000000000001_2222',
          parent_id: '900000000000001_1111',
          from: { id: '7000000000000002', name: 'Budi' },
          message: 'Betul, di Jl. Merdeka No. 12 juga sama',
        }),
        // the page's own comment (our reply echoing back)
        feedComment({
          comment_id: '900000000000001_3333',
          from: { id: PAGE, name: 'Dinas PUPR' },
          message: 'Terima kasih, sudah kami catat',
        }),
        // an edit and a removal
        feedComment({ comment_id: '900000000000001_1111', verb: 'edited', message: 'Jalan rusak (edit)' }),
        feedComment({ comment_id: '900000000000001_4444', verb: 'remove' }),
        // a reaction and a page post
        {
          field: 'feed',
          value: {
            item: 'reaction',
            verb: 'add',
            reaction_type: 'like',
            from: { id: '7000000000000003' },
            post_id: `${PAGE}_9`,
          },
        },
        { field: 'feed', value: { item: 'status', verb: 'add', post_id: `${PAGE}_10`, message: 'Info pemadaman' } },
        // a photo comment without text
        feedComment({
          comment_id: '900000000000001_5555',
          message: undefined,
          photo: 'https://scontent.example/p.jpg',
        }),
        // another field of the page object
        { field: 'mention', value: { post_id: '1_2', verb: 'add' } },
      ],
    },
    {
      id: PAGE,
      time: 1732780801,
      messaging: [
        {
          sender: { id: '24000000000000001' },
          recipient: { id: PAGE },
          timestamp: 1732780795123,
          message: { mid: 'm_AbCdEf0001', text: 'Selamat pagi, sampah di TPS Cibeureum belum diangkut 5 hari' },
        },
        {
          sender: { id: PAGE },
          recipient: { id: '24000000000000001' },
          timestamp: 1732780796000,
          message: { mid: 'm_AbCdEf0002', text: 'Baik, kami teruskan', is_echo: true, app_id: 1234 },
        },
        {
          sender: { id: '24000000000000001' },
          recipient: { id: PAGE },
          timestamp: 1732780797000,
          delivery: { mids: ['m_AbCdEf0002'], watermark: 1732780796000 },
        },
        {
          sender: { id: '24000000000000001' },
          recipient: { id: PAGE },
          timestamp: 1732780798000,
          read: { watermark: 1732780796000 },
        },
        {
          sender: { id: '24000000000000001' },
          recipient: { id: PAGE },
          timestamp: 1732780799000,
          message: {
            mid: 'm_AbCdEf0003',
            attachments: [{ type: 'image', payload: { url: 'https://x.example/i.jpg' } }],
          },
        },
      ],
    },
    {
      id: PAGE_2,
      time: 1732780802,
      changes: [
        feedComment({
          comment_id: '800000000000001_1',
          post_id: `${PAGE_2}_800000000000001`,
          parent_id: `${PAGE_2}_800000000000001`,
        }),
      ],
    },
  ],
};

describe('parseMetaWebhook: Facebook Pages', () => {
  const { posts, skipped } = parseMetaWebhook(pageDelivery, { now: NOW });

  it('takes new comments by others across entries, and Messenger texts', () => {
    expect(posts.map((p) => [p.channel, p.kind, p.account, p.externalId])).toEqual([
      ['facebook', 'comment', PAGE, '900000000000001_1111'],
      ['facebook', 'comment', PAGE, '900000000000001_2222'],
      ['facebook', 'dm', PAGE, 'm_AbCdEf0001'],
      ['facebook', 'comment', PAGE_2, '800000000000001_1'],
    ]);
  });

  it('normalizes a feed comment completely', () => {
    const first = posts[0];
    expect(first).toEqual<NormalizedPost>({
      channel: 'facebook',
      kind: 'comment',
      account: PAGE,
      externalId: '900000000000001_1111',
      thread: { postId: `${PAGE}_900000000000001`, messageId: '900000000000001_1111' },
      author: { platformId: '7000000000000001', displayName: 'Siti Rahma' },
      text: 'Jalan di depan SDN 3 Sukasari berlubang besar, sudah 2 minggu belum diperbaiki',
      geo: null,
      receivedAt: '2024-11-28T07:59:50.000Z',
      raw: pageDelivery.entry[0]?.changes?.[0]?.value,
    });
    // a reply to a comment keeps its parent
    expect(posts[1]?.thread).toEqual({
      postId: `${PAGE}_900000000000001`,
      parentId: '900000000000001_1111',
      messageId: '900000000000001_2222',
    });
  });

  it('normalizes a Messenger message with the PSID as the chat', () => {
    expect(posts[2]).toMatchObject({
      thread: { chatId: '24000000000000001', messageId: 'm_AbCdEf0001' },
      author: { platformId: '24000000000000001', displayName: null },
      receivedAt: '2024-11-28T07:59:55.123Z',
      text: 'Selamat pagi, sampah di TPS Cibeureum belum diangkut 5 hari',
    });
  });

  it('skips the page’s own comment, edits, removals, reactions, posts, photo-only, other fields, echoes, receipts', () => {
    const reasons = skipped.map((s) => `${s.path}: ${s.reason}`);
    expect(reasons).toEqual([
      "entry[0].changes[2]: the page's own comment",
      'entry[0].changes[3]: comment edited (only new comments are taken)',
      'entry[0].changes[4]: comment remove (only new comments are taken)',
      'entry[0].changes[5]: feed item "reaction" is not a comment',
      'entry[0].changes[6]: feed item "status" is not a comment',
      'entry[0].changes[7]: comment without text',
      'entry[0].changes[8]: facebook field "mention" is not handled',
      'entry[1].messaging[1]: echo of a message the account sent',
      'entry[1].messaging[2]: delivery event, not a message',
      'entry[1].messaging[3]: read event, not a message',
      'entry[1].messaging[4]: message without text (attachment or sticker only)',
    ]);
  });

  it('gives the same externalIds for a retried delivery, and drops repeats inside one delivery', () => {
    const again = parseMetaWebhook(JSON.parse(JSON.stringify(pageDelivery)), { now: new Date('2024-11-28T10:00:00Z') });
    expect(again.posts.map((p) => p.externalId)).toEqual(posts.map((p) => p.externalId));
    const doubled = parseMetaWebhook(
      { object: 'page', entry: [pageDelivery.entry[0], pageDelivery.entry[0]] },
      { now: NOW },
    );
    expect(doubled.posts.map((p) => p.externalId)).toEqual(['900000000000001_1111', '900000000000001_2222']);
    expect(doubled.skipped.filter((s) => s.reason === 'repeat of an item earlier in this delivery')).toHaveLength(2);
  });

  it('handles a batch of 1000 changes', () => {
    const changes = Array.from({ length: 1000 }, (_, i) =>
      feedComment({
        comment_id: `900000000000001_${10_000 + i}`,
        message: `Lampu jalan mati nomor ${i}`,
        from: { id: `71${i}`, name: `Warga ${i}` },
      }),
    );
    const result = parseMetaWebhook({ object: 'page', entry: [{ id: PAGE, time: 1732780800, changes }] }, { now: NOW });
    expect(result.posts).toHaveLength(1000);
    expect(new Set(result.posts.map((p) => p.externalId)).size).toBe(1000);
    expect(result.skipped).toEqual([]);
  });
});

describe('parseMetaWebhook: Instagram', () => {
  const delivery = {
    object: 'instagram',
    entry: [
      {
        id: IG,
        time: 1732780900,
        changes: [
          {
            field: 'comments',
            value: {
              from: { id: '17800000000000001', username: 'warga.bogor' },
              media: { id: '18000000000000001', media_product_type: 'FEED' },
              id: '17900000000000001',
              text: 'Saluran air di Gg. Mawar RT 03/RW 05 mampet, banjir tiap hujan',
            },
          },
          {
            field: 'comments',
            value: {
              from: { id: '17800000000000002', username: 'ibu_rina' },
              media: { id: '18000000000000001', media_product_type: 'REELS' },
              id: '17900000000000002',
              parent_id: '17900000000000001',
              text: 'Sama di rumah saya',
            },
          },
          {
            field: 'comments',
            value: {
              from: { id: IG, username: 'pemkot' },
              media: { id: '18000000000000001' },
              id: '17900000000000003',
              text: 'Terima kasih',
            },
          },
          { field: 'mentions', value: { comment_id: '17900000000000009', media_id: '18000000000000009' } },
        ],
      },
      {
        id: IG,
        time: 1732780901,
        messaging: [
          {
            sender: { id: '6000000000000001' },
            recipient: { id: IG },
            timestamp: 1732780899000,
            message: { mid: 'aWdfZAG1fQ001', text: 'Halo admin, PJU di Jl. Pajajaran mati' },
          },
          {
            sender: { id: IG },
            recipient: { id: '6000000000000001' },
            timestamp: 1732780899500,
            message: { mid: 'aWdfZAG1fQ002', text: 'Siap', is_echo: true },
          },
          {
            sender: { id: '6000000000000001' },
            recipient: { id: IG },
            timestamp: 1732780899600,
            read: { mid: 'aWdfZAG1fQ002' },
          },
        ],
      },
    ],
  };

  it('takes comments by others (with parent) and DMs; skips own comments, mentions, echoes and reads', () => {
    const { posts, skipped } = parseMetaWebhook(delivery, { now: NOW });
    expect(posts.map((p) => [p.kind, p.externalId, p.author.displayName])).toEqual([
      ['comment', '17900000000000001', 'warga.bogor'],
      ['comment', '17900000000000002', 'ibu_rina'],
      ['dm', 'aWdfZAG1fQ001', null],
    ]);
    expect(posts.every((p) => p.channel === 'instagram' && p.account === IG)).toBe(true);
    expect(posts[0]).toMatchObject({
      thread: { postId: '18000000000000001', messageId: '17900000000000001' },
      receivedAt: '2024-11-28T08:01:40.000Z', // the entry's time: IG comments carry none of their own
    });
    expect(posts[1]?.thread.parentId).toBe('17900000000000001');
    expect(posts[2]?.thread.chatId).toBe('6000000000000001');
    expect(skipped.map((s) => s.reason)).toEqual([
      "the account's own comment",
      'instagram field "mentions" is not handled',
      'echo of a message the account sent',
      'read event, not a message',
    ]);
  });
});

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

describe('parseMetaWebhook: shapes', () => {
  it('skips unknown objects and broken items without throwing', () => {
    expect(parseMetaWebhook({ object: 'permissions', entry: [{ id: '1' }] }).skipped).toEqual([
      { reason: 'object "permissions" is not handled', path: 'object' },
    ]);
    const broken = parseMetaWebhook({
      object: 'page',
      entry: [
        null,
        { time: 1 },
        {
          id: PAGE,
          changes: [42, { field: 'feed', value: { item: 'comment', verb: 'add' } }],
          messaging: [{ sender: {} }],
        },
      ],
    });
    expect(broken.posts).toEqual([]);
    expect(broken.skipped.map((s) => s.path)).toEqual([
      'entry[0]',
      'entry[1]',
      'entry[2].changes[0]',
      'entry[2].changes[1]',
      'entry[2].messaging[0]',
    ]);
  });

  it('keeps extra platform fields in raw and tolerates them', () => {
    const { posts } = parseMetaWebhook({
      object: 'page',
      entry: [{ id: PAGE, time: 1, extra: true, changes: [feedComment({ unexpected: { nested: [1, 2] } })] }],
    });
    expect((posts[0]?.raw as Record<string, unknown>).unexpected).toEqual({ nested: [1, 2] });
  });

  it('parses raw bytes and strings; throws a typed error for non-JSON and unrecognized roots', () => {
    const bytes = Buffer.from(JSON.stringify(pageDelivery));
    expect(parseMetaWebhook(bytes, { now: NOW }).posts).toHaveLength(4);
    expect(parseMetaWebhook(bytes.toString('utf8'), { now: NOW }).posts).toHaveLength(4);
    for (const body of [Buffer.from('{"object":'), 'not json']) {
      expect(() => parseMetaWebhook(body)).toThrow(
        expect.objectContaining({ name: 'WebhookPayloadError', problem: 'not-json', status: 400 }),
      );
    }
    for (const body of [null, [], {}, { object: 'page' }, { object: 'page', entry: {} }, { entry: [] }, 'null']) {
      expect(() => parseMetaWebhook(body)).toThrow(WebhookPayloadError);
    }
  });
});
