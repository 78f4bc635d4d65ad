import { REPORT_STATUSES } from '@sinergi/contracts';
import { describe, expect, it } from 'vitest';
import type { NormalizedPost, ReplyKind } from '../../src/platforms/index.js';
import { chooseReplyMethod, replyText, STATUS_LABELS, templateParameters } from '../../src/platforms/index.js';

const NOW = new Date('2024-11-28T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const post = (
  channel: NormalizedPost['channel'],
  kind: NormalizedPost['kind'],
  receivedAt = ago(HOUR).toISOString(),
) => ({ channel, kind, receivedAt });

describe('chooseReplyMethod', () => {
  it('WhatsApp: text inside 24 h of the last message, template from then on', () => {
    const wa = post('whatsapp', 'message');
    expect(chooseReplyMethod(wa, ago(23 * HOUR + 59 * MIN), NOW)).toEqual({ possible: true, method: 'whatsapp-text' });
    expect(chooseReplyMethod(wa, ago(24 * HOUR - 1), NOW)).toEqual({ possible: true, method: 'whatsapp-text' });
    expect(chooseReplyMethod(wa, ago(24 * HOUR), NOW)).toEqual({ possible: true, method: 'whatsapp-template' });
    expect(chooseReplyMethod(wa, ago(24 * HOUR + MIN), NOW)).toEqual({ possible: true, method: 'whatsapp-template' });
    expect(chooseReplyMethod(wa, ago(30 * DAY).toISOString(), NOW)).toEqual({
      possible: true,
      method: 'whatsapp-template',
    });
  });

  it('WhatsApp: a newer message reopens the window; null falls back to the post’s time', () => {
    const old = post('whatsapp', 'message', ago(3 * DAY).toISOString());
    expect(chooseReplyMethod(old, null, NOW).possible && chooseReplyMethod(old, null, NOW)).toMatchObject({
      method: 'whatsapp-template',
    });
    expect(chooseReplyMethod(old, ago(2 * HOUR), NOW)).toMatchObject({ method: 'whatsapp-text' });
    expect(chooseReplyMethod(post('whatsapp', 'message', ago(MIN).toISOString()), null, NOW)).toMatchObject({
      method: 'whatsapp-text',
    });
    // clock skew: a "future" message counts as now; an unreadable time as a closed window
    expect(chooseReplyMethod(old, new Date(NOW.getTime() + HOUR), NOW)).toMatchObject({ method: 'whatsapp-text' });
    expect(chooseReplyMethod(old, 'not a date', NOW)).toMatchObject({ method: 'whatsapp-template' });
  });

  it('Messenger and Instagram DMs: RESPONSE under 24 h, HUMAN_AGENT to 7 days, then impossible', () => {
    for (const channel of ['facebook', 'instagram'] as const) {
      const dm = post(channel, 'dm');
      expect(chooseReplyMethod(dm, ago(23 * HOUR + 59 * MIN), NOW)).toEqual({
        possible: true,
        method: 'messenger-response',
      });
      expect(chooseReplyMethod(dm, ago(24 * HOUR + MIN), NOW)).toEqual({
        possible: true,
        method: 'messenger-human-agent',
      });
      expect(chooseReplyMethod(dm, ago(6 * DAY), NOW)).toEqual({ possible: true, method: 'messenger-human-agent' });
      expect(chooseReplyMethod(dm, ago(7 * DAY - MIN), NOW)).toEqual({
        possible: true,
        method: 'messenger-human-agent',
      });
      const late = chooseReplyMethod(dm, ago(8 * DAY), NOW);
      expect(late.possible).toBe(false);
      expect(!late.possible && late.reason).toMatch(/7 days/);
      expect(chooseReplyMethod(dm, ago(7 * DAY), NOW).possible).toBe(false);
      const automated = chooseReplyMethod(dm, ago(2 * DAY), NOW, { allowHumanAgent: false });
      expect(automated.possible).toBe(false);
    }
  });

  it('comments, tweets, X DMs and Telegram have no window', () => {
    const long = ago(90 * DAY);
    expect(chooseReplyMethod(post('facebook', 'comment'), long, NOW)).toEqual({
      possible: true,
      method: 'facebook-comment-reply',
    });
    expect(chooseReplyMethod(post('instagram', 'comment'), long, NOW)).toEqual({
      possible: true,
      method: 'instagram-comment-reply',
    });
    expect(chooseReplyMethod(post('x', 'mention'), long, NOW)).toEqual({ possible: true, method: 'x-tweet-reply' });
    expect(chooseReplyMethod(post('x', 'dm'), long, NOW)).toEqual({ possible: true, method: 'x-dm' });
    expect(chooseReplyMethod(post('telegram', 'message'), long, NOW)).toEqual({
      possible: true,
      method: 'telegram-message',
    });
  });

  it('gives a reason when no reply is possible', () => {
    for (const p of [
      post('sms', 'message'),
      post('generic', 'message'),
      post('x', 'comment'),
      post('facebook', 'message'),
    ]) {
      const plan = chooseReplyMethod(p, null, NOW);
      expect(plan.possible).toBe(false);
      expect(!plan.possible && plan.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('replyText', () => {
  const kinds: ReplyKind[] = ['received', 'followed-up', 'closed', 'needs-information'];

  it('tells the tracking id and status in Indonesian', () => {
    expect(replyText({ trackingId: 'LPR-7K3M-Q9XD', status: 'submitted', kind: 'received' })).toBe(
      'Terima kasih, laporan Anda sudah kami terima dengan nomor LPR-7K3M-Q9XD. Status: Menunggu verifikasi. Simpan nomor ini untuk memantau perkembangan laporan Anda.',
    );
    expect(replyText({ trackingId: 'LPR-7K3M-Q9XD', status: 'followed-up', kind: 'followed-up' })).toContain(
      'sudah ditindaklanjuti',
    );
    expect(replyText({ trackingId: 'LPR-7K3M-Q9XD', status: 'closed', kind: 'closed' })).toContain('Status: Selesai.');
    expect(replyText({ trackingId: 'LPR-7K3M-Q9XD', status: 'deferred', kind: 'needs-information' })).toContain(
      'keterangan tambahan',
    );
    expect(
      replyText({
        trackingId: 'LPR-7K3M-Q9XD',
        status: 'disposed',
        statusLabel: 'Diteruskan ke Dinas PUPR',
        kind: 'received',
      }),
    ).toContain('Status: Diteruskan ke Dinas PUPR.');
  });

  it('fits a tweet for every kind and status, even with the longest tracking id', () => {
    for (const kind of kinds) {
      for (const status of REPORT_STATUSES) {
        const text = replyText({ trackingId: `LPR-${'A'.repeat(36)}`, status, statusLabel: 'x'.repeat(200), kind });
        expect(text.length, `${kind} ${status}`).toBeLessThanOrEqual(280);
        expect(replyText({ trackingId: 'LPR-7K3M-Q9XD', status, kind })).toContain(STATUS_LABELS[status]);
      }
    }
  });

  it('never carries personal data: tracking ids are checked, labels masked', () => {
    for (const trackingId of ['lpr-7k3m-q9xd', 'LPR 7K3M', 'LPR-7K3M-Q9XD\n<b>', 'AB', 'budi@example.com']) {
      expect(() => replyText({ trackingId, status: 'submitted', kind: 'received' }), trackingId).toThrow(RangeError);
    }
    const text = replyText({
      trackingId: 'LPR-7K3M-Q9XD',
      status: 'deferred',
      statusLabel: 'Hubungi 0812-3456-7890',
      kind: 'needs-information',
    });
    expect(text).not.toContain('3456');
    expect(text).toContain('+62*********90');
    expect(templateParameters({ trackingId: 'LPR-7K3M-Q9XD', status: 'closed' })).toEqual(['LPR-7K3M-Q9XD', 'Selesai']);
  });
});
