import { z } from 'zod';
import { serviceConfig } from '@sinergi/service-kit';

export const complaintsConfig = serviceConfig({
  /** Key of the HMAC that turns a reporter's NIK into a lookup hash (the NIK itself is never stored). */
  NIK_HMAC_KEY: z.string().min(32, 'must be at least 32 characters of secret'),
  /** How far back an open report may be to take a new nearby report of its category as support. */
  DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  /** How often the deadline job looks for breaches and reports to close automatically. */
  DEADLINE_SCAN_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Submissions per minute per client address on the public endpoints. */
  SUBMIT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(20),
});

export type ComplaintsConfig = z.output<typeof complaintsConfig>;
