import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Crockford base32: no I, L, O or U, so numbers survive being read out over the phone or typed from SMS.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ALPHABET[(acc >> bits) & 31];
    }
  }
  return out;
}

/**
 * A registration number (nomor registrasi) like `IZN-7K3M-Q9XD`: 40 random bits, so numbers reveal
 * neither order nor volume and cannot be enumerated. Permit numbers, by contrast, are sequential.
 */
export function newRegistrationNumber(): string {
  const s = base32(randomBytes(5), 8);
  return `IZN-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Accepts what people type: lower case, missing dashes, O for 0 and I/L for 1. */
export function normalizeRegistrationNumber(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!compact.startsWith('IZN')) return undefined;
  const body = compact.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(body) ? `IZN-${body.slice(0, 4)}-${body.slice(4)}` : undefined;
}

/** The applicant's secret: 128 random bits, shown once when the application is created. */
export const newSecret = () => randomBytes(16).toString('base64url');

/** Secrets are high-entropy, so a plain SHA-256 is a sufficient stored form. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
