import { createHash } from 'node:crypto';
import { normalizeBase32, randomBase32 } from '@sinergi/service-kit';

/*
 * Invitation tokens: 160 random bits in Crockford base32 (32 characters, no look-alike letters),
 * short enough for an SMS or a QR code. Only their SHA-256 is stored: a database leak does not
 * hand out anyone's vote.
 */
export const newToken = () => randomBase32(32);

/** Tokens are read back from links and keyboards: case and separators do not matter. */
export const normalizeToken = normalizeBase32;

export function hashToken(token: string): string {
  return createHash('sha256').update(normalizeToken(token)).digest('hex');
}
