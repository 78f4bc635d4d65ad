import { describe, expect, it } from 'vitest';
import { parseXWebhook, WebhookPayloadError } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const ACCOUNT = '1500000000000000001';

const user = (id: string, name: string, screen: string) => ({
  id: Number(id.slice(0, 10)),
  id_str: id,
  name,
  screen_name: screen,
  protected: false,
  verified: false,
});
const tweet = (id: string, text: string, author: ReturnType<typeof user>, extra: Record<string, unknown> = {}) => ({
  created_at: 'Thu Nov 28 07:30:00 +0000 2024',
  id: Number(id),
  id_str: id,
  text,
  source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
  truncated: false,
  in_reply_to_status_id: null,
  in_reply_to_status_id_str: null,
  in_reply_to_user_id_str: ACCOUNT,
  in_reply_to_screen_name: 'PemkotBogor',
  user: author,
  geo: null,
  coordinates: null,
  place: null,
  entities: {
    hashtags: [],
    urls: [],
    user_mentions: [{ screen_name: 'PemkotBogor', id_str: ACCOUNT, indices: [0, 12] }],
  },
  timestamp_ms: '1732779000000',
  ...extra,
});

const warga = user('900000000000000001', 'Rudi Hartono', 'rudi_h');
const pemkot = user(ACCOUNT, 'Pemkot Bogor', 'PemkotBogor');

const delivery = {
  for_user_id: ACCOUNT,
  user_has_blocked: false,
  tweet_create_events: [
    tweet('1862000000000000001', '@PemkotBogor jalan di Kec. Tanah Sareal rusak parah, mohon segera diperbaiki', warga),
    tweet(
      '1862000000000000002',
      '@PemkotBogor Drainase di Jl. Sholeh Iskandar mampet, banjir lagi… https://t.co/abc',
      warga,
      {
        truncated: true,
        extended_tweet: {
          full_text:
            '@PemkotBogor Drainase di Jl. Sholeh Iskandar mampet, banjir lagi setiap hujan deras, air masuk rumah warga RT 02/RW 07',
        },
        in_reply_to_status_id: 1861000000000000000,
        in_reply_to_status_id_str: '1861000000000000009',
        coordinates: { type: 'Point', coordinates: [106.7912, -6.56] },
        timestamp_ms: '1732779060000',
      },
    ),
    tweet('1862000000000000003', 'Terima kasih laporannya, kami teruskan ke dinas terkait', pemkot),
    tweet('1862000000000000004', 'RT @PemkotBogor: Info layanan', warga, { retweeted_status: { id_str: '1' } }),
  ],
};

const dmDelivery = {
  for_user_id: ACCOUNT,
  direct_message_events: [
    {
      type: 'message_create',
      id: '1862100000000000001',
      created_timestamp: '1732779100000',
      message_create: {
        target: { recipient_id: ACCOUNT },
        sender_id: '900000000000000002',
        source_app_id: '268278',
        message_data: {
          text: 'Selamat sore, sampah menumpuk di depan Puskesmas Bogor Utara',
          entities: { hashtags: [], symbols: [], user_mentions: [], urls: [] },
        },
      },
    },
    {
      type: 'message_create',
      id: '1862100000000000002',
      created_timestamp: '1732779200000',
      message_create: {
        target: { recipient_id: '900000000000000002' },
        sender_id: ACCOUNT,
        message_data: { text: 'Baik, terima kasih' },
      },
    },
    {
      type: 'message_create',
      id: '1862100000000000003',
      created_timestamp: '1732779300000',
      message_create: {
        target: { recipient_id: ACCOUNT },
        sender_id: '900000000000000003',
        message_data: { text: 'Macet parah di Simpang Yasmin' },
      },
    },
  ],
  users: {
    [ACCOUNT]: { id: ACCOUNT, name: 'Pemkot Bogor', screen_name: 'PemkotBogor' },
    '900000000000000002': {
      id: '900000000000000002',
      created_timestamp: '1422556069340',
      name: 'Lina Marlina',
      screen_name: 'lina_m',
      protected: false,
    },
  },
  apps: { '268278': { id: '268278', name: 'Twitter Web Client' } },
};

