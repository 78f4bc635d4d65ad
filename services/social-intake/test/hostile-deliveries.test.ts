/*
 * Signed deliveries carrying what PostgreSQL refuses (U+0000 anywhere, lone UTF-16 surrogates that
 * jsonb refuses as `\ud800`) and stated times far from the receive time. Platforms retry a 500 with
 * the same body, so a refused item would take the good items beside it down for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ACCOUNTS, metaSignature, SECRETS, startIntake, xSignature, type Intake } from './fixtures.js';

let c: Intake;
beforeAll(async () => {
  c = await startIntake();
  await c.service.relay.stop();
});
afterAll(async () => c?.stop());

const BAD = 'Jalan ru\u0000sak di Jl. Dago\ud800, tolong';
const GOOD = ['Sampah menumpuk di pinggir jalan dekat pasar', 'Lampu jalan mati di gang kami sejak kemarin'];

type Row = { external_id: string; text: string; raw: unknown; thread: unknown; received_at: Date };
const rows = async (channel: string) =>
  (
    await sql<Row>`select external_id, text, raw, thread, received_at from post where channel = ${channel} order by external_id`.execute(
      c.db,
    )
  ).rows;

function expectStorable(stored: Row[]) {
  for (const r of stored) {
    const all = JSON.stringify(r);
    expect(all).not.toContain('\\u0000');
    expect(all).not.toMatch(/\\ud[89ab]/i);
  }
  const bad = stored.find((r) => r.text.startsWith('Jalan'));
  expect(bad?.text).toBe('Jalan rusak di Jl. Dago\uFFFD, tolong');
}

const postMeta = (payload: unknown) => {
  const body = JSON.stringify(payload);
  return c.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body) },
    payload: body,
  });
};

describe('when a signed batch has one item PostgreSQL cannot hold beside two good ones', () => {
  it('Facebook page comments: 200, three rows, NUL gone (also from keys)', async () => {
    const change = (id: string, message: string) => ({
      field: 'feed',
      value: {
        item: 'comment',
        verb: 'add',
        comment_id: id,
        post_id: 'P_1',
        from: { id: `u${id}`, name: 'Warga' },
        message,
        'x\u0000y': '\u0000',
      },
    });
    const res = await postMeta({
      object: 'page',
      entry: [
        {
          id: ACCOUNTS.facebookDisdik,
          changes: [change('1_1', BAD), change('1_2', GOOD[0]!), change('1_3', GOOD[1]!)],
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ received: 3, stored: 3 });
    const stored = await rows('facebook');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
    expect(stored[0]!.raw).toMatchObject({ xy: '' });
  });

  it('Instagram comments: 200, three rows', async () => {
    const entry = (id: string, text: string) => ({
      id: ACCOUNTS.instagramDsdabm,
      changes: [{ field: 'comments', value: { id, text, from: { id: `u${id}`, username: 'warga\u0000' } } }],
    });
    const res = await postMeta({
      object: 'instagram',
      entry: [entry('2_1', BAD), entry('2_2', GOOD[0]!), entry('2_3', GOOD[1]!)],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows('instagram');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
  });

  it('WhatsApp messages: 200, three rows', async () => {
    const message = (id: string, body: string) => ({
      from: '6281234567890',
      id,
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'text',
      text: { body },
    });
    const res = await postMeta({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'waba',
          changes: [
            {
              field: 'messages',
              value: {
                metadata: { phone_number_id: ACCOUNTS.whatsappDlh },
                contacts: [{ wa_id: '6281234567890', profile: { name: 'Bu\u0000di' } }],
                messages: [message('wamid.1', BAD), message('wamid.2', GOOD[0]!), message('wamid.3', GOOD[1]!)],
              },
            },
          ],
        },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows('whatsapp');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
  });

  it('X mentions: 200, three rows', async () => {
    const tweet = (id: string, text: string) => ({ id_str: id, text, user: { id_str: `9${id}`, name: 'Warga\ud800' } });
    const body = JSON.stringify({
      for_user_id: ACCOUNTS.xSatpol,
      tweet_create_events: [tweet('31', BAD), tweet('32', GOOD[0]!), tweet('33', GOOD[1]!)],
    });
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/x',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignature(body) },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows('x');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
  });

  it('Telegram (one update per delivery): the bad update is stored cleaned, the good ones beside it too', async () => {
    const headers = {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN,
    };
    for (const [i, text] of [BAD, ...GOOD].entries()) {
      const body = JSON.stringify({
        update_id: 40 + i,
        message: {
          message_id: 40 + i,
          date: Math.floor(Date.now() / 1000),
          chat: { id: 777, type: 'private' },
          from: { id: 777, first_name: 'Bu\u0000di' },
          text,
        },
      });
      const res = await c.app.inject({
        method: 'POST',
        url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
        headers,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const stored = await rows('telegram');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
  });

  it('generic gateway batch: 200, three rows (not a 400 for the whole batch)', async () => {
    const item = (id: string, text: string) => ({
      channel: 'sms',
      account: '1708',
      externalId: id,
      text,
      from: '081234567890',
    });
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/generic',
      headers: { ...(await c.as.integrator({ sub: 'sms-gateway' })), 'content-type': 'application/json' },
      payload: JSON.stringify([item('g1', BAD), item('g2', GOOD[0]!), item('g3', GOOD[1]!)]),
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = await rows('sms');
    expect(stored).toHaveLength(3);
    expectStorable(stored);
  });
});

describe('stated times are bounded by the receive time (5 minutes ahead, 30 days back)', () => {
  const near = (d: Date, before: number) => d.getTime() >= before && d.getTime() <= Date.now();

  it('Meta created_time 1 (1970) and a far-future time become the receive time; the raw payload keeps what was stated', async () => {
    const before = Date.now();
    const change = (id: string, created: number) => ({
      field: 'feed',
      value: {
        item: 'comment',
        verb: 'add',
        comment_id: id,
        post_id: 'P_2',
        from: { id: 'u', name: 'W' },
        message: 'Jalan rusak parah',
        created_time: created,
      },
    });
    const res = await postMeta({
      object: 'page',
      entry: [{ id: ACCOUNTS.facebookDisdik, changes: [change('5_1', 1), change('5_2', 253402300799)] }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = (await rows('facebook')).filter((r) => r.external_id.startsWith('5_'));
    expect(stored).toHaveLength(2);
    for (const r of stored) expect(near(r.received_at, before), r.received_at.toISOString()).toBe(true);
    expect(stored.map((r) => (r.raw as { created_time: number }).created_time)).toEqual([1, 253402300799]);
  });

  it('generic receivedAt 0001 and 9999 become the receive time; a recent one is kept', async () => {
    const before = Date.now();
    const recent = new Date(Date.now() - 3_600_000).toISOString();
    const item = (id: string, receivedAt: string) => ({
      channel: 'sms',
      account: '1709',
      externalId: id,
      text: 'Banjir di RT 02',
      receivedAt,
    });
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/generic',
      headers: await c.as.integrator({ sub: 'sms-gateway' }),
      payload: [item('t1', '0001-01-01T00:00:00Z'), item('t2', '9999-12-31T23:59:59Z'), item('t3', recent)],
    });
    expect(res.statusCode, res.body).toBe(200);
    const stored = (await rows('sms')).filter((r) => r.external_id.startsWith('1709:'));
    expect(near(stored[0]!.received_at, before)).toBe(true);
    expect(near(stored[1]!.received_at, before)).toBe(true);
    expect(stored[2]!.received_at.toISOString()).toBe(recent);
  });
});
