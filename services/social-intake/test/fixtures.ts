/** social-intake's own fixtures beside the testkit's harness: the region, secrets, accounts and signed bodies. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServiceHarness } from '@sinergi/testkit';
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
