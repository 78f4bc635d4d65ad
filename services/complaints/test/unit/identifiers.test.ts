/** Tracking IDs, reporters' secrets and Open311 keys: their shape, randomness and hashing. */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  hashSecret,
  newApiKey,
  newSecret,
  newTrackingId,
  normalizeTrackingId,
  secretMatches,
} from '../../src/reports/identifiers.js';

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

  it.each([
    '',
    'LPR',
    'LPR-7K3M',
    'LPR-7K3M-Q9X',
    'LPR-7K3M-Q9XDA',
    'LPR-7K3M-Q9XU',
    'ABC-7K3M-Q9XD',
    '7K3M-Q9XD',
    'LPR_7K3M_Q9XD',
    'LPR-7K3M-Q9X!',
  ])('rejects %j', (input) => {
    expect(normalizeTrackingId(input)).toBeUndefined();
  });

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
