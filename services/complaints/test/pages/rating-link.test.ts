/**
 * The rating link on the track page: shown to the reporter (private link) once the report is closed
 * and official-rating's invitation has arrived; never on the public track page.
 */
import { invitationCreated } from '@sinergi/contracts';
import { waitFor } from '@sinergi/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startComplaints, type Harness } from '../fixtures.js';
import { reportsApi, TEST_SERVICE_ENV } from '../report-helpers.js';
import { pages } from './support.js';

let c: Harness;

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
});
afterAll(async () => c?.stop());

it('a closed report with an invitation shows "Beri penilaian" on the private link only', async () => {
  const p = pages(c);
  const api = reportsApi(c);
  const admin = await c.as.admin();
  const { trackingId, privateLink, secret } = await p.submit();
  await api.actOk(trackingId, 'dispose', admin);
  await api.actOk(trackingId, 'follow-up', admin, {
    resolution: 'Lubang sudah ditambal dan jalan dapat dilalui lagi.',
  });
  expect((await p.post(`/lapor/lacak/${trackingId}`, { kunci: secret, aksi: 'terima' })).statusCode).toBe(303);
  expect((await p.get(privateLink)).body).not.toContain('Beri penilaian');

  const url = 'https://nilai.example.go.id/r?tenant=32.73&token=P4Q8KA5RG6C9RCSB12YDMDR97QRR9GRA';
  await c.events.publish(
    invitationCreated,
    {
      invitationId: '8d6f1d0e-4c1b-4f5e-9a53-0c9a3f6f2b11',
      transaction: { system: 'complaints', id: trackingId },
      source: null,
      unit: 'dsdabm',
      serviceType: 'jalan-rusak',
      official: null,
      url,
      expiresAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
    { subject: trackingId },
  );
  const mine = await waitFor(async () => {
    const res = await p.get(privateLink);
    return res.body.includes('Beri penilaian') ? res : undefined;
  }, 'the rating link on the private track page');
  expect(mine.body).toContain(`href="${url.replace('&', '&amp;')}"`);
  const pub = await p.get(`/lapor/lacak/${trackingId}`);
  expect(pub.statusCode).toBe(200);
  expect(pub.body).not.toContain('Beri penilaian');
  expect(pub.body).not.toContain('P4Q8KA5RG6C9RCSB12YDMDR97QRR9GRA');
});
