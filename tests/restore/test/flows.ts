/**
 * The citizen and staff steps the ops tests repeat: a report closed and rated through its
 * invitation, a permit issued, a counter rating. Each returns what a later check looks for.
 */
import { expect } from 'vitest';
import { bearer, mintToken, type ServiceProcess, waitFor } from '@sinergi/testkit';

const json = { 'content-type': 'application/json' };
const TENANT = '32.73';

// the smallest files licensing's content checks accept
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n9\n%%EOF\n', 'latin1');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2), Buffer.from([0xff, 0xd9])]);

async function ok(res: Response, status: number, what: string): Promise<Record<string, unknown>> {
  expect(res.status, `${what}: ${await res.clone().text()}`).toBe(status);
  return (await res.json()) as Record<string, unknown>;
}

/** Each report on its own spot of a 220 m grid over Bandung: closer ones would be linked as support of the first. */
let spot = 0;
const nextSpot = () => {
  const n = spot++;
  return { lat: -6.85 - (n % 60) * 0.002, lon: 107.56 + Math.floor(n / 60) * 0.002 };
};

export async function submitReport(complaints: ServiceProcess, title = 'Jalan berlubang di Jl. Dago') {
  const body = await ok(
    await fetch(`${complaints.url}/v1/reports`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        type: 'pengaduan',
        category: 'jalan-rusak',
        title,
        description: 'Lubang besar di depan nomor 120, sudah dua minggu dan membahayakan pengendara motor.',
        location: nextSpot(),
        anonim: true,
      }),
    }),
    201,
    'submit',
  );
  return { trackingId: body.trackingId as string, secret: body.secret as string };
}

/** Disposed, followed up and accepted by the reporter: complaints emits the report's closing. */
export async function closeReport(complaints: ServiceProcess, report: { trackingId: string; secret: string }) {
  const admin = bearer(await mintToken({ tenant: TENANT, roles: ['admin'], sub: 'verifikator-1' }));
  const disposed = await ok(
    await fetch(`${complaints.url}/v1/staff/reports/${report.trackingId}/dispose`, {
      method: 'POST',
      headers: { ...admin, ...json },
      body: '{}',
    }),
    200,
    'dispose',
  );
  const unit = disposed.unit as string;
  const officer = bearer(await mintToken({ tenant: TENANT, roles: ['officer'], unit, sub: `petugas-${unit}` }));
  await ok(
    await fetch(`${complaints.url}/v1/staff/reports/${report.trackingId}/follow-up`, {
      method: 'POST',
      headers: { ...officer, ...json },
      body: JSON.stringify({ resolution: 'Lubang jalan sudah ditambal oleh tim pemeliharaan jalan.' }),
    }),
    200,
    'follow-up',
  );
  await ok(
    await fetch(`${complaints.url}/v1/reports/${report.trackingId}/accept`, {
      method: 'POST',
      headers: { ...json, 'x-report-secret': report.secret },
      body: '{}',
    }),
    200,
    'accept',
  );
  return unit;
}

/** The invitation official-rating sent back, as the reporter sees it in complaints. */
export async function reportInvitation(complaints: ServiceProcess, report: { trackingId: string; secret: string }) {
  return waitFor(
    async () => {
      const r = await fetch(`${complaints.url}/v1/reports/${report.trackingId}/rating-invitation`, {
        headers: { 'x-report-secret': report.secret },
      });
      return r.status === 200 ? ((await r.json()) as { url: string }) : undefined;
    },
    `the rating invitation of ${report.trackingId}`,
    60_000,
  );
}

export async function rate(rating: ServiceProcess, invitationUrl: string, answers = [4, 3, 3, 4, 3, 3, 4, 3, 3]) {
  const token = new URL(invitationUrl).searchParams.get('token')!;
  await ok(
    await fetch(`${rating.url}/v1/public/ratings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, answers }),
    }),
    201,
    'rate',
  );
}

/** A walk-in visit at Disdukcapil's counter, rated on the desk's link: no other service involved. */
export async function counterRating(rating: ServiceProcess, reference: string) {
  const officer = bearer(
    await mintToken({ tenant: TENANT, roles: ['officer'], unit: 'disdukcapil', sub: 'petugas-loket-1' }),
  );
  const link = await ok(
    await fetch(`${rating.url}/v1/staff/counter-tokens`, {
      method: 'POST',
      headers: { ...officer, ...json },
      body: JSON.stringify({ reference, serviceType: 'ktp-el' }),
    }),
    201,
    'counter link',
  );
  await ok(
    await fetch(`${rating.url}/v1/public/ratings`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token: link.token, answers: [4, 4, 3, 4, 4, 3, 4, 4, 3] }),
    }),
    201,
    'counter rating',
  );
}

/** An application for a doctor's practice permit, filed, checked and approved: licensing issues the permit. */
export async function issuePermit(licensing: ServiceProcess) {
  await waitFor(
    async () => ((await fetch(`${licensing.url}/v1/permit-types/sip-dokter`)).ok ? true : undefined),
    'the demo permit types',
    30_000,
  );
  const created = await ok(
    await fetch(`${licensing.url}/v1/applications`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        permitType: 'sip-dokter',
        applicant: { name: 'Siti Rahmawati', nik: '3273024507900001', phone: '0812-3456-7890' },
        data: {
          'nomor-str': 'STR-3273-0001',
          'tempat-praktik': 'Klinik Sehat, Jl. Dago 1',
          'jenis-praktik': 'dokter-umum',
        },
      }),
    }),
    201,
    'apply',
  );
  const reg = created.registrationNumber as string;
  const mine = { 'x-application-secret': created.secret as string };
  const files = { ktp: PDF, str: PDF, 'rekomendasi-organisasi-profesi': PDF, 'pas-foto': JPEG };
  for (const [requirement, file] of Object.entries(files)) {
    await ok(
      await fetch(`${licensing.url}/v1/applications/${reg}/documents/${requirement}`, {
        method: 'PUT',
        headers: { ...mine, 'content-type': 'application/octet-stream' },
        body: file,
      }),
      201,
      `upload ${requirement}`,
    );
  }
  await ok(
    await fetch(`${licensing.url}/v1/applications/${reg}/submit`, { method: 'POST', headers: mine }),
    200,
    'submit',
  );
  const dinkes = {
    ...json,
    ...bearer(await mintToken({ tenant: TENANT, roles: ['officer'], unit: 'dinkes', sub: 'petugas-dinkes' })),
  };
  const act = async (path: string, body: Record<string, unknown> = {}) =>
    ok(
      await fetch(`${licensing.url}/v1/staff/applications/${reg}/${path}`, {
        method: 'POST',
        headers: dinkes,
        body: JSON.stringify(body),
      }),
      200,
      path,
    );
  await act('complete');
  await act('start-review');
  await act('findings', { kind: 'site-inspection', result: 'meets', notes: 'Tempat praktik sesuai.' });
  await act('assess-fee');
  expect(await act('approve')).toMatchObject({ status: 'issued' });
  return { reg, mine };
}

/** The invitation official-rating sent back for the permit, as the applicant sees it in licensing. */
export async function permitInvitation(
  licensing: ServiceProcess,
  permit: { reg: string; mine: Record<string, string> },
) {
  return waitFor(
    async () => {
      const view = (await (
        await fetch(`${licensing.url}/v1/applications/${permit.reg}`, { headers: permit.mine })
      ).json()) as { ratingInvitation?: { url: string } | null };
      return view.ratingInvitation ?? undefined;
    },
    `the rating invitation of ${permit.reg}`,
    60_000,
  );
}
