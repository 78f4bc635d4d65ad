/**
 * The QR code's URL answers a person and a program alike: a browser (Accept preferring text/html)
 * gets a readable page in Indonesian, escaped, without script; an API client gets the JSON exactly
 * as before. Refusals follow the same rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { localDate } from '@sinergi/service-kit';
import { api, startLicensing, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let officer: Headers;

/** What a phone's browser sends when it opens the QR link (Chrome on Android). */
const BROWSER =
  'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const SAFARI = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const verify = (number: string, accept?: string, extra = '') =>
  c.app.inject({
    method: 'GET',
    url: `/v1/public/permits/verify?tenant=32.73&number=${encodeURIComponent(number)}${extra}`,
    headers: accept === undefined ? {} : { accept },
  });

const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const tanggal = (iso: string) => {
  const [y, m, d] = localDate(new Date(iso), 'Asia/Jakarta').split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
};

/** A lokasi-pkl permit issued through the real workflow. */
async function issuedPermit(reference: string): Promise<string> {
  const app = await a.assessed('lokasi-pkl');
  await a.staffOk(app.registrationNumber, 'approve', officer);
  const paid = await a.pay(app.registrationNumber, reference, '45000', await c.as.integrator());
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json().permitNumber;
}

function expectPage(res: Awaited<ReturnType<typeof verify>>, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers.vary).toContain('Accept');
  expect(res.body).toMatch(/^<!doctype html><html lang="id">/);
  expect(res.body).toContain('<meta name="viewport"');
  // no JavaScript at all, and the page may not load any
  expect(res.body).not.toMatch(/<script|javascript:|\son\w+=/i);
  expect(res.headers['content-security-policy']).toContain("default-src 'none'");
}

beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
  officer = await c.as.officer('dpmptsp');
});
afterAll(async () => c?.stop());

