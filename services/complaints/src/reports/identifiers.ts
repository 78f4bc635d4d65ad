import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Crockford base32: no I, L, O or U, so IDs survive being read out over the phone or typed from SMS.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  return out;
}

/**
 * A tracking ID like `LPR-7K3M-Q9XD`: 40 random bits, so IDs reveal neither order, volume nor
 * time, and guessing one of a region's reports takes about 10^12 / (reports) tries. Shown
 * publicly, so it carries nothing private.
 */
export function newTrackingId(): string {
  const s = base32(randomBytes(5), 8);
  return `LPR-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Accepts what people type: lower case, missing dashes, O for 0 and I/L for 1. */
export function normalizeTrackingId(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith('LPR')) return undefined;
  const body = compact.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(body) ? `LPR-${body.slice(0, 4)}-${body.slice(4)}` : undefined;
}

/** The reporter's secret: 128 random bits, shown once at submission. */
export const newSecret = () => randomBytes(16).toString('base64url');

/** Secrets and API keys are high-entropy, so a plain SHA-256 is a sufficient stored form. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** An Open311 integrator key: shown once, stored hashed; the prefix lets admins tell keys apart. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `s311_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashSecret(key) };
}
