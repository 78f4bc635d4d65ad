/**
 * A citizen's request about the personal data in their posts, handled by an admin (UU 27/2022 Art.
 * 6-8): found by phone (SMS, WhatsApp) or platform id, exported, erased; admins only, every action
 * audited without the person's data, and the identifier never answered back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ACCOUNTS, SECRETS, startIntake } from './fixtures.js';

let c: Awaited<ReturnType<typeof startIntake>>;
let admin: Record<string, string>;
const call = (path: string, payload: unknown, headers = admin) =>
  c.app.inject({
    method: 'POST',
    url: `/v1/admin/data-subject/${path}`,
    headers,
    payload: payload as Record<string, unknown>,
  });
const reason = 'Permintaan di loket, KTP diperiksa';
const byPhone = (value: string) => ({ identifier: { kind: 'phone', value }, reason });
const TEXT = 'Sampah menumpuk di Jl. Dago, hubungi saya 081234567890 ya';

const sms = async (externalId: string, from: string) => {
  const res = await c.app.inject({
    method: 'POST',
    url: '/webhooks/generic',
    headers: await c.as.integrator({ sub: 'sms-gateway' }),
    payload: { channel: 'sms', account: '1708', externalId, text: TEXT, from },
  });
  expect(res.statusCode, res.body).toBe(200);
};
const telegram = async (id: number) => {
  const res = await c.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
    payload: JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 777001, type: 'private', first_name: 'Budi' },
        from: { id: 777001, is_bot: false, first_name: 'Budi' },
        text: TEXT,
      },
    }),
  });
  expect(res.statusCode, res.body).toBe(200);
};
const posts = async () =>
  (
    await sql<{
      id: string;
      channel: string;
      author_platform_id: string;
      author_name: string | null;
      text: string;
      raw: unknown;
      author_erased_at: Date | null;
    }>`select * from post order by received_at`.execute(c.db)
  ).rows;

beforeAll(async () => {
  c = await startIntake();
  admin = await c.as.admin();
  await sms('dsr-sms-1', '081234567890');
  await sms('dsr-sms-2', '+6281234567890');
  await sms('dsr-sms-other', '081399998888');
  await telegram(880001);
});
afterAll(async () => c?.stop());

describe('data subject requests in social-intake', () => {
  it('finds the posts of a phone number in whatever form the gateway wrote it, without echoing it', async () => {
    const res = await call('search', byPhone('0812-3456-7890'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().posts).toHaveLength(2);
    expect(res.body).not.toContain('34567890');
    const tg = await call('search', { identifier: { kind: 'handle', channel: 'telegram', value: '777001' }, reason });
    expect(tg.json().posts.map((p: { channel: string }) => p.channel)).toEqual(['telegram']);
  });

  it('exports the posts with author, text, payload and replies', async () => {
    const res = await call('export', byPhone('081234567890'));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.posts).toHaveLength(2);
    expect(body.posts[0].text).toBe(TEXT);
    expect(body.posts[0].author.platformId).toMatch(/81234567890$/);
    expect(body.posts[0].replies).toEqual([]);
  });

  it('refuses a malformed phone and callers who are not admins of the region', async () => {
    const bad = await call('search', byPhone('12ab'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('invalid_identifier');
    expect(bad.body).not.toContain('12ab');
    expect((await call('search', byPhone('081234567890'), await c.as.auditor())).statusCode).toBe(403);
    expect((await call('search', byPhone('081234567890'), await c.as.officer('dishub'))).statusCode).toBe(403);
    const palu = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/data-subject/search?tenant=32.73',
      headers: await c.as.admin({ tenant: '72.71' }),
      payload: byPhone('081234567890'),
    });
    expect(palu.statusCode).toBe(403);
  });

  it('erases author, thread, unmasked text and payload of the person’s posts only, and 404s a second time', async () => {
    const res = await call('erase', byPhone('081234567890'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().erased).toHaveLength(2);
    const rows = await posts();
    const erased = rows.filter((r) => r.author_erased_at !== null);
    expect(erased).toHaveLength(2);
    for (const r of erased) {
      expect(r.author_platform_id).toBe('unknown');
      expect(r.raw).toBeNull();
      expect(r.text).not.toContain('081234567890');
    }
    expect(
      rows
        .filter((r) => r.author_erased_at === null)
        .map((r) => r.author_platform_id)
        .sort(),
    ).toEqual(['+6281399998888', '777001']);
    expect((await call('erase', byPhone('081234567890'))).json().code).toBe('data_subject_not_found');
  });

  it('audits every action without the identifier', async () => {
    const res = await c.app.inject({
      method: 'GET',
      url: '/v1/admin/data-subject/requests',
      headers: await c.as.auditor(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const log = res.json().requests as { action: string; identifierKind: string; records: string[] }[];
    expect(log.map((a) => a.action).sort()).toEqual(['erase', 'export', 'search', 'search']);
    expect(log.find((a) => a.action === 'erase')!.records).toHaveLength(2);
    expect(log.map((a) => a.identifierKind)).toContain('handle:telegram');
    const stored = await sql<{ t: string }>`select string_agg(d::text, ' ') as t from data_subject_request d`.execute(
      c.db,
    );
    for (const trace of ['81234567890', '777001']) expect(stored.rows[0]!.t).not.toContain(trace);
  });
});
