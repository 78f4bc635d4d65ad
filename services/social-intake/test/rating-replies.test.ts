/**
 * official-rating's invitations on the citizen's channel: a private conversation gets exactly one
 * message with the link (also under redelivery), a public comment or a group chat never gets it and
 * the outbound log says why, and the link never shows in the staff log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createEvent, invitationCreated } from '@sinergi/contracts';
import { RATING_REPLY_CONSUMER } from '../src/replies/rating-consumer.js';
import { ACCOUNTS, instagramComment, metaSignature, SECRETS, startIntake, type Intake } from './fixtures.js';
import { startRecorder, waitFor } from './recorder.js';

const BOT_TOKEN = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcd';

let c: Intake;
let platform: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  platform = await startRecorder();
  c = await startIntake({
    GRAPH_API_BASE_URL: platform.url,
    X_API_BASE_URL: platform.url,
    TELEGRAM_API_BASE_URL: platform.url,
    META_PAGE_ACCESS_TOKEN: 'page-token-for-tests',
    WHATSAPP_ACCESS_TOKEN: 'whatsapp-token-for-tests',
    WHATSAPP_TEMPLATE_NAME: 'status_laporan',
    X_BEARER_TOKEN: 'x-token-for-tests',
    TELEGRAM_BOT_TOKENS: `${ACCOUNTS.telegramDishub}=${BOT_TOKEN}`,
    OUTBOUND_SCAN_MS: '50',
    OUTBOUND_RETRY_BASE_MS: '50',
  });
  await ingest();
});
afterAll(async () => {
  await c?.stop();
  await platform?.close();
});

// ---- posts, through the real webhooks ----------------------------------------------------------------

const WA_RECENT = 'wamid.RATE1';
const WA_OLD = 'wamid.RATE2';
const IG_COMMENT = '17950000000000101';
const TG_PRIVATE = `${ACCOUNTS.telegramDishub}:777:51`;
const TG_GROUP = `${ACCOUNTS.telegramDishub}:-1001234567890:52`;

async function meta(payload: unknown) {
  const body = JSON.stringify(payload);
  const res = await c.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body) },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function telegram(update: unknown) {
  const res = await c.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
    payload: JSON.stringify(update),
  });
  expect(res.statusCode, res.body).toBe(200);
}

const whatsapp = (id: string, from: string, at: Date) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: 'waba-1',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '6281100000001', phone_number_id: ACCOUNTS.whatsappDlh },
            contacts: [{ profile: { name: 'Warga' }, wa_id: from }],
            messages: [
              {
                from,
                id,
                timestamp: String(Math.floor(at.getTime() / 1000)),
                type: 'text',
                text: { body: 'Sampah menumpuk di TPS dekat pasar sudah seminggu tidak diangkut' },
              },
            ],
          },
        },
      ],
    },
  ],
});

async function ingest() {
  await meta(whatsapp(WA_RECENT, '6281300000001', new Date(Date.now() - 3_600_000)));
  await meta(whatsapp(WA_OLD, '6281300000002', new Date(Date.now() - 2 * 86_400_000)));
  await meta(instagramComment(IG_COMMENT, 'Jalan di Jl. Dipatiukur berlubang besar, tolong diperbaiki'));
  const now = Math.floor(Date.now() / 1000);
  await telegram({
    update_id: 51,
    message: {
      message_id: 51,
      date: now,
      chat: { id: 777, type: 'private' },
      from: { id: 777, is_bot: false, first_name: 'Budi' },
      text: 'Lampu lalu lintas mati di perempatan Dago',
    },
  });
  await telegram({
    update_id: 52,
    message: {
      message_id: 52,
      date: now,
      chat: { id: -1001234567890, type: 'supergroup', title: 'Warga Coblong' },
      from: { id: 778, is_bot: false, first_name: 'Sari' },
      text: 'Lampu lalu lintas mati di Simpang Dago',
    },
  });
}

// ---- official-rating's events -------------------------------------------------------------------------

function invitation(trackingId: string, source: { system: string; id: string } | null) {
  const token = randomUUID().replaceAll('-', '').toUpperCase();
  return createEvent(invitationCreated, {
    tenant: '32.73',
    subject: trackingId,
    data: {
      invitationId: randomUUID(),
      transaction: { system: 'complaints', id: trackingId },
      source,
      unit: 'dlh',
      serviceType: 'sampah',
      official: null,
      url: `https://nilai.example.go.id/r?tenant=32.73&token=${token}`,
      expiresAt: '2026-12-14T03:00:00.000Z',
    },
  });
}
type Invitation = ReturnType<typeof invitation>;

/** A fresh Nats-Msg-Id each time: the same event published twice is stored twice, as a redelivery would be. */
const publish = (event: Invitation) => c.events.republish(event, randomUUID());

