/* Facebook Pages deliveries, and the envelope shapes any Meta delivery may take; Instagram and WhatsApp have
 * their own files. */
import { describe, expect, it } from 'vitest';
import type { NormalizedPost } from '../../src/platforms/index.js';
import { parseMetaWebhook, WebhookPayloadError } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const PAGE = '104857600000001';
const PAGE_2 = '104857600000002';

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