describe('parseXWebhook', () => {
  it('takes mentions and replies, not the account’s own tweets or retweets', () => {
    const { posts, skipped } = parseXWebhook(delivery, { now: NOW });
    expect(posts.map((p) => [p.kind, p.externalId, p.author.platformId])).toEqual([
      ['mention', '1862000000000000001', '900000000000000001'],
      ['mention', '1862000000000000002', '900000000000000001'],
    ]);
    expect(posts[0]).toMatchObject({
      channel: 'x',
      account: ACCOUNT,
      author: { displayName: 'Rudi Hartono' },
      thread: { messageId: '1862000000000000001' },
      geo: null,
      receivedAt: '2024-11-28T07:30:00.000Z',
    });
    // the full text of a truncated tweet, the tweet it answers, the exact point (GeoJSON lon, lat)
    expect(posts[1]).toMatchObject({
      text: '@PemkotBogor Drainase di Jl. Sholeh Iskandar mampet, banjir lagi setiap hujan deras, air masuk rumah warga RT 02/RW 07',
      thread: { parentId: '1861000000000000009', messageId: '1862000000000000002' },
      geo: { lat: -6.56, lon: 106.7912 },
      receivedAt: '2024-11-28T07:31:00.000Z',
    });
    expect(skipped.map((s) => [s.path, s.reason])).toEqual([
      ['tweet_create_events[2]', "the account's own tweet"],
      ['tweet_create_events[3]', 'retweet'],
    ]);
  });

  it('takes DMs from others with names from users, not the ones the account sent', () => {
    const { posts, skipped } = parseXWebhook(dmDelivery, { now: NOW });
    expect(posts.map((p) => [p.kind, p.externalId, p.author.displayName, p.thread.chatId])).toEqual([
      ['dm', '1862100000000000001', 'Lina Marlina', '900000000000000002'],
      ['dm', '1862100000000000003', null, '900000000000000003'],
    ]);
    expect(posts[0]?.receivedAt).toBe('2024-11-28T07:31:40.000Z');
    expect(skipped).toEqual([{ reason: 'a direct message the account sent', path: 'direct_message_events[1]' }]);
  });

  it('uses the same ids for a duplicate delivery and drops repeats inside one', () => {
    const first = parseXWebhook(delivery, { now: NOW }).posts.map((p) => p.externalId);
    const again = parseXWebhook(JSON.stringify(delivery), { now: new Date() }).posts.map((p) => p.externalId);
    expect(again).toEqual(first);
    const doubled = parseXWebhook({
      for_user_id: ACCOUNT,
      tweet_create_events: [delivery.tweet_create_events[0], delivery.tweet_create_events[0]],
    });
    expect(doubled.posts).toHaveLength(1);
    expect(doubled.skipped[0]?.reason).toBe('repeat of an item earlier in this delivery');
  });

  it('skips other event types one per item, and broken items', () => {
    const { posts, skipped } = parseXWebhook({
      for_user_id: ACCOUNT,
      favorite_events: [{ id: 'a' }, { id: 'b' }],
      follow_events: [{ type: 'follow' }],
      direct_message_indicate_typing_events: [{ created_timestamp: '1' }],
      direct_message_events: [
        { type: 'message_create', id: '5' },
        { type: 'reaction_create', id: '6' },
      ],
      tweet_create_events: [{ id_str: '7', text: 'no user' }],
    });
    expect(posts).toEqual([]);
    expect(skipped.map((s) => s.path)).toEqual([
      'favorite_events[0]',
      'favorite_events[1]',
      'follow_events[0]',
      'direct_message_indicate_typing_events[0]',
      'direct_message_events[0]',
      'direct_message_events[1]',
      'tweet_create_events[0]',
    ]);
  });

  it('throws a typed error only for non-JSON or a body without for_user_id', () => {
    expect(() => parseXWebhook(Buffer.from('for_user_id=1'))).toThrow(expect.objectContaining({ problem: 'not-json' }));
    expect(() => parseXWebhook({ tweet_create_events: [] })).toThrow(WebhookPayloadError);
    expect(() => parseXWebhook([])).toThrow(WebhookPayloadError);
    expect(parseXWebhook({ for_user_id: ACCOUNT })).toEqual({ posts: [], skipped: [] });
  });
});
