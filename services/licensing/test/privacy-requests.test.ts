/**
 * A citizen's request about their personal data in applications, handled by an admin (UU 27/2022
 * Art. 6-8): found by phone, e-mail or NIK, exported, corrected, erased except the official record;
 * admins of the region only, audited without the person's data, the identifier never answered back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { api, APPLICANT, DATA, startLicensing, type Created } from './fixtures.js';

let c: Awaited<ReturnType<typeof startLicensing>>;
let admin: Record<string, string>;
const call = (path: string, payload: unknown, headers = admin, method: 'POST' | 'PATCH' = 'POST') =>
  c.app.inject({ method, url: `/v1/admin/data-subject/${path}`, headers, payload: payload as Record<string, unknown> });
const who = (kind: string, value: string) => ({
  identifier: { kind, value },
  reason: 'Permintaan di loket, KTP diperiksa',
});
const row = async (app: Created) =>
  (
    await sql<
      Record<string, unknown>
    >`select * from application where registration_number = ${app.registrationNumber}`.execute(c.db)
  ).rows[0]!;
const documents = async (app: Created) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from application_document d join application a on a.id = d.application_id
                             where a.registration_number = ${app.registrationNumber}`.execute(c.db)
  ).rows[0]!.n;

let decided: Created;
let open: Created;
let other: Created;
beforeAll(async () => {
  c = await startLicensing();
  admin = await c.as.admin();
  const a = api(c);
  decided = await a.submitted('lokasi-pkl');
  open = await a.submitted('lokasi-pkl');
  // owner access: a decision taken (the workflow's own tests drive it; here only its outcome matters)
  await sql`update application set status = 'rejected', decided_at = now() where registration_number = ${decided.registrationNumber}`.execute(
    c.db,
  );
  const res = await c.app.inject({
    method: 'POST',
    url: '/v1/applications',
    payload: {
      permitType: 'lokasi-pkl',
      applicant: { name: 'Budi Santoso', phone: '0813-1111-2222', email: 'budi@example.com' },
      data: DATA['lokasi-pkl'],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  other = res.json();
});
afterAll(async () => c?.stop());

describe('data subject requests in licensing', () => {
  it('finds the applications by phone, e-mail or NIK without echoing the identifier', async () => {
    for (const [kind, value] of [
      ['phone', APPLICANT.phone],
      ['email', APPLICANT.email.toUpperCase()],
      ['nik', APPLICANT.nik],
    ] as const) {
      const res = await call('search', who(kind, value));
      expect(res.statusCode, res.body).toBe(200);
      expect(
        res
          .json()
          .applications.map((x: { registrationNumber: string }) => x.registrationNumber)
          .sort(),
      ).toEqual([decided.registrationNumber, open.registrationNumber].sort());
      expect(res.body).not.toContain('3456');
      expect(res.body).not.toContain('Siti');
    }
  });

  it('exports the data, documents (without the files) and timeline', async () => {
    const res = await call('export', who('nik', APPLICANT.nik));
    expect(res.statusCode, res.body).toBe(200);
    const first = res.json().applications[0];
    expect(first.applicant).toEqual({
      name: 'Siti Rahmawati',
      phone: '+6281234567890',
      email: 'siti.r@example.com',
      nik: '**************01',
    });
    expect(first.documents.map((d: { requirement: string }) => d.requirement).sort()).toEqual(['foto-lapak', 'ktp']);
    expect(first.documents[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a malformed identifier and callers who are not admins of the region', async () => {
    const bad = await call('search', who('email', 'not-an-address'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('invalid_identifier');
    expect(bad.body).not.toContain('not-an-address');
    expect((await call('search', who('nik', APPLICANT.nik), await c.as.officer('dpmptsp'))).statusCode).toBe(403);
    const palu = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/data-subject/search?tenant=32.73',
      headers: await c.as.admin({ tenant: '72.71' }),
      payload: who('nik', APPLICANT.nik),
    });
    expect(palu.statusCode).toBe(403);
    const inPalu = await call('search', who('nik', APPLICANT.nik), await c.as.admin({ tenant: '72.71' }));
    expect(inPalu.json().applications).toEqual([]);
  });

  it('corrects the e-mail on the person’s applications only', async () => {
    const res = await call(
      'correct',
      { ...who('nik', APPLICANT.nik), set: { email: 'Siti.Baru@example.com' } },
      admin,
      'PATCH',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().fields).toEqual(['applicant_email']);
    expect((await row(decided)).applicant_email).toBe('siti.baru@example.com');
    expect((await row(other)).applicant_email).toBe('budi@example.com');
  });

  it('erases contacts and documents of decided applications, keeps the name, and leaves open ones', async () => {
    const res = await call('erase', who('nik', APPLICANT.nik));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().erased).toEqual([decided.registrationNumber]);
    expect(res.json().open).toEqual([{ registrationNumber: open.registrationNumber, status: 'submitted' }]);
    const erased = await row(decided);
    expect([
      erased.applicant_phone,
      erased.applicant_email,
      erased.applicant_nik_hash,
      erased.applicant_nik_masked,
    ]).toEqual([null, null, null, null]);
    expect(erased.applicant_name).toBe('Siti Rahmawati');
    expect(await documents(decided)).toBe(0);
    expect(await documents(open)).toBe(2);
    expect((await row(open)).applicant_phone).toBe('+6281234567890');
    const note = await sql<{
      n: number;
    }>`select count(*)::int as n from application_timeline where action = 'documents-erased'
                                           and application_id = ${erased.id as string}`.execute(c.db);
    expect(note.rows[0]!.n).toBe(1);
  });

  it('audits every action without the identifier', async () => {
    const res = await c.app.inject({
      method: 'GET',
      url: '/v1/admin/data-subject/requests',
      headers: await c.as.auditor(),
    });
    expect(res.statusCode, res.body).toBe(200);
    const log = res.json().requests as { action: string; records: string[] }[];
    expect(log.find((a) => a.action === 'erase')!.records).toEqual([decided.registrationNumber]);
    const stored = await sql<{ t: string }>`select string_agg(d::text, ' ') as t from data_subject_request d`.execute(
      c.db,
    );
    for (const trace of [APPLICANT.nik, '81234567890', 'siti.r@example.com', 'siti.baru'])
      expect(stored.rows[0]!.t).not.toContain(trace);
  });
});
