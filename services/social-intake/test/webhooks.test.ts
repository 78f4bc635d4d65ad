import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { P } from '../src/problems.js';
import {
  ACCOUNTS,
  instagramComment,
  metaSignature,
  SECRETS,
  startIntake,
  xSignature,
  type Intake,
} from './fixtures.js';

let c: Intake;
beforeAll(async () => {
  c = await startIntake();
  await c.service.relay.stop(); // keep emitted events in the outbox where the test can see them
});
afterAll(async () => c?.stop());

const posts = async () =>
  (
    await sql<{
      external_id: string;
      status: string;
      category: string | null;
      unit: string | null;
      channel: string;
    }>`select external_id, status, category, unit, channel from post order by created_at`.execute(c.db)
  ).rows;
const outbox = async () =>
  (
    await sql<{
      type: string;
      event: { data: Record<string, unknown> };
    }>`select type, event from outbox order by created_at`.execute(c.db)
  ).rows;
const postMeta = (body: string, signature: string | undefined) =>
  c.app.inject({
    method: 'POST',
    url: '/webhooks/meta',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    payload: body,
  });

describe('Meta webhooks', () => {
  it('answers the subscription handshake only with the right verify token', async () => {
    const ok = await c.app.inject({
      method: 'GET',
      url: `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${SECRETS.META_VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await c.app.inject({
      method: 'GET',
      url: '/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
    });
    expect(bad.statusCode).toBe(403);
  });

  it('when the signature is missing, wrong or over a tampered body, then 401/403 and nothing is stored', async () => {
    const body = JSON.stringify(
      instagramComment('17900000000000001', 'Jalan di depan rumah saya berlubang besar, tolong diperbaiki'),
    );
    expect((await postMeta(body, undefined)).statusCode).toBe(401);
    expect((await postMeta(body, 'sha256=zz')).statusCode).toBe(401);
    expect((await postMeta(body, metaSignature(body, 'another-secret'))).statusCode).toBe(403);
    expect((await postMeta(body.replace('berlubang', 'BERLUBANG'), metaSignature(body))).statusCode).toBe(403);
    expect(await posts()).toEqual([]);
    expect(await outbox()).toEqual([]);
  });

  it('when a signed complaint arrives, then it is stored once, routed to the account’s unit and handed to complaints', async () => {
    const body = JSON.stringify(
      instagramComment(
        '17900000000000002',
        'Tolong pak jalan di Jl. Dipatiukur depan kampus rusak parah, banyak lubang besar, motor sering jatuh. Kec. Coblong',
      ),
    );
    const res = await postMeta(body, metaSignature(body));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stored: 1, repeated: 0 });
    const again = await postMeta(body, metaSignature(body)); // the platform retries
    expect(again.json()).toMatchObject({ stored: 0, repeated: 1 });

    const stored = (await posts()).filter((p) => p.external_id === '17900000000000002');
    expect(stored).toEqual([
      {
        external_id: '17900000000000002',
        status: 'complaint',
        category: 'jalan-rusak',
        unit: 'dsdabm',
        channel: 'instagram',
      },
    ]);
    const events = (await outbox()).filter((e) => e.type === 'sinergi.social-intake.post.complaint-detected.v1');
    expect(events).toHaveLength(1);
    // the platform id leaves only as its keyed hash, which replies are matched on
    const ref = createHmac('sha256', SECRETS.IDENTIFIER_HMAC_KEY).update('instagram:17900000000000002').digest('hex');
    expect(events[0]!.event.data).toMatchObject({
      channel: 'instagram',
      externalId: ref,
      accountUnit: 'dsdabm',
      category: 'jalan-rusak',
      districtCode: '32.73.02',
    });
    expect(JSON.stringify(events[0]!.event)).not.toContain('warga_bdg');
  });

  it('handles a batch of many entries and changes in one delivery', async () => {
    const texts = [
      'Terima kasih banyak pak atas pelayanannya, mantap!',
      'Sampah numpuk di pinggir jalan dekat pasar sudah seminggu ga diangkut, bau bgt',
      'Promo diskon 50% hari ini saja, cek bio kami',
    ];
    const body = JSON.stringify({
      object: 'instagram',
      entry: texts.map((text, i) => ({
        id: ACCOUNTS.instagramDsdabm,
        time: 1764300000 + i,
        changes: [
          {
            field: 'comments',
            value: {
              id: `1791000000000000${i}`,
              text,
              from: { id: `u${i}`, username: `u${i}` },
              media: { id: 'm', media_product_type: 'FEED' },
            },
          },
        ],
      })),
    });
    const res = await postMeta(body, metaSignature(body));
    expect(res.json()).toMatchObject({ received: 3, stored: 3 });
    const byId = Object.fromEntries((await posts()).map((p) => [p.external_id, p]));
    expect(byId['17910000000000000']!.status).toBe('not-complaint');
    expect(byId['17910000000000001']!.category).toBe('sampah');
  });

  it('drops items for accounts no region owns', async () => {
    const body = JSON.stringify(instagramComment('17900000000000099', 'Lampu jalan mati total di gang kami', '999999'));
    const res = await postMeta(body, metaSignature(body));
    expect(res.json()).toMatchObject({ stored: 0, unknownAccount: 1 });
  });
});

describe('X webhooks', () => {
  it('answers the CRC check with the HMAC of the token', async () => {
    const res = await c.app.inject({ method: 'GET', url: '/webhooks/x?crc_token=challenge123' });
    expect(res.json()).toEqual({ response_token: xSignature('challenge123') });
  });

  it('stores a signed mention and refuses an unsigned one', async () => {
    const body = JSON.stringify({
      for_user_id: ACCOUNTS.xSatpol,
      tweet_create_events: [
        {
          id_str: '1860000000000000001',
          text: '@satpolpp_bdg PKL liar menutup trotoar di jalan Dalem Kaum, pejalan kaki terpaksa jalan di aspal',
          created_at: 'Fri Nov 28 10:00:00 +0000 2026',
          user: { id_str: '42', screen_name: 'warga42', name: 'Warga' },
        },
      ],
    });
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: '/webhooks/x',
          headers: { 'content-type': 'application/json' },
          payload: body,
        })
      ).statusCode,
    ).toBe(401);
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/x',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': xSignature(body) },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await posts()).find((p) => p.external_id === '1860000000000000001')).toMatchObject({
      channel: 'x',
      unit: 'satpol-pp',
    });
  });
});

describe('Telegram webhooks', () => {
  const update = (id: number, text: string) =>
    JSON.stringify({
      update_id: id,
      message: {
        message_id: id,
        date: 1764300000,
        chat: { id: 555, type: 'private' },
        from: { id: 555, is_bot: false, first_name: 'Budi' },
        text,
      },
    });

  it('checks the secret token header in constant time and stores the message', async () => {
    const body = update(9001, 'Lampu lalu lintas di perempatan Jl. Soekarno-Hatta mati sejak pagi, macet parah');
    const headers = {
      'content-type': 'application/json',
      'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN,
    };
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
          headers: { 'content-type': 'application/json' },
          payload: body,
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
          headers: { ...headers, 'x-telegram-bot-api-secret-token': 'wrong' },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const res = await c.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
      headers,
      payload: body,
    });
    expect(res.json()).toMatchObject({ stored: 1 });
    expect((await posts()).find((p) => p.channel === 'telegram')).toMatchObject({ unit: 'dishub' });
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: `/webhooks/telegram/${ACCOUNTS.telegramDishub}`,
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRETS.TELEGRAM_SECRET_TOKEN },
      payload: '{"update_id": ',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('generic intake (SMS gateways)', () => {
  it('needs an integrator token and files the items under the token’s region', async () => {
    const item = {
      channel: 'sms',
      account: '1708',
      externalId: 'sms-001',
      text: 'Saluran air tersumbat di RT 03 RW 05 Kel. Dago, kalau hujan banjir',
      from: '081234567890',
    };
    expect((await c.app.inject({ method: 'POST', url: '/webhooks/generic', payload: item })).statusCode).toBe(401);
    const res = await c.app.inject({
      method: 'POST',
      url: '/webhooks/generic',
      headers: await c.as.integrator({ sub: 'sms-gateway' }),
      payload: [item],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ stored: 1 });
  });
});

describe('refusals', () => {
  it('name their stable codes: missing or wrong proof, wrong verify token, no crc_token, a body that is no delivery', async () => {
    const code = async (res: Promise<{ statusCode: number; json(): { code: string } }>) => {
      const r = await res;
      return [r.statusCode, r.json().code];
    };
    const body = JSON.stringify(instagramComment('17900000000000077', 'Lampu jalan mati'));
    expect(await code(postMeta(body, undefined))).toEqual([401, 'missing_signature']);
    expect(await code(postMeta(body, metaSignature(body, 'another-secret')))).toEqual([403, 'bad_signature']);
    expect(
      await code(
        c.app.inject({
          method: 'GET',
          url: '/webhooks/meta?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1',
        }),
      ),
    ).toEqual([403, 'bad_verify_token']);
    expect(await code(c.app.inject({ method: 'GET', url: '/webhooks/x' }))).toEqual([400, 'crc_token_required']);
    expect(await code(postMeta('not json', metaSignature('not json')))).toEqual([400, 'payload_not_json']);
    expect(await code(postMeta('{"hello": 1}', metaSignature('{"hello": 1}')))).toEqual([
      400,
      'payload_unrecognized_root',
    ]);
  });
});

describe('the API document', () => {
  it('lists every problem code of the catalogue, with its status, beside the kit’s', async () => {
    const doc = (await c.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      'x-problem-codes': { code: string; status: number }[];
    };
    const codes = new Map(doc['x-problem-codes'].map((p) => [p.code, p.status]));
    for (const [code, spec] of Object.entries(P)) expect(codes.get(code), code).toBe(spec.status);
    expect(codes.get('unknown_tenant')).toBe(404);
  });
});
