import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createAdminKysely } from '@sinergi/service-kit';
import { bearer, createTestEnvironment, mintToken, startTestService, type TestEnvironment } from '@sinergi/testkit';
import { socialIntake } from '../src/app.js';

export const BANDUNG = JSON.parse(readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'));
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

export async function startIntake(extraEnv: Record<string, string> = {}) {
  const env: TestEnvironment = await createTestEnvironment();
  const service = await startTestService(socialIntake, env, { regions: [BANDUNG], env: { ...SECRETS, DEFAULT_TENANT: '32.73', ...extraEnv } });
  const db = createAdminKysely(env.databaseUrl);
  return {
    env,
    service,
    app: service.app,
    db,
    async stop() {
      await service.stop();
      await db.destroy();
      await env.cleanup();
    },
  };
}

export const metaSignature = (body: string, secret = SECRETS.META_APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
export const xSignature = (body: string, secret = SECRETS.X_CONSUMER_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('base64')}`;

export const as = {
  admin: async () => bearer(await mintToken({ tenant: '32.73', roles: ['admin'], sub: 'admin-1' })),
  officer: async (unit: string) => bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit, sub: `officer-${unit}` })),
  integrator: async () => bearer(await mintToken({ tenant: '32.73', roles: ['integrator'], sub: 'sms-gateway' })),
};

export function instagramComment(id: string, text: string, account = ACCOUNTS.instagramDsdabm) {
  return {
    object: 'instagram',
    entry: [{ id: account, time: 1764300000, changes: [{ field: 'comments', value: { id, text, from: { id: `user-${id}`, username: 'warga_bdg' }, media: { id: 'media-1', media_product_type: 'FEED' } } }] }],
  };
}
