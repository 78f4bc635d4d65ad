/**
 * A deadline counted over a year whose holiday list is not confirmed may move when the list comes:
 * staff views say whether it rests on confirmed lists only (the directory's holidayYears).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aReport, startComplaints, type Harness } from './fixtures.js';

let c: Harness;
beforeAll(async () => {
  c = await startComplaints();
});
afterAll(async () => {
  await c?.stop();
});

const submitIn = async (tenant: string) => {
  const res = await c.app.inject({
    method: 'POST',
    url: `/v1/reports?tenant=${tenant}`,
    payload: aReport({ districtCode: tenant === '32.73' ? '32.73.02' : undefined, location: undefined }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().trackingId as string;
};

const queued = async (tenant: string, trackingId: string) => {
  const res = await c.app.inject({
    method: 'GET',
    url: `/v1/staff/queue?tenant=${tenant}`,
    headers: await c.as.admin({ tenant }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.find((i: { trackingId: string }) => i.trackingId === trackingId);
};

describe('holiday lists behind a deadline', () => {
  it('Bandung confirms 2026: a deadline within 2026 rests on a confirmed list, one in 2027 does not', async () => {
    const id = await submitIn('32.73');
    const item = await queued('32.73', id);
    // 2027's list in the directory holds only the fixed-date holidays: not confirmed
    const inConfirmedYear = new Date(item.deadline.due) <= new Date('2027-01-01T00:00:00+07:00');
    expect(item.deadline.holidaysConfirmed).toBe(inConfirmedYear);
    const detail = await c.app.inject({
      method: 'GET',
      url: `/v1/staff/reports/${id}?tenant=32.73`,
      headers: await c.as.admin({ tenant: '32.73' }),
    });
    expect(detail.json().deadline.holidaysConfirmed).toBe(inConfirmedYear);
  });

  it('a region that marks no year confirmed gets every deadline flagged', async () => {
    const id = await submitIn('72.71');
    expect((await queued('72.71', id)).deadline).toMatchObject({ holidaysConfirmed: false });
  });

  it('the public view does not carry the flag', async () => {
    const id = await submitIn('32.73');
    const res = await c.app.inject({ method: 'GET', url: `/v1/reports/${id}?tenant=32.73` });
    expect(res.json().deadline?.holidaysConfirmed).toBeUndefined();
  });
});
