/**
 * A citizen's request about their personal data, handled by an admin (UU 27/2022 Art. 6-8): found by
 * phone, e-mail or NIK, exported, corrected, erased; admins only, one region only, every action
 * audited without the person's data, and the identifier never answered back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { aReport, startComplaints } from './fixtures.js';

let c: Awaited<ReturnType<typeof startComplaints>>;
let admin: Record<string, string>;
const SITI = { phone: '0812-3456-7890', email: 'Siti.R@example.com', nik: '3273024507900001' };
const call = (path: string, payload: unknown, headers = admin, method: 'POST' | 'PATCH' = 'POST') =>
  c.app.inject({ method, url: `/v1/admin/data-subject/${path}`, headers, payload: payload as Record<string, unknown> });
const who = (kind: string, value: string) => ({
  identifier: { kind, value },
  reason: 'Permintaan di loket, KTP diperiksa',
});

const ids: string[] = [];
let other: string;
beforeAll(async () => {
  c = await startComplaints({ SUBMIT_RATE_PER_MINUTE: '100000' });
  admin = await c.as.admin();
  for (const i of [1, 2]) {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/reports',
      payload: aReport({
        location: { lat: -6.86 - i * 0.02, lon: 107.6 },
        description: `Lubang besar nomor ${i}, hubungi saya di 0812-3456-7890 kalau perlu.`,
      }),
    });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().trackingId);
  }
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/reports',
    payload: aReport({
      location: { lat: -6.95, lon: 107.7 },
      reporter: { name: 'Budi', phone: '0813-1111-2222', email: 'budi@example.com' },
    }),
  });
  other = res.json().trackingId;
});
afterAll(async () => c?.stop());

describe('data subject requests', () => {
  it('finds the reports by phone, e-mail (any case) or NIK, and never echoes the identifier', async () => {
    for (const [kind, value] of [
      ['phone', SITI.phone],
      ['email', SITI.email],
      ['nik', SITI.nik],
    ] as const) {
      const res = await call('search', who(kind, value));
      expect(res.statusCode, res.body).toBe(200);
      expect(
        res
          .json()
          .reports.map((r: { trackingId: string }) => r.trackingId)
          .sort(),
      ).toEqual([...ids].sort());
      expect(res.body).not.toContain('3456');
      expect(res.body.toLowerCase()).not.toContain('siti');
    }
    const none = await call('search', who('phone', '0899-0000-0000'));
    expect(none.json().reports).toEqual([]);
  });

  it('exports the person’s reports with their data and timeline', async () => {
    const res = await call('export', who('nik', SITI.nik));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.reports).toHaveLength(2);
    expect(body.reports[0].reporter).toEqual({
      name: 'Siti Rahmawati',
      phone: '+6281234567890',
      email: 'siti.r@example.com',
      nik: '**************01',
    });
    expect(body.reports[0].timeline[0].action).toBe('submit');
  });

  it('refuses a malformed identifier with problem+json naming the field, not the value', async () => {
    const res = await call('search', who('nik', '1234'));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('invalid_identifier');
    expect(res.json().errors[0].field).toBe('identifier.value');
    expect(res.body).not.toContain('1234');
    expect((await call('search', { identifier: { kind: 'name', value: 'x' }, reason: 'loket' })).statusCode).toBe(400);
  });

  it('lets only admins of the region in, and the other region finds nothing', async () => {
    expect((await call('search', who('nik', SITI.nik), await c.as.officer('dsdabm'))).statusCode).toBe(403);
    expect((await call('search', who('nik', SITI.nik), await c.as.auditor())).statusCode).toBe(403);
    expect((await call('search', who('nik', SITI.nik), {})).statusCode).toBe(401);
    const paluAdmin = await c.as.admin({ tenant: '72.71' });
    const mismatch = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/data-subject/search?tenant=32.73',
      headers: paluAdmin,
      payload: who('nik', SITI.nik),
    });
    expect(mismatch.statusCode).toBe(403); // a Palu admin's token may not act in Bandung
    expect(mismatch.json().code).toBe('tenant_mismatch');
    const palu = await call('search', who('nik', SITI.nik), paluAdmin); // the token's own region: Palu
    expect(palu.statusCode, palu.body).toBe(200);
    expect(palu.json().reports).toEqual([]);
  });

  it('corrects the contact on the person’s reports only', async () => {
    const res = await call(
      'correct',
      { ...who('email', SITI.email), set: { phone: '0812-9999-0000' } },
      admin,
      'PATCH',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().corrected.sort()).toEqual([...ids].sort());
    expect(res.json().fields).toEqual(['reporter_phone']);
    const rows = await sql<{ tracking_id: string; reporter_phone: string }>`
      select tracking_id, reporter_phone from report where tracking_id in (${sql.join([...ids, other])})`.execute(c.db);
    for (const r of rows.rows)
      expect(r.reporter_phone).toBe(r.tracking_id === other ? '+6281311112222' : '+6281299990000');
    expect((await call('correct', { ...who('nik', SITI.nik), set: {} }, admin, 'PATCH')).statusCode).toBe(400);
  });

  it('erases the person’s data and photos, keeps the reports anonymous with masked text, and 404s a second time', async () => {
    const photoOf = (trackingId: string) => sql`
      insert into report_photo (tenant_id, report_id, media_type, size_bytes, sha256, content)
      select tenant_id, id, 'image/png', 3, 'x', '\\x010203'::bytea from report where tracking_id = ${trackingId}`;
    await photoOf(ids[0]!).execute(c.db);
    await photoOf(other).execute(c.db);
    const photos = async (trackingIds: string[]) =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from report_photo p join report r on r.id = p.report_id
          where r.tracking_id in (${sql.join(trackingIds)})`.execute(c.db)
      ).rows[0]!.n;
    expect(await photos(ids)).toBe(1);
    const res = await call('erase', who('nik', SITI.nik));
    expect(await photos(ids)).toBe(0);
    expect(await photos([other])).toBe(1);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().erased.sort()).toEqual([...ids].sort());
    const rows = await sql<
      Record<string, unknown>
    >`select * from report where tracking_id in (${sql.join(ids)})`.execute(c.db);
    for (const r of rows.rows) {
      expect([r.reporter_name, r.reporter_phone, r.reporter_email, r.reporter_nik_masked, r.reporter_nik_hash]).toEqual(
        [null, null, null, null, null],
      );
      expect(r.anonim).toBe(true);
      expect(r.description).not.toContain('3456-7890');
      expect(r.status).toBe('submitted');
    }
    expect((await call('erase', who('nik', SITI.nik))).json().code).toBe('data_subject_not_found');
    const untouched = await sql<{
      reporter_name: string;
    }>`select reporter_name from report where tracking_id = ${other}`.execute(c.db);
    expect(untouched.rows[0]!.reporter_name).toBe('Budi');
  });

  it('audits every action: who, what, which reports, why; never the identifier', async () => {
    const res = await c.app.inject({
      method: 'GET',
      url: '/v1/admin/data-subject/requests',
      headers: await c.as.auditor(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const log = res.json().requests as { action: string; actor: string; identifierKind: string; records: string[] }[];
    expect(log.map((a) => a.action)).toEqual(expect.arrayContaining(['search', 'export', 'correct', 'erase']));
    const erase = log.find((a) => a.action === 'erase')!;
    expect(erase).toMatchObject({ actor: 'admin-1', identifierKind: 'nik' });
    expect(erase.records.sort()).toEqual([...ids].sort());
    const stored = await sql<{ t: string }>`select string_agg(d::text, ' ') as t from data_subject_request d`.execute(
      c.db,
    );
    for (const trace of ['3273024507900001', '81234567890', 'siti.r@example.com', '0812-9999-0000', '81299990000'])
      expect(stored.rows[0]!.t.toLowerCase()).not.toContain(trace.toLowerCase());
  });
});
