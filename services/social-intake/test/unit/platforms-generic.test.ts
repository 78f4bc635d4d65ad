import { describe, expect, it } from 'vitest';
import { GenericIntakeBody, normalizeGenericItems } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');

describe('generic intake body', () => {
  it('accepts one item or a batch, and normalizes them', () => {
    const single = GenericIntakeBody.parse({
      channel: 'sms',
      account: '1708',
      externalId: 'gw-0001',
      text: 'Jalan rusak di Kp. Cibeber RT 01',
      from: '0812-3456-7890',
    });
    const result = normalizeGenericItems(single, { now: NOW });
    expect(result).toEqual({
      posts: [
        {
          channel: 'sms',
          kind: 'message',
          account: '1708',
          externalId: '1708:gw-0001',
          thread: { messageId: 'gw-0001', chatId: '+6281234567890' },
          author: { platformId: '+6281234567890', displayName: null },
          text: 'Jalan rusak di Kp. Cibeber RT 01',
          geo: null,
          receivedAt: NOW.toISOString(),
          raw: single,
        },
      ],
      skipped: [],
    });

    const batch = GenericIntakeBody.parse([
      {
        channel: 'generic',
        account: 'kiosk-balai-kota',
        externalId: 'k-1',
        text: 'Toilet umum rusak',
        receivedAt: '2024-11-28T15:00:00+07:00',
        location: { lat: -6.595, lon: 106.797 },
      },
      { channel: 'sms', account: '1708', externalId: 'gw-0002', text: 'Banjir', from: '1708' },
      { channel: 'sms', account: '1708', externalId: 'gw-0002', text: 'Banjir' },
    ]);
    const { posts, skipped } = normalizeGenericItems(batch, { now: NOW });
    expect(posts.map((p) => [p.channel, p.externalId, p.author.platformId, p.receivedAt, p.geo])).toEqual([
      ['generic', 'kiosk-balai-kota:k-1', 'unknown', '2024-11-28T08:00:00.000Z', { lat: -6.595, lon: 106.797 }],
      ['sms', '1708:gw-0002', '1708', NOW.toISOString(), null],
    ]);
    expect(skipped).toEqual([{ reason: 'repeat of an item earlier in this delivery', path: '[2]' }]);
  });

  it('rejects invalid bodies', () => {
    const ok = { channel: 'sms', account: '1708', externalId: 'x', text: 'Halo' };
    expect(GenericIntakeBody.safeParse(ok).success).toBe(true);
    for (const bad of [
      { ...ok, channel: 'whatsapp' },
      { ...ok, text: '   ' },
      { ...ok, account: 'a:b' },
      { ...ok, receivedAt: 'yesterday' },
      { ...ok, location: { lat: 100, lon: 0 } },
      { ...ok, extra: 1 },
      [],
      Array.from({ length: 1001 }, () => ok),
    ]) {
      expect(GenericIntakeBody.safeParse(bad).success, JSON.stringify(bad).slice(0, 80)).toBe(false);
    }
    expect(
      GenericIntakeBody.safeParse(Array.from({ length: 1000 }, (_, i) => ({ ...ok, externalId: String(i) }))).success,
    ).toBe(true);
  });
});
