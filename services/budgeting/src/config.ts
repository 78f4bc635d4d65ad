import { z } from 'zod';
import { serviceConfig } from '@sinergi/service-kit';

export const budgetingConfig = serviceConfig({
  /** Largest CSV a reference import accepts (nomenclature, accounts, a price catalogue). */
  CSV_IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(512 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  /** Largest file a bulk import of a year accepts (`POST /v1/imports`); it is streamed, never held whole. */
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(8 * 1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024),
  /** How often the head of every audit chain is compared with the last anchored one (and published when it moved). */
  AUDIT_ANCHOR_MS: z.coerce.number().int().min(200).default(60_000),
  /** Load Kota Bandung's demo year (reference data, ceilings, line items) at start when missing; for development and demos. */
  SEED_DEMO_BUDGET: z.stringbool().default(false),
  /** Key of the HMAC that turns a citizen's e-mail (and NIK, when given) into a hash; public scrutiny is off without it. */
  SCRUTINY_HMAC_KEY: z.string().min(32, 'must be at least 32 characters of secret').optional(),
  /** Where one-time codes are sent: an HTTP mail relay taking {to, subject, text} as JSON; scrutiny is off without it. */
  MAIL_HTTP_URL: z.url().optional(),
  /** Flags one verified citizen may raise per day. */
  SCRUTINY_FLAGS_PER_DAY: z.coerce.number().int().min(1).max(1000).default(5),
});

export type BudgetingConfig = z.output<typeof budgetingConfig>;
