/** Replies on the post's channel: one per report on every platform, the outbound log, replies on later events. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createEvent, reportClosed, reportFollowedUp, reportStatusChanged } from '@sinergi/contracts';
import {
  ACCOUNTS,
  at,
  BOT_TOKEN,
  instagramComment,
  outboundLog,
  postMeta,
  publishFresh,
  SECRETS,
  source,
  startReplyingIntake,
  submitted,
  xSignature,
  type Intake,
} from './fixtures.js';
import { startRecorder, waitFor } from './recorder.js';

let c: Intake;
let platform: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  platform = await startRecorder();
  c = await startReplyingIntake(platform.url);
});
afterAll(async () => {
  await c?.stop();
  await platform?.close();
});

const meta = (payload: unknown) => postMeta(c, payload);
const publish = (event: { type: string; tenant: string }) => publishFresh(c, event);
const to = (fragment: string) => platform.requests.filter((r) => r.path.includes(fragment));
const outbound = () => outboundLog(c);
const settle = () => new Promise((r) => setTimeout(r, 600));

// ---- posts, ingested through the real webhooks ----------------------------------------------------

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

const IG = '17950000000000001';
const WA_RECENT = 'wamid.RECENT1';
const WA_OLD = 'wamid.OLD1';
const TWEET = '1870000000000000001';
const TG_EXTERNAL = `${ACCOUNTS.telegramDishub}:555:4242`;

async function ingestAll() {
  await meta(instagramComment(IG, 'Jalan di Jl. Dipatiukur berlubang besar, tolong diperbaiki'));
  await meta(whatsapp(WA_RECENT, '6281200000001', new Date(Date.now() - 3_600_000)));
  await meta(whatsapp(WA_OLD, '6281200000002', new Date(Date.now() - 2 * 86_400_000)));
  const xBody = JSON.stringify({
    for_user_id: ACCOUNTS.xSatpol,
    tweet_create_events: [
      {
        id_str: TWEET,
        text: '@satpolpp_bdg PKL menutup trotoar di Dalem Kaum',
        created_at: new Date().toUTCString(),
        user: { id_str: '42', screen_name: 'warga42', name: 'Warga' },
      },
    ],
  });
  const x = await c.app.inject({
    method: 'POST',
    url: '/webhooks/x',
    headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignature(xBody) },
    payload: xBody,
  });
  expect(x.statusCode, x.body).toBe(200);
  const tgBody = JSON.stringify({
    update_id: 4242,
    message: {
      message_id: 4242,
      date: Math.floor(Date.now() / 1000),
      chat: { id: 555, type: 'private' },
      from: { id: 555, is_bot: false, first_name: 'Budi' },
      text: 'Lampu lalu lintas mati di perempatan',
    },
  });
  const tg = await c.app.inject({
    method: 'POST',
    url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
    payload: tgBody,
  });
  expect(tg.statusCode, tg.body).toBe(200);
}

describe('replies on the post’s channel', () => {
  it('when reports are created from posts, then each channel gets exactly one reply with the tracking id', async () => {
    await ingestAll();
    const events = [
      submitted('LPR-IG01-AAAA', 'instagram', IG),
      submitted('LPR-WA01-AAAA', 'whatsapp', WA_RECENT),
      submitted('LPR-WA02-AAAA', 'whatsapp', WA_OLD),
      submitted('LPR-XX01-AAAA', 'x', TWEET),
      submitted('LPR-TG01-AAAA', 'telegram', TG_EXTERNAL),
    ];
    for (const e of events) await publish(e);
    await waitFor('five replies', () => (platform.requests.length >= 5 ? true : undefined));

    const ig = to(`/v21.0/${IG}/replies`);
    expect(ig).toHaveLength(1);
    expect(ig[0]!.method).toBe('POST');
    expect(ig[0]!.json).toMatchObject({ access_token: 'page-token-for-tests' });
    expect((ig[0]!.json as { message: string }).message).toContain('LPR-IG01-AAAA');

    const wa = to(`/v21.0/${ACCOUNTS.whatsappDlh}/messages`);
    expect(wa).toHaveLength(2);
    const waJson = wa.map(
      (r) =>
        r.json as {
          to: string;
          type: string;
          text?: { body: string };
          template?: { name: string; components: Array<{ parameters: Array<{ text: string }> }> };
        },
    );
    const recent = waJson.find((j) => j.to === '6281200000001')!;
    expect(recent.type).toBe('text'); // inside the 24 h window
    expect(recent.text!.body).toContain('LPR-WA01-AAAA');
    const old = waJson.find((j) => j.to === '6281200000002')!;
    expect(old.type).toBe('template'); // the window has closed: only a template
    expect(old.template!.name).toBe('status_laporan');
    expect(old.template!.components[0]!.parameters[0]!.text).toBe('LPR-WA02-AAAA');
    expect(wa.every((r) => r.headers.authorization === 'Bearer whatsapp-token-for-tests')).toBe(true);

    const tweets = to('/2/tweets');
    expect(tweets).toHaveLength(1);
    expect(tweets[0]!.headers.authorization).toBe('Bearer x-token-for-tests');
    expect(tweets[0]!.json).toMatchObject({ reply: { in_reply_to_tweet_id: TWEET } });
    expect((tweets[0]!.json as { text: string }).text).toContain('LPR-XX01-AAAA');

    const tg = to(`/bot${BOT_TOKEN}/sendMessage`);
    expect(tg).toHaveLength(1);
    expect(tg[0]!.json).toMatchObject({ chat_id: 555, reply_to_message_id: 4242 });
    expect((tg[0]!.json as { text: string }).text).toContain('LPR-TG01-AAAA');

    // the post remembers its report
    const tracked = await sql<{
      external_id: string;
      report_tracking_id: string | null;
    }>`select external_id, report_tracking_id from post where external_id = ${IG}`.execute(c.db);
    expect(tracked.rows[0]!.report_tracking_id).toBe('LPR-IG01-AAAA');

    // redelivered (same event again) and re-emitted (a new event id, same report): still one message each
    await publish(events[0]!);
    await publish(submitted('LPR-IG01-AAAA', 'instagram', IG));
    await settle();
    expect(to(`/v21.0/${IG}/replies`)).toHaveLength(1);
    expect(platform.requests).toHaveLength(5);
  });

  it('lists every message with its result in the outbound log; officers see their unit’s only', async () => {
    await waitFor('all sent', async () =>
      (await outbound()).filter((m) => m.status === 'sent').length === 5 ? true : undefined,
    );
    const res = await c.app.inject({ method: 'GET', url: '/v1/outbound?status=sent', headers: await c.as.admin() });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{
      trackingId: string;
      status: string;
      method: string;
      attempts: number;
      lastStatusCode: number;
      kind: string;
      text: string;
      sentAt: string | null;
    }>;
    expect(items.map((i) => i.trackingId).sort()).toEqual([
      'LPR-IG01-AAAA',
      'LPR-TG01-AAAA',
      'LPR-WA01-AAAA',
      'LPR-WA02-AAAA',
      'LPR-XX01-AAAA',
    ]);
    for (const i of items)
      expect(i).toMatchObject({ status: 'sent', attempts: 1, lastStatusCode: 200, kind: 'received' });
    expect(items.every((i) => i.sentAt !== null && i.text.includes(i.trackingId))).toBe(true);
    expect(Object.fromEntries(items.map((i) => [i.trackingId, i.method]))).toMatchObject({
      'LPR-WA01-AAAA': 'whatsapp-text',
      'LPR-WA02-AAAA': 'whatsapp-template',
      'LPR-IG01-AAAA': 'instagram-comment-reply',
    });

    const officer = await c.app.inject({ method: 'GET', url: '/v1/outbound', headers: await c.as.officer('dsdabm') });
    expect((officer.json().items as Array<{ trackingId: string }>).map((i) => i.trackingId)).toEqual(['LPR-IG01-AAAA']);
    expect((await c.app.inject({ method: 'GET', url: '/v1/outbound' })).statusCode).toBe(401);
  });

  it('replies again on follow-up, deferral and closing, and ignores other status changes', async () => {
    const before = platform.requests.length;
    const d = { trackingId: 'LPR-IG01-AAAA', category: 'jalan-rusak', at: at(), source: source('instagram', IG) };
    await publish(
      createEvent(reportStatusChanged, {
        tenant: '32.73',
        subject: d.trackingId,
        data: { ...d, from: 'submitted', to: 'disposed', action: 'dispose', unit: 'dsdabm' },
      }),
    );
    await publish(
      createEvent(reportStatusChanged, {
        tenant: '32.73',
        subject: d.trackingId,
        data: { ...d, from: 'submitted', to: 'deferred', action: 'defer', unit: null },
      }),
    );
    await publish(
      createEvent(reportFollowedUp, {
        tenant: '32.73',
        subject: d.trackingId,
        data: {
          ...d,
          unit: 'dsdabm',
          withinDeadline: true,
          autoCloseDue: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
    );
    await publish(
      createEvent(reportClosed, {
        tenant: '32.73',
        subject: d.trackingId,
        data: { ...d, unit: 'dsdabm', reason: 'accepted' },
      }),
    );
    await waitFor('three more replies', () => (platform.requests.length >= before + 3 ? true : undefined));
    await settle();
    const texts = to(`/v21.0/${IG}/replies`)
      .slice(1)
      .map((r) => (r.json as { message: string }).message);
    expect(texts).toHaveLength(3);
    expect(texts.every((t) => t.includes('LPR-IG01-AAAA'))).toBe(true);
    expect(texts.some((t) => t.includes('ditindaklanjuti'))).toBe(true);
    expect(texts.some((t) => t.includes('keterangan tambahan'))).toBe(true);
    expect(texts.some((t) => t.includes('selesai'))).toBe(true);
  });

  it('skips events about reports that did not come from a post of ours', async () => {
    const before = platform.requests.length;
    await publish(submitted('LPR-NONE-AAAA', 'instagram', '17999999999999999'));
    await settle();
    expect(platform.requests.length).toBe(before);
  });
});
