import { createHash, randomBytes } from 'node:crypto';

/*
 * Invitation tokens: 160 random bits in Crockford base32 (32 characters, no look-alike letters),
 * short enough for an SMS or a QR code. Only their SHA-256 is stored: a database leak does not
 * hand out anyone's vote.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newToken(): string {
  const bytes = randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** Tokens are read back from links and keyboards: case and separators do not matter. */
export function normalizeToken(token: string): string {
  return token.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(normalizeToken(token)).digest('hex');
}
