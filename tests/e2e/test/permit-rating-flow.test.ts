/**
 * A permit rated by its applicant, across two processes: licensing issues a permit -> official-rating
 * invites the applicant (one single-use link for the decided application) -> licensing keeps the
 * link for the applicant only -> the applicant rates with it -> the unit's IKM for that permit type
 * counts the answer, as a licensing transaction. Each service runs from its built dist with its own
 * database, sharing one NATS namespace and directory.
 */
import { generateKeyPairSync } from 'node:crypto';
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

// the smallest files licensing's content checks accept
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n9\n%%EOF\n', 'latin1');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2), Buffer.from([0xff, 0xd9])]);

let licensingEnv: TestEnvironment;
let ratingEnv: TestEnvironment;
let licensing: ServiceProcess | undefined;
let rating: ServiceProcess | undefined;

beforeAll(async () => {
  licensingEnv = await createTestEnvironment();
  ratingEnv = await createTestEnvironment();
  await applyDirectory(licensingEnv, [BANDUNG]);
  const shared = { ...licensingEnv.env, LOG_LEVEL: 'warn', AUTH_DEV_KEYS: 'false', DEFAULT_TENANT: '32.73' };
  const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  licensing = await startServiceProcess('licensing', {
    ...shared,
    NIK_HMAC_KEY: 'e2e-nik-hmac-key-at-least-32-characters-long',
    PERMIT_SIGNING_KEYS: JSON.stringify([{ kid: 'e2e-2026', privateKey }]),
    SEED_DEMO_PERMIT_TYPES: 'true',
    PUBLIC_VERIFY_BASE_URL: 'https://izin.bandung.go.id',
  });
  rating = await startServiceProcess('official-rating', {
    ...shared,
    ...databaseEnv(ratingEnv),
    RATING_FORM_URL: 'https://nilai.bandung.go.id/r',
  });
});

afterAll(async () => {
  await rating?.stop();
  await licensing?.stop();
  await ratingEnv?.cleanup();
  await licensingEnv?.cleanup();
});

const json = { 'content-type': 'application/json' };

describe('issued permit -> invitation -> rating -> IKM of the permit type', () => {
  it('invites the applicant once, privately, and counts their rating for the unit and the permit type', async () => {
    await waitFor(
      async () => ((await fetch(`${licensing!.url}/v1/permit-types/sip-dokter`)).ok ? true : undefined),
      'the demo permit types',
      30_000,
    );
    const created = await fetch(`${licensing!.url}/v1/applications`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        permitType: 'sip-dokter',
        applicant: {
          name: 'Siti Rahmawati',
          nik: '3273024507900001',
          phone: '0812-3456-7890',
          email: 'siti.r@example.com',
        },
        data: {
          'nomor-str': 'STR-3273-0001',
          'tempat-praktik': 'Klinik Sehat, Jl. Dago 1',
          'jenis-praktik': 'dokter-umum',
        },
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { registrationNumber: reg, secret } = (await created.json()) as {
      registrationNumber: string;
      secret: string;
    };
    const mine = { 'x-application-secret': secret };
    for (const [requirement, file] of Object.entries({
      ktp: PDF,
      str: PDF,
      'rekomendasi-organisasi-profesi': PDF,
      'pas-foto': JPEG,
    })) {
      const up = await fetch(`${licensing!.url}/v1/applications/${reg}/documents/${requirement}`, {
        method: 'PUT',
        headers: { ...mine, 'content-type': 'application/octet-stream' },
        body: file,
      });
      expect(up.status, await up.clone().text()).toBe(201);
    }
    const submitted = await fetch(`${licensing!.url}/v1/applications/${reg}/submit`, { method: 'POST', headers: mine });
    expect(submitted.status, await submitted.clone().text()).toBe(200);

    const dinkes = {
      ...json,
      ...bearer(await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dinkes', sub: 'petugas-dinkes' })),
    };
    const act = async (path: string, body: Record<string, unknown> = {}) => {
      const res = await fetch(`${licensing!.url}/v1/staff/applications/${reg}/${path}`, {
        method: 'POST',
        headers: dinkes,
        body: JSON.stringify(body),
      });
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
      return (await res.json()) as { status: string };
    };
    await act('complete');
    await act('start-review');
    await act('findings', { kind: 'site-inspection', result: 'meets', notes: 'Tempat praktik sesuai.' });
    await act('assess-fee');
    // a free permit is issued at approval
    expect(await act('approve')).toMatchObject({ status: 'issued' });

    // the invitation travels official-rating -> licensing; only the applicant's secret opens it
    const invitation = await waitFor(
      async () => {
        const view = (await (await fetch(`${licensing!.url}/v1/applications/${reg}`, { headers: mine })).json()) as {
          ratingInvitation?: { url: string } | null;
        };
        return view.ratingInvitation ?? undefined;
      },
      'the rating invitation',
      30_000,
    );
    const token = new URL(invitation.url).searchParams.get('token')!;
    expect(token).toMatch(/^[0-9A-Z]{32}$/);
    const staffView = await (await fetch(`${licensing!.url}/v1/staff/applications/${reg}`, { headers: dinkes })).text();
    expect(staffView).not.toContain(token);

    const rated = await fetch(`${rating!.url}/v1/public/ratings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, answers: [4, 4, 4, 4, 4, 4, 3, 3, 3] }),
    });
    expect(rated.status, await rated.clone().text()).toBe(201);
    // 33 points: IKM = 25 × 33 / 9 = 91.67
    const ikm = (await (
      await fetch(`${rating!.url}/v1/public/units/dinkes/ikm?serviceType=sip-dokter`)
    ).json()) as Record<string, unknown>;
    expect(ikm).toMatchObject({
      serviceType: 'sip-dokter',
      ikm: 91.67,
      band: 'A',
      respondents: 1,
      respondentsByKind: { complaints: 0, licensing: 1, counter: 0 },
    });
  });
});
