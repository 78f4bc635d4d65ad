/**
 * Issued permits: numbers without gaps under concurrent issuance (and after a rollback), the signed
 * document (JSON and PDF with its QR link), public verification (valid, tampered, revoked,
 * expired) and revocation.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localDate } from '@sinergi/service-kit';
import { act } from '../src/applications/transitions.js';
import { canonicalJson } from '../src/permits/canonical.js';
import { KeyRing } from '../src/permits/signing.js';
import { PermitsService } from '../src/permits/service.js';
import { sweepTenant } from '../src/deadlines/job.js';
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
const seqOf = (n: string) => Number(n.split('/')[1]);

describe('permit numbers', () => {
  it('run 1..N without gaps when N payments issue at the same moment, and a rolled-back issuance gives its number back', async () => {
    const apps: Created[] = [];
    for (let i = 0; i < 8; i++) apps.push(await approved());

    // an issuance that fails after taking its number: the rollback must return the number
    const ctx = c.service.ctx;
    const keys = new KeyRing(ctx.config.PERMIT_SIGNING_KEYS);
    await expect(
      ctx.db.withTenant('32.73', async (trx) => {
        const row = await trx
          .selectFrom('application')
          .selectAll()
          .where('registration_number', '=', apps[0]!.registrationNumber)
          .forUpdate()
          .executeTakeFirstOrThrow();
        await act(trx, ctx, keys, {
          tenant: '32.73',
          row,
          action: 'issue',
          caller: { actsAs: 'system', id: 'system' },
          now: new Date(),
        });
        throw new Error('the signing hardware failed');
      }),
    ).rejects.toThrow('signing hardware');

    const paid = await Promise.all(
      apps.map((app, i) => a.pay(app.registrationNumber, `PAY-CONC-${i}`, '45000', integrator)),
    );
    const numbers = paid.map((r) => {
      expect(r.statusCode, r.body).toBe(200);
      return r.json().permitNumber as string;
    });
    expect(numbers.map(seqOf).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(numbers.every((n) => /^511\.3\/\d{4}\/PKL\/20\d\d$/.test(n))).toBe(true);
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'lokasi-pkl'`.execute(
      c.db,
    );
    expect(seq.rows).toEqual([{ last: 8 }]);
  });
});

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
    expect(res.body).not.toContain('0001');
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
    // lokasi-pkl is valid 12 months
    expect(Date.parse(v.validUntil) - Date.now()).toBeGreaterThan(360 * 86_400_000);
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

describe('permit numbers that would collide', () => {
  it('a number another type already holds is skipped in the same transaction: the permit gets the next free number, and the skip is recorded', async () => {
    const dinkes = await c.as.officer('dinkes');
    const pkl = (
      await sql<{ number: string }>`select number from permit where permit_type = 'lokasi-pkl' order by number`.execute(
        c.db,
      )
    ).rows.map((r) => r.number);
    expect(pkl.length).toBeGreaterThan(3);
    // a format giving lokasi-pkl's numbers, as a row stored before formats were checked could
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
    const first = await a.assessed('sip-dokter');
    const issued = await a.staffOk(first.registrationNumber, 'approve', dinkes);
    expect(issued).toMatchObject({ status: 'issued' });
    expect(pkl).not.toContain(issued.permit.number);
    expect(seqOf(issued.permit.number)).toBe(pkl.length + 1);
    // the skipped numbers are on the issuing step for staff (not for the applicant)
    expect(issued.timeline.at(-1)).toMatchObject({
      action: 'issue',
      details: { permitNumber: issued.permit.number, skippedPermitNumbers: pkl },
    });
    expect((await a.get(first)).json().timeline.at(-1).details).toEqual({ permitNumber: issued.permit.number });
    const seq = await sql<{ last: number }>`select last from permit_sequence where permit_type = 'sip-dokter'`.execute(
      c.db,
    );
    expect(seq.rows).toEqual([{ last: pkl.length + 1 }]);

    // a deemed grant is not stuck either: the sweep grants it with the next number, first time
    const deemed = await a.assessed('sip-dokter');
    await sql`update application set decision_due = now() + interval '1 minute' where registration_number = ${deemed.registrationNumber}`.execute(
      c.db,
    );
    const service = { keys: new KeyRing(c.service.ctx.config.PERMIT_SIGNING_KEYS) };
    expect(await sweepTenant(c.service.ctx, service, '32.73', new Date(Date.now() + 2 * 60_000))).toMatchObject({
      granted: 1,
      failed: 0,
    });
    expect(await a.row(deemed.registrationNumber)).toMatchObject({
      status: 'issued',
      outcome: 'deemed-granted',
      grant_failures: 0,
    });
    expect(seqOf((await a.get(deemed)).json().permit.number)).toBe(pkl.length + 2);

    // and the other way round: lokasi-pkl's next numbers are now held by sip-dokter, and are skipped too
    const next = await approved();
    const paid = await a.pay(next.registrationNumber, 'PAY-SKIP-1', '45000', integrator);
    expect(paid.statusCode, paid.body).toBe(200);
    expect(seqOf(paid.json().permitNumber)).toBe(pkl.length + 3);
    const all = (await sql<{ number: string }>`select number from permit`.execute(c.db)).rows.map((r) => r.number);
    expect(new Set(all).size).toBe(all.length);
    await sql`update permit_type set number_format = '440/{seq:4}/SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
  });

  it('more held numbers than anyone would probe one by one are skipped in one look', async () => {
    const dinkes = await c.as.officer('dinkes');
    const year = localDate(new Date(), 'Asia/Jakarta').slice(0, 4);
    const last =
      (
        await sql<{
          last: number;
        }>`select last from permit_sequence where permit_type = 'sip-dokter' and year = ${Number(year)}`.execute(c.db)
      ).rows[0]?.last ?? 0;
    // 150 permits of another type hold sip-dokter's next numbers (as rows from before formats were checked could)
    const [template] = (
      await sql<{ id: string; application_id: string }>`select id, application_id from permit limit 1`.execute(c.db)
    ).rows;
    await sql`
      with apps as (
        insert into application
        select (jsonb_populate_record(null::application, to_jsonb(x) || jsonb_build_object('id', gen_random_uuid(), 'registration_number', 'IZN-HELD-' || lpad(g::text, 4, '0'), 'payment_reference', null))).*
          from application x, generate_series(1, 150) g where x.id = ${template!.application_id}
        returning id, registration_number
      )
      insert into permit
      select (jsonb_populate_record(null::permit, to_jsonb(p) || jsonb_build_object(
               'id', gen_random_uuid(), 'application_id', apps.id, 'permit_type', 'keramaian',
               'number', '440/' || lpad((${last} + substr(apps.registration_number, 10)::int)::text, 4, '0') || '/SIP/DINKES/' || ${year}))).*
        from permit p, apps where p.id = ${template!.id}`.execute(c.db);
    const app = await a.assessed('sip-dokter');
    const issued = await a.staffOk(app.registrationNumber, 'approve', dinkes);
    expect(seqOf(issued.permit.number)).toBe(last + 151);
    expect(issued.timeline.at(-1).details).toMatchObject({
      skippedCount: 150,
      skippedPermitNumbers: expect.arrayContaining([`440/${String(last + 1).padStart(4, '0')}/SIP/DINKES/${year}`]),
    });
    expect(
      (
        await sql<{
          last: number;
        }>`select last from permit_sequence where permit_type = 'sip-dokter' and year = ${Number(year)}`.execute(c.db)
      ).rows,
    ).toEqual([{ last: last + 151 }]);
  });

  it('a format whose numbers do not change with the sequence is a 409 at issuance that changes nothing, never a 500', async () => {
    const dinkes = await c.as.officer('dinkes');
    await sql`update permit_type set number_format = 'SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(c.db);
    const total = async () =>
      (
        await sql<{
          n: number;
        }>`select sum(last)::int as n from permit_sequence where permit_type = 'sip-dokter'`.execute(c.db)
      ).rows[0]!.n;
    const before = await total();
    const first = await a.assessed('sip-dokter');
    expect(await a.staffOk(first.registrationNumber, 'approve', dinkes)).toMatchObject({ status: 'issued' });
    const second = await a.assessed('sip-dokter');
    const res = await a.staff(second.registrationNumber, 'approve', dinkes);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'permit_number_taken' });
    expect(await a.row(second.registrationNumber)).toMatchObject({
      status: 'fee-assessed',
      approved_at: null,
      outcome: null,
    });
    expect(await total()).toBe(before + 1);
    await sql`update permit_type set number_format = '440/{seq:4}/SIP/DINKES/{year}' where code = 'sip-dokter'`.execute(
      c.db,
    );
  });

  it('admins cannot configure a format that can give a number already issued to another type, even under that type’s older format', async () => {
    const admin = await c.as.admin();
    // lokasi-pkl has issued 511.3/NNNN/PKL/YYYY numbers; its current format no longer gives them
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL-B/{year}' where code = 'lokasi-pkl'`.execute(
      c.db,
    );
    const body = {
      code: 'izin-uji-terbit',
      name: 'Izin Uji Terbit',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat: '511.3/{seq:4}/PKL/{year}',
    };
    const res = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-uji-terbit',
      headers: admin,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'invalid_permit_type',
      errors: [{ field: 'numberFormat', message: expect.stringMatching(/already issued.*lokasi-pkl/) }],
    });
    expect((await sql`select 1 from permit_type where code = 'izin-uji-terbit'`.execute(c.db)).rows).toEqual([]);
    expect(
      (
        await c.app.inject({
          method: 'PUT',
          url: '/v1/admin/permit-types/izin-uji-terbit',
          headers: admin,
          payload: { ...body, numberFormat: '511.3/{seq:4}/{TYPE}/{year}' },
        })
      ).statusCode,
    ).toBe(200);
    await sql`update permit_type set number_format = '511.3/{seq:4}/PKL/{year}' where code = 'lokasi-pkl'`.execute(
      c.db,
    );
  });

  it('admins cannot configure a format that can give another type’s numbers, or one longer than 80 characters', async () => {
    const admin = await c.as.admin();
    const type = (numberFormat: string, code = 'izin-uji-nomor') => ({
      code,
      name: 'Izin Uji Nomor',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat,
    });
    const put = (body: ReturnType<typeof type>) =>
      c.app.inject({ method: 'PUT', url: `/v1/admin/permit-types/${body.code}`, headers: admin, payload: body });
    // lokasi-pkl gives 511.3/0001/PKL/2026
    for (const clash of ['511.3/{seq:4}/PKL/{year}', '511.3/{seq}/PKL/{year}', '511.3/0{seq:3}/PKL/{year}']) {
      const res = await put(type(clash));
      expect(res.statusCode, clash).toBe(422);
      expect(res.json()).toMatchObject({
        code: 'invalid_permit_type',
        errors: [{ field: 'numberFormat', message: expect.stringContaining('lokasi-pkl') }],
      });
    }
    // at most '503/' + 9 digits + the 48-character code + DPMPTSP + VIII + a year + 4 slashes = 80 characters; one more is too many
    const longCode = 'izin-penyelenggaraan-reklame-insidental-khusus-x';
    expect(longCode).toHaveLength(48);
    expect((await put(type('503/{seq:9}/{TYPE}/{UNIT}/{roman}/{year}', longCode))).statusCode).toBe(200);
    const long = await put(type('503./{seq:9}/{TYPE}/{UNIT}/{roman}/{year}', longCode));
    expect(long.statusCode).toBe(422);
    expect(long.json().errors).toEqual([
      expect.objectContaining({ field: 'numberFormat', message: expect.stringContaining('at most 80') }),
    ]);
    expect((await sql`select number_format from permit_type where code = ${longCode}`.execute(c.db)).rows).toEqual([
      { number_format: '503/{seq:9}/{TYPE}/{UNIT}/{roman}/{year}' },
    ]);
    expect((await sql`select 1 from permit_type where code = 'izin-uji-nomor'`.execute(c.db)).rows).toEqual([]);
    expect((await put(type('511.3/{seq:4}/{TYPE}/{year}'))).statusCode).toBe(200);
  });
});

describe('the issuing unit', () => {
  it('is the unit that handled the application, in the document and in {UNIT}, even after the type moved to another unit', async () => {
    const admin = await c.as.admin();
    const type = {
      code: 'izin-unit',
      name: 'Izin Uji Unit',
      unit: 'dpmptsp',
      fee: { kind: 'free' },
      numberFormat: '{UNIT}/{seq:4}/{TYPE}/{year}',
    };
    const put = (unit: string) =>
      c.app.inject({
        method: 'PUT',
        url: '/v1/admin/permit-types/izin-unit',
        headers: admin,
        payload: { ...type, unit },
      });
    expect((await put('dpmptsp')).statusCode).toBe(200);
    const app = await a.created('izin-unit', {});
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(app.registrationNumber, 'complete', officer);
    await a.staffOk(app.registrationNumber, 'assess-fee', officer);
    // the type moves to the health office while this application is being decided by DPMPTSP
    expect((await put('dinkes')).statusCode).toBe(200);
    const issued = await a.staffOk(app.registrationNumber, 'approve', officer);
    expect(issued.permit.number).toMatch(/^DPMPTSP\/0001\/IZIN-UNIT\/20\d\d$/);
    const doc = (
      await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${app.registrationNumber}/permit`,
        headers: { 'x-application-secret': app.secret },
      })
    ).json().document;
    expect(doc.issuer).toMatchObject({ unit: 'dpmptsp', unitName: expect.stringMatching(/Penanaman Modal/i) });
  });
});
