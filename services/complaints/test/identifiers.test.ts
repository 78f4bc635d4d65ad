import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { hashSecret, newApiKey, newSecret, newTrackingId, normalizeTrackingId, secretMatches } from '../src/reports/identifiers.js';
import { startComplaints } from './support.js';
import { reportsApi, TEST_SERVICE_ENV } from './report-helpers.js';

const FORMAT = /^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('tracking IDs', () => {
  it('look like LPR-7K3M-Q9XD: Crockford base32, without I, L, O or U', () => {
    const ids = Array.from({ length: 5000 }, newTrackingId);
    for (const id of ids) expect(id).toMatch(FORMAT);
    expect(ids.map((id) => id.slice(4)).join('')).not.toMatch(/[ILOU]/);
  });

  it('are random: no collisions in 20 000, every symbol in every position, no order', () => {
    const ids = Array.from({ length: 20_000 }, newTrackingId);
    expect(new Set(ids).size).toBe(ids.length);
    const body = ids.map((id) => id.replace(/-/g, '').slice(3));
    for (let pos = 0; pos < 8; pos++) expect(new Set(body.map((b) => b[pos])).size, `position ${pos}`).toBe(32);
    // consecutive IDs are not sorted: they reveal neither volume nor time
    const ascending = ids.slice(1).filter((id, i) => id > ids[i]!).length;
    expect(ascending / ids.length).toBeGreaterThan(0.4);
    expect(ascending / ids.length).toBeLessThan(0.6);
  });

  it.each([
    ['LPR-7K3M-Q9XD', 'LPR-7K3M-Q9XD'],
    ['lpr 7k3m q9xd', 'LPR-7K3M-Q9XD'],
    ['lpr-7k3m-q9xd', 'LPR-7K3M-Q9XD'],
    ['LPR7K3MQ9XD', 'LPR-7K3M-Q9XD'],
    [' LPR - 7K3M - Q9XD ', 'LPR-7K3M-Q9XD'],
    // read out over the phone or typed from an SMS: O is 0, I and L are 1
    ['LPR-OOOO-1111', 'LPR-0000-1111'],
    ['lpr-o0o0-ilil', 'LPR-0000-1111'],
    ['LPR-IL10-O0AB', 'LPR-1110-00AB'],
    // only the first LPR is the prefix
    ['lpr 1ooo lpr0', 'LPR-1000-1PR0'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeTrackingId(input)).toBe(expected);
  });

  it.each(['', 'LPR', 'LPR-7K3M', 'LPR-7K3M-Q9X', 'LPR-7K3M-Q9XDA', 'LPR-7K3M-Q9XU', 'ABC-7K3M-Q9XD', '7K3M-Q9XD', 'LPR_7K3M_Q9XD', 'LPR-7K3M-Q9X!'])(
    'rejects %j',
    (input) => {
      expect(normalizeTrackingId(input)).toBeUndefined();
    },
  );

  it('normalizes every generated ID to itself, also when typed lower case without dashes', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newTrackingId();
      expect(normalizeTrackingId(id)).toBe(id);
      expect(normalizeTrackingId(id.toLowerCase().replace(/-/g, ' '))).toBe(id);
      expect(normalizeTrackingId(id.replace(/0/g, 'O').replace(/1/g, 'l'))).toBe(id);
    }
  });
});

describe('secrets and keys', () => {
  it('a reporter’s secret has 128 random bits, base64url', () => {
    const secrets = Array.from({ length: 2000 }, newSecret);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it('is stored as its SHA-256 and matched in constant time', () => {
    const secret = newSecret();
    const stored = hashSecret(secret);
    expect(stored).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(stored).not.toContain(secret);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(newSecret(), stored)).toBe(false);
    expect(secretMatches(secret.slice(0, -1), stored)).toBe(false);
    expect(secretMatches('', stored)).toBe(false);
    // a damaged stored hash is a mismatch, not an exception
    expect(secretMatches(secret, stored.slice(0, 10))).toBe(false);
    expect(secretMatches(secret, '')).toBe(false);
  });

  it('an Open311 key is shown once, stored hashed, recognizable by its prefix', () => {
    const k = newApiKey();
    expect(k.key).toMatch(/^s311_[A-Za-z0-9_-]{32}$/);
    expect(k.prefix).toBe(k.key.slice(0, 10));
    expect(k.hash).toBe(hashSecret(k.key));
    expect(newApiKey().key).not.toBe(k.key);
  });
});

describe('through the API', () => {
  let c: Awaited<ReturnType<typeof startComplaints>>;
  let api: ReturnType<typeof reportsApi>;
  beforeAll(async () => {
    c = await startComplaints(TEST_SERVICE_ENV);
    api = reportsApi(c);
  });
  afterAll(async () => c?.stop());

  it('finds a report by its ID as people type it', async () => {
    const r = await api.submit({ location: undefined });
    expect(r.trackingId).toMatch(FORMAT);
    const typed = [r.trackingId, r.trackingId.toLowerCase(), r.trackingId.toLowerCase().replace(/-/g, ' '), r.trackingId.replace(/-/g, ''), r.trackingId.replace(/0/g, 'o').replace(/1/g, 'i')];
    for (const id of typed) {
      const res = await api.publicGet(id);
      expect(res.statusCode, id).toBe(200);
      expect(res.json().trackingId).toBe(r.trackingId);
    }
    // and so does the reporter with the secret
    const mine = await api.publicGet(r.trackingId.toLowerCase().replace(/-/g, ' '), { secret: r.secret });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().reporter).not.toBeNull();
  });

  it('answers 404 for IDs that are not a region’s, 400 for ones that cannot be', async () => {
    for (const id of ['LPR-0000-0000', 'LPR-ZZZZ', 'lpr 7k3m q9xu']) {
      const res = await api.publicGet(id);
      expect(res.statusCode, id).toBe(404);
      expect(res.json()).toMatchObject({ code: 'report_not_found' });
    }
    expect((await api.publicGet('x'.repeat(40))).statusCode).toBe(400);
  });

  it('never stores the secret, only its hash; the secret is returned once, at submission', async () => {
    const r = await api.submit({ location: undefined });
    const row = await api.row(r.trackingId);
    expect(row.secret_hash).toBe(hashSecret(r.secret));
    expect(row.text).not.toContain(r.secret);
    // a read with the secret does not hand it out again
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).body).not.toContain(r.secret);
    expect(r.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a wrong secret with 403, a malformed one with 400', async () => {
    const r = await api.submit({ location: undefined });
    const wrong = await api.publicGet(r.trackingId, { secret: newSecret() });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_secret' });
    expect((await api.publicGet(r.trackingId, { secret: 'short' })).statusCode).toBe(400);
  });
});
