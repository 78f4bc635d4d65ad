/**
 * Sends queued replies (outbound_message rows with status `pending`) to the platforms.
 *
 * Claim, then send: every OUTBOUND_SCAN_MS, per tenant, one short transaction picks the due rows
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
import { sql } from 'kysely';
import type { ReportStatus } from '@sinergi/contracts';
import type { OutboundKind } from '../db/schema.js';
import { OUTBOUND_BODY_MAX, redactRatingLink, sendReply, withRatingLink, type OutboundConfig, type OutboundResult, type ReplyKind, type ReplyMethod, type ReplyTarget } from '../platforms/index.js';
import type { Ctx } from '../posts/intake.js';
import { PUBLIC_REPLY_METHODS } from './consumer.js';
import type { SocialIntakeConfig } from '../config.js';

export const OUTBOUND_BATCH = 50;
/** Parallel platform calls per batch. */
const PARALLEL = 10;
const MAX_BACKOFF_MS = 3_600_000;

/** The clients' configuration for a post's receiving account. */
export function outboundConfigFor(config: SocialIntakeConfig, account: string): OutboundConfig {
  const timeoutMs = config.OUTBOUND_TIMEOUT_MS;
  const out: OutboundConfig = {};
  if (config.META_PAGE_ACCESS_TOKEN) {
    const graph = { baseUrl: config.GRAPH_API_BASE_URL, version: config.GRAPH_API_VERSION, accessToken: config.META_PAGE_ACCESS_TOKEN, timeoutMs };
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
      template: { name: config.WHATSAPP_TEMPLATE_NAME ?? 'status_laporan', language: config.WHATSAPP_TEMPLATE_LANGUAGE },
    };
  }
  if (config.X_BEARER_TOKEN) out.x = { baseUrl: config.X_API_BASE_URL, bearerToken: config.X_BEARER_TOKEN, timeoutMs };
  const botToken = config.TELEGRAM_BOT_TOKENS[account];
  if (botToken) out.telegram = { baseUrl: config.TELEGRAM_API_BASE_URL, botToken, timeoutMs };
  return out;
}

export const backoffMs = (config: SocialIntakeConfig, attempts: number) => Math.min(config.OUTBOUND_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);

interface Claimed {
  id: string;
  tracking_id: string;
  kind: OutboundKind;
  report_status: string;
  method: string;
  attempts: number;
  channel: string;
  account: string;
  external_id: string;
  thread: Record<string, string | undefined>;
  author_platform_id: string;
  text: string;
  rating_url: string | null;
}

export class ReplySender {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(private readonly ctx: Ctx) {}

  start(): () => Promise<void> {
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .then(() => undefined)
        .catch((err) => this.ctx.logger.error({ err }, 'outbound sender round failed'))
        .finally(() => {
          this.#running = undefined;
          if (!this.#stopped) this.#timer = setTimeout(tick, this.ctx.config.OUTBOUND_SCAN_MS);
        });
    };
    this.#timer = setTimeout(tick, 0);
    return () => this.stop();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One round over every tenant; returns how many messages were tried. */
  async runOnce(): Promise<number> {
    let tried = 0;
    for (const tenant of this.ctx.directory.tenants()) {
      if (this.#stopped) break;
      for (;;) {
        const n = await this.#batch(tenant);
        tried += n;
        if (n < OUTBOUND_BATCH || this.#stopped) break;
      }
    }
    return tried;
  }

  async #batch(tenant: string): Promise<number> {
    const { config } = this.ctx;
    // the lease outlasts every request of the batch (they run PARALLEL at a time)
    const leaseMs = config.OUTBOUND_TIMEOUT_MS * (Math.ceil(OUTBOUND_BATCH / PARALLEL) + 1) + 5_000;
    const claimed = await this.ctx.db.withTenant(tenant, async (trx) => {
      const rows = await sql<Claimed>`
        select m.id, m.tracking_id, m.kind, m.report_status, m.method, m.attempts, m.text, m.rating_url,
               p.channel, p.account, p.external_id, p.thread, p.author_platform_id
          from outbound_message m join post p on p.id = m.post_id
         where m.status = 'pending' and m.next_attempt_at <= now()
           and not (p.report_confidential and m.method in (${sql.join(PUBLIC_REPLY_METHODS)}))
         order by m.next_attempt_at
         limit ${OUTBOUND_BATCH}
           for update of m skip locked`.execute(trx);
      if (rows.rows.length === 0) return [];
      await trx
        .updateTable('outbound_message')
        .set({ attempts: sql`attempts + 1`, next_attempt_at: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
        .where('id', 'in', rows.rows.map((r) => r.id))
        .execute();
      return rows.rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      const slice = claimed.slice(i, i + PARALLEL);
      const results = await Promise.all(slice.map((m) => this.#send(m)));
      await this.ctx.db.withTenant(tenant, async (trx) => {
        for (const [j, m] of slice.entries()) {
          const r = this.#redacted(m, results[j]!);
          const finalTry = m.attempts >= config.OUTBOUND_MAX_ATTEMPTS;
          await trx
            .updateTable('outbound_message')
            .set({
              status: r.ok ? 'sent' : finalTry ? 'failed' : 'pending',
              last_status_code: r.status,
              response_body: r.body.slice(0, OUTBOUND_BODY_MAX),
              external_message_id: r.externalId ?? null,
              error: r.ok ? null : (r.error ?? `HTTP ${r.status}`).slice(0, 2000),
              sent_at: r.ok ? new Date() : null,
              // the rating link is needed only until the message is out (or given up)
              ...(m.rating_url !== null && (r.ok || finalTry) ? { rating_url: null } : {}),
              next_attempt_at: new Date(Date.now() + (r.ok || finalTry ? 0 : backoffMs(config, m.attempts))),
            })
            .where('id', '=', m.id)
            .execute();
          if (!r.ok) this.ctx.logger.warn({ outboundId: m.id, status: r.status, attempts: m.attempts, final: finalTry }, 'a reply was not accepted by the platform');
        }
      });
    }
    return claimed.length;
  }

  /** A platform may echo the message (Telegram does): the link must not reach the log. */
  #redacted(m: Claimed, r: OutboundResult): OutboundResult {
    if (m.rating_url === null) return r;
    const url = m.rating_url;
    return { ...r, body: redactRatingLink(r.body, url), ...(r.error === undefined ? {} : { error: redactRatingLink(r.error, url) }) };
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
      if (m.rating_url === null) return Promise.resolve({ ok: false, status: 0, body: '', error: 'the rating link is no longer stored' });
      content = { text: withRatingLink(m.text, m.rating_url) };
    } else {
      content = { trackingId: m.tracking_id, status: m.report_status as ReportStatus, kind: m.kind as ReplyKind };
    }
    return sendReply(outboundConfigFor(this.ctx.config, m.account), target, m.method as ReplyMethod, content).catch((error: unknown) => ({ ok: false, status: 0, body: '', error: error instanceof Error ? error.message : String(error) }));
  }
}
