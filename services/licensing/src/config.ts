import { z } from 'zod';
import { publicUrl, serviceConfig } from '@sinergi/service-kit';
import { SigningKeysConfig } from './permits/signing.js';

export const licensingConfig = serviceConfig({
  /** Key of the HMAC that turns an applicant's NIK into a lookup hash (the NIK itself is never stored). */
  NIK_HMAC_KEY: z.string().min(32, 'must be at least 32 characters of secret'),
  /** JSON array of {kid, privateKey (PKCS#8 PEM, Ed25519 or P-256), tenants?, retired?}; newest active key last. */
  PERMIT_SIGNING_KEYS: SigningKeysConfig,
  /** Where the public verification endpoint is reached from outside; the QR code on a permit points here. */
  PUBLIC_VERIFY_BASE_URL: publicUrl({ default: 'http://localhost:3002' }),
  /** How often the deadline job looks for applications whose service standard ran out (fiktif positif). */
  DEADLINE_SCAN_MS: z.coerce.number().int().min(200).default(60_000),
  /** The largest upload the service reads at all; each requirement sets its own, smaller limit. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  /** Applications created per minute per client address on the public endpoints. */
  SUBMIT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Load the demo permit types (Kota Bandung) at start when missing; for development and demos. */
  SEED_DEMO_PERMIT_TYPES: z.stringbool().default(false),
});

export type LicensingConfig = z.output<typeof licensingConfig>;
