/**
 * Issue 16, social intake: a question is not handed over; a near-duplicate counts as support of the
 * report (an event for complaints) and its author gets the report's tracking link in private only;
 * a gateway looks up what became of the message it delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ACCOUNTS, instagramComment, postMeta, publishFresh, SECRETS, startIntake, submitted } from './fixtures.js';
import type { Intake } from './fixtures.js';
import { startRecorder, waitFor } from './recorder.js';

const BOT_TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd';
const LINKS = 'https://lapor.bandung.go.id/lapor/lacak';

let c: Intake;
let platform: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  platform = await startRecorder();
  c = await startIntake({
    TELEGRAM_API_BASE_URL: platform.url,
    TELEGRAM_BOT_TOKENS: `${ACCOUNTS.telegramDishub}=${BOT_TOKEN}`,
    OUTBOUND_SCAN_MS: '50',
    OUTBOUND_RETRY_BASE_MS: '50',
  });
});
afterAll(async () => {
  await c?.stop();
  await platform?.close();
});

const meta = (payload: unknown) => postMeta(c, payload);

let updateId = 900;
/** A Telegram message to the Dishub bot; returns the post's external id. */
async function telegram(chat: { id: number; type: string }, text: string): Promise<string> {
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
        chat: chat.type === 'private' ? chat : { ...chat, title: 'Warga Coblong' },
        from: { id: chat.id > 0 ? chat.id : 4242, is_bot: false, first_name: 'Budi' },
        text,
      },
    }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return `${ACCOUNTS.telegramDishub}:${chat.id}:${updateId}`;
}

const post = async (externalId: string) =>
  (
    await sql<{
      id: string;
      status: string;
      attached_to: string | null;
      external_ref: string;
      signals: string[];
    }>`select id, status, attached_to, external_ref, signals from post where external_id = ${externalId}`.execute(c.db)
  ).rows[0]!;
const events = async (type: string, postId: string) =>
  (
    await sql<{
      event: { data: Record<string, unknown> };
    }>`select event from outbox where type = ${type} and event->'data'->>'postId' = ${postId}`.execute(c.db)
  ).rows.map((r) => r.event.data);
const supportLinks = async (postId: string) =>
  (
    await sql<{
      tracking_id: string;
      status: string;
      method: string | null;
      error: string | null;
      text: string;
    }>`select tracking_id, status, method, error, text from outbound_message where post_id = ${postId} and kind = 'support-link'`.execute(
      c.db,
    )
  ).rows;

const DETECTED = 'sinergi.social-intake.post.complaint-detected.v1';
const ATTACHED = 'sinergi.social-intake.post.duplicate-attached.v1';

describe('questions wait for a person', () => {
  it('when a traffic question arrives, then it waits in the inbox and no report is asked for', async () => {
    await meta(instagramComment('18000000000001601', 'Hari ini macet ga ya di Pasteur? mau ke bandara'));
    const q = await post('18000000000001601');
    expect(q.status).toBe('pending');
    expect(q.signals).toContain('question:asks');
    expect(await events(DETECTED, q.id)).toEqual([]);
  });

  it('when a complaint asks "kapan diperbaiki??", then it is still handed over, with a title cut at a boundary', async () => {
    const text =
      'Jalan di Jl. Dipatiukur No. 35 berlubang besar sudah 2 minggu, motor sering jatuh. Kapan diperbaiki??';
    await meta(instagramComment('18000000000001602', text));
    const p = await post('18000000000001602');
    expect(p.status).toBe('complaint');
    expect(p.signals).toEqual(expect.arrayContaining(['question:grievance:demands']));
    const [event] = await events(DETECTED, p.id);
    expect(event).toMatchObject({ title: 'Jalan di Jl. Dipatiukur No. 35 berlubang besar sudah 2 minggu…' });
  });
});

