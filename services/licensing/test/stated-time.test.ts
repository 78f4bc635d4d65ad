/* A payment integrator's `paidAt` is a claim: bounded by the time of the request like every stated time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startLicensing, type Harness } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
});
afterAll(async () => c?.stop());

describe('POST /v1/integrations/payments paidAt', () => {
  it.each([
    ['9999-12-31T23:59:59Z', 'in the far future'],
    ['0001-01-01T00:00:00Z', 'in year 1'],
  ])('records %s (%s) as the time of the request', async (paidAt) => {
    const app = await a.assessed('lokasi-pkl');
    const reg = app.registrationNumber;
    await a.staffOk(reg, 'approve', await c.as.officer('dpmptsp'));
    const before = Date.now();
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/integrations/payments',
      headers: await c.as.integrator(),
      payload: { registrationNumber: reg, paymentReference: `PAY-${paidAt.slice(0, 4)}`, amount: '45000', paidAt },
    });
    expect(res.statusCode, res.body).toBe(200);
    const paid = (await a.row(reg)).paid_at as Date;
    expect(paid.getTime()).toBeGreaterThanOrEqual(before);
    expect(paid.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps a paidAt of an hour ago', async () => {
    const app = await a.assessed('lokasi-pkl');
    await a.staffOk(app.registrationNumber, 'approve', await c.as.officer('dpmptsp'));
    const paidAt = new Date(Date.now() - 3_600_000).toISOString();
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/integrations/payments',
      headers: await c.as.integrator(),
      payload: { registrationNumber: app.registrationNumber, paymentReference: 'PAY-RECENT', amount: '45000', paidAt },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(((await a.row(app.registrationNumber)).paid_at as Date).toISOString()).toBe(paidAt);
  });
});
