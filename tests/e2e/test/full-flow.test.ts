/**
 * The whole way of a complaint posted on Instagram: social-intake (verified webhook, triage,
 * "complaint detected") -> complaints (a report with a tracking id) -> social-intake replies on the
 * comment with the tracking id -> staff dispose and follow up in complaints -> a second reply.
 * Both services run from their built dist as child processes, each with its own database, sharing
 * one NATS namespace; a local HTTP server stands in for the Graph API.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyDirectory,
  bearer,
  createTestEnvironment,
  mintToken,
  type ServiceProcess,
  startServiceProcess,
  type TestEnvironment,
  waitFor,
  databaseEnv,
} from '@sinergi/testkit';
import { startRecorder } from './support.js';

const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as unknown;
const META_APP_SECRET = 'e2e-meta-app-secret';
const IG_ACCOUNT = '17841400000000001'; // Dinas SDABM's Instagram in the demo directory
const COMMENT_ID = '17980000000000001';

let complaintsEnv: TestEnvironment;
let intakeEnv: TestEnvironment;
let platform: Awaited<ReturnType<typeof startRecorder>>;
let complaints: ServiceProcess | undefined;
let intake: ServiceProcess | undefined;

beforeAll(async () => {
  // two fresh databases; the first environment's NATS namespace and directory serve both services
  complaintsEnv = await createTestEnvironment();
  intakeEnv = await createTestEnvironment();
  await applyDirectory(complaintsEnv, [BANDUNG]);
  platform = await startRecorder();
  const shared = { ...complaintsEnv.env, LOG_LEVEL: 'warn', AUTH_DEV_KEYS: 'false' };
  complaints = await startServiceProcess('complaints', {
    ...shared,
    NIK_HMAC_KEY: 'e2e-nik-hmac-key-at-least-32-characters-long',
  });
  intake = await startServiceProcess('social-intake', {
    ...shared,
    ...databaseEnv(intakeEnv),
    META_APP_SECRET,
    META_VERIFY_TOKEN: 'e2e-meta-verify-token',
    IDENTIFIER_HMAC_KEY: 'e2e-identifier-hmac-key-at-least-32-characters',
    GRAPH_API_BASE_URL: platform.url,
    X_API_BASE_URL: platform.url,
    TELEGRAM_API_BASE_URL: platform.url,
    META_PAGE_ACCESS_TOKEN: 'e2e-page-token',
    OUTBOUND_SCAN_MS: '100',
    REPORT_TRACKING_URL: 'https://lapor.bandung.go.id/lapor/lacak',
  });
});

afterAll(async () => {
  await intake?.stop();
  await complaints?.stop();
  await platform?.close();
  await intakeEnv?.cleanup();
  await complaintsEnv?.cleanup();
});

const replies = () =>
  platform.requests
    .filter((r) => r.method === 'POST' && r.path === `/v21.0/${COMMENT_ID}/replies`)
    .map((r) => (r.json as { message: string }).message);

describe('post -> report -> reply -> follow-up -> reply', () => {
  it('answers the citizen on the Instagram comment with the tracking id, then with the follow-up', async () => {
    const body = JSON.stringify({
      object: 'instagram',
      entry: [
        {
          id: IG_ACCOUNT,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'comments',
              value: {
                id: COMMENT_ID,
                text: 'Tolong pak jalan di Jl. Dipatiukur depan kampus rusak parah, banyak lubang besar, motor sering jatuh. Kec. Coblong',
                from: { id: 'ig-user-1', username: 'warga_bdg' },
                media: { id: 'media-1', media_product_type: 'FEED' },
              },
            },
          ],
        },
      ],
    });
    const res = await fetch(`${intake!.url}/webhooks/meta`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', META_APP_SECRET).update(body).digest('hex')}`,
      },
      body,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1 });

    // complaints made a report; social-intake answered on the comment with its tracking id
    const first = await waitFor(() => replies()[0], 'the first reply', 30_000);
    const trackingId = /LPR-[A-Z0-9-]+[A-Z0-9]/.exec(first)?.[0];
    expect(trackingId, first).toBeDefined();
    expect(first).toContain('sudah kami terima');

    const admin = bearer(await mintToken({ tenant: '32.73', roles: ['admin'], sub: 'verifikator-1' }));
    const disposed = await fetch(`${complaints!.url}/v1/staff/reports/${trackingId}/dispose`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(disposed.status, await disposed.clone().text()).toBe(200);
    const unit = ((await disposed.json()) as { unit: string }).unit;
    expect(unit).toBeTruthy();

    const officer = bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit, sub: `petugas-${unit}` }));
    const followed = await fetch(`${complaints!.url}/v1/staff/reports/${trackingId}/follow-up`, {
      method: 'POST',
      headers: { ...officer, 'content-type': 'application/json' },
      body: JSON.stringify({ resolution: 'Lubang jalan sudah ditambal oleh tim pemeliharaan jalan.' }),
    });
    expect(followed.status, await followed.clone().text()).toBe(200);

    const second = await waitFor(() => replies()[1], 'the follow-up reply', 30_000);
    expect(second).toContain(trackingId);
    expect(second).toContain('ditindaklanjuti');
    expect(replies()).toHaveLength(2);

    // both are in social-intake's outbound log as sent
    const log = await fetch(`${intake!.url}/v1/outbound`, { headers: admin });
    expect(log.status).toBe(200);
    const items = ((await log.json()) as { items: Array<{ trackingId: string; kind: string; status: string }> }).items;
    expect(items.map((i) => [i.kind, i.status, i.trackingId]).sort()).toEqual([
      ['followed-up', 'sent', trackingId],
      ['received', 'sent', trackingId],
    ]);
  });
});