const inboxCount = async () =>
  (
    await sql<{ n: number }>`select count(*)::int as n from inbox where consumer = ${RATING_REPLY_CONSUMER}`.execute(
      c.db,
    )
  ).rows[0]!.n;
/** Publishes and waits until the consumer has taken `distinct` more events. */
async function deliver(events: Invitation[], distinct: number) {
  const before = await inboxCount();
  for (const e of events) await publish(e);
  await waitFor(`${distinct} invitations handled`, async () =>
    (await inboxCount()) >= before + distinct ? true : undefined,
  );
}

interface Row {
  tracking_id: string;
  kind: string;
  method: string | null;
  status: string;
  error: string | null;
  text: string;
  rating_url: string | null;
  invitation_id: string | null;
}
const rowsFor = async (trackingId: string) =>
  (
    await sql<Row>`select tracking_id, kind, method, status, error, text, rating_url, invitation_id from outbound_message where tracking_id = ${trackingId}`.execute(
      c.db,
    )
  ).rows;
const requestsWith = (text: string) => platform.requests.filter((r) => r.body.includes(text));
const settle = () => new Promise((r) => setTimeout(r, 600));
const src = (channel: string, id: string) => ({ system: `social-intake:${channel}`, id });

describe('rating invitations on private conversations', () => {
  it('when the report came from a WhatsApp chat, then the citizen gets exactly one message with the link, also under redelivery', async () => {
    const event = invitation('LPR-RT01-AAAA', src('whatsapp', WA_RECENT));
    const second = invitation('LPR-RT01-AAAA', src('whatsapp', WA_RECENT)); // official-rating sends another for the same report
    await deliver([event, event, second], 2);
    await waitFor('the message sent', async () =>
      (await rowsFor('LPR-RT01-AAAA'))[0]?.status === 'sent' ? true : undefined,
    );
    await settle();

    const sent = requestsWith(event.data.url);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(`/v21.0/${ACCOUNTS.whatsappDlh}/messages`);
    const json = sent[0]!.json as { to: string; type: string; text: { body: string } };
    expect(json).toMatchObject({ to: '6281300000001', type: 'text' });
    expect(json.text.body).toBe(
      `Terima kasih. Laporan LPR-RT01-AAAA sudah selesai. Mohon nilai layanan kami: ${event.data.url} (berlaku sampai 14 Desember 2026 pukul 10.00 WIB). Tautan ini hanya untuk Anda, jangan dibagikan.`,
    );
    expect(requestsWith(second.data.url)).toHaveLength(0);

    const rows = await rowsFor('LPR-RT01-AAAA');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'rating-invitation',
      method: 'whatsapp-text',
      status: 'sent',
      invitation_id: event.data.invitationId,
      rating_url: null,
    });
    expect(rows[0]!.text).toContain('[tautan penilaian]');
    expect(rows[0]!.text).not.toContain(new URL(event.data.url).searchParams.get('token')!);
  });

  it('when the report came from a Telegram private chat, then the chat gets the link', async () => {
    const event = invitation('LPR-RT02-AAAA', src('telegram', TG_PRIVATE));
    await deliver([event], 1);
    await waitFor('the message sent', async () =>
      (await rowsFor('LPR-RT02-AAAA'))[0]?.status === 'sent' ? true : undefined,
    );
    const sent = requestsWith(event.data.url);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.path).toBe(`/bot${BOT_TOKEN}/sendMessage`);
    expect(sent[0]!.json).toMatchObject({ chat_id: 777 });
    // Telegram answers with the message, link included: the recorded answer keeps only the placeholder
    const stored = await sql<{
      response_body: string;
      rating_url: string | null;
    }>`select response_body, rating_url from outbound_message where tracking_id = 'LPR-RT02-AAAA'`.execute(c.db);
    expect(stored.rows[0]!.response_body).toContain('[tautan penilaian]');
    expect(stored.rows[0]!.response_body).not.toContain(new URL(event.data.url).searchParams.get('token')!);
    expect(stored.rows[0]!.rating_url).toBeNull();
  });
});

