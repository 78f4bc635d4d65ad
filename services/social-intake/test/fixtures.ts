/** social-intake's own fixtures beside the testkit's harness: the region, secrets, accounts and signed bodies. */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { createEvent, reportSubmitted } from '@sinergi/contracts';
import { createServiceHarness } from '@sinergi/testkit';
import { expect } from 'vitest';
import { socialIntake } from '../src/app.js';

export const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);
export const SECRETS = {
  META_APP_SECRET: 'meta-app-secret-for-tests',
  META_VERIFY_TOKEN: 'meta-verify-token-for-tests',
  X_CONSUMER_SECRET: 'x-consumer-secret-for-tests',
  TELEGRAM_SECRET_TOKEN: 'telegram-secret_for-tests',
  IDENTIFIER_HMAC_KEY: 'identifier-hmac-key-for-tests-0000000000',
  REPORT_TRACKING_URL: 'https://lapor.bandung.go.id/lapor/lacak',
};

/** Bandung's accounts from the demo directory. */
export const ACCOUNTS = {
  instagramDsdabm: '17841400000000001',
  telegramDishub: 'dishub_bdg_bot',
  xSatpol: '1000000000000000001',
  whatsappDlh: '100000000000201',
  facebookDisdik: '100000000000101',
};

/** The service for Kota Bandung with every platform configured; `extraEnv` adds or overrides variables. */
export const startIntake = (extraEnv: Record<string, string> = {}) =>
  createServiceHarness(socialIntake, { regions: [BANDUNG], env: { ...SECRETS, DEFAULT_TENANT: '32.73', ...extraEnv } });

export type Intake = Awaited<ReturnType<typeof startIntake>>;

export const metaSignature = (body: string, secret = SECRETS.META_APP_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
export const xSignature = (body: string, secret = SECRETS.X_CONSUMER_SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;

export function instagramComment(id: string, text: string, account = ACCOUNTS.instagramDsdabm) {
  return {
    object: 'instagram',
    entry: [
      {
        id: account,
        time: 1764300000,
        changes: [
          {
            field: 'comments',
            value: {
              id,
              text,
              from: { id: `user-${id}`, username: 'warga_bdg' },
              media: { id: 'media-1', media_product_type: 'FEED' },
            },
          },
        ],
      },
    ],
  };
}

// ---- replies: the service answering through a recorder, and complaints' events about reports from posts ----

export const BOT_TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd';
/** How often the outbound worker tries a reply before it marks it failed. */
export const MAX_ATTEMPTS = 3;

/** The service with every platform's API at the recorder `platformUrl`, its tokens, and a fast outbound worker. */
export const startReplyingIntake = (platformUrl: string) =>
  startIntake({
    GRAPH_API_BASE_URL: platformUrl,
    X_API_BASE_URL: platformUrl,
    TELEGRAM_API_BASE_URL: platformUrl,
    META_PAGE_ACCESS_TOKEN: 'page-token-for-tests',
    WHATSAPP_ACCESS_TOKEN: 'whatsapp-token-for-tests',
    WHATSAPP_TEMPLATE_NAME: 'status_laporan',
    X_BEARER_TOKEN: 'x-token-for-tests',
    TELEGRAM_BOT_TOKENS: `${ACCOUNTS.telegramDishub}=${BOT_TOKEN}`,
    OUTBOUND_SCAN_MS: '50',
    OUTBOUND_RETRY_BASE_MS: '50',
    OUTBOUND_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
  });

/** A signed Meta delivery through the real webhook; the service must accept it. */
export async function postMeta(c: Intake, payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await c.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body) },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
}

export const at = () => new Date().toISOString();
export const source = (channel: string, id: string) => ({ system: `social-intake:${channel}`, id });

/** complaints' report.submitted for a report made from the post `externalId` on `channel`. */
export function submitted(trackingId: string, channel: string, externalId: string) {
  return createEvent(reportSubmitted, {
    tenant: '32.73',
    subject: trackingId,
    data: {
      trackingId,
      category: 'jalan-rusak',
      at: at(),
      type: 'pengaduan',
      channel: 'social',
      suggestedUnit: null,
      location: null,
      districtCode: null,
      villageCode: null,
      anonim: true,
      rahasia: false,
      source: source(channel, externalId),
      dispositionDue: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    },
  });
}

export async function publishFresh(c: Intake, event: { type: string; tenant: string }) {
  // a fresh Nats-Msg-Id each time: a publish of the same event twice is stored twice, as a redelivery would be
  await c.events.republish(event, randomUUID());
}

/** The outbound log's rows, oldest first. */
export const outboundLog = async (c: Intake) =>
  (
    await sql<{
      tracking_id: string;
      kind: string;
      method: string | null;
      status: string;
      attempts: number;
      last_status_code: number | null;
      error: string | null;
    }>`select tracking_id, kind, method, status, attempts, last_status_code, error from outbound_message order by created_at`.execute(
      c.db,
    )
  ).rows;
