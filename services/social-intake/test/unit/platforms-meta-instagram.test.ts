import { describe, expect, it } from 'vitest';
import { parseMetaWebhook } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const IG = '17841400000000001';

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