describe('no rating link where others could use it', () => {
  it('when the report came from a public Instagram comment, then no reply is made and the log says why', async () => {
    const before = platform.requests.length;
    const event = invitation('LPR-RT03-AAAA', src('instagram', IG_COMMENT));
    await deliver([event, event], 1);
    await settle();
    expect(platform.requests.length).toBe(before);
    expect(requestsWith(new URL(event.data.url).searchParams.get('token')!)).toHaveLength(0);
    const rows = await rowsFor('LPR-RT03-AAAA');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'rating-invitation',
      status: 'impossible',
      method: null,
      rating_url: null,
      error: expect.stringContaining('not a private conversation'),
    });
    expect(JSON.stringify(rows[0])).not.toContain(new URL(event.data.url).searchParams.get('token')!);
  });

  it('when the report came from a Telegram group, then the group gets nothing', async () => {
    const before = platform.requests.length;
    const event = invitation('LPR-RT04-AAAA', src('telegram', TG_GROUP));
    await deliver([event], 1);
    await settle();
    expect(platform.requests.length).toBe(before);
    expect((await rowsFor('LPR-RT04-AAAA'))[0]).toMatchObject({
      status: 'impossible',
      error: expect.stringContaining('not a private conversation'),
    });
  });

  it('when the WhatsApp window has closed, then no template is sent in its place (it cannot carry the link)', async () => {
    const before = platform.requests.length;
    await deliver([invitation('LPR-RT05-AAAA', src('whatsapp', WA_OLD))], 1);
    await settle();
    expect(platform.requests.length).toBe(before);
    expect((await rowsFor('LPR-RT05-AAAA'))[0]).toMatchObject({
      status: 'impossible',
      rating_url: null,
      error: expect.stringContaining('template'),
    });
  });

  it('when the post is not ours, or the report did not come from social media, then nothing is queued or sent', async () => {
    const before = platform.requests.length;
    await deliver(
      [
        invitation('LPR-RT06-AAAA', src('whatsapp', 'wamid.NOT-OURS')),
        invitation('LPR-RT07-AAAA', null),
        invitation('LPR-RT08-AAAA', { system: 'web', id: 'x' }),
      ],
      3,
    );
    await settle();
    expect(platform.requests.length).toBe(before);
    for (const id of ['LPR-RT06-AAAA', 'LPR-RT07-AAAA', 'LPR-RT08-AAAA']) expect(await rowsFor(id)).toEqual([]);
    expect(
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from dead_letter where consumer = ${RATING_REPLY_CONSUMER}`.execute(c.db)
      ).rows[0]!.n,
    ).toBe(0);
  });

  it('the staff outbound log shows every rating reply, never the link', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/v1/outbound?limit=500', headers: await c.as.admin() });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ trackingId: string; kind: string; status: string; text: string }>;
    const rating = items.filter((i) => i.kind === 'rating-invitation');
    expect(rating.map((i) => i.trackingId).sort()).toEqual([
      'LPR-RT01-AAAA',
      'LPR-RT02-AAAA',
      'LPR-RT03-AAAA',
      'LPR-RT04-AAAA',
      'LPR-RT05-AAAA',
    ]);
    expect(res.body).not.toContain('nilai.example.go.id');
    expect(rating.every((i) => i.text.includes('[tautan penilaian]'))).toBe(true);
  });
});
