import { describe, expect, it } from 'vitest';
import { parseTelegramUpdate, WebhookPayloadError } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T09:00:00.000Z');
const BOT = 'lapor_bogor_bot';

const citizen = {
  id: 5000000001,
  is_bot: false,
  first_name: 'Agus',
  last_name: 'Salim',
  username: 'agus_s',
  language_code: 'id',
};
const privateChat = { id: 5000000001, first_name: 'Agus', last_name: 'Salim', username: 'agus_s', type: 'private' };
const group = { id: -1001234567890, title: 'Forum Warga Bogor Barat', type: 'supergroup', is_forum: true };

const update = (update_id: number, key: string, message: Record<string, unknown>) => ({ update_id, [key]: message });

describe('parseTelegramUpdate', () => {
  it('normalizes a private text message', () => {
    const body = update(800000001, 'message', {
      message_id: 17,
      from: citizen,
      chat: privateChat,
      date: 1732779000,
      text: 'Pak, pohon tumbang menutup Jl. Semplak dekat SDN 1',
    });
    expect(parseTelegramUpdate(body, BOT, { now: NOW })).toEqual({
      posts: [
        {
          channel: 'telegram',
          kind: 'message',
          account: BOT,
          externalId: `${BOT}:5000000001:17`,
          thread: { chatId: '5000000001', messageId: '17' },
          author: { platformId: '5000000001', displayName: 'Agus Salim' },
          text: 'Pak, pohon tumbang menutup Jl. Semplak dekat SDN 1',
          geo: null,
          receivedAt: '2024-11-28T07:30:00.000Z',
          raw: body,
        },
      ],
      skipped: [],
    });
  });

  it('takes geo from location and venue messages', () => {
    const location = parseTelegramUpdate(
      update(800000002, 'message', {
        message_id: 18,
        from: citizen,
        chat: privateChat,
        date: 1732779010,
        location: { latitude: -6.5588, longitude: 106.7745, horizontal_accuracy: 12 },
      }),
      BOT,
    );
    expect(location.posts[0]).toMatchObject({ text: '', geo: { lat: -6.5588, lon: 106.7745 } });
    const venue = parseTelegramUpdate(
      update(800000003, 'message', {
        message_id: 19,
        from: citizen,
        chat: privateChat,
        date: 1732779020,
        location: { latitude: -6.59, longitude: 106.79 },
        venue: {
          location: { latitude: -6.59, longitude: 106.79 },
          title: 'Terminal Bubulak',
          address: 'Jl. Raya Bubulak, Bogor Barat',
        },
      }),
      BOT,
    );
    expect(venue.posts[0]).toMatchObject({
      text: 'Terminal Bubulak, Jl. Raya Bubulak, Bogor Barat',
      geo: { lat: -6.59, lon: 106.79, name: 'Terminal Bubulak', address: 'Jl. Raya Bubulak, Bogor Barat' },
    });
    const captioned = parseTelegramUpdate(
      update(800000004, 'message', {
        message_id: 20,
        from: citizen,
        chat: privateChat,
        date: 1732779030,
        photo: [{ file_id: 'x', width: 90, height: 90 }],
        caption: 'Foto jalan berlubang',
        location: { latitude: -6.6, longitude: 106.8 },
      }),
      BOT,
    );
    expect(captioned.posts[0]).toMatchObject({ text: 'Foto jalan berlubang', geo: { lat: -6.6, lon: 106.8 } });
  });

  it('a forum message in a group keeps chat, topic and the message it answers', () => {
    const { posts } = parseTelegramUpdate(
      update(800000005, 'message', {
        message_id: 4021,
        message_thread_id: 4000,
        is_topic_message: true,
        from: { id: 5000000002, is_bot: false, first_name: 'Nur' },
        chat: group,
        date: 1732779040,
        reply_to_message: { message_id: 4010, chat: group, date: 1732778000, text: 'Ada info?' },
        text: 'Lampu merah Jembatan Merah mati total',
      }),
      BOT,
    );
    expect(posts[0]).toMatchObject({
      externalId: `${BOT}:-1001234567890:4021`,
      thread: { chatId: '-1001234567890', messageId: '4021', parentId: '4010', conversationId: '4000' },
      author: { platformId: '5000000002', displayName: 'Nur' },
    });
  });

  it('a channel post writes as the channel', () => {
    const channel = { id: -1009876543210, title: 'Info Kelurahan Menteng', type: 'channel' };
    const { posts } = parseTelegramUpdate(
      update(800000006, 'channel_post', {
        message_id: 77,
        sender_chat: channel,
        chat: channel,
        date: 1732779050,
        text: 'Air PDAM mati di RW 04',
      }),
      BOT,
    );
    expect(posts[0]).toMatchObject({
      author: { platformId: '-1009876543210', displayName: 'Info Kelurahan Menteng' },
      externalId: `${BOT}:-1009876543210:77`,
    });
  });

  it('an edit keeps the externalId of the original message; a repeated update gives the same id', () => {
    const original = update(800000007, 'message', {
      message_id: 21,
      from: citizen,
      chat: privateChat,
      date: 1732779060,
      text: 'Jalan rusak di Ciomas',
    });
    const edited = update(800000008, 'edited_message', {
      message_id: 21,
      from: citizen,
      chat: privateChat,
      date: 1732779060,
      edit_date: 1732779099,
      text: 'Jalan rusak parah di Ciomas Rahayu',
    });
    // received shortly after the edit: the stated times are kept, so the edit's own date could show
    const at = { now: new Date(1732779100_000) };
    const a = parseTelegramUpdate(original, BOT, at).posts[0];
    const b = parseTelegramUpdate(edited, BOT, at).posts[0];
    const again = parseTelegramUpdate(JSON.stringify(original), BOT, at).posts[0];
    expect(b?.externalId).toBe(a?.externalId);
    expect(again?.externalId).toBe(a?.externalId);
    expect(b?.receivedAt).toBe(a?.receivedAt);
    expect(a?.receivedAt).toBe(new Date(1732779060_000).toISOString());
    // the same chat and message id at another bot is another item
    expect(parseTelegramUpdate(original, 'pupr_bot').posts[0]?.externalId).not.toBe(a?.externalId);
  });

  it('skips bots, bare commands, empty messages and other update types', () => {
    const skip = (body: unknown) => parseTelegramUpdate(body, BOT);
    expect(
      skip(
        update(1, 'message', {
          message_id: 1,
          from: { id: 1, is_bot: true, first_name: 'Bot' },
          chat: group,
          date: 1,
          text: 'spam',
        }),
      ).skipped,
    ).toEqual([{ reason: 'message from a bot', path: 'message' }]);
    expect(
      skip(update(2, 'message', { message_id: 2, from: citizen, chat: privateChat, date: 1, text: '/start' }))
        .skipped[0]?.reason,
    ).toBe('bare bot command');
    expect(
      skip(
        update(3, 'message', {
          message_id: 3,
          from: citizen,
          chat: privateChat,
          date: 1,
          text: '/lapor@lapor_bogor_bot',
        }),
      ).skipped[0]?.reason,
    ).toBe('bare bot command');
    expect(
      skip(
        update(4, 'message', {
          message_id: 4,
          from: citizen,
          chat: privateChat,
          date: 1,
          text: '/lapor jalan berlubang di Jl. Pemuda',
        }),
      ).posts,
    ).toHaveLength(1);
    expect(
      skip(
        update(5, 'message', { message_id: 5, from: citizen, chat: privateChat, date: 1, sticker: { file_id: 's' } }),
      ).skipped[0]?.reason,
    ).toBe('message without text or location');
    expect(skip({ update_id: 6, callback_query: { id: '1', from: citizen, data: 'x' } }).skipped).toEqual([
      { reason: 'Telegram callback_query update is not handled' },
    ]);
    expect(skip({ update_id: 7, my_chat_member: {} }).posts).toEqual([]);
    expect(skip(update(8, 'message', { message_id: 'x', chat: privateChat })).skipped[0]?.reason).toMatch(
      /^Telegram message not understood/,
    );
  });

  it('throws a typed error only for non-JSON or a body without update_id; rejects a bad bot name', () => {
    expect(() => parseTelegramUpdate(Buffer.from('<xml/>'), BOT)).toThrow(
      expect.objectContaining({ problem: 'not-json', status: 400 }),
    );
    expect(() => parseTelegramUpdate({ message: {} }, BOT)).toThrow(WebhookPayloadError);
    expect(() => parseTelegramUpdate({ update_id: 'one' }, BOT)).toThrow(WebhookPayloadError);
    expect(() => parseTelegramUpdate({ update_id: 1 }, 'bad:name')).toThrow(RangeError);
  });
});