describe('a browser opening the QR link', () => {
  let number: string;
  let json: Record<string, unknown>;

  beforeAll(async () => {
    number = await issuedPermit('PAY-PAGE-1');
    json = (await verify(number)).json();
  });

  it('gets a page with a green "Dokumen aktif", the number, type, masked holder, local dates, issuing unit and the signature', async () => {
    for (const accept of [BROWSER, SAFARI, 'text/html']) {
      const res = await verify(number, accept);
      expectPage(res, 200);
      expect(res.body).toContain('<div class="status ok" role="status"><strong>Dokumen aktif</strong>');
      expect(res.body).not.toContain('status bad');
      expect(res.body).toContain(`<dd>${number}</dd>`);
      expect(res.body).toContain(`<dt>Jenis izin</dt><dd>${(json.permitType as { name: string }).name}</dd>`);
      expect(res.body).toContain('<dd>S*** R***</dd>');
      expect(res.body).toContain(`<dt>Tanggal terbit</dt><dd>${tanggal(json.issuedAt as string)}</dd>`);
      // valid 12 months: the last day it holds is the day before the exclusive end
      expect(res.body).toContain(
        `<dt>Berlaku sampai dengan</dt><dd>${tanggal(new Date(Date.parse(json.validUntil as string) - 1).toISOString())}</dd>`,
      );
      expect(res.body).toContain(
        '<dt>Instansi penerbit</dt><dd>Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu</dd>',
      );
      expect(res.body).toContain('<dt>Tanda tangan elektronik</dt><dd>valid (kunci test-2026, EdDSA)</dd>');
      expect(res.body).toContain('Kota Bandung');
      // personal data stays masked, exactly as in the JSON
      for (const trace of ['Siti', 'Rahmawati', '************', '3273024507900001', 'NIK'])
        expect(res.body).not.toContain(trace);
    }
  });

  it('gets a red box with the status label and the revocation category once the permit is revoked, never the reason', async () => {
    const n = await issuedPermit('PAY-PAGE-REVOKE');
    const reason = 'Pengaduan Budi Santoso: lapak dipakai orang lain.';
    const revoked = await c.app.inject({
      method: 'POST',
      url: '/v1/staff/permits/revoke',
      headers: officer,
      payload: { number: n, category: 'false-information', reason },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const res = await verify(n, BROWSER);
    expectPage(res, 200);
    expect(res.body).toContain(
      '<div class="status bad" role="status"><strong>Dicabut</strong><div>Alasan pencabutan: Data atau dokumen permohonan tidak benar</div>',
    );
    expect(res.body).toContain(`Dicabut pada ${tanggal(revoked.json().revokedAt)}`);
    expect(res.body).not.toContain('Dokumen aktif');
    expect(res.body).not.toContain('status ok');
    for (const trace of ['Budi', 'Santoso', 'lapak dipakai']) expect(res.body).not.toContain(trace);
    expect(res.body).toContain('valid (kunci test-2026');
  });

  it('gets a red "tidak valid" page showing nothing the tampered record claims', async () => {
    const n = await issuedPermit('PAY-PAGE-TAMPER');
    await sql`update permit set valid_until = '2099-01-01' where number = ${n}`.execute(c.db);
    const res = await verify(n, BROWSER);
    expectPage(res, 200);
    expect(res.body).toContain('<div class="status bad" role="status"><strong>Tidak valid');
    expect(res.body).toContain('<dt>Tanda tangan elektronik</dt><dd>tidak valid (kunci test-2026, EdDSA)</dd>');
    for (const hidden of ['2099', 'Pemegang izin', 'Berlaku sampai', 'Instansi penerbit', 'S*** R***'])
      expect(res.body).not.toContain(hidden);
  });

  it('gets a 404 page for an unknown number, with the number escaped', async () => {
    const res = await verify('503/<i>9999</i>/"X"', BROWSER);
    expectPage(res, 404);
    expect(res.body).toContain('Izin tidak ditemukan');
    expect(res.body).toContain('503/&lt;i&gt;9999&lt;/i&gt;/&quot;X&quot;');
    expect(res.body).not.toContain('<i>9999');
  });

  it('gets a 400 page for bad input, never JSON or a 500', async () => {
    const cases = [
      await verify('ab', BROWSER),
      await verify('x'.repeat(81), BROWSER),
      await c.app.inject({
        method: 'GET',
        url: '/v1/public/permits/verify?tenant=32.73',
        headers: { accept: BROWSER },
      }),
      await c.app.inject({
        method: 'GET',
        url: '/v1/public/permits/verify?tenant=32.73&number=503%00%2F1',
        headers: { accept: BROWSER },
      }),
      await c.app.inject({
        method: 'GET',
        url: '/v1/public/permits/verify?tenant=32.73&number=503/1&number=503/2',
        headers: { accept: BROWSER },
      }),
    ];
    for (const res of cases) {
      expectPage(res, 400);
      expect(res.body).toContain('Permintaan tidak valid');
    }
    // a region that does not exist is refused as a page too
    const region = await c.app.inject({
      method: 'GET',
      url: '/v1/public/permits/verify?tenant=99.99&number=503/1',
      headers: { accept: BROWSER },
    });
    expect(region.statusCode).toBeGreaterThanOrEqual(400);
    expect(region.statusCode).toBeLessThan(500);
    expect(region.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('API clients', () => {
  let number: string;

  beforeAll(async () => {
    number = await issuedPermit('PAY-PAGE-JSON');
  });

  it('keep the JSON exactly as before, for application/json, */*, no Accept, or a tie', async () => {
    const plain = await verify(number);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(plain.headers.vary).toContain('Accept');
    expect(Object.keys(plain.json()).sort()).toEqual(
      [
        'issuedAt',
        'legalBasis',
        'holder',
        'number',
        'permitType',
        'region',
        'revocationCategory',
        'revocationCategoryLabel',
        'revokedAt',
        'signature',
        'signatureValid',
        'status',
        'statusLabel',
        'validUntil',
      ].sort(),
    );
    expect(plain.json()).toMatchObject({
      status: 'active',
      statusLabel: 'Dokumen aktif',
      number,
      holder: 'S*** R***',
      signatureValid: true,
    });
    for (const accept of [
      'application/json',
      '*/*',
      'application/json, text/plain, */*',
      'text/html, application/json',
      'application/json;q=0.9, text/html;q=0.5',
      'text/html;q=0',
    ]) {
      const res = await verify(number, accept);
      expect(res.headers['content-type'], accept).toMatch(/^application\/json/);
      expect(res.body, accept).toBe(plain.body);
    }
  });

  it('keep the problem JSON for refusals', async () => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const unknown = await verify('503/9999/TIDAK-ADA/2026', accept);
      expect(unknown.statusCode).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(unknown.json()).toMatchObject({ status: 404, code: 'permit_not_found' });
      const bad = await verify('ab', accept);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    }
  });
});

describe('escaping', () => {
  it('shows a permit type named with markup as text, not markup', async () => {
    const admin = await c.as.admin();
    const name = 'Izin <b>Uji</b> "Kutip" & \'Apos\'';
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/izin-markup',
      headers: admin,
      payload: { code: 'izin-markup', name, unit: 'dpmptsp', fee: { kind: 'free' } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const app = await a.created('izin-markup', {});
    expect((await a.applicant(app, 'submit')).statusCode).toBe(200);
    await a.staffOk(app.registrationNumber, 'complete', officer);
    await a.staffOk(app.registrationNumber, 'assess-fee', officer);
    const issued = await a.staffOk(app.registrationNumber, 'approve', officer);
    expect(issued).toMatchObject({ status: 'issued' });
    const number = issued.permit.number as string;

    const res = await verify(number, BROWSER);
    expectPage(res, 200);
    expect(res.body).toContain('<dd>Izin &lt;b&gt;Uji&lt;/b&gt; &quot;Kutip&quot; &amp; &#39;Apos&#39;</dd>');
    expect(res.body).not.toContain('<b>');
    // the JSON carries the name as it is
    expect((await verify(number)).json().permitType.name).toBe(name);
  });
});
