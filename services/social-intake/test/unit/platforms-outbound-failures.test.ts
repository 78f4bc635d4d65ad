import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  OUTBOUND_BODY_MAX,
  replyOnX,
  replyToFacebookComment,
  sendTelegramMessage,
  sendWhatsAppText,
  sendXDirectMessage,
} from '../../src/platforms/index.js';
import {
  BOT_TOKEN,
  graph,
  only,
  received,
  standIn,
  telegram,
  useStandIn,
  whatsapp,
  xApi,
} from './outbound-stand-in.js';

useStandIn();

describe('outbound clients: failures are results, not exceptions', () => {
  it('returns error statuses with the (truncated) body', async () => {
    standIn.answer = () => ({
      status: 400,
      body: '{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}',
    });
    const bad = await replyToFacebookComment(graph(), { commentId: '1_2', message: 'x' });
    expect(bad).toEqual({
      ok: false,
      status: 400,
      body: '{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}',
    });

    standIn.answer = () => ({ status: 500, body: JSON.stringify({ detail: 'x'.repeat(5000) }) });
    const big = await replyOnX(xApi(), { inReplyToTweetId: '1', text: 'x' });
    expect(big.ok).toBe(false);
    expect(big.status).toBe(500);
    expect(big.body).toHaveLength(OUTBOUND_BODY_MAX);
    expect(big.externalId).toBeUndefined();

    standIn.answer = () => ({ status: 429, body: '{"title":"Too Many Requests"}' });
    expect(await sendXDirectMessage(xApi(), { participantId: '1', text: 'x' })).toMatchObject({
      ok: false,
      status: 429,
    });
  });

  it('Telegram: a 4xx answer, and ok:false inside a 200, both fail', async () => {
    standIn.answer = () => ({
      status: 400,
      body: '{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}',
    });
    expect(await sendTelegramMessage(telegram(), { chatId: '1', text: 'x' })).toMatchObject({
      ok: false,
      status: 400,
      body: expect.stringContaining('chat not found'),
    });
    standIn.answer = () => ({ status: 200, body: '{"ok":false}' });
    expect(await sendTelegramMessage(telegram(), { chatId: '1', text: 'x' })).toMatchObject({ ok: false, status: 200 });
  });

  it('returns network errors and timeouts as ok:false with status 0, without leaking the bot token', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const refused = await sendTelegramMessage(
      { baseUrl: `http://127.0.0.1:${port}`, botToken: BOT_TOKEN },
      { chatId: '1', text: 'x' },
    );
    expect(refused).toMatchObject({ ok: false, status: 0, body: '' });
    expect(refused.error).toMatch(/fetch failed|ECONNREFUSED/);
    expect(JSON.stringify(refused)).not.toContain(BOT_TOKEN.split(':')[1]);

    standIn.answer = () => ({ status: 200, body: '{}', delayMs: 1000 });
    const slow = await sendWhatsAppText(
      { ...whatsapp(), timeoutMs: 100 },
      { phoneNumberId: '1', to: '6281234567890', text: 'x' },
    );
    expect(slow).toMatchObject({ ok: false, status: 0 });
    expect(slow.error).toMatch(/timeout|abort/i);
  });

  it('configuration errors are results too, and send nothing', async () => {
    expect(await replyToFacebookComment({ ...graph(), version: '21' }, { commentId: '1', message: 'x' })).toMatchObject(
      { ok: false, status: 0, error: expect.stringContaining('v21.0') },
    );
    expect(
      await sendTelegramMessage({ baseUrl: standIn.base, botToken: 'not-a-token' }, { chatId: '1', text: 'x' }),
    ).toMatchObject({ ok: false, status: 0 });
    expect(received).toEqual([]);
  });

  it('encodes ids into paths', async () => {
    await replyToFacebookComment(graph(), { commentId: '../../me/feed?x=', message: 'x' });
    expect(only().url).toBe('/v21.0/..%2F..%2Fme%2Ffeed%3Fx%3D/comments');
  });
});
