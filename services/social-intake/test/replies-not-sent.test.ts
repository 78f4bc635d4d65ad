/** Replies that must not or cannot go out: a report made rahasia, a platform that keeps failing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEvent, reportFollowedUp, reportPrivacyChanged } from '@sinergi/contracts';
import {
  at,
  instagramComment,
  MAX_ATTEMPTS,
  outboundLog,
  postMeta,
  publishFresh,
  source,
  startReplyingIntake,
  submitted,
  type Intake,
} from './fixtures.js';
import { startRecorder, waitFor, type Recorded } from './recorder.js';

const IG_FAILING = '17950000000000002';

let c: Intake;
let platform: Awaited<ReturnType<typeof startRecorder>>;

beforeAll(async () => {
  platform = await startRecorder();
  c = await startReplyingIntake(platform.url);
  await meta(instagramComment(IG_FAILING, 'Drainase mampet di Jl. Cihampelas, banjir tiap hujan'));
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

describe('replies on the post’s channel', () => {
  it('when complaints marks the report rahasia, then no further reply goes out as a public comment', async () => {
    const IG_SECRET = '17950000000000009';
    await meta(instagramComment(IG_SECRET, 'Ada oknum petugas minta uang di kantor kelurahan, tolong ditindak'));
    const d = {
      trackingId: 'LPR-IG09-AAAA',
      category: 'pungli-perilaku-aparatur',
      at: at(),
      source: source('instagram', IG_SECRET),
    };
    await publish(submitted(d.trackingId, 'instagram', IG_SECRET));
    await waitFor('the first reply', () => (to(`/v21.0/${IG_SECRET}/replies`).length === 1 ? true : undefined));

    await publish(
      createEvent(reportPrivacyChanged, {
        tenant: '32.73',
        subject: d.trackingId,
        data: { ...d, anonim: true, rahasia: true },
      }),
    );
    await publish(
      createEvent(reportFollowedUp, {
        tenant: '32.73',
        subject: d.trackingId,
        data: {
          ...d,
          unit: 'inspektorat',
          withinDeadline: true,
          autoCloseDue: new Date(Date.now() + 86_400_000).toISOString(),
        },
      }),
    );
    await waitFor('the follow-up to be recorded', async () =>
      (await outbound()).some((m) => m.tracking_id === d.trackingId && m.kind === 'followed-up') ? true : undefined,
    );
    await settle();
    expect(to(`/v21.0/${IG_SECRET}/replies`)).toHaveLength(1);
    expect((await outbound()).find((m) => m.tracking_id === d.trackingId && m.kind === 'followed-up')).toMatchObject({
      status: 'impossible',
      error: expect.stringContaining('rahasia'),
    });
  });

  it('when the platform answers 500, then the reply is retried with backoff and marked failed after the last attempt', async () => {
    platform.failWhen((r: Recorded) => (r.path.includes(IG_FAILING) ? 500 : undefined));
    await publish(submitted('LPR-FAIL-AAAA', 'instagram', IG_FAILING));
    const failed = await waitFor('failed', async () =>
      (await outbound()).find((m) => m.tracking_id === 'LPR-FAIL-AAAA' && m.status === 'failed'),
    );
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, last_status_code: 500, method: 'instagram-comment-reply' });
    expect(failed.error).toContain('500');
    await settle();
    expect(to(`/v21.0/${IG_FAILING}/replies`)).toHaveLength(MAX_ATTEMPTS);
    const res = await c.app.inject({ method: 'GET', url: '/v1/outbound?status=failed', headers: await c.as.admin() });
    expect(res.json().items).toMatchObject([
      { trackingId: 'LPR-FAIL-AAAA', status: 'failed', attempts: MAX_ATTEMPTS, lastStatusCode: 500 },
    ]);
  });
});
