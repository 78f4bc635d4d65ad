/**
 * official-rating's invitations: the applicant (registration number + secret, or the citizen account
 * that applied) gets the rating link, nobody else ever sees it (the link is the permission to rate),
 * redeliveries keep one invitation per application, and the new table is walled off per region.
 * The events travel through the real NATS JetStream to the service's consumer.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { checkTenantIsolation } from '@sinergi/service-kit';
import { createEvent, invitationCreated } from '@sinergi/contracts';
import { RATING_CONSUMER } from '../src/rating/invitations.js';
import { api, startLicensing, type Created, type Harness, type Headers } from './fixtures.js';

let c: Harness;
let a: ReturnType<typeof api>;
let officer: Headers;
let citizen: Headers;

beforeAll(async () => {
  c = await startLicensing();
  a = api(c);
  [officer, citizen] = await Promise.all([c.as.officer('dpmptsp'), c.as.citizen({ sub: 'warga-rating' })]);
});
afterAll(async () => {
  await c?.stop();
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The token of a real link: 32 Crockford base32 characters. */
const newToken = () => Array.from({ length: 32 }, () => CROCKFORD[Math.floor(Math.random() * 32)]).join('');
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;

function invitation(
  reg: string,
  overrides: { tenant?: string; system?: 'complaints' | 'licensing' | 'counter'; expiresAt?: string } = {},
) {
  const tenant = overrides.tenant ?? '32.73';
  return createEvent(invitationCreated, {
    tenant,
    subject: reg,
    data: {
      invitationId: randomUUID(),
      transaction: { system: overrides.system ?? 'licensing', id: reg },
      source: null,
      unit: 'dpmptsp',
      serviceType: 'lokasi-pkl',
      official: null,
      url: `https://nilai.example.go.id/r?tenant=${tenant}&token=${newToken()}`,
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
  });
}
type Invitation = ReturnType<typeof invitation>;

/** Publishes as official-rating's relay would; past the stream's de-duplication when `msgID` differs, as a redelivery would arrive. */
const publish = (event: Invitation, msgID = event.id) => c.events.republish(event, msgID);

const handledCount = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from inbox where consumer = ${RATING_CONSUMER}`.execute(c.db))
    .rows[0]!.n;

/** Publishes and waits until the consumer has taken `distinctEvents` more events into its inbox. */
async function deliver(events: Array<[Invitation, string?]>, distinctEvents: number) {
  const before = await handledCount();
  for (const [e, msgID] of events) await publish(e, msgID);
  for (let i = 0; i < 200; i++) {
    if ((await handledCount()) >= before + distinctEvents) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  // a redelivery adds nothing to the inbox: give the consumer time to have seen (and skipped) it
  if (distinctEvents === 0) await new Promise((r) => setTimeout(r, 500));
  if ((await handledCount()) < before + distinctEvents) throw new Error('the rating consumer did not take the events');
}

const rows = async (reg: string) =>
  (
    await sql<{ tenant_id: string; invitation_id: string; url: string; expires_at: Date }>`
      select i.tenant_id, i.invitation_id, i.url, i.expires_at from rating_invitation i join application a on a.id = i.application_id where a.registration_number = ${reg}`.execute(
      c.db,
    )
  ).rows;

const getInvitation = (app: Created, headers: Headers = { 'x-application-secret': app.secret }, query = '') =>
  c.app.inject({ method: 'GET', url: `/v1/applications/${app.registrationNumber}/rating-invitation${query}`, headers });

/** An application made with the citizen account, taken to an issued permit through the real workflow. */
async function issued(): Promise<{ app: Created; permitNumber: string }> {
  const app = await a.submitted('lokasi-pkl', citizen);
  const reg = app.registrationNumber;
  await a.staffOk(reg, 'complete', officer);
  await a.staffOk(reg, 'start-review', officer);
  await a.staffOk(reg, 'findings', officer, {
    kind: 'site-inspection',
    result: 'meets',
    notes: 'Lokasi sesuai permohonan.',
  });
  await a.staffOk(reg, 'assess-fee', officer);
  await a.staffOk(reg, 'approve', officer);
  const paid = await a.pay(reg, `PAY-RATING-${reg}`, '45000', await c.as.integrator());
  expect(paid.statusCode, paid.body).toBe(200);
  return { app, permitNumber: paid.json().permitNumber };
}

describe('the applicant’s rating invitation', () => {
  let app: Created;
  let permitNumber: string;
  let event: Invitation;

  beforeAll(async () => {
    ({ app, permitNumber } = await issued());
  });

  it('when there is none yet, then 404 rating_invitation_not_found and the applicant’s view says null', async () => {
    const res = await getInvitation(app);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'rating_invitation_not_found' });
    const view = await a.get(app);
    expect(view.statusCode).toBe(200);
    expect(view.json()).toHaveProperty('ratingInvitation', null);
  });

  it('when official-rating invites, then the applicant gets the link and its expiry, by secret or by the citizen account, never cached', async () => {
    event = invitation(app.registrationNumber);
    expect(event.data.url).toMatch(/^https:\/\/nilai\.example\.go\.id\/r\?tenant=32\.73&token=[0-9A-HJKMNP-TV-Z]{32}$/);
    await deliver([[event]], 1);
    const expected = { url: event.data.url, expiresAt: new Date(event.data.expiresAt).toISOString() };

    const res = await getInvitation(app);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(expected);
    expect(res.headers['cache-control']).toBe('no-store');

    const view = await a.get(app);
    expect(view.json().ratingInvitation).toEqual(expected);
    expect(view.headers['cache-control']).toBe('no-store');
    expect(view.headers.vary).toContain('X-Application-Secret');

    // the citizen account that applied reads it too, with the registration number typed loosely
    const byAccount = await a.get(
      { ...app, registrationNumber: app.registrationNumber.toLowerCase().replaceAll('-', '') },
      citizen,
    );
    expect(byAccount.statusCode, byAccount.body).toBe(200);
    expect(byAccount.json().ratingInvitation).toEqual(expected);
    expect((await getInvitation(app, citizen)).json()).toEqual(expected);
  });

  it('refuses a wrong secret, another citizen and no credentials, without the link', async () => {
    const token = tokenOf(event.data.url);
    const refused = [
      [await getInvitation(app, { 'x-application-secret': 'not-the-secret-at-all' }), 403],
      [await getInvitation(app, await c.as.citizen({ sub: 'warga-lain' })), 403],
      [await getInvitation(app, {}), 401],
      [await a.get(app, { 'x-application-secret': 'not-the-secret-at-all' }), 403],
      // staff tokens are not applicants
      [await getInvitation(app, await c.as.admin()), 403],
    ] as const;
    for (const [res, status] of refused) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.body).not.toContain(token);
    }
  });

  it('never shows the link to staff, auditors, public verification, the permit (JSON and PDF), the lists or in events', async () => {
    const token = tokenOf(event.data.url);
    const reg = app.registrationNumber;
    const admin = await c.as.admin();
    const auditor = await c.as.auditor();
    const responses = [
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}`, headers: admin }),
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}`, headers: auditor }),
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}`, headers: officer }),
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}`, headers: await c.as.head('dpmptsp') }),
      await c.app.inject({ method: 'GET', url: '/v1/staff/applications?limit=200', headers: admin }),
      await c.app.inject({ method: 'GET', url: '/v1/staff/applications?limit=200', headers: auditor }),
      await c.app.inject({ method: 'GET', url: '/v1/applications/mine', headers: citizen }),
      await a.verify(permitNumber),
      await c.app.inject({
        method: 'GET',
        url: `/v1/public/permits/verify?tenant=32.73&number=${encodeURIComponent(permitNumber)}`,
        headers: { accept: 'text/html' },
      }),
      await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${reg}/permit`,
        headers: { 'x-application-secret': app.secret },
      }),
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}/permit`, headers: officer }),
      await c.app.inject({
        method: 'GET',
        url: `/v1/applications/${reg}/permit.pdf`,
        headers: { 'x-application-secret': app.secret },
      }),
      await c.app.inject({ method: 'GET', url: `/v1/staff/applications/${reg}/permit.pdf`, headers: admin }),
    ];
    for (const res of responses) {
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const body = res.rawPayload.toString('latin1');
      expect(body).not.toContain(token);
      expect(body).not.toContain('nilai.example.go.id');
      expect(body).not.toContain('ratingInvitation');
    }
    // a staff action answers with the staff view: still without it
    const revoked = await c.app.inject({
      method: 'POST',
      url: '/v1/staff/permits/revoke',
      headers: officer,
      payload: { number: permitNumber, category: 'other', reason: 'Uji pencabutan izin.' },
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.body).not.toContain(token);
    // nor do licensing's own events carry it
    const outbox = await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where event::text like ${`%${token}%`}`.execute(c.db);
    expect(outbox.rows[0]!.n).toBe(0);
    // the applicant still has it
    expect((await a.get(app)).json().ratingInvitation.url).toBe(event.data.url);
  });

  it('when the same invitation is redelivered, or a stale one arrives, then the application keeps one invitation', async () => {
    await deliver([[event, `${event.id}-again`]], 0);
    const stale = invitation(app.registrationNumber, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    await deliver([[stale], [stale, `${stale.id}-again`]], 1);
    const kept = await rows(app.registrationNumber);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ invitation_id: event.data.invitationId, url: event.data.url });
    expect((await getInvitation(app)).json().url).toBe(event.data.url);
  });

  it('when official-rating reissues with a later expiry, then the applicant sees the new link', async () => {
    const reissued = invitation(app.registrationNumber, {
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    await deliver([[reissued]], 1);
    const kept = await rows(app.registrationNumber);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ invitation_id: reissued.data.invitationId, url: reissued.data.url });
    expect((await getInvitation(app)).json().url).toBe(reissued.data.url);
  });
});

