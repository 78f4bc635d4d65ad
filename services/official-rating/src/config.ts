import { z } from 'zod';
import { publicUrl, serviceConfig } from '@sinergi/service-kit';

export const officialRatingConfig = serviceConfig({
  /**
   * The citizen-facing rating form; each link adds `tenant` and the single-use `token` to its query
   * string (access logs record paths, not queries), so one form serves every region hosted here.
   */
  RATING_FORM_URL: publicUrl({ default: 'http://localhost:3005/r' }),
  /** How long an invitation stays usable. */
  INVITATION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Rating submissions per minute per client address (an office's tablets may share one address). */
  SUBMIT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  /** Counter links one staff account may create per hour: a desk serves people, it does not print ballots. */
  COUNTER_TOKENS_PER_HOUR: z.coerce.number().int().min(1).default(120),
  /** Days a negative comment waits for the unit's public reply before it is published without one. */
  COMMENT_HOLD_DAYS: z.coerce.number().int().min(0).max(30).default(3),
  /**
   * The smallest number of respondents a published profile cell may show (sex, age band, education,
   * occupation); smaller ones are suppressed. Our choice: 5, a common small-cell rule of statistical
   * offices; at least 3.
   */
  PROFILE_MINIMUM_CELL: z.coerce.number().int().min(3).max(100).default(5),
  /** Paper questionnaires one batch may carry (one box of forms, one request). */
  PAPER_BATCH_MAX_FORMS: z.coerce.number().int().min(1).max(5000).default(2000),
  /** How many days after its month ends a month's paper forms can still be entered. */
  PAPER_BATCH_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(730).default(90),
  /** How often changed unit indices are recomputed and announced (unit-index.updated). */
  INDEX_REFRESH_MS: z.coerce.number().int().min(100).default(60_000),
});

export type OfficialRatingConfig = z.output<typeof officialRatingConfig>;
