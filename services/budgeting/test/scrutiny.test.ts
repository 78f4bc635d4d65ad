/**
 * Public scrutiny through the API: e-mail verification with a one-time code sent to a local mail
 * relay (a real HTTP server in the test), flags on published lines (rate limited, one per line),
 * identity kept only as a keyed hash, TAPD's moderation beside the anomalies, the answer public.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceHarness } from '@sinergi/testkit';
import { sql } from 'kysely';
import { budgeting } from '../src/app.js';
import { YEAR, type H } from './fixtures.js';
import { approvedYear, type Lines } from './realization-setup.js';

let h: H;
let lines: Lines;
let relay: Server;
const mails: { to: string; subject: string; text: string }[] = [];
const EMAIL = 'Warga.Kritis@example.org';

beforeAll(async () => {
  relay = createServer((req, res) => {
    let body = '';
    req
      .on('data', (d) => (body += d))
      .on('end', () => {
        mails.push(JSON.parse(body));
        res.writeHead(202).end();
      });
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  h = await createServiceHarness(budgeting, {
    env: {
      SCRUTINY_HMAC_KEY: 'a-test-key-of-at-least-thirty-two-characters',
      MAIL_HTTP_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/mail`,
      SCRUTINY_FLAGS_PER_DAY: '2',
    },
  });
  lines = await approvedYear(h, { lock: false });
}, 120_000);

afterAll(async () => {
  await h?.stop();
  relay?.close();
});

const post = (url: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.inject({ method: 'POST', url: `${url}${url.includes('?') ? '&' : '?'}tenant=32.73`, payload, headers });

async function verify(email: string): Promise<string> {
  const asked = await post('/v1/public/scrutiny/codes', { email, nik: '3273011501900001' });
  expect(asked.statusCode, asked.body).toBe(202);
  const mail = mails.at(-1)!;
  expect(mail.to).toBe(email);
  const code = /Kode verifikasi Anda: (\d{6})/.exec(mail.text)![1]!;
  const wrong = await post(`/v1/public/scrutiny/codes/${asked.json().verificationId}/confirm`, {
    code: code === '000000' ? '000001' : '000000',
  });
  expect(wrong.json().code).toBe('code_invalid');
  const ok = await post(`/v1/public/scrutiny/codes/${asked.json().verificationId}/confirm`, { code });
  expect(ok.statusCode, ok.body).toBe(200);
  // a code works once
  expect((await post(`/v1/public/scrutiny/codes/${asked.json().verificationId}/confirm`, { code })).statusCode).toBe(
    403,
  );
  return ok.json().token as string;
}

const flag = (token: string | undefined, id: string, reason = 'harga pulpen ini terlalu mahal untuk dinas') =>
  post(`/v1/public/budgets/${YEAR}/line-items/${id}/flags`, { reason }, token ? { 'x-scrutiny-token': token } : {});

describe('public scrutiny', () => {
  it('verifies by e-mail and keeps only hashes of the address and the NIK', async () => {
    await verify(EMAIL);
    const stored = await sql<{ row: string }>`
      select row_to_json(t)::text as row from (
        select email_hash, nik_hash, code_hash from scrutiny_code
        union all select email_hash, nik_hash, token_hash from scrutiny_session) t`.execute(h.db);
    expect(stored.rows.length).toBe(2);
    for (const r of stored.rows) {
      expect(r.row.toLowerCase()).not.toContain('warga.kritis');
      expect(r.row).not.toContain('3273011501900001');
      expect(r.row).toMatch(/"email_hash":"[0-9a-f]{64}"/);
    }
  });

  it('flags published lines once each, within the daily limit, and never without a token', async () => {
    const token = await verify(EMAIL);
    expect((await flag(undefined, lines.pens)).json().code).toBe('scrutiny_session_required');
    expect((await flag('not-a-real-token-at-all', lines.pens)).statusCode).toBe(401);
    const first = await flag(token, lines.pens);
    expect(first.statusCode, first.body).toBe(201);
    expect((await flag(token, lines.pens)).json().code).toBe('flag_exists');
    expect((await flag(token, lines.patch)).statusCode).toBe(201);
    const third = await flag(token, lines.travel);
    expect(third.statusCode).toBe(429);
    expect(third.json().code).toBe('flag_limit_reached');
    // the same person verified again is the same identity: the limit holds
    expect((await flag(await verify(EMAIL.toLowerCase()), lines.travel)).json().code).toBe('flag_limit_reached');
    // another citizen may flag the same line
    expect((await flag(await verify('lain@example.org'), lines.pens)).statusCode).toBe(201);
  });

  it('shows the flags to TAPD beside the anomalies; the answer is public, pending flags are not', async () => {
    const res = await h.inject({
      method: 'GET',
      url: `/v1/review/anomalies?year=${YEAR}`,
      headers: await h.as.tapd(),
    });
    const body = res.json() as { citizenFlags: { id: string; lineItemId: string; status: string }[] };
    expect(body.citizenFlags.map((f) => [f.lineItemId, f.status]).sort()).toEqual(
      [
        [lines.pens, 'pending'],
        [lines.pens, 'pending'],
        [lines.patch, 'pending'],
      ].sort(),
    );
    expect(res.body).not.toContain('email');
    const target = body.citizenFlags.find((f) => f.lineItemId === lines.patch)!;
    const answer = 'Volume tambalan diperiksa: sesuai survei kerusakan jalan 2025.';
    const officer = await h.inject({
      method: 'PUT',
      url: `/v1/review/flags/${target.id}`,
      headers: await h.as.officer('dsdabm'),
      payload: { status: 'rejected', answer },
    });
    expect(officer.statusCode).toBe(403);
    const moderated = await h.inject({
      method: 'PUT',
      url: `/v1/review/flags/${target.id}`,
      headers: await h.as.tapd(),
      payload: { status: 'rejected', answer },
    });
    expect(moderated.statusCode, moderated.body).toBe(200);
    const open = await h.inject({ method: 'GET', url: `/v1/public/budgets/${YEAR}/flags?tenant=32.73` });
    expect(open.json().flags).toEqual([
      expect.objectContaining({ lineItemId: lines.patch, status: 'rejected', answer, reason: expect.any(String) }),
    ]);
    const verify = await h.inject({
      method: 'GET',
      url: `/v1/audit/verify?year=${YEAR}`,
      headers: await h.as.auditor(),
    });
    expect(verify.json()).toMatchObject({ intact: true });
  });
});
