/**
 * Tenants are walled off: a Palu token never reaches a Bandung report, lists are per region,
 * a token cannot name another region, and every table with tenant_id is behind forced RLS
 * (also the tables other parts of the service add).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { startComplaints } from './fixtures.js';
import { holdOutbox, reportsApi, TEST_SERVICE_ENV, type Headers, type SubmittedBody } from './report-helpers.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let api: ReturnType<typeof reportsApi>;
let bandungAdmin: Headers;
let paluAdmin: Headers;
let bandung: SubmittedBody;
let palu: SubmittedBody;
const spot = { lat: -6.9147, lon: 107.6098 };

beforeAll(async () => {
  c = await startComplaints(TEST_SERVICE_ENV);
  await holdOutbox(c);
  api = reportsApi(c);
  [bandungAdmin, paluAdmin] = await Promise.all([c.as.admin(), c.as.admin({ tenant: '72.71' })]);
  bandung = await api.submit({ location: spot });
  // the same category at the same spot, in another region: not a duplicate
  palu = await api.submit(
    { location: spot, districtCode: undefined, title: 'Jalan rusak di Palu' },
    {},
    '?tenant=72.71',
  );
});
afterAll(async () => c?.stop());

describe('row-level security', () => {
  it('guards every table with tenant_id, the complaints tables and any added later', async () => {
    expect(await checkTenantIsolation(c.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`.execute(
      c.db,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'report',
        'report_timeline',
        'deadline_breach',
        'open311_key',
        'outbox',
        'inbox',
        'dead_letter',
      ]),
    );
  });

  it('keeps each report, its timeline and its events in its region', async () => {
    expect(palu.status).toBe('submitted');
    expect(palu.supporting).toBeNull();
    expect((await api.row(bandung.trackingId)).tenant_id).toBe('32.73');
    expect((await api.row(palu.trackingId)).tenant_id).toBe('72.71');
    const timeline = await sql<{
      tenant_id: string;
    }>`select t.tenant_id from report_timeline t join report r on r.id = t.report_id where r.tracking_id = ${palu.trackingId}`.execute(
      c.db,
    );
    expect(timeline.rows.map((t) => t.tenant_id)).toEqual(['72.71']);
    const events = await api.events(palu.trackingId);
    expect(events.map((e) => e.event.tenant)).toEqual(['72.71']);
    const subjects = await sql<{
      subject: string;
      tenant_id: string;
    }>`select subject, tenant_id from outbox where event->>'subject' = ${palu.trackingId}`.execute(c.db);
    expect(subjects.rows[0]).toMatchObject({ tenant_id: '72.71', subject: expect.stringContaining('72') });
  });

  it('the application role sees only the region it works for', async () => {
    const seen = await c.service.ctx.db.withTenant('72.71', (trx) =>
      trx.selectFrom('report').select('tracking_id').execute(),
    );
    expect(seen.map((r) => r.tracking_id)).toEqual([palu.trackingId]);
    await expect(
      c.service.ctx.db.withTenant('72.71', (trx) =>
        trx
          .updateTable('report')
          .set({ title: 'disusupi' })
          .where('tracking_id', '=', bandung.trackingId)
          .returning('id')
          .execute(),
      ),
    ).resolves.toEqual([]);
    expect((await api.row(bandung.trackingId)).title).not.toBe('disusupi');
  });
});

describe('a Palu admin and a Bandung report', () => {
  it('cannot see it (404)', async () => {
    const res = await api.staffGet(bandung.trackingId, paluAdmin);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'report_not_found' });
    expect((await api.staffGet(palu.trackingId, paluAdmin)).statusCode).toBe(200);
  });

  it('cannot act on it (404) and changes nothing', async () => {
    const before = await api.timelineRows(bandung.trackingId);
    for (const [path, body] of [
      ['dispose', {}],
      ['defer', { note: 'x' }],
      ['archive', { reason: 'spam' }],
      ['forward', { forwardedTo: 'Palu' }],
      ['reject', { to: { kind: 'agency', name: 'Palu' } }],
      ['respond', { note: 'x' }],
      ['follow-up', { resolution: 'Diperbaiki oleh Palu.' }],
      ['redispose', { unit: 'dpupr' }],
      ['unlink', {}],
    ] as const) {
      const res = await api.act(bandung.trackingId, path, paluAdmin, body);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await api.patchPrivacy(bandung.trackingId, paluAdmin, { rahasia: true })).statusCode).toBe(404);
    expect(await api.timelineRows(bandung.trackingId)).toHaveLength(before.length);
    expect((await api.row(bandung.trackingId)).status).toBe('submitted');
    expect((await api.row(bandung.trackingId)).rahasia).toBe(false);
  });

  it('a Palu officer cannot see it either', async () => {
    expect((await api.staffGet(bandung.trackingId, await c.as.officer('dpupr', { tenant: '72.71' }))).statusCode).toBe(
      404,
    );
  });

  it('the Bandung admin cannot see or act on a Palu report', async () => {
    expect((await api.staffGet(palu.trackingId, bandungAdmin)).statusCode).toBe(404);
    expect((await api.act(palu.trackingId, 'dispose', bandungAdmin)).statusCode).toBe(404);
  });
});

describe('lists and the public path', () => {
  it('lists only the region’s own reports', async () => {
    const paluQueue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue', headers: paluAdmin });
    expect(paluQueue.json().items.map((i: { trackingId: string }) => i.trackingId)).toEqual([palu.trackingId]);
    const bandungQueue = await c.app.inject({ method: 'GET', url: '/v1/staff/queue', headers: bandungAdmin });
    const ids = bandungQueue.json().items.map((i: { trackingId: string }) => i.trackingId);
    expect(ids).toContain(bandung.trackingId);
    expect(ids).not.toContain(palu.trackingId);

    // disposed in Palu to its unit: only Palu's inbox has it
    await api.actOk(palu.trackingId, 'dispose', paluAdmin);
    const paluInbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: paluAdmin });
    expect(paluInbox.json().items.map((i: { trackingId: string; unit: string }) => [i.trackingId, i.unit])).toEqual([
      [palu.trackingId, 'dpupr'],
    ]);
    const bandungInbox = await c.app.inject({ method: 'GET', url: '/v1/staff/inbox', headers: bandungAdmin });
    expect(bandungInbox.json().items.map((i: { trackingId: string }) => i.trackingId)).not.toContain(palu.trackingId);
  });

  it('refuses a token that names another region (403)', async () => {
    const get = await c.app.inject({ method: 'GET', url: '/v1/staff/queue?tenant=72.71', headers: bandungAdmin });
    expect(get.statusCode).toBe(403);
    expect(get.json()).toMatchObject({ code: 'tenant_mismatch' });
    const act = await c.app.inject({
      method: 'POST',
      url: `/v1/staff/reports/${palu.trackingId}/respond?tenant=72.71`,
      headers: bandungAdmin,
      payload: { note: 'x' },
    });
    expect(act.statusCode).toBe(403);
    const view = await c.app.inject({
      method: 'GET',
      url: `/v1/staff/reports/${palu.trackingId}?tenant=72.71`,
      headers: bandungAdmin,
    });
    expect(view.statusCode).toBe(403);
    // also on the public paths: a token's region is the request's region
    const submit = await api.submitRaw(
      { category: 'jalan-rusak', title: 'Jalan rusak sekali', description: 'Lubang besar di tengah jalan raya.' },
      await c.as.citizen(),
      '?tenant=72.71',
    );
    expect(submit.statusCode).toBe(403);
    expect(
      (await api.publicGet(palu.trackingId, { query: '?tenant=72.71', headers: await c.as.citizen() })).statusCode,
    ).toBe(403);
  });

  it('finds a report publicly only in its own region', async () => {
    expect((await api.publicGet(bandung.trackingId)).statusCode).toBe(200); // DEFAULT_TENANT is Bandung
    expect((await api.publicGet(bandung.trackingId, { query: '?tenant=72.71' })).statusCode).toBe(404);
    expect((await api.publicGet(palu.trackingId)).statusCode).toBe(404);
    expect((await api.publicGet(palu.trackingId, { query: '?tenant=72.71' })).statusCode).toBe(200);
    // and the reporter's secret does not cross regions
    expect((await api.publicGet(palu.trackingId, { secret: palu.secret })).statusCode).toBe(404);
    expect((await api.publicGet(palu.trackingId, { secret: palu.secret, query: '?tenant=72.71' })).statusCode).toBe(
      200,
    );
  });

  it('answers 404 for a region that is not served', async () => {
    const res = await api.publicGet(bandung.trackingId, { query: '?tenant=99.99' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_tenant' });
  });

  it('checks categories and units against the region’s own directory', async () => {
    // Palu has no "sampah" category and no "dsdabm" unit
    const wrong = await api.submitRaw(
      { category: 'sampah', title: 'Sampah menumpuk', description: 'Sampah tidak diangkut seminggu.' },
      {},
      '?tenant=72.71',
    );
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      code: 'invalid_report',
      errors: [expect.objectContaining({ field: 'category' })],
    });
    const other = await api.submit(
      { location: { lat: -0.9, lon: 119.87 }, districtCode: undefined },
      {},
      '?tenant=72.71',
    );
    const res = await api.act(other.trackingId, 'dispose', paluAdmin, { unit: 'dsdabm' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'unknown_unit' });
    // a Bandung kecamatan is not in Palu
    const district = await api.submitRaw(
      {
        category: 'jalan-rusak',
        title: 'Jalan rusak sekali',
        description: 'Lubang besar di tengah jalan.',
        districtCode: '32.73.02',
      },
      {},
      '?tenant=72.71',
    );
    expect(district.statusCode).toBe(422);
  });
});
