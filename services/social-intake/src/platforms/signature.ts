import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The outcome of checking a request's signature or secret header. Routes answer `missing` and
 * `malformed` with 401 and `mismatch` with 403 (or all with 401): nothing is stored either way.
 */
export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'mismatch';

/** A header as Node and Fastify hand it over: a repeated header arrives as an array. */
export type HeaderValue = string | readonly string[] | undefined;

const toBytes = (value: string | Uint8Array): Buffer =>
  typeof value === 'string'
    ? Buffer.from(value, 'utf8')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/**
 * Constant-time equality for values of any length. Both sides are hashed first (SHA-256) so that
 * `timingSafeEqual` always compares 32 bytes: the time depends neither on where the values differ
 * nor on the length of the secret.
 */
export function constantTimeEqual(a: string | Uint8Array, b: string | Uint8Array): boolean {
  const x = toBytes(a);
  const y = toBytes(b);
  const hx = createHash('sha256').update(x).digest();
  const hy = createHash('sha256').update(y).digest();
  return timingSafeEqual(hx, hy) && x.length === y.length;
}

export function hmacSha256(secret: string, data: string | Uint8Array): Buffer {
  return createHmac('sha256', secret)
    .update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    .digest();
}

/** A single header value; a header sent twice is ambiguous and counts as malformed. */
export function singleHeader(header: HeaderValue): { value: string } | 'missing' | 'malformed' {
  if (header === undefined) return 'missing';
  if (typeof header !== 'string') {
    if (header.length === 0) return 'missing';
    if (header.length > 1) return 'malformed';
    header = header[0] ?? '';
  }
  const value = header.trim();
  return value === '' ? 'missing' : { value };
}

/** A secret from configuration must not be empty: an empty HMAC key would let anyone sign. */
export function requireSecret(secret: string, what: string): void {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new RangeError(`${what} is not configured (empty): refusing to verify with an empty secret`);
  }
}

/**
 * Checks `<prefix><encoded HMAC-SHA256 of rawBody>` where the encoding is matched by `format.pattern`'s
 * first group and decoded with `format.encoding`. The decoded MAC is always 32 bytes, compared with
 * `timingSafeEqual` against the computed one.
 */
export function checkHmacHeader(
  rawBody: Uint8Array,
  header: HeaderValue,
  secret: string,
  format: { pattern: RegExp; encoding: 'hex' | 'base64' },
): SignatureCheck {
  const { pattern, encoding } = format;
  const single = singleHeader(header);
  if (typeof single === 'string') return single;
  const match = pattern.exec(single.value);
  const encoded = match?.[1];
  if (encoded === undefined) return 'malformed';
  const received = Buffer.from(encoded, encoding);
  if (received.length !== 32) return 'malformed';
  const expected = hmacSha256(secret, rawBody);
  return timingSafeEqual(received, expected) ? 'ok' : 'mismatch';
}
