/**
 * official-rating's test fixtures on the testkit harness: the Kota Bandung directory from infra/
 * (with two fictitious camat to rate), a second region for isolation, the service's own settings,
 * and the two ways a citizen's rating usually starts (a counter link, a submission).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServiceHarness } from '@sinergi/testkit';
import { officialRating } from '../src/app.js';

export { waitFor } from '@sinergi/testkit';

const directory = JSON.parse(
  readFileSync(new URL('../../../infra/directory/32.73-kota-bandung.json', import.meta.url), 'utf8'),
);
export const BANDUNG = {
  ...directory,
  officials: [
    // the demo's own Coblong officials give way to ones whose written names carry titles
    ...directory.officials.filter((o: { unit: string }) => o.unit !== 'kec-coblong'),
    { id: 'camat-coblong', name: 'Drs. H. Bambang Sutisna, M.Si.', jobTitle: 'Camat Coblong', unit: 'kec-coblong' },
    {
      id: 'sekcam-coblong',
      name: 'Wulan Permatasari, S.Sos.',
      jobTitle: 'Sekretaris Kecamatan Coblong',
      unit: 'kec-coblong',
    },
    {
      id: 'camat-andir',
      name: 'Hendra Gunawan',
      jobTitle: 'Camat Andir',
      unit: 'kec-andir',
      accounts: ['7d1c5e0a-2b7f-4f7e-9a55-3c1d2e4f6a80'],
    },
  ],
};
export const PALU = {
  code: '72.71',
  name: 'Kota Palu',
  timeZone: 'Asia/Makassar',
  units: [{ code: 'dpupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', kind: 'dinas' }],
  complaintCategories: [{ code: 'jalan-rusak', name: 'Jalan rusak', defaultUnit: 'dpupr' }],
};

/** The service for one test file; callers act for Bandung unless they name Palu. */
export function startRating(extraEnv: Record<string, string> = {}) {
  // the refresh job is driven by the tests (refreshTenant) so that announcements are deterministic;
  // rate limits are tested on their own
  return createServiceHarness(officialRating, {
    regions: [BANDUNG, PALU],
    env: {
      DEFAULT_TENANT: '32.73',
      RATING_FORM_URL: 'https://nilai.bandung.go.id/r',
      INDEX_REFRESH_MS: '3600000',
      SUBMIT_RATE_PER_MINUTE: '100000',
      ...extraEnv,
    },
  });
}
export type RatingHarness = Awaited<ReturnType<typeof startRating>>;

/** A rating link from the counter API, the way a desk tablet gets one. */
export async function counterToken(
  h: RatingHarness,
  body: { unit: string; serviceType?: string; official?: string; reference?: string },
  tenant = '32.73',
) {
  const res = await h.inject({
    method: 'POST',
    url: `/v1/staff/counter-tokens?tenant=${tenant}`,
    headers: await h.as.officer(body.unit, { tenant }),
    payload: { serviceType: 'layanan-administrasi', reference: `A-${randomUUID().slice(0, 8)}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`counter token: ${res.statusCode} ${res.body}`);
  return res.json() as { invitationId: string; token: string; url: string; expiresAt: string };
}

export async function rate(h: RatingHarness, body: Record<string, unknown>, tenant = '32.73') {
  return h.inject({ method: 'POST', url: `/v1/public/ratings?tenant=${tenant}`, payload: body });
}

/** The failing fields of a problem answer, sorted. */
export const failingFields = (res: { json(): unknown }) =>
  (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort();

/** Bandung's 2015 dimensions and weights, set as the region's own report-card settings. */
export async function useBandung2015Dimensions(h: RatingHarness, extra: Record<string, unknown> = {}) {
  const { BANDUNG_2015_DIMENSIONS } = await import('../src/report-cards/score.js');
  const res = await h.inject({
    method: 'PUT',
    url: '/v1/admin/report-card-config',
    headers: await h.as.admin(),
    payload: { ...BANDUNG_2015_DIMENSIONS, basis: 'Bandung 2015 dimensions (test)', ...extra },
  });
  if (res.statusCode !== 200) throw new Error(`report-card config: ${res.statusCode} ${res.body}`);
  return res.json();
}
