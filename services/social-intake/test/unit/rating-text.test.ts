import { describe, expect, it } from 'vitest';
import {
  chooseRatingInvitationMethod,
  formatExpiry,
  isPrivateConversation,
  ratingInvitationText,
  RATING_TEXT_MAX,
  redactRatingLink,
  withRatingLink,
} from '../../src/platforms/index.js';

const now = new Date('2026-12-01T00:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const content = {
  trackingId: 'LPR-7K3M-Q9XD',
  url: 'https://rating.example.go.id/r/abcdefghijklmnop0123',
  expiresAt: '2026-12-14T16:30:00Z',
  timeZone: 'Asia/Jakarta',
};

describe('the rating invitation text', () => {
  it('names the report, the link and the expiry in the region’s time, and fits every private channel', () => {
    const text = ratingInvitationText(content);
    expect(text).toBe(
      'Terima kasih. Laporan LPR-7K3M-Q9XD sudah selesai. Mohon nilai layanan kami: https://rating.example.go.id/r/abcdefghijklmnop0123 (berlaku sampai 14 Desember 2026 pukul 23.30 WIB). Tautan ini hanya untuk Anda, jangan dibagikan.',
    );
    expect(text.length).toBeLessThanOrEqual(RATING_TEXT_MAX);
    expect(formatExpiry('2026-12-14T16:30:00Z', 'Asia/Jayapura')).toBe('15 Desember 2026 pukul 01.30 WIT');
  });

  it('refuses links that are not http(s), bad tracking ids and texts too long for Messenger', () => {
    expect(() => ratingInvitationText({ ...content, url: 'javascript:alert(1)' })).toThrow(RangeError);
    expect(() => ratingInvitationText({ ...content, trackingId: 'budi@example.com' })).toThrow(RangeError);
    expect(() =>
      ratingInvitationText({ ...content, url: `https://rating.example.go.id/r/${'a'.repeat(1000)}` }),
    ).toThrow(/longer than/);
  });

  it('keeps the link out of what is stored and puts it back only to send', () => {
    const stored = redactRatingLink(ratingInvitationText(content), content.url);
    expect(stored).not.toContain('abcdefghijklmnop0123');
    expect(stored).toContain('[tautan penilaian]');
    expect(withRatingLink(stored, content.url)).toBe(ratingInvitationText(content));
  });

  it('also removes the token when a platform echoes the link re-encoded', () => {
    const url = 'https://nilai.example.go.id/r?tenant=32.73&token=P4Q8KA5RG6C9RCSB12YDMDR97QRR9GRA';
    const echoed =
      '{"text":"Mohon nilai: https:\\/\\/nilai.example.go.id\\/r?tenant=32.73\\u0026token=P4Q8KA5RG6C9RCSB12YDMDR97QRR9GRA","html":"r?tenant=32.73&amp;token=p4q8ka5rg6c9rcsb12ydmdr97qrr9gra"}';
    const stored = redactRatingLink(echoed, url);
    expect(stored).not.toMatch(/P4Q8KA5RG6C9RCSB12YDMDR97QRR9GRA/i);
    expect(stored.match(/\[tautan penilaian\]/g)).toHaveLength(2);
  });
});

describe('where a rating invitation may go', () => {
  it('only into private conversations', () => {
    expect(isPrivateConversation({ channel: 'whatsapp', kind: 'message' })).toBe(true);
    expect(isPrivateConversation({ channel: 'facebook', kind: 'dm' })).toBe(true);
    expect(isPrivateConversation({ channel: 'instagram', kind: 'dm' })).toBe(true);
    expect(isPrivateConversation({ channel: 'x', kind: 'dm' })).toBe(true);
    expect(isPrivateConversation({ channel: 'telegram', kind: 'message', telegramChatType: 'private' })).toBe(true);
    expect(isPrivateConversation({ channel: 'facebook', kind: 'comment' })).toBe(false);
    expect(isPrivateConversation({ channel: 'instagram', kind: 'comment' })).toBe(false);
    expect(isPrivateConversation({ channel: 'x', kind: 'mention' })).toBe(false);
    expect(isPrivateConversation({ channel: 'telegram', kind: 'message', telegramChatType: 'supergroup' })).toBe(false);
    expect(isPrivateConversation({ channel: 'telegram', kind: 'message', telegramChatType: null })).toBe(false);
  });

  it('inside the window for an automatic message, never by HUMAN_AGENT or a WhatsApp template', () => {
    const post = (channel: 'whatsapp' | 'facebook' | 'x', kind: 'message' | 'dm', h: number) => ({
      channel,
      kind,
      receivedAt: hoursAgo(h),
    });
    expect(chooseRatingInvitationMethod(post('whatsapp', 'message', 2), null, now)).toEqual({
      possible: true,
      method: 'whatsapp-text',
    });
    expect(chooseRatingInvitationMethod(post('whatsapp', 'message', 30), null, now)).toMatchObject({
      possible: false,
      reason: expect.stringContaining('template'),
    });
    // a later message from the citizen reopens the window
    expect(chooseRatingInvitationMethod(post('whatsapp', 'message', 30), hoursAgo(1), now)).toEqual({
      possible: true,
      method: 'whatsapp-text',
    });
    expect(chooseRatingInvitationMethod(post('facebook', 'dm', 2), null, now)).toEqual({
      possible: true,
      method: 'messenger-response',
    });
    expect(chooseRatingInvitationMethod(post('facebook', 'dm', 48), null, now)).toMatchObject({ possible: false });
    expect(chooseRatingInvitationMethod(post('x', 'dm', 500), null, now)).toEqual({ possible: true, method: 'x-dm' });
    expect(
      chooseRatingInvitationMethod({ channel: 'facebook', kind: 'comment', receivedAt: hoursAgo(1) }, null, now),
    ).toMatchObject({ possible: false, reason: expect.stringContaining('not a private conversation') });
  });
});
