/**
 * Retention of personal data in posts (UU 27/2022 Art. 43-44): raw payloads go 30 days after triage,
 * authors, threads and unmasked text 180 days after the matter is finished; posts waiting in triage,
 * posts whose report is still open, newer ones and the other region keep theirs; the rows stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applyRetention } from '@sinergi/service-kit';
import { ACCOUNTS, SECRETS, startIntake } from './fixtures.js';
import { retentionRules } from '../src/privacy/retention.js';
import { socialIntake } from '../src/app.js';

let c: Awaited<ReturnType<typeof startIntake>>;
const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);

let updateId = 7100;
/** A private Telegram message to the Dishub bot (a phone number in it); returns the post's id. */
async function telegram(text = 'Lampu jalan mati di Jl. Dago, hubungi saya 081234567890'): Promise<string> {
  updateId += 1;
  const res = await c.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
    payload: JSON.stringify({
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 5550000 + updateId, type: 'private', first_name: 'Budi' },
        from: { id: 5550000 + updateId, is_bot: false, first_name: 'Budi', username: 'budi_bdg' },
        text,
      },
    }),
  });
  expect(res.statusCode, res.body).toBe(200);
  const row = await sql<{ id: string }>`select id from post where external_id like ${`%:${updateId}`}`.execute(c.db);
  return row.rows[0]!.id;
}
/** Owner access: a triage outcome as if decided `days` ago (no API moves time). */
const decide = (id: string, status: string, days: number | null, attachedTo: string | null = null) =>
  sql`update post set status = ${status}, decided_at = ${days === null ? null : ago(days)}, received_at = ${ago(400)},
      attached_to = ${attachedTo} where id = ${id}`.execute(c.db);
/** A reply told to the author `days` ago, as the outbound worker records it. */
const replied = (id: string, kind: string, reportStatus: string, days: number) =>
  sql`insert into outbound_message (tenant_id, post_id, tracking_id, kind, report_status, method, status, text, created_at, response_body, external_message_id)
      values ('32.73', ${id}, 'LPR-TEST', ${kind}, ${reportStatus}, 'telegram-message', 'sent', 'Laporan LPR-TEST', ${ago(days)},
              '{"ok":true,"result":{"chat":{"id":5550001,"first_name":"Budi"}}}', '99')`.execute(c.db);
interface Row {
  raw: unknown;
  raw_erased_at: Date | null;
  author_erased_at: Date | null;
  author_name: string | null;
  author_platform_id: string;
  text: string;
  masked_text: string;
  thread: Record<string, string>;
  status: string;
}
const row = async (id: string) => (await sql<Row>`select * from post where id = ${id}`.execute(c.db)).rows[0]!;
const run = (tenant = '32.73', env: Record<string, string> = {}) =>
  applyRetention(c.ctx.db, tenant, retentionRules, { now, env });

const p: Record<string, string> = {};
beforeAll(async () => {
  c = await startIntake();
  for (const name of ['setAside40', 'pending', 'setAside200', 'openReport', 'closedReport', 'attached', 'fresh'])
    p[name] = await telegram();
  await decide(p.setAside40!, 'not-complaint', 40);
  await decide(p.pending!, 'pending', null);
  await decide(p.setAside200!, 'not-complaint', 200);
  await decide(p.openReport!, 'complaint', 400);
  await replied(p.openReport!, 'closed', 'closed', 300); // closed once, then disputed: followed up again later
  await replied(p.openReport!, 'followed-up', 'followed-up', 190);
  await decide(p.closedReport!, 'complaint', 400);
  await replied(p.closedReport!, 'received', 'submitted', 390);
  await replied(p.closedReport!, 'closed', 'closed', 200);
  await decide(p.attached!, 'attached', 400, p.closedReport!);
  await decide(p.fresh!, 'not-complaint', 10);
  await sql`insert into label (tenant_id, post_id, text, label, labeled_by)
            select tenant_id, id, text, 'bukan-pengaduan', 'admin-1' from post where id = ${p.setAside200!}`.execute(
    c.db,
  );
  // the same post in another region
  const palu = await sql<{ id: string }>`
    insert into post (tenant_id, channel, kind, account, external_id, thread, author_platform_id, author_name, text, masked_text,
                      received_at, raw, status, signals, minhash, decided_by, decided_at)
    select '72.71', channel, kind, account, external_id || '-palu', thread, author_platform_id, author_name, text, masked_text,
           received_at, raw, status, signals, minhash, decided_by, decided_at from post where id = ${p.setAside200!}
    returning id`.execute(c.db);
  p.palu = palu.rows[0]!.id;
});
afterAll(async () => c?.stop());