describe('a near-duplicate supports the report', () => {
  const ORIGINAL =
    'Lampu lalu lintas di perempatan Jl. Tubagus Ismail mati total sejak kemarin, kendaraan saling serobot';
  const REPOST =
    'Lampu lalu lintas di perempatan Jl. Tubagus Ismail mati total sejak kemarin, kendaraan saling serobot!!';

  it('tells complaints once per post, and sends the tracking link only in private, once the report exists', async () => {
    const first = await post(await telegram({ id: 801, type: 'private' }, ORIGINAL));
    expect(first.status).toBe('complaint');

    // before complaints made the report: the event goes out, the link waits for the tracking id
    const dupId = await telegram({ id: 802, type: 'private' }, REPOST);
    const dup = await post(dupId);
    expect(dup).toMatchObject({ status: 'attached', attached_to: first.id });
    const [event, ...more] = await events(ATTACHED, dup.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      postId: dup.id,
      channel: 'telegram',
      externalId: dup.external_ref,
      original: { channel: 'telegram', externalId: first.external_ref },
    });
    // keyed hashes only: neither chat id nor the name leaves the service
    expect(JSON.stringify(event)).not.toMatch(/802|801|Budi/);
    expect(await events(DETECTED, dup.id)).toEqual([]);
    expect(await supportLinks(dup.id)).toEqual([]);

    // complaints made the report from the first post (delivered twice): one link for the repost's author
    const report = submitted('LPR-SUP1-0001', 'telegram', first.external_ref);
    await publishFresh(c, report);
    await publishFresh(c, report);
    const sent = await waitFor('the tracking link on Telegram', () =>
      platform.requests.find((r) => r.path.endsWith('/sendMessage') && r.body.includes('LPR-SUP1-0001')),
    );
    expect(sent.json).toMatchObject({ chat_id: 802 });
    expect((sent.json as { text: string }).text).toContain(`${LINKS}/LPR-SUP1-0001`);
    await waitFor('both deliveries handled', async () => (await supportLinks(dup.id))[0]?.status === 'sent');
    expect(await supportLinks(dup.id)).toHaveLength(1);

    // once the report is known, a later repost gets its link at once; in a group chat never
    const group = await post(await telegram({ id: -1009988776655, type: 'supergroup' }, `${REPOST} tolong`));
    expect(group).toMatchObject({ status: 'attached', attached_to: first.id });
    expect(await supportLinks(group.id)).toEqual([
      expect.objectContaining({ tracking_id: 'LPR-SUP1-0001', status: 'impossible', method: null }),
    ]);
    expect((await supportLinks(group.id))[0]!.error).toMatch(/private conversations only/);
  });
});

describe('a gateway looks up the message it delivered', () => {
  const deliver = async (externalId: string, text: string, sub: string) => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/generic',
      headers: await c.as.integrator({ sub }),
      payload: { channel: 'sms', account: '1708', externalId, text, from: '081234567890' },
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const lookUp = async (externalId: string, headers: Record<string, string>) =>
    c.app.inject({ method: 'GET', url: `/v1/posts/by-external/sms/${encodeURIComponent(externalId)}`, headers });

  it('answers its status and, once a report, the tracking id, to that gateway and staff only', async () => {
    await deliver(
      'sms-7001',
      'Sampah di TPS Jl. Cikutra menumpuk sudah seminggu tidak diangkut, baunya menyengat',
      'gw-a',
    );
    const own = await lookUp('1708:sms-7001', await c.as.integrator({ sub: 'gw-a' }));
    expect(own.statusCode, own.body).toBe(200);
    const answer = own.json();
    expect(Object.keys(answer).sort()).toEqual(['channel', 'externalId', 'receivedAt', 'reportTrackingId', 'status']);
    expect(answer).toMatchObject({ channel: 'sms', externalId: '1708:sms-7001', reportTrackingId: null });
    expect(own.body).not.toMatch(/081234567890|6281234567890|Sampah/);

    // another gateway, an officer of another unit, another region: as if there were no such post
    for (const headers of [
      await c.as.integrator({ sub: 'gw-b' }),
      await c.as.officer('dishub'),
      await c.as.citizen(),
      await c.as.admin({ tenant: '32.04' }),
    ]) {
      const res = await lookUp('1708:sms-7001', headers);
      expect([403, 404], res.body).toContain(res.statusCode);
    }
    expect((await lookUp('1708:sms-9999', await c.as.integrator({ sub: 'gw-a' }))).json().code).toBe('post_not_found');

    expect(answer.status).toBe('complaint');
    const p = await post('1708:sms-7001');
    await publishFresh(c, submitted('LPR-SMS1-0001', 'sms', p.external_ref));
    const later = await waitFor('the tracking id', async () => {
      const r = (await lookUp('1708:sms-7001', await c.as.integrator({ sub: 'gw-a' }))).json();
      return r.reportTrackingId ? r : undefined;
    });
    expect(later).toMatchObject({ status: 'complaint', reportTrackingId: 'LPR-SMS1-0001' });
    const admin = await lookUp('1708:sms-7001', await c.as.admin());
    expect(admin.statusCode).toBe(200);
  });
});
