import { randomBytes } from 'node:crypto';
import { hashSecret, publicIds } from '@sinergi/service-kit';

export { hashSecret, newSecret, secretMatches } from '@sinergi/service-kit';

/**
 * A tracking ID like `LPR-7K3M-Q9XD`. Guessing one of a region's reports takes about
 * 10^12 / (reports) tries; it is shown publicly, so it carries nothing private.
 */
const trackingIds = publicIds('LPR');
export const newTrackingId = trackingIds.generate;
/** Accepts what people type: lower case, missing dashes, O for 0 and I/L for 1. */
export const normalizeTrackingId = trackingIds.normalize;

/** An Open311 integrator key: shown once, stored hashed; the prefix lets admins tell keys apart. */
export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `s311_${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, 10), hash: hashSecret(key) };
}
