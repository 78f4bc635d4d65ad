import { describe, expect, it } from 'vitest';
import { boundClientTime, CLIENT_TIME_MAX_AGE_MS } from '../src/index.js';

const now = new Date('2026-12-07T10:00:00Z');

describe('boundClientTime', () => {
  it('keeps a time within 30 days before and 5 minutes after the receive time', () => {
    for (const iso of ['2026-12-07T10:04:59Z', '2026-12-07T09:00:00Z', '2026-11-08T10:00:01Z']) {
      expect(boundClientTime(new Date(iso), now)).toEqual({ at: new Date(iso), clamped: null });
    }
  });

  it('replaces a far-future, ancient or unreadable time by the receive time and says why', () => {
    expect(boundClientTime(new Date('9999-12-31T23:59:59Z'), now)).toEqual({ at: now, clamped: 'future' });
    expect(boundClientTime(new Date('2026-12-07T10:05:01Z'), now)).toEqual({ at: now, clamped: 'future' });
    expect(boundClientTime(new Date(1000), now)).toEqual({ at: now, clamped: 'too-old' });
    expect(boundClientTime(new Date('0001-01-01T00:00:00Z'), now)).toEqual({ at: now, clamped: 'too-old' });
    expect(boundClientTime(new Date(Number.NaN), now)).toEqual({ at: now, clamped: 'invalid' });
  });

  it('takes other bounds when a caller configures them', () => {
    const old = new Date(now.getTime() - CLIENT_TIME_MAX_AGE_MS - 1);
    expect(boundClientTime(old, now).clamped).toBe('too-old');
    expect(boundClientTime(old, now, { maxAgeMs: 2 * CLIENT_TIME_MAX_AGE_MS }).clamped).toBeNull();
  });
});
