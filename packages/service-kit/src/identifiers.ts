/*
 * Identifiers people read, type and keep: public ids such as a tracking or registration number,
 * bearer tokens in links, and the secrets shown once and stored only as a hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Crockford base32: no I, L, O or U, so ids survive being read out over the phone or typed from SMS.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `chars` random Crockford base32 characters: 5 random bits each. */
export function randomBase32(chars: number): string {
  const bytes = randomBytes(Math.ceil((chars * 5) / 8));
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  return out;
}

/** What people type back: lower case, spaces and dashes, O for 0 and I or L for 1. */
export function normalizeBase32(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/**
 * Public ids like `LPR-7K3M-Q9XD`: a prefix and 40 random bits, so they reveal neither order,
 * volume nor time and cannot be enumerated. Shown publicly, so they carry nothing private.
 */
export function publicIds(prefix: string): { generate(): string; normalize(input: string): string | undefined } {
  if (!/^[A-Z]{2,5}$/.test(prefix))
    throw new Error(`a public id prefix is 2-5 capital letters, got ${JSON.stringify(prefix)}`);
  const format = (body: string) => `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
  return {
    generate: () => format(randomBase32(8)),
    normalize(input) {
      const compact = input.toUpperCase().replace(/[\s-]/g, '');
      if (!compact.startsWith(prefix)) return undefined;
      const body = normalizeBase32(compact.slice(prefix.length));
      return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(body) ? format(body) : undefined;
    },
  };
}

/** A secret shown once (a reporter's or applicant's): 128 random bits. */
export const newSecret = () => randomBytes(16).toString('base64url');

/** Secrets, tokens and API keys are high-entropy, so a plain SHA-256 is a sufficient stored form. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Compares in constant time, so the answer's timing tells nothing about the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