describe('retention of posts’ personal data', () => {
  it('erases raw payloads 30 days after triage and authors 180 days after the matter is finished', async () => {
    expect(await run()).toEqual({ 'raw-payload': 5, 'post-author': 3 });
    for (const id of [p.setAside40!, p.openReport!]) {
      const r = await row(id);
      expect(r.raw).toEqual({ message: { chat: { type: 'private' } } }); // only whether a reply is private
      expect(r.raw_erased_at).not.toBeNull();
      expect(r.author_name).toBe('Budi');
      expect(r.text).toContain('081234567890');
    }
    for (const id of [p.setAside200!, p.closedReport!, p.attached!]) {
      const r = await row(id);
      expect(r.author_name).toBeNull();
      expect(r.author_platform_id).toBe('unknown');
      expect(r.thread).toEqual({});
      expect(r.text).toBe(r.masked_text);
      expect(r.text).not.toContain('081234567890');
      expect(r.author_erased_at).not.toBeNull();
      expect(JSON.stringify(r.raw)).not.toContain('budi_bdg');
    }
    const label = await sql<{ text: string }>`select text from label where post_id = ${p.setAside200!}`.execute(c.db);
    expect(label.rows[0]!.text).not.toContain('081234567890');
    const answers = await sql<{ response_body: string | null }>`
      select response_body from outbound_message where post_id = ${p.closedReport!}`.execute(c.db);
    expect(answers.rows.map((a) => a.response_body)).toEqual([null, null]);
  });

  it('keeps what waits in triage, what is newer, a report still open, and the other region', async () => {
    for (const id of [p.pending!, p.fresh!, p.palu!]) {
      const r = await row(id);
      expect(JSON.stringify(r.raw)).toContain('budi_bdg');
      expect(r.author_name).toBe('Budi');
    }
    const open = await row(p.openReport!);
    expect(open.author_platform_id).not.toBe('unknown');
    expect(open.thread).not.toEqual({});
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from outbound_message where response_body is not null and post_id = ${p.openReport!}`.execute(
          c.db,
        )
      ).rows[0]!.n,
    ).toBe(2);
  });

  it('changes nothing on a second pass and follows shorter periods from the environment', async () => {
    expect(await run()).toEqual({ 'raw-payload': 0, 'post-author': 0 });
    const env = { RETENTION_RAW_PAYLOAD_DAYS: '5', RETENTION_POST_AUTHOR_DAYS: '30' };
    expect(await run('32.73', env)).toEqual({ 'raw-payload': 1, 'post-author': 1 });
    expect((await row(p.fresh!)).raw_erased_at).not.toBeNull();
    expect((await row(p.setAside40!)).author_name).toBeNull();
    expect((await row(p.openReport!)).author_name).toBe('Budi');
  });

  it('runs in the background: the service will not start with a bad period', () => {
    const saved = process.env.RETENTION_RAW_PAYLOAD_DAYS;
    process.env.RETENTION_RAW_PAYLOAD_DAYS = '0';
    try {
      expect(() => socialIntake.background!(c.ctx, c.deps)).toThrow(/RETENTION_RAW_PAYLOAD_DAYS/);
    } finally {
      if (saved === undefined) delete process.env.RETENTION_RAW_PAYLOAD_DAYS;
      else process.env.RETENTION_RAW_PAYLOAD_DAYS = saved;
    }
  });
});
