/**
 * A complaint rated by its reporter, across three processes: complaints closes the report ->
 * official-rating invites the reporter (one single-use link) -> complaints keeps the link for the
 * reporter only -> the reporter rates with it in official-rating -> the unit's IKM counts the answer;
 * the same link cannot rate twice. Each service runs from its built dist with its own database,
 * sharing one NATS namespace and directory.
 */
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

const BANDUNG = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
) as unknown;

let complaintsEnv: TestEnvironment;
let ratingEnv: TestEnvironment;
let complaints: ServiceProcess | undefined;
let rating: ServiceProcess | undefined;

beforeAll(async () => {
  complaintsEnv = await createTestEnvironment();
  ratingEnv = await createTestEnvironment();
  await applyDirectory(complaintsEnv, [BANDUNG]);
  const shared = { ...complaintsEnv.env, LOG_LEVEL: 'warn', AUTH_DEV_KEYS: 'false', DEFAULT_TENANT: '32.73' };
  complaints = await startServiceProcess('complaints', {
    ...shared,
    NIK_HMAC_KEY: 'e2e-nik-hmac-key-at-least-32-characters-long',
  });
  rating = await startServiceProcess('official-rating', {
    ...shared,
    ...databaseEnv(ratingEnv),
    RATING_FORM_URL: 'https://nilai.bandung.go.id/r',
  });
});

afterAll(async () => {
  await rating?.stop();
  await complaints?.stop();
  await ratingEnv?.cleanup();
  await complaintsEnv?.cleanup();
});

const json = { 'content-type': 'application/json' };

describe('closed report -> invitation -> rating -> IKM', () => {
  it('invites the reporter once, privately, and counts their rating in the unit’s IKM', async () => {
    const submitted = await fetch(`${complaints!.url}/v1/reports`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        type: 'pengaduan',
        category: 'jalan-rusak',
        title: 'Jalan berlubang di Jl. Dago',
        description: 'Lubang besar di depan nomor 120, sudah dua minggu dan membahayakan pengendara motor.',
        location: { lat: -6.8845, lon: 107.6135 },
        anonim: true,
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const { trackingId, secret } = (await submitted.json()) as { trackingId: string; secret: string };

    const admin = bearer(await mintToken({ tenant: '32.73', roles: ['admin'], sub: 'verifikator-1' }));
    const disposed = await fetch(`${complaints!.url}/v1/staff/reports/${trackingId}/dispose`, {
      method: 'POST',
      headers: { ...admin, ...json },
      body: '{}',
    });
    expect(disposed.status, await disposed.clone().text()).toBe(200);
    const unit = ((await disposed.json()) as { unit: string }).unit;
    const officer = bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit, sub: `petugas-${unit}` }));
    const followed = await fetch(`${complaints!.url}/v1/staff/reports/${trackingId}/follow-up`, {
      method: 'POST',
      headers: { ...officer, ...json },
      body: JSON.stringify({ resolution: 'Lubang jalan sudah ditambal oleh tim pemeliharaan jalan.' }),
    });
    expect(followed.status, await followed.clone().text()).toBe(200);
    const accepted = await fetch(`${complaints!.url}/v1/reports/${trackingId}/accept`, {
      method: 'POST',
      headers: { ...json, 'x-report-secret': secret },
      body: '{}',
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);

    // the invitation travels official-rating -> complaints; only the reporter's secret opens it
    const invitation = await waitFor(
      async () => {
        const r = await fetch(`${complaints!.url}/v1/reports/${trackingId}/rating-invitation`, {
          headers: { 'x-report-secret': secret },
        });
        return r.status === 200 ? ((await r.json()) as { url: string; expiresAt: string }) : undefined;
      },
      'the rating invitation',
      30_000,
    );
    expect(invitation.url).toMatch(/^https:\/\/nilai\.bandung\.go\.id\/r\?tenant=32\.73&token=[0-9A-Z]{32}$/);
    const publicView = await (await fetch(`${complaints!.url}/v1/reports/${trackingId}`)).text();
    expect(publicView).not.toContain(invitation.url.split('token=')[1]);

    const token = new URL(invitation.url).searchParams.get('token')!;
    const preview = await fetch(`${rating!.url}/v1/public/invitations?token=${token}`);
    expect(await preview.json()).toMatchObject({
      status: 'open',
      unit: { code: unit },
      serviceType: 'pengaduan',
      transactionKind: 'complaints',
    });

    const answers = [4, 3, 3, 4, 3, 3, 4, 3, 3]; // 30 points: IKM = 25 × 30 / 9 = 83.33
    const rated = await fetch(`${rating!.url}/v1/public/ratings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, answers, comment: 'Cepat ditangani, terima kasih.' }),
    });
    expect(rated.status, await rated.clone().text()).toBe(201);
    const again = await fetch(`${rating!.url}/v1/public/ratings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, answers }),
    });
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'token_used']);

    const ikm = (await (await fetch(`${rating!.url}/v1/public/units/${unit}/ikm`)).json()) as {
      ikm: number;
      band: string;
      respondents: number;
      serviceUsers: number;
    };
    expect(ikm).toMatchObject({ ikm: 83.33, band: 'B', respondents: 1, serviceUsers: 1 });
  });
});