describe('invitations that are not ours to keep', () => {
  it('when the registration number is unknown, then the event is acknowledged and ignored (logged without the link), not retried or parked', async () => {
    const warn = vi.spyOn(c.service.ctx.logger, 'warn');
    try {
      const unknown = invitation('IZN-ZZZZ-ZZZZ');
      await deliver([[unknown]], 1);
      expect(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from rating_invitation where invitation_id = ${unknown.data.invitationId}`.execute(
            c.db,
          )
        ).rows[0]!.n,
      ).toBe(0);
      expect(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from dead_letter where consumer = ${RATING_CONSUMER}`.execute(c.db)
        ).rows[0]!.n,
      ).toBe(0);
      const logged = warn.mock.calls.filter((call) => JSON.stringify(call).includes(unknown.data.invitationId));
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged)).not.toContain(tokenOf(unknown.data.url));
      expect(JSON.stringify(logged)).not.toContain('nilai.example.go.id');
    } finally {
      warn.mockRestore();
    }
  });

  it('when the invitation is for another system’s transaction, then nothing is stored, even with a matching number', async () => {
    const app = await a.submitted('lokasi-pkl');
    await deliver(
      [
        [invitation(app.registrationNumber, { system: 'complaints' })],
        [invitation(app.registrationNumber, { system: 'counter' })],
      ],
      2,
    );
    expect(await rows(app.registrationNumber)).toHaveLength(0);
    expect((await getInvitation(app)).statusCode).toBe(404);
    expect((await a.get(app)).json().ratingInvitation).toBeNull();
  });
});

