import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret, newSecret } from '../src/reports/identifiers.js';
import { startComplaints } from './fixtures.js';
import { reportsApi, TEST_SERVICE_ENV } from './report-helpers.js';

const FORMAT = /^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe('through the API', () => {
  let c: Awaited<ReturnType<typeof startComplaints>>;
  let api: ReturnType<typeof reportsApi>;
  beforeAll(async () => {
    c = await startComplaints(TEST_SERVICE_ENV);
    api = reportsApi(c);
  });
  afterAll(async () => c?.stop());

  it('finds a report by its ID as people type it', async () => {
    const r = await api.submit({ location: undefined });
    expect(r.trackingId).toMatch(FORMAT);
    const typed = [
      r.trackingId,
      r.trackingId.toLowerCase(),
      r.trackingId.toLowerCase().replace(/-/g, ' '),
      r.trackingId.replace(/-/g, ''),
      r.trackingId.replace(/0/g, 'o').replace(/1/g, 'i'),
    ];
    for (const id of typed) {
      const res = await api.publicGet(id);
      expect(res.statusCode, id).toBe(200);
      expect(res.json().trackingId).toBe(r.trackingId);
    }
    // and so does the reporter with the secret
    const mine = await api.publicGet(r.trackingId.toLowerCase().replace(/-/g, ' '), { secret: r.secret });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().reporter).not.toBeNull();
  });

  it('answers 404 for IDs that are not a region’s, 400 for ones that cannot be', async () => {
    for (const id of ['LPR-0000-0000', 'LPR-ZZZZ', 'lpr 7k3m q9xu']) {
      const res = await api.publicGet(id);
      expect(res.statusCode, id).toBe(404);
      expect(res.json()).toMatchObject({ code: 'report_not_found' });
    }
    expect((await api.publicGet('x'.repeat(40))).statusCode).toBe(400);
  });

  it('never stores the secret, only its hash; the secret is returned once, at submission', async () => {
    const r = await api.submit({ location: undefined });
    const row = await api.row(r.trackingId);
    expect(row.secret_hash).toBe(hashSecret(r.secret));
    expect(row.text).not.toContain(r.secret);
    // a read with the secret does not hand it out again
    expect((await api.publicGet(r.trackingId, { secret: r.secret })).body).not.toContain(r.secret);
    expect(r.secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a wrong secret with 403, a malformed one with 400', async () => {
    const r = await api.submit({ location: undefined });
    const wrong = await api.publicGet(r.trackingId, { secret: newSecret() });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ code: 'wrong_secret' });
    expect((await api.publicGet(r.trackingId, { secret: 'short' })).statusCode).toBe(400);
  });
});
