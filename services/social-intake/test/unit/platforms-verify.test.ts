import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  isValidTelegramSecretToken,
  readXCrcToken,
  TelegramSecretToken,
  verifyMetaSignature,
  verifyMetaSubscription,
  verifyTelegramSecret,
  verifyXSignature,
  xCrcResponse,
} from '../../src/platforms/index.js';

const APP_SECRET = 'meta-app-secret';
const CONSUMER_SECRET = 'x-consumer-secret';

/** Signs like Meta: hex HMAC-SHA256 of the raw bytes. */
const metaSign = (raw: Buffer, secret = APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
/** Signs like X: base64 HMAC-SHA256 of the raw bytes. */
const xSign = (raw: Buffer, secret = CONSUMER_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('base64')}`;

// Raw bodies as the platforms send them: Meta escapes non-ASCII as \uXXXX, spacing is theirs.
const metaRaw = Buffer.from(
  '{"object":"page","entry":[{"id":"104857600000001","time":1732780800,"changes":[{"value":{"from":{"id":"7000000000000001","name":"Siti Rahma"},' +
    '"post":{"status_type":"added_photos","is_published":true,"updated_time":"2024-11-28T08:00:00+0000","promotion_status":"inactive","id":"104857600000001_900000000000001"},' +
    '"message":"Jalan di depan SDN 3 berlubang, tolong diperbaiki \\u00e2\\u0080\\u0094 bahaya","post_id":"104857600000001_900000000000001",' +
    '"comment_id":"900000000000001_111","created_time":1732780790,"item":"comment","parent_id":"104857600000001_900000000000001","verb":"add"},"field":"feed"}]}]}',
  'utf8',
);
const xRaw = Buffer.from(
  JSON.stringify({
    for_user_id: '1500000000000000001',
    tweet_create_events: [
      { id_str: '1860000000000000001', text: '@PemkotBogor lampu jalan mati', user: { id_str: '42', name: 'Warga' } },
    ],
  }),
  'utf8',
);

describe('Meta subscription handshake', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'token-dev-123', 'hub.challenge': '1158201444' };

  it('answers the challenge when the verify token matches', () => {
    expect(verifyMetaSubscription(query, 'token-dev-123')).toEqual({ ok: true, challenge: '1158201444' });
    expect(verifyMetaSubscription(new URLSearchParams(query), 'token-dev-123')).toEqual({
      ok: true,
      challenge: '1158201444',
    });
    // qs-style nested parsing of the same query
    expect(
      verifyMetaSubscription(
        { hub: { mode: 'subscribe', verify_token: 'token-dev-123', challenge: '42' } },
        'token-dev-123',
      ),
    ).toEqual({
      ok: true,
      challenge: '42',
    });
  });

  it('refuses a wrong or missing token, another mode, a missing challenge, repeated parameters', () => {
    expect(verifyMetaSubscription(query, 'token-dev-1234')).toEqual({ ok: false, reason: 'token-mismatch' });
    expect(verifyMetaSubscription({ ...query, 'hub.verify_token': 'token-dev-12' }, 'token-dev-123')).toEqual({
      ok: false,
      reason: 'token-mismatch',
    });
    expect(verifyMetaSubscription({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'token-dev-123')).toEqual({
      ok: false,
      reason: 'token-mismatch',
    });
    expect(verifyMetaSubscription({ ...query, 'hub.mode': 'unsubscribe' }, 'token-dev-123')).toEqual({
      ok: false,
      reason: 'not-subscribe',
    });
    expect(
      verifyMetaSubscription({ 'hub.mode': 'subscribe', 'hub.verify_token': 'token-dev-123' }, 'token-dev-123'),
    ).toEqual({
      ok: false,
      reason: 'missing-challenge',
    });
    expect(verifyMetaSubscription({ ...query, 'hub.challenge': '<script>\n' }, 'token-dev-123').ok).toBe(false);
    expect(
      verifyMetaSubscription({ ...query, 'hub.verify_token': ['token-dev-123', 'token-dev-123'] }, 'token-dev-123').ok,
    ).toBe(false);
    const repeated = new URLSearchParams(query);
    repeated.append('hub.challenge', '2');
    expect(verifyMetaSubscription(repeated, 'token-dev-123').ok).toBe(false);
  });

  it('refuses to run with an empty configured token', () => {
    expect(() => verifyMetaSubscription(query, '')).toThrow(RangeError);
  });
});

describe('Meta X-Hub-Signature-256', () => {
  it('matches a signature computed independently (openssl dgst -sha256 -hmac)', () => {
    const raw = Buffer.from('{"object":"page","entry":[]}');
    const header = 'sha256=5dcb51eb590634700c8d9cc1fde4d2d5981ca7bb83f250eb3fb71bfd849057ed';
    expect(verifyMetaSignature(raw, header, APP_SECRET)).toBe('ok');
    expect(verifyMetaSignature(raw, header.toUpperCase().replace('SHA256=', 'sha256='), APP_SECRET)).toBe('ok');
  });

  it('accepts the valid signature over the raw bytes', () => {
    expect(verifyMetaSignature(metaRaw, metaSign(metaRaw), APP_SECRET)).toBe('ok');
    expect(verifyMetaSignature(metaRaw, [metaSign(metaRaw)], APP_SECRET)).toBe('ok');
  });

  it('rejects a tampered body, including the re-serialized JSON of the same payload', () => {
    const header = metaSign(metaRaw);
    const tampered = Buffer.from(metaRaw.toString('utf8').replace('SDN 3', 'SDN 4'));
    expect(verifyMetaSignature(tampered, header, APP_SECRET)).toBe('mismatch');
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(metaRaw.toString('utf8'))));
    expect(verifyMetaSignature(reserialized, header, APP_SECRET)).toBe('mismatch');
  });

  it('reports a missing header', () => {
    expect(verifyMetaSignature(metaRaw, undefined, APP_SECRET)).toBe('missing');
    expect(verifyMetaSignature(metaRaw, '', APP_SECRET)).toBe('missing');
    expect(verifyMetaSignature(metaRaw, [], APP_SECRET)).toBe('missing');
  });

  it('reports malformed headers', () => {
    const hex = metaSign(metaRaw).slice('sha256='.length);
    for (const header of [
      hex,
      `sha1=${hex}`,
      `sha256=${hex.slice(2)}`,
      `sha256=${hex}00`,
      `sha256=${hex.slice(1)}g`,
      'sha256=',
      `sha256= ${hex}`,
    ]) {
      expect(verifyMetaSignature(metaRaw, header, APP_SECRET), header).toBe('malformed');
    }
    expect(verifyMetaSignature(metaRaw, [metaSign(metaRaw), metaSign(metaRaw)], APP_SECRET)).toBe('malformed');
    // The X encoding (base64) is not Meta's.
    expect(verifyMetaSignature(metaRaw, xSign(metaRaw, APP_SECRET), APP_SECRET)).toBe('malformed');
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyMetaSignature(metaRaw, metaSign(metaRaw, 'another-app-secret'), APP_SECRET)).toBe('mismatch');
  });

  it('refuses to verify with an empty app secret', () => {
    expect(() => verifyMetaSignature(metaRaw, metaSign(metaRaw, ''), '')).toThrow(RangeError);
  });
});

describe('X CRC and signature', () => {
  it('answers the CRC with base64 HMAC-SHA256 of the token (independent openssl vector)', () => {
    expect(xCrcResponse('challenge_token_123', CONSUMER_SECRET)).toEqual({
      response_token: 'sha256=1KTy4nY10MpSE4I6ZcbAQuXiH3aKXyqSqKXxGFTlCSU=',
    });
  });

  it('refuses empty tokens and secrets; reads crc_token from a query', () => {
    expect(() => xCrcResponse('', CONSUMER_SECRET)).toThrow(RangeError);
    expect(() => xCrcResponse('a'.repeat(1025), CONSUMER_SECRET)).toThrow(RangeError);
    expect(() => xCrcResponse('token', '')).toThrow(RangeError);
    expect(readXCrcToken({ crc_token: 'abc' })).toBe('abc');
    expect(readXCrcToken(new URLSearchParams('crc_token=abc'))).toBe('abc');
    expect(readXCrcToken(new URLSearchParams('crc_token=abc&crc_token=def'))).toBeNull();
    expect(readXCrcToken({ crc_token: ['a', 'b'] })).toBeNull();
    expect(readXCrcToken({})).toBeNull();
  });

  it('accepts a valid signature, rejects tampering and another secret', () => {
    expect(verifyXSignature(xRaw, xSign(xRaw), CONSUMER_SECRET)).toBe('ok');
    const tampered = Buffer.from(xRaw.toString('utf8').replace('mati', 'nyala'));
    expect(verifyXSignature(tampered, xSign(xRaw), CONSUMER_SECRET)).toBe('mismatch');
    expect(verifyXSignature(xRaw, xSign(xRaw, 'wrong-secret'), CONSUMER_SECRET)).toBe('mismatch');
  });

  it('reports missing and malformed headers', () => {
    expect(verifyXSignature(xRaw, undefined, CONSUMER_SECRET)).toBe('missing');
    const b64 = xSign(xRaw).slice('sha256='.length);
    for (const header of [
      b64,
      `sha256=${b64.slice(0, -1)}`,
      `sha256=${b64.slice(1)}`,
      metaSign(xRaw, CONSUMER_SECRET),
      'sha256=***',
    ]) {
      expect(verifyXSignature(xRaw, header, CONSUMER_SECRET), header).toBe('malformed');
    }
  });
});

describe('Telegram secret token', () => {
  const secret = 'Sinergi_Bot-Secret_2024';

  it('accepts exactly the configured secret', () => {
    expect(verifyTelegramSecret(secret, secret)).toBe('ok');
    expect(verifyTelegramSecret([secret], secret)).toBe('ok');
  });

  it('rejects other values, prefixes and extensions of it', () => {
    expect(verifyTelegramSecret('Sinergi_Bot-Secret_2025', secret)).toBe('mismatch');
    expect(verifyTelegramSecret(secret.slice(0, -1), secret)).toBe('mismatch');
    expect(verifyTelegramSecret(`${secret}x`, secret)).toBe('mismatch');
  });

  it('reports missing and malformed headers', () => {
    expect(verifyTelegramSecret(undefined, secret)).toBe('missing');
    expect(verifyTelegramSecret('', secret)).toBe('missing');
    expect(verifyTelegramSecret('has space', secret)).toBe('malformed');
    expect(verifyTelegramSecret('a'.repeat(257), secret)).toBe('malformed');
    expect(verifyTelegramSecret([secret, secret], secret)).toBe('malformed');
  });

  it('validates the configured secret', () => {
    expect(isValidTelegramSecretToken('a')).toBe(true);
    expect(isValidTelegramSecretToken('A-z_0'.repeat(51) + 'x')).toBe(true); // 256
    expect(isValidTelegramSecretToken('a'.repeat(257))).toBe(false);
    expect(isValidTelegramSecretToken('')).toBe(false);
    expect(isValidTelegramSecretToken('sekret!')).toBe(false);
    expect(isValidTelegramSecretToken('rahasia=')).toBe(false);
    expect(TelegramSecretToken.safeParse('ok_token-1').success).toBe(true);
    expect(TelegramSecretToken.safeParse('not ok').success).toBe(false);
    expect(() => verifyTelegramSecret(secret, 'bad secret')).toThrow(RangeError);
  });
});

describe('constantTimeEqual', () => {
  it('compares values of any length', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
    expect(constantTimeEqual(Buffer.from('é'), 'é')).toBe(true);
  });
});
