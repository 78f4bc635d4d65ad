/**
 * Sends queued replies (outbound_message rows with status `pending`) to the platforms.
 *
 * Claim, then send: every OUTBOUND_SCAN_MS, per tenant (the kit's `startTenantJob`), one short transaction picks the due rows
 * with FOR UPDATE SKIP LOCKED (at most BATCH), counts the attempt and pushes `next_attempt_at` a
 * lease ahead; it commits before any platform call, so no database connection or row lock is held
 * while a platform answers slowly. The result is recorded in a second short transaction. With several
 * replicas, SKIP LOCKED keeps two of them from claiming the same row at once, and the lease keeps a
 * claimed row away from the others until its owner has recorded the answer. A replica that dies
 * between claim and record leaves the row pending: after the lease it is tried again (at least once;
 * a platform call that succeeded just before the crash could then be repeated, which no design
 * without a platform-side idempotency key can rule out).
 *
 * Result: 2xx -> sent (with sent_at); otherwise retried with exponential backoff
 * (OUTBOUND_RETRY_BASE_MS doubling, at most one hour) until OUTBOUND_MAX_ATTEMPTS, then failed.
 */
import { startTenantJob } from '@sinergi/service-kit';
import type { ReportStatus } from '@sinergi/contracts';
import {
  OUTBOUND_BODY_MAX,
  redactRatingLink,
  sendReply,
  withRatingLink,
  type OutboundConfig,
  type OutboundResult,
  type ReplyKind,
  type ReplyMethod,
  type ReplyTarget,
} from '../platforms/index.js';
import type { Ctx } from '../context.js';
import { PUBLIC_REPLY_METHODS } from './use-cases.js';
import type { SocialIntakeConfig } from '../config.js';
import { claimDueMessages, recordAttempt, type Claimed } from './repository.js';

export const OUTBOUND_BATCH = 50;
/** Parallel platform calls per batch. */
const PARALLEL = 10;
const MAX_BACKOFF_MS = 3_600_000;

/** The clients' configuration for a post's receiving account. */
export function outboundConfigFor(config: SocialIntakeConfig, account: string): OutboundConfig {
  const timeoutMs = config.OUTBOUND_TIMEOUT_MS;
  const out: OutboundConfig = {};
  if (config.META_PAGE_ACCESS_TOKEN) {
    const graph = {
      baseUrl: config.GRAPH_API_BASE_URL,
      version: config.GRAPH_API_VERSION,
      accessToken: config.META_PAGE_ACCESS_TOKEN,
      timeoutMs,
    };
    out.facebook = graph;
    out.instagram = graph;
  }
  if (config.WHATSAPP_ACCESS_TOKEN) {
    out.whatsapp = {
      baseUrl: config.GRAPH_API_BASE_URL,
      version: config.GRAPH_API_VERSION,
      accessToken: config.WHATSAPP_ACCESS_TOKEN,
      timeoutMs,
      // without a configured template, a template send is refused by the platform and recorded
      template: {
        name: config.WHATSAPP_TEMPLATE_NAME ?? 'status_laporan',
        language: config.WHATSAPP_TEMPLATE_LANGUAGE,
      },
    };
  }
  if (config.X_BEARER_TOKEN) out.x = { baseUrl: config.X_API_BASE_URL, bearerToken: config.X_BEARER_TOKEN, timeoutMs };
  const botToken = config.TELEGRAM_BOT_TOKENS[account];
  if (botToken) out.telegram = { baseUrl: config.TELEGRAM_API_BASE_URL, botToken, timeoutMs };
  return out;
}

export const backoffMs = (config: SocialIntakeConfig, attempts: number) =>
  Math.min(config.OUTBOUND_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);

/** Starts the sender in `background`; the stopper waits for a running round. */
export function startReplySender(ctx: Ctx): () => Promise<void> {
  const sender = new ReplySender(ctx);
  return startTenantJob(ctx, {
    name: 'outbound replies',
    intervalMs: ctx.config.OUTBOUND_SCAN_MS,
    run: async (tenant) => ({ tried: await sender.sendDue(tenant) }),
  });
}

