import { z } from 'zod';
import { publicUrl, serviceConfig } from '@sinergi/service-kit';

/**
 * Every platform is optional: a region enables the ones whose secrets it configures, and webhooks of
 * a platform without its secret answer 503 `platform_not_configured`. Development values for
 * `npm start` are in development.defaults (public, never for production).
 */
export const socialIntakeConfig = serviceConfig({
  /**
   * Key of the HMAC that replaces a post's platform id in what leaves this service (events, public
   * answers): a Telegram id carries the chat id, a WhatsApp message id the sender's number. Replies
   * come back with the hash and are matched here; the real ids never leave the post table.
   */
  IDENTIFIER_HMAC_KEY: z.string().min(32, 'must be at least 32 characters of secret'),
  /** A platform's stated time older than this (or more than 5 minutes ahead) is replaced by the receive time. */
  STATED_TIME_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  META_APP_SECRET: z.string().min(8).optional(),
  META_VERIFY_TOKEN: z.string().min(8).optional(),
  X_CONSUMER_SECRET: z.string().min(8).optional(),
  TELEGRAM_SECRET_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z a-z 0-9 _ -')
    .optional(),
  /** Posts whose complaint and category confidence both reach this go straight to complaints. */
  TRIAGE_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.75),
  /** Posts at least this sure to be no complaint are set aside without a human. */
  TRIAGE_DISMISS_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.9),
  NEAR_DUPLICATE_WINDOW_HOURS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .default(72),
  NEAR_DUPLICATE_SIMILARITY: z.coerce.number().min(0).max(1).default(0.45),
  /**
   * The public tracking page of complaints, to which the tracking id is appended: the link a
   * near-duplicate's author gets (`<url>/LPR-...`).
   */
  REPORT_TRACKING_URL: publicUrl({ default: 'http://localhost:3003/lapor/lacak' }),
  WEBHOOK_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),

  /*
   * Replies on the post's channel. Base URLs default to the public APIs; tests and staging point
   * them at a local server. A platform without its credential gets no reply (recorded as failed).
   */
  GRAPH_API_BASE_URL: z.url().default('https://graph.facebook.com'),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v21.0')
    .default('v21.0'),
  /** Page access token for Facebook and Instagram replies (comments, Messenger, Instagram Direct). */
  META_PAGE_ACCESS_TOKEN: z.string().min(1).optional(),
  /** System-user token of the WhatsApp Business account. */
  WHATSAPP_ACCESS_TOKEN: z.string().min(1).optional(),
  /** Approved template for replies outside the 24 h window: body {{1}} tracking id, {{2}} status. */
  WHATSAPP_TEMPLATE_NAME: z
    .string()
    .regex(/^[a-z0-9_]{1,512}$/, 'must be a template name (a-z 0-9 _)')
    .optional(),
  WHATSAPP_TEMPLATE_LANGUAGE: z.string().min(2).max(10).default('id'),
  X_API_BASE_URL: z.url().default('https://api.x.com'),
  /** OAuth 2.0 user-context token of the receiving X account. */
  X_BEARER_TOKEN: z.string().min(1).optional(),
  TELEGRAM_API_BASE_URL: z.url().default('https://api.telegram.org'),
  /** `bot=token,bot2=token2`: the BotFather token of each receiving bot, keyed by the bot name in the webhook URL. */
  TELEGRAM_BOT_TOKENS: z
    .string()
    .regex(
      /^\s*[A-Za-z0-9_]{3,64}\s*=\s*\d{1,20}:[A-Za-z0-9_-]{20,100}\s*(,\s*[A-Za-z0-9_]{3,64}\s*=\s*\d{1,20}:[A-Za-z0-9_-]{20,100}\s*)*$/,
      'must be bot=token,bot2=token2',
    )
    .optional()
    .transform((v) =>
      Object.fromEntries(
        (v ?? '')
          .split(',')
          .filter((p) => p.trim() !== '')
          .map((p) => p.split('=').map((s) => s.trim()) as [string, string]),
      ),
    ),
  /** Tries per outbound message before it is marked failed. */
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /** How often the sender looks for due messages. */
  OUTBOUND_SCAN_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** First retry delay; doubles per attempt, at most one hour. */
  OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(5000),
  /** Per request to a platform. */
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type SocialIntakeConfig = z.output<typeof socialIntakeConfig>;
