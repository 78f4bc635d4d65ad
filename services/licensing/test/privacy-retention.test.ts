/**
 * Retention of applicants' personal data (UU 27/2022 Art. 43-44): uploaded documents of applications
 * finished more than 120 days ago are deleted (the timeline says which, with their SHA-256), contacts
 * 365 days after the later of the last step and the permit's end; open files, objections, valid
 * permits' contacts, newer files and the other region keep theirs; the application and permit stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applyRetention } from '@sinergi/service-kit';
import { api, startLicensing, type Created } from './fixtures.js';
import { retentionRules } from '../src/privacy/retention.js';
import { licensing } from '../src/app.js';

let c: Awaited<ReturnType<typeof startLicensing>>;
const DAY = 86_400_000;
const now = new Date();
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const run = (tenant = '32.73', env: Record<string, string> = {}) =>
  applyRetention(c.ctx.db, tenant, retentionRules, { now, env });

/** Owner access: an application's last step as if taken `days` ago (no API moves time). */
const age = (app: Created, status: string, days: number) =>
  sql`update application set status = ${status}, updated_at = ${ago(days)}, decided_at = ${ago(days)}
      where registration_number = ${app.registrationNumber}`.execute(c.db);
const documents = async (app: Created) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from application_document d join application a on a.id = d.application_id
                             where a.registration_number = ${app.registrationNumber}`.execute(c.db)
  ).rows[0]!.n;
const contact = async (app: Created) =>
  (
    await sql<{
      applicant_name: string;
      applicant_phone: string | null;
      applicant_email: string | null;
      applicant_nik_hash: string | null;
      applicant_nik_masked: string | null;
      contact_erased_at: Date | null;
    }>`select * from application where registration_number = ${app.registrationNumber}`.execute(c.db)
  ).rows[0]!;

const apps: Record<string, Created> = {};
beforeAll(async () => {
  c = await startLicensing();
  const a = api(c);
  for (const name of ['rejected200', 'rejected400', 'open400', 'issued400', 'objected400', 'palu'])
    apps[name] = await a.submitted('lokasi-pkl');
  await age(apps.rejected200!, 'rejected', 200);
  await age(apps.rejected400!, 'rejected', 400);
  await age(apps.open400!, 'in-review', 400);
  await age(apps.issued400!, 'issued', 400);
  await age(apps.objected400!, 'objected', 400);
  // a permit issued 400 days ago and valid for 100 days more: its holder may still need to be reached
  await sql`insert into permit (tenant_id, number, application_id, permit_type, holder_name, legal_basis, issued_at, valid_until,
                                document, signature_kid, signature_alg, signature)
            select tenant_id, 'PKL/TEST/1', id, permit_type, applicant_name, 'decision', ${ago(400)}, ${new Date(now.getTime() + 100 * DAY)},
                   '{}', 'test-2026', 'Ed25519', 'x' from application where registration_number = ${apps.issued400!.registrationNumber}`.execute(
    c.db,
  );
  await age(apps.palu!, 'rejected', 400);
  for (const table of ['application_document', 'application_timeline'])
    await sql`update ${sql.table(table)} set tenant_id = '72.71' where application_id =
              (select id from application where registration_number = ${apps.palu!.registrationNumber})`.execute(c.db);
  await sql`update application set tenant_id = '72.71' where registration_number = ${apps.palu!.registrationNumber}`.execute(
    c.db,
  );
});
afterAll(async () => c?.stop());

describe('retention of applicants’ personal data', () => {
  it('deletes the documents of files finished over 120 days ago and notes them in the timeline', async () => {
    expect(await run()).toEqual({ 'identity-document': 6, 'applicant-contact': 1 });
    for (const app of [apps.rejected200!, apps.rejected400!, apps.issued400!]) expect(await documents(app)).toBe(0);
    const note = await sql<{ details: { documents: { requirement: string; sha256: string }[] }; to_status: string }>`
      select t.details, t.to_status from application_timeline t join application a on a.id = t.application_id
      where a.registration_number = ${apps.rejected200!.registrationNumber} and t.action = 'documents-erased'`.execute(
      c.db,
    );
    expect(note.rows).toHaveLength(1);
    expect(note.rows[0]!.to_status).toBe('rejected');
    expect(note.rows[0]!.details.documents.map((d) => d.requirement)).toEqual(['foto-lapak', 'ktp']);
    expect(note.rows[0]!.details.documents[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('erases contacts 365 days after the end, keeps the name with the decision, and the permit', async () => {
    const erased = await contact(apps.rejected400!);
    expect([
      erased.applicant_phone,
      erased.applicant_email,
      erased.applicant_nik_hash,
      erased.applicant_nik_masked,
    ]).toEqual([null, null, null, null]);
    expect(erased.applicant_name).toBe('Siti Rahmawati');
    expect(erased.contact_erased_at).not.toBeNull();
    expect((await contact(apps.issued400!)).applicant_phone).toBe('+6281234567890'); // the permit is still valid
    const permit = await sql<{
      holder_name: string;
    }>`select holder_name from permit where number = 'PKL/TEST/1'`.execute(c.db);
    expect(permit.rows[0]!.holder_name).toBe('Siti Rahmawati');
  });

  it('keeps open files, objections, newer files and the other region', async () => {
    for (const app of [apps.open400!, apps.objected400!, apps.palu!]) {
      expect(await documents(app)).toBe(2);
      expect((await contact(app)).applicant_phone).toBe('+6281234567890');
    }
    expect((await contact(apps.rejected200!)).applicant_nik_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes nothing on a second pass, follows the environment, and counts a permit’s end', async () => {
    expect(await run()).toEqual({ 'identity-document': 0, 'applicant-contact': 0 });
    expect(await run('32.73', { RETENTION_APPLICANT_CONTACT_DAYS: '150' })).toEqual({
      'identity-document': 0,
      'applicant-contact': 1,
    });
    expect((await contact(apps.rejected200!)).applicant_phone).toBeNull();
    await sql`update permit set valid_until = ${ago(160)} where number = 'PKL/TEST/1'`.execute(c.db);
    expect(await run('32.73', { RETENTION_APPLICANT_CONTACT_DAYS: '150' })).toEqual({
      'identity-document': 0,
      'applicant-contact': 1,
    });
    expect(await run('72.71')).toEqual({ 'identity-document': 2, 'applicant-contact': 1 });
  });

  it('runs in the background: the service will not start with a bad period', () => {
    const saved = process.env.RETENTION_IDENTITY_DOCUMENT_DAYS;
    process.env.RETENTION_IDENTITY_DOCUMENT_DAYS = '1.5';
    try {
      expect(() => licensing.background!(c.ctx, c.deps)).toThrow(/RETENTION_IDENTITY_DOCUMENT_DAYS/);
    } finally {
      if (saved === undefined) delete process.env.RETENTION_IDENTITY_DOCUMENT_DAYS;
      else process.env.RETENTION_IDENTITY_DOCUMENT_DAYS = saved;
    }
  });
});