export class ReplySender {
  constructor(private readonly ctx: Ctx) {}

  /** Sends one region's due messages, batch after batch until fewer than a batch are due; returns how many were tried. */
  async sendDue(tenant: string): Promise<number> {
    let tried = 0;
    for (;;) {
      const n = await this.#batch(tenant);
      tried += n;
      if (n < OUTBOUND_BATCH) return tried;
    }
  }

  async #batch(tenant: string): Promise<number> {
    const { config } = this.ctx;
    // the lease outlasts every request of the batch (they run PARALLEL at a time)
    const leaseMs = config.OUTBOUND_TIMEOUT_MS * (Math.ceil(OUTBOUND_BATCH / PARALLEL) + 1) + 5_000;
    const claimed = await this.ctx.db.withTenant(tenant, (trx) =>
      claimDueMessages(trx, { limit: OUTBOUND_BATCH, leaseMs, publicMethods: PUBLIC_REPLY_METHODS }),
    );
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      const slice = claimed.slice(i, i + PARALLEL);
      const results = await Promise.all(slice.map((m) => this.#send(m)));
      await this.ctx.db.withTenant(tenant, async (trx) => {
        for (const [j, m] of slice.entries()) {
          const r = this.#redacted(m, results[j]!);
          const finalTry = m.attempts >= config.OUTBOUND_MAX_ATTEMPTS;
          await recordAttempt(trx, m.id, {
            status: r.ok ? 'sent' : finalTry ? 'failed' : 'pending',
            last_status_code: r.status,
            response_body: r.body.slice(0, OUTBOUND_BODY_MAX),
            external_message_id: r.externalId ?? null,
            error: r.ok ? null : (r.error ?? `HTTP ${r.status}`).slice(0, 2000),
            sent_at: r.ok ? new Date() : null,
            // the rating link is needed only until the message is out (or given up)
            ...(m.rating_url !== null && (r.ok || finalTry) ? { rating_url: null } : {}),
            next_attempt_at: new Date(Date.now() + (r.ok || finalTry ? 0 : backoffMs(config, m.attempts))),
          });
          if (!r.ok)
            this.ctx.logger.warn(
              { outboundId: m.id, status: r.status, attempts: m.attempts, final: finalTry },
              'a reply was not accepted by the platform',
            );
        }
      });
    }
    return claimed.length;
  }

  /** A platform may echo the message (Telegram does): the link must not reach the log. */
  #redacted(m: Claimed, r: OutboundResult): OutboundResult {
    if (m.rating_url === null) return r;
    const url = m.rating_url;
    return {
      ...r,
      body: redactRatingLink(r.body, url),
      ...(r.error === undefined ? {} : { error: redactRatingLink(r.error, url) }),
    };
  }

  #send(m: Claimed): Promise<OutboundResult> {
    const target: ReplyTarget = {
      channel: m.channel as ReplyTarget['channel'],
      account: m.account,
      externalId: m.external_id,
      thread: m.thread,
      author: { platformId: m.author_platform_id },
    };
    let content: Parameters<typeof sendReply>[3];
    if (m.kind === 'rating-invitation') {
      if (m.rating_url === null)
        return Promise.resolve({ ok: false, status: 0, body: '', error: 'the rating link is no longer stored' });
      content = { text: withRatingLink(m.text, m.rating_url) };
    } else if (m.kind === 'support-link') {
      content = { text: m.text };
    } else {
      content = { trackingId: m.tracking_id, status: m.report_status as ReportStatus, kind: m.kind as ReplyKind };
    }
    return sendReply(outboundConfigFor(this.ctx.config, m.account), target, m.method as ReplyMethod, content).catch(
      (error: unknown) => ({
        ok: false,
        status: 0,
        body: '',
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}
