/*
 * Who sees a post's personal data, and what leaves the service: only the staff handling a post read
 * its raw payload, ids and author; auditors get masks and keyed hashes. Events carry the keyed hash
 * of the platform id (a Telegram id holds the chat id, a WhatsApp id the number), and replies coming
 * back with that hash still find the post and its real chat id.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Trx } from '../src/db/schema.js';
import { queueReply } from '../src/replies/use-cases.js';
import { ACCOUNTS, SECRETS, startIntake, type Intake } from './fixtures.js';

let c: Intake;
beforeAll(async () => {
  c = await startIntake();
  await c.service.relay.stop();
});
afterAll(async () => c?.stop());

const CHAT_ID = '918273645';
const TEXT =
  'Lampu lalu lintas di perempatan Jl. Soekarno-Hatta mati total, macet parah. Hubungi saya 081234567890, budi.santoso@example.com, NIK 3273010101900001';
const PERSONAL = [
  '081234567890',
  '81234567890',
  '4567890',
  '7890',
  'budi.santoso',
  'example.com',
  '3273010101900001',
  '0001',
  'Budi Santoso',
  CHAT_ID,
];

async function telegramComplaint(messageId: number) {
  const body = JSON.stringify({
    update_id: messageId,
    message: {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(CHAT_ID), type: 'private' },
      from: { id: Number(CHAT_ID), first_name: 'Budi', last_name: 'Santoso' },
      text: TEXT,
    },
  });
  const res = await c.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return (
    await sql<{
      id: string;
      status: string;
      external_id: string;
    }>`select id, status, external_id from post where external_id = ${`${ACCOUNTS.telegramDishub}:${CHAT_ID}:${messageId}`}`.execute(
      c.db,
    )
  ).rows[0]!;
}

const auditor = () => c.as.auditor();

describe('GET /v1/posts/{id}', () => {
  it('gives the raw payload, ids and author to the staff handling the post and masks and hashes for auditors', async () => {
    const p = await telegramComplaint(101);
    const handler = await c.app.inject({
      method: 'GET',
      url: `/v1/posts/${p.id}`,
      headers: await c.as.officer('dishub'),
    });
    expect(handler.statusCode, handler.body).toBe(200);
    expect(handler.json()).toMatchObject({
      unmasked: true,
      externalId: p.external_id,
      author: { platformId: CHAT_ID, displayName: 'Budi Santoso' },
    });
    expect(JSON.stringify(handler.json().raw)).toContain('081234567890');
    expect(
      (await c.app.inject({ method: 'GET', url: `/v1/posts/${p.id}`, headers: await c.as.admin() })).json().unmasked,
    ).toBe(true);

    const audited = await c.app.inject({ method: 'GET', url: `/v1/posts/${p.id}`, headers: await auditor() });
    expect(audited.statusCode, audited.body).toBe(200);
    expect(audited.json()).toMatchObject({ unmasked: false, raw: null, author: { displayName: 'B*** S***' } });
    for (const value of PERSONAL) expect(audited.body, value).not.toContain(value);
  });
});

describe('the hand-over event and the reply path', () => {
  it('carries the keyed hash instead of the Telegram id, masks to the last 2 digits, and a reply by that hash reaches the real chat', async () => {
    const p = await telegramComplaint(102);
    if (p.status !== 'complaint') {
      const decided = await c.app.inject({
        method: 'POST',
        url: `/v1/posts/${p.id}/decision`,
        headers: await c.as.admin(),
        payload: { complaint: true, category: 'rambu-lampu-lalu-lintas' },
      });
      expect(decided.statusCode, decided.body).toBe(200);
    }
    const events = (
      await sql<{
        event: { data: { externalId: string; text: string } };
      }>`select event from outbox where event->'data'->>'postId' = ${p.id}`.execute(c.db)
    ).rows;
    expect(events).toHaveLength(1);
    const data = events[0]!.event.data;
    expect(data.externalId).toBe(
      createHmac('sha256', SECRETS.IDENTIFIER_HMAC_KEY).update(`telegram:${p.external_id}`).digest('hex'),
    );
    for (const value of PERSONAL) expect(JSON.stringify(events[0]!.event), value).not.toContain(value);
    expect(data.text).toContain('+62*********90');
    expect(data.text).toContain('**************01');
    expect(data.text).toContain('b***@e***.com');

    // complaints answers with the source it was given; the reply is queued for the post (and its chat id)
    const status = await c.db.transaction().execute((trx) =>
      queueReply(trx as unknown as Trx, {
        tenant: '32.73',
        source: { system: 'social-intake:telegram', id: data.externalId },
        trackingId: 'LPR-7K3M-Q9XD',
        kind: 'received',
        status: 'submitted',
        humanDecided: false,
      }),
    );
    expect(status).toBe('pending');
    const queued = (
      await sql<{
        post_id: string;
        thread: { chatId: string };
      }>`select m.post_id, p.thread from outbound_message m join post p on p.id = m.post_id`.execute(c.db)
    ).rows;
    expect(queued).toEqual([{ post_id: p.id, thread: expect.objectContaining({ chatId: CHAT_ID }) }]);

    // the platform's answer names the chat: the outbound log shows it only to those handling the post
    await sql`update outbound_message set response_body = ${JSON.stringify({ ok: true, result: { chat: { id: Number(CHAT_ID), first_name: 'Budi', last_name: 'Santoso' } } })}, external_message_id = '55'`.execute(
      c.db,
    );
    const forUnit = await c.app.inject({ method: 'GET', url: '/v1/outbound', headers: await c.as.officer('dishub') });
    expect(forUnit.json().items[0]).toMatchObject({
      responseBody: expect.stringContaining(CHAT_ID),
      externalMessageId: '55',
    });
    const forAuditor = await c.app.inject({ method: 'GET', url: '/v1/outbound', headers: await auditor() });
    expect(forAuditor.json().items[0]).toMatchObject({ responseBody: null, externalMessageId: null });
    for (const value of PERSONAL) expect(forAuditor.body, value).not.toContain(value);
  });
});

describe('every read path of social-intake', () => {
  it('shows no planted phone, e-mail, NIK, name or chat id to readers who do not handle the post', async () => {
    const p = await telegramComplaint(103);
    const paths: [string, string, () => Promise<Record<string, string>>][] = [
      ['post detail (auditor)', `/v1/posts/${p.id}`, auditor],
      ['outbound log (auditor)', '/v1/outbound', auditor],
      ['volume statistics (auditor)', '/v1/statistics/volume?by=account', auditor],
      // lists carry the masked text even for the staff handling the post
      ['triage inbox (handling officer)', `/v1/triage?status=${p.status}`, () => c.as.officer('dishub')],
    ];
    for (const [name, url, headers] of paths) {
      const res = await c.app.inject({ method: 'GET', url, headers: await headers() });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      for (const value of PERSONAL) expect(res.body, `${name} shows ${value}`).not.toContain(value);
    }
  });
});
