/**
 * The signed permit: the document (JSON and PDF with its QR link), public verification (valid, tampered,
 * revoked, expired) and revocation.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { canonicalJson } from '../src/permits/canonical.js';
import { KeyRing } from '../src/permits/signing.js';
import { PermitsService } from '../src/permits/service.js';
import { api, startLicensing, type Created, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let officer: Headers;
let integrator: Headers;

beforeAll(async () => {
  c = await startLicensing();
  // hold the outbox so the test can read the events
  await c.service.relay.stop();
  a = api(c);
  [officer, integrator] = await Promise.all([c.as.officer('dpmptsp'), c.as.integrator()]);
});
afterAll(async () => c?.stop());

const approved = async (): Promise<Created> => {
  const app = await a.assessed('lokasi-pkl');
  await a.staffOk(app.registrationNumber, 'approve', officer);
  return app;
};

describe('the signed permit and its verification', () => {
  let app: Created;
  let number: string;
  beforeAll(async () => {
    app = await approved();
    number = (await a.pay(app.registrationNumber, 'PAY-VERIFY-1', '45000', integrator)).json().permitNumber;
  });

  it('gives the holder the signed JSON, verifiable by anyone with the published keys', async () => {
    const res = await c.app.inject({
      method: 'GET',
      url: `/v1/applications/${app.registrationNumber}/permit`,
      headers: { 'x-application-secret': app.secret },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { document, signature } = res.json();
    expect(document).toMatchObject({
      number,
      holder: { name: 'Siti Rahmawati', nik: '**************01' },
      permitType: { code: 'lokasi-pkl' },
      legalBasis: { kind: 'decision' },
      fee: '45000',
      verificationUrl: `https://izin.bandung.go.id/v1/public/permits/verify?tenant=32.73&number=${encodeURIComponent(number)}`,
    });
    expect(signature.kid).toBe('test-2026');
    const jwks = (await c.app.inject({ method: 'GET', url: '/v1/public/signing-keys' })).json();
    expect(jwks.keys.map((k: { kid: string; status: string }) => `${k.kid}:${k.status}`)).toEqual([
      'test-2025:retired',
      'test-2026:active',
    ]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);
    const jwk = jwks.keys.find((k: { kid: string }) => k.kid === signature.kid);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify(null, Buffer.from(canonicalJson(document)), key, Buffer.from(signature.value, 'base64url'))).toBe(
      true,
    );
    expect(
      verify(
        null,
        Buffer.from(canonicalJson({ ...document, fee: '0' })),
        key,
        Buffer.from(signature.value, 'base64url'),
      ),
    ).toBe(false);
  });

  it('signs with the one key ring setup built: issuance, the published keys and verification share it', async () => {
    expect(c.deps.keys).toBeInstanceOf(KeyRing);
    expect((await c.app.inject({ method: 'GET', url: '/v1/public/signing-keys' })).json()).toEqual(
      JSON.parse(JSON.stringify(c.deps.keys.jwks('32.73'))),
    );
    const { document, signature } = (
      await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${app.registrationNumber}/permit`,
        headers: { 'x-application-secret': app.secret },
      })
    ).json();
    expect(c.deps.keys.verify('32.73', document, signature)).toBe(true);
  });

  it('renders a PDF for the holder and the unit, and nobody else', async () => {
    const pdf = await c.app.inject({
      method: 'GET',
      url: `/v1/applications/${app.registrationNumber}/permit.pdf`,
      headers: { 'x-application-secret': app.secret },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(2000); // text and the QR image
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/v1/staff/applications/${app.registrationNumber}/permit.pdf`,
          headers: officer,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/v1/staff/applications/${app.registrationNumber}/permit.pdf`,
          headers: await c.as.officer('dinkes'),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await c.app.inject({ method: 'GET', url: `/v1/applications/${app.registrationNumber}/permit.pdf` })).statusCode,
    ).toBe(401);
    const draft = await a.created('lokasi-pkl');
    expect(
      (
        await c.app.inject({
          method: 'GET',
          url: `/v1/applications/${draft.registrationNumber}/permit`,
          headers: { 'x-application-secret': draft.secret },
        })
      ).json(),
    ).toMatchObject({ code: 'permit_not_issued', currentStatus: 'draft' });
  });

  it('verifies publicly: active, holder masked, signature valid', async () => {
    const res = await a.verify(number);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'active',
      statusLabel: 'Dokumen aktif',
      number,
      holder: 'S*** R***',
      legalBasis: 'decision',
      signatureValid: true,
      revokedAt: null,
    });
    expect(res.body).not.toContain('Rahmawati');
    // the NIK's tail; this file's first permit is numbered …/0001/…, which says nothing about the holder
    expect(res.body.replace(number, '')).not.toContain('0001');
    expect((await a.verify('503/9999/TIDAK-ADA/2026')).json()).toMatchObject({ status: 404, code: 'permit_not_found' });
  });

  it('says when the stored document was tampered with', async () => {
    const other = await approved();
    const n = (await a.pay(other.registrationNumber, 'PAY-TAMPER-1', '45000', integrator)).json().permitNumber;
    await sql`update permit set document = jsonb_set(document, '{particulars}', '{"Luas lapak (m²)": "200"}') where number = ${n}`.execute(
      c.db,
    );
    expect((await a.verify(n)).json()).toMatchObject({
      status: 'invalid',
      signatureValid: false,
      holder: null,
      validUntil: null,
    });
  });

  it('answers from the signed document: an edited column (validity, holder, legal basis, dates) makes the permit invalid, never "active" with a valid signature', async () => {
    const other = await approved();
    const n = (await a.pay(other.registrationNumber, 'PAY-TAMPER-2', '45000', integrator)).json().permitNumber;
    const honest = (await a.verify(n)).json();
    expect(honest).toMatchObject({
      status: 'active',
      signatureValid: true,
      holder: 'S*** R***',
      legalBasis: 'decision',
    });
    const edits = [
      sql`update permit set valid_until = '2099-01-01' where number = ${n}`,
      sql`update permit set holder_name = 'Budi Santoso' where number = ${n}`,
      sql`update permit set legal_basis = 'fiktif-positif' where number = ${n}`,
      sql`update permit set issued_at = issued_at - interval '1 year' where number = ${n}`,
      sql`update permit set permit_type = 'reklame' where number = ${n}`,
    ];
    for (const edit of edits) {
      const before = await sql<Record<string, unknown>>`select * from permit where number = ${n}`.execute(c.db);
      await edit.execute(c.db);
      const res = await a.verify(n);
      expect(res.statusCode).toBe(200);
      expect(res.json(), edit.compile(c.db).sql).toMatchObject({
        status: 'invalid',
        signatureValid: false,
        holder: null,
        validUntil: null,
        issuedAt: null,
        legalBasis: null,
        permitType: null,
      });
      expect(res.body).not.toContain('2099');
      const row = before.rows[0]!;
      await sql`update permit set valid_until = ${row.valid_until}, holder_name = ${row.holder_name}, legal_basis = ${row.legal_basis}, issued_at = ${row.issued_at}, permit_type = ${row.permit_type} where number = ${n}`.execute(
        c.db,
      );
      expect((await a.verify(n)).json()).toEqual(honest);
    }
  });

  it('revokes with a category and a reason: verification says revoked; only the unit may; once', async () => {
    const revoke = (headers: Headers) =>
      c.app.inject({
        method: 'POST',
        url: '/v1/staff/permits/revoke',
        headers,
        payload: { number, category: 'requested-by-holder', reason: 'Lapak dipindahkan ke lokasi lain oleh pemohon.' },
      });
    // the category is required: it is what the public sees
    expect(
      (
        await c.app.inject({
          method: 'POST',
          url: '/v1/staff/permits/revoke',
          headers: officer,
          payload: { number, reason: 'Tanpa kategori.' },
        })
      ).statusCode,
    ).toBe(400);
    expect((await revoke(await c.as.officer('dinkes'))).json()).toMatchObject({ status: 403, code: 'forbidden_unit' });
    expect((await revoke(await c.as.citizen())).statusCode).toBe(403);
    expect((await revoke(officer)).statusCode).toBe(200);
    expect((await revoke(officer)).json()).toMatchObject({ status: 409, code: 'already_revoked' });
    const v = (await a.verify(number)).json();
    expect(v).toMatchObject({
      status: 'revoked',
      statusLabel: 'Dicabut',
      revocationCategory: 'requested-by-holder',
      revocationCategoryLabel: 'Atas permintaan pemegang izin',
      signatureValid: true,
    });
    const events = await sql<{
      type: string;
      data: { permitNumber: string; category: string };
    }>`select type, event->'data' as data from outbox where type like '%permit.revoked%'`.execute(c.db);
    expect(events.rows.map((e) => [e.data.permitNumber, e.data.category])).toEqual([[number, 'requested-by-holder']]);
    const view = (await a.get(app)).json();
    expect(view.permit.status).toBe('revoked');
    expect(view.timeline.at(-1)).toMatchObject({
      action: 'revoke-permit',
      note: 'Lapak dipindahkan ke lokasi lain oleh pemohon.',
    });
  });

  it('says expired after the validity period of the signed document', async () => {
    const other = await approved();
    const n = (await a.pay(other.registrationNumber, 'PAY-EXPIRE-1', '45000', integrator)).json().permitNumber;
    const v = (await a.verify(n)).json();
    // lokasi-pkl holds as long as asked (3 months in the sample), never the type's 12
    const days = (Date.parse(v.validUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(88);
    expect(days).toBeLessThan(93);
    const permits = new PermitsService(c.service.ctx, new KeyRing(c.service.ctx.config.PERMIT_SIGNING_KEYS));
    expect(await permits.verify('32.73', n, new Date(Date.parse(v.validUntil) - 1000))).toMatchObject({
      status: 'active',
      signatureValid: true,
    });
    expect(await permits.verify('32.73', n, new Date(v.validUntil))).toMatchObject({
      status: 'expired',
      statusLabel: 'Kedaluwarsa',
      signatureValid: true,
      validUntil: v.validUntil,
    });
  });

  it('publishes only the category of a revocation: the reason in words stays with staff', async () => {
    const other = await approved();
    const n = (await a.pay(other.registrationNumber, 'PAY-REVOKE-PD', '45000', integrator)).json().permitNumber;
    const reason = 'Pengaduan Budi Santoso 0812-3456-7890 (siti.r@example.com), NIK 3273024507900001: lapak pindah.';
    const revoked = await c.app.inject({
      method: 'POST',
      url: '/v1/staff/permits/revoke',
      headers: officer,
      payload: { number: n, category: 'conditions-violated', reason },
    });
    expect(revoked.json()).toMatchObject({ number: n, category: 'conditions-violated', reason });
    const res = await a.verify(n);
    expect(res.json()).toMatchObject({
      status: 'revoked',
      signatureValid: true,
      revocationCategory: 'conditions-violated',
      revocationCategoryLabel: 'Ketentuan izin dilanggar',
    });
    expect(res.json()).not.toHaveProperty('revokeReason');
    for (const trace of ['Budi', 'Santoso', 'lapak pindah', '3456', 'example.com', '0001'])
      expect(res.body).not.toContain(trace);
    // the unit still reads the reason on the application's timeline
    const staff = (
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${other.registrationNumber}`, headers: officer })
    ).json();
    expect(staff.timeline.at(-1)).toMatchObject({
      action: 'revoke-permit',
      note: reason,
      details: { category: 'conditions-violated' },
    });
  });

  it('shows the application’s permit status by the rule of public verification: the signed document’s validity', async () => {
    const other = await approved();
    const n = (await a.pay(other.registrationNumber, 'PAY-STATUS-1', '45000', integrator)).json().permitNumber;
    // an edited column is not the permit's validity: the signed document still says a year
    await sql`update permit set valid_until = '2001-01-01' where number = ${n}`.execute(c.db);
    expect((await a.get(other)).json().permit).toMatchObject({ number: n, status: 'active' });
  });

  it('refuses auditors the signed permit and its PDF: they hold the holder’s full name', async () => {
    const auditor = await c.as.auditor();
    for (const path of ['permit', 'permit.pdf']) {
      const res = await c.app.inject({
        method: 'GET',
        url: `/v1/staff/applications/${app.registrationNumber}/${path}`,
        headers: auditor,
      });
      expect(res.statusCode, path).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden_role' });
      expect(res.body).not.toContain('Rahmawati');
    }
    // the masked staff view stays open to them
    expect(
      (
        await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${app.registrationNumber}`, headers: auditor })
      ).json(),
    ).toMatchObject({ applicant: { name: 'S*** R***' } });
  });
});