describe('regions', () => {
  let palu: Created;

  beforeAll(async () => {
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/permit-types/lokasi-pkl',
      headers: await c.as.admin({ tenant: '72.71' }),
      payload: {
        code: 'lokasi-pkl',
        name: 'Izin Lokasi PKL Palu',
        unit: 'dpmptsp',
        fields: [{ code: 'jenis-dagangan', label: 'Jenis dagangan', type: 'text' }],
        fee: { kind: 'free' },
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    palu = await a.created('lokasi-pkl', { 'jenis-dagangan': 'Kaledo' }, {}, '?tenant=72.71');
  });

  it('an invitation published for another region never reaches a Bandung application', async () => {
    const bandung = await a.submitted('lokasi-pkl');
    // Palu's event naming Bandung's registration number: under Palu's scope the application does not exist
    await deliver([[invitation(bandung.registrationNumber, { tenant: '72.71' })]], 1);
    expect(await rows(bandung.registrationNumber)).toHaveLength(0);
    expect((await getInvitation(bandung)).statusCode).toBe(404);
  });

  it('keeps each region’s invitations to itself under row-level security', async () => {
    const paluEvent = invitation(palu.registrationNumber, { tenant: '72.71' });
    await deliver([[paluEvent]], 1);
    expect(await rows(palu.registrationNumber)).toMatchObject([{ tenant_id: '72.71', url: paluEvent.data.url }]);
    expect((await getInvitation(palu, undefined, '?tenant=72.71')).json().url).toBe(paluEvent.data.url);
    // the same number and secret asked in Bandung: no such application there
    expect((await getInvitation(palu)).statusCode).toBe(404);

    expect(await checkTenantIsolation(c.db as unknown as Kysely<unknown>, 'sinergi_app')).toEqual([]);
    const bandungSees = await c.service.ctx.db.withTenant('32.73', (trx) =>
      trx.selectFrom('rating_invitation').select('url').execute(),
    );
    expect(bandungSees.map((i) => i.url)).not.toContain(paluEvent.data.url);
    expect(bandungSees.length).toBeGreaterThan(0);
    const paluSees = await c.service.ctx.db.withTenant('72.71', (trx) =>
      trx.selectFrom('rating_invitation').select('url').execute(),
    );
    expect(paluSees.map((i) => i.url)).toEqual([paluEvent.data.url]);
    // the application role cannot write a row for another region either
    const bandungApp = (
      await c.service.ctx.db.withTenant('32.73', (trx) => trx.selectFrom('application').select('id').limit(1).execute())
    )[0]!;
    await expect(
      c.service.ctx.db.withTenant('72.71', (trx) =>
        trx
          .insertInto('rating_invitation')
          .values({
            application_id: bandungApp.id,
            tenant_id: '32.73',
            invitation_id: randomUUID(),
            url: 'https://x.example/r',
            expires_at: new Date(),
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });
});
