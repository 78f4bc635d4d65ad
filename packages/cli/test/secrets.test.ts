import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretsEnv } from '../src/secrets.js';

/** Reads KEY='value' lines as compose's .env reader does with single quotes: literally. */
const parse = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const m = /^([A-Z_]+)='([^']*)'$/.exec(l);
        if (!m) throw new Error(`not a KEY='value' line: ${l}`);
        return [m[1]!, m[2]!];
      }),
  );

describe('sinergi secrets', () => {
  it('prints every secret a deployment chooses, each in .env format, fresh on every run', () => {
    const first = parse(secretsEnv());
    const second = parse(secretsEnv());
    expect(Object.keys(first).sort()).toEqual([
      'GRAFANA_ADMIN_PASSWORD',
      'IDENTIFIER_HMAC_KEY',
      'META_VERIFY_TOKEN',
      'METRICS_TOKEN',
      'NATS_BUDGETING_PASSWORD',
      'NATS_CLI_PASSWORD',
      'NATS_COMPLAINTS_PASSWORD',
      'NATS_LICENSING_PASSWORD',
      'NATS_OFFICIAL_RATING_PASSWORD',
      'NATS_OPS_PASSWORD',
      'NATS_SOCIAL_INTAKE_PASSWORD',
      'NIK_HMAC_KEY',
      'PERMIT_SIGNING_KEYS',
      'POSTGRES_BUDGETING_OWNER_PASSWORD',
      'POSTGRES_BUDGETING_PASSWORD',
      'POSTGRES_COMPLAINTS_OWNER_PASSWORD',
      'POSTGRES_COMPLAINTS_PASSWORD',
      'POSTGRES_LICENSING_OWNER_PASSWORD',
      'POSTGRES_LICENSING_PASSWORD',
      'POSTGRES_OFFICIAL_RATING_OWNER_PASSWORD',
      'POSTGRES_OFFICIAL_RATING_PASSWORD',
      'POSTGRES_PASSWORD',
      'POSTGRES_SOCIAL_INTAKE_OWNER_PASSWORD',
      'POSTGRES_SOCIAL_INTAKE_PASSWORD',
      'STAFF_SESSION_SECRET',
      'TELEGRAM_SECRET_TOKEN',
    ]);
    for (const name of Object.keys(first)) expect(second[name], name).not.toBe(first[name]);
    expect(first.NIK_HMAC_KEY!.length).toBeGreaterThanOrEqual(32);
    expect(first.IDENTIFIER_HMAC_KEY!.length).toBeGreaterThanOrEqual(32);
    expect(first.STAFF_SESSION_SECRET!.length).toBeGreaterThanOrEqual(32);
    expect(first.META_VERIFY_TOKEN!.length).toBeGreaterThanOrEqual(8);
    // it goes into postgres:// URLs in docker-compose.yml unescaped
    for (const name of Object.keys(first).filter((n) => n.startsWith('POSTGRES_')))
      expect(first[name], name).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    // the kit refuses a scrape token under 16 characters
    expect(first.METRICS_TOKEN!.length).toBeGreaterThanOrEqual(32);
    // nats-server reads $VAR values as config values: a leading digit or '-' would make a number of it
    for (const name of Object.keys(first).filter((n) => n.startsWith('NATS_')))
      expect(first[name], name).toMatch(/^[a-z][0-9a-f]{48}$/);
    // Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - as a webhook secret_token
    expect(first.TELEGRAM_SECRET_TOKEN).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
  });

  it('gives licensing a JSON list holding one Ed25519 private key in PKCS#8 PEM', () => {
    const keys = JSON.parse(parse(secretsEnv()).PERMIT_SIGNING_KEYS!) as Array<{ kid: string; privateKey: string }>;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.kid).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(createPrivateKey(keys[0]!.privateKey).asymmetricKeyType).toBe('ed25519');
  });

  it('names the secrets the platforms issue instead of inventing them', () => {
    const text = secretsEnv();
    for (const name of [
      'META_APP_SECRET',
      'X_CONSUMER_SECRET',
      'META_PAGE_ACCESS_TOKEN',
      'WHATSAPP_ACCESS_TOKEN',
      'X_BEARER_TOKEN',
      'TELEGRAM_BOT_TOKENS',
    ]) {
      expect(text).toMatch(new RegExp(`^#.*${name}`, 'm'));
    }
  });
});
