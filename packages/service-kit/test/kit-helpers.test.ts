/**
 * The helpers services share, exercised through a service built from them (fixtures/rated-service)
 * and started by the testkit's harness: setup and deps, region lookups, problem codes in OpenAPI,
 * fresh public ids, and official-rating's invitations.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationCreated } from '@sinergi/contracts';
import { createServiceHarness, waitFor } from '@sinergi/testkit';
import { checkTenantIsolation } from '../src/db/migrate.js';
import { defineProblems } from '../src/problems/catalogue.js';
import { createService } from '../src/service.js';
import { insertWithFreshId, isUniqueViolation } from '../src/db/fresh-id.js';
import { ratedService, reportOpened, setupProbe } from './fixtures/rated-service.js';

const harness = () => createServiceHarness(ratedService, { env: { MIGRATE_ON_START: 'true' } });
let s: Awaited<ReturnType<typeof harness>>;

beforeAll(async () => {
  s = await harness();
});
afterAll(async () => {
  await s?.stop();
});

const openReport = async (unit = 'dishub', tenant = '32.73') => {
  const res = await s.inject({ method: 'POST', url: `/v1/reports?tenant=${tenant}`, payload: { unit } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().trackingId as string;
};

describe('defineService setup', () => {
  it('runs once and hands the same deps to routes, consumers and background', async () => {
    expect(setupProbe.runs).toBe(1);
    expect(s.deps.reports).toBeDefined();
    expect(setupProbe.consumerDeps).toBe(s.deps);
    expect(setupProbe.backgroundDeps).toBe(s.deps);
    await openReport(); // a route that reaches deps.reports
  });
});

describe('a service that cannot start', () => {
  it('fails when setup fails', async () => {
    const broken = { ...ratedService, setup: async () => Promise.reject(new Error('no key ring')) };
    await expect(createService(broken, s.environment.env)).rejects.toThrow('no key ring');
  });

  it('fails when its catalogue gives a kit code another meaning', async () => {
    const clash = {
      ...ratedService,
      problems: defineProblems({ unknown_tenant: { status: 400, title: 'Name a region.' } }),
    };
    await expect(createService(clash, s.environment.env)).rejects.toThrow(/unknown_tenant is declared twice/);
  });
});

describe('ctx.region and findUnitOrThrow', () => {
  it("returns the request's region", async () => {
    expect((await s.inject({ method: 'GET', url: '/v1/region?tenant=72.71' })).json()).toEqual({ name: 'Kota Palu' });
  });

  it('is 404 unknown_tenant for a region not served', async () => {
    const res = await s.inject({ method: 'GET', url: '/v1/region/11.01' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'unknown_tenant', detail: 'Region 11.01 is not served here.' });
  });

  it('is 422 unknown_unit naming the field for a unit of another region', async () => {
    const res = await s.inject({ method: 'POST', url: '/v1/reports?tenant=32.73', payload: { unit: 'dpupr' } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'unknown_unit', errors: [{ in: 'body', field: 'unit' }] });
  });
});

describe('problem codes in the OpenAPI document', () => {
  it("lists the kit's, the shared and the service's codes as a table, an enum and x-problem-codes", async () => {
    const doc = (await s.inject({ method: 'GET', url: '/openapi.json' })).json();
    const codes = doc['x-problem-codes'].map((c: { code: string }) => c.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'report_not_found',
        'unknown_tenant',
        'validation_failed',
        'unit_not_found',
        'rating_invitation_not_found',
      ]),
    );
    expect(doc['x-problem-codes']).toContainEqual({
      code: 'report_not_found',
      status: 404,
      title: 'There is no such report in this region.',
    });
    expect(doc.components.schemas.ProblemCode.enum).toEqual(codes);
    expect(doc.info.description).toMatch(/^Test fixture\.\n\n## Problem codes/);
    expect(doc.info.description).toContain('| `report_not_found` | 404 |');
    // a second read is the same document, not one with the codes twice
    const again = (await s.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(again.info.description.match(/## Problem codes/g)).toHaveLength(1);
  });
});

describe('insertWithFreshId', () => {
  const insertReport = (trx: Parameters<Parameters<typeof s.ctx.db.withTenant>[1]>[0], id: string) =>
    trx
      .insertInto('report')
      .values({ tenant_id: '32.73', tracking_id: id, unit: 'dishub' })
      .onConflict((oc) => oc.columns(['tenant_id', 'tracking_id']).doNothing())
      .returning('tracking_id')
      .executeTakeFirst();

  it('draws again when the id is taken', async () => {
    const taken = await openReport();
    const draws = [taken, taken, 'LPR-0000-0001'];
    const row = await s.ctx.db.withTenant('32.73', (trx) =>
      insertWithFreshId(trx, (id) => insertReport(trx, id), { generate: () => draws.shift()! }),
    );
    expect(row.tracking_id).toBe('LPR-0000-0001');
    expect(draws).toEqual([]);
  });

  it('gives up after the attempts, as an internal error', async () => {
    const taken = await openReport();
    await expect(
      s.ctx.db.withTenant('32.73', (trx) =>
        insertWithFreshId(trx, (id) => insertReport(trx, id), { generate: () => taken, attempts: 3 }),
      ),
    ).rejects.toThrow('could not draw a free id in 3 attempts');
  });

  it('with retryOnViolationOf, retries a raised unique violation in a savepoint and the transaction goes on', async () => {
    const taken = await openReport();
    const draws = [taken, 'LPR-0000-0002'];
    const found = await s.ctx.db.withTenant('32.73', async (trx) => {
      const row = await insertWithFreshId(
        trx,
        (id) =>
          trx
            .insertInto('report')
            .values({ tenant_id: '32.73', tracking_id: id, unit: 'dishub' })
            .returning('tracking_id')
            .executeTakeFirst(),
        { generate: () => draws.shift()!, retryOnViolationOf: 'tracking_id' },
      );
      // without the savepoint this statement would fail: the violation aborted the transaction
      return {
        row,
        count: (
          await sql<{
            n: number;
          }>`select count(*)::int as n from report where tracking_id = ${row.tracking_id}`.execute(trx)
        ).rows[0]!.n,
      };
    });
    expect(found).toEqual({ row: { tracking_id: 'LPR-0000-0002' }, count: 1 });
  });

  it('lets any other error through', async () => {
    const taken = await openReport();
    await expect(
      s.ctx.db.withTenant('32.73', (trx) =>
        insertWithFreshId(
          trx,
          (id) =>
            trx
              .insertInto('report')
              .values({ tenant_id: '32.73', tracking_id: id, unit: 'dishub' })
              .returning('tracking_id')
              .executeTakeFirst(),
          {
            generate: () => taken,
            retryOnViolationOf: 'no_such_constraint',
          },
        ),
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });
});

describe('isUniqueViolation', () => {
  it('recognises 23505, optionally on a named constraint', () => {
    const err = { code: '23505', constraint: 'report_tenant_id_tracking_id_key' };
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(err, 'tracking_id')).toBe(true);
    expect(isUniqueViolation(err, 'payment_reference')).toBe(false);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation(new Error('x'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });
});

describe('rating invitations', () => {
  const invitation = (
    transactionId: string,
    expiresAt: string,
    url = 'https://nilai.example/f?token=T1',
    system: 'complaints' | 'licensing' = 'complaints',
  ) => ({
    invitationId: crypto.randomUUID(),
    transaction: { system, id: transactionId },
    source: null,
    unit: 'dishub',
    serviceType: 'pengaduan',
    official: null,
    url,
    expiresAt,
  });
  const read = (trackingId: string, tenant = '32.73') =>
    s.inject({ method: 'GET', url: `/v1/reports/${trackingId}/rating-invitation?tenant=${tenant}` });
  const stored = async (trackingId: string, url: string) =>
    waitFor(async () => {
      const res = await read(trackingId);
      return res.statusCode === 200 && res.json().url === url ? res.json() : undefined;
    }, `the invitation ${url}`);

  it('the table is walled off by tenant', async () => {
    expect(await checkTenantIsolation(s.db as never, 'sinergi_app')).toEqual([]);
  });

  it('is 404 before official-rating sent one, then the latest-expiring one for the report only', async () => {
    const trackingId = await openReport();
    const before = await read(trackingId);
    expect(before.statusCode).toBe(404);
    expect(before.json().code).toBe('rating_invitation_not_found');

    await s.events.publish(
      invitationCreated,
      invitation(trackingId, '2027-01-10T00:00:00.000Z', 'https://nilai.example/f?token=FIRST'),
    );
    expect(await stored(trackingId, 'https://nilai.example/f?token=FIRST')).toEqual({
      url: 'https://nilai.example/f?token=FIRST',
      expiresAt: '2027-01-10T00:00:00.000Z',
    });

    // a stale one (expiring earlier) never replaces it; another system's for the same id is not ours.
    // The consumer handles events in order: once the barrier (another report's) is stored, both were handled.
    const barrier = await openReport();
    await s.events.publish(
      invitationCreated,
      invitation(trackingId, '2027-01-05T00:00:00.000Z', 'https://nilai.example/f?token=STALE'),
    );
    await s.events.publish(
      invitationCreated,
      invitation(trackingId, '2027-02-01T00:00:00.000Z', 'https://nilai.example/f?token=PERMIT', 'licensing'),
    );
    await s.events.publish(
      invitationCreated,
      invitation(barrier, '2027-01-10T00:00:00.000Z', 'https://nilai.example/f?token=BARRIER'),
    );
    await stored(barrier, 'https://nilai.example/f?token=BARRIER');
    expect((await read(trackingId)).json().url).toBe('https://nilai.example/f?token=FIRST');

    await s.events.publish(
      invitationCreated,
      invitation(trackingId, '2027-01-20T00:00:00.000Z', 'https://nilai.example/f?token=REISSUED'),
    );
    await stored(trackingId, 'https://nilai.example/f?token=REISSUED');
    const rows = await sql<{ url: string }>`select url from rating_invitation where url not like '%BARRIER'`.execute(
      s.db,
    );
    expect(rows.rows.map((r) => r.url)).toEqual(['https://nilai.example/f?token=REISSUED']);

    // another region's reader does not see it
    expect((await read(trackingId, '72.71')).statusCode).toBe(404);
  });

  it('acknowledges an invitation for an unknown report without storing it', async () => {
    const trackingId = await openReport();
    await s.events.publish(
      invitationCreated,
      invitation('LPR-ZZZZ-ZZZZ', '2027-01-10T00:00:00.000Z', 'https://nilai.example/f?token=NOBODY'),
    );
    // published after the unknown one: once it is stored, the unknown one was handled
    await s.events.publish(
      invitationCreated,
      invitation(trackingId, '2027-01-10T00:00:00.000Z', 'https://nilai.example/f?token=AFTER'),
    );
    await stored(trackingId, 'https://nilai.example/f?token=AFTER');
    const nobody = await sql<{
      n: number;
    }>`select count(*)::int as n from rating_invitation where url like '%NOBODY'`.execute(s.db);
    expect(nobody.rows[0]!.n).toBe(0);
    const parked = await sql<{ n: number }>`select count(*)::int as n from dead_letter`.execute(s.db);
    expect(parked.rows[0]!.n).toBe(0);
  });
});

describe('the harness', () => {
  it('mints role headers the service accepts and refuses by role', async () => {
    expect(
      (await s.inject({ method: 'GET', url: '/v1/admin/dead-letters', headers: await s.as.admin() })).statusCode,
    ).toBe(200);
    const officer = await s.inject({
      method: 'GET',
      url: '/v1/admin/dead-letters',
      headers: await s.as.officer('dishub'),
    });
    expect(officer.statusCode).toBe(403);
    expect(officer.json().code).toBe('forbidden_role');
    const other = await s.inject({
      method: 'GET',
      url: '/v1/admin/dead-letters?tenant=32.73',
      headers: await s.as.admin({ tenant: '72.71' }),
    });
    expect(other.json().code).toBe('tenant_mismatch');
  });

  it('gives the bare tokens too, with the claims asked for', async () => {
    const token = await s.tokens.officer('dishub', { sub: 'budi' });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'budi', tenant: '32.73', roles: ['officer'], unit: 'dishub' });
    const res = await s.inject({
      method: 'GET',
      url: '/v1/admin/dead-letters',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.json().code).toBe('forbidden_role');
  });

  it('republishes an event as a redelivery would, which the inbox skips', async () => {
    const trackingId = await openReport();
    const data = {
      invitationId: crypto.randomUUID(),
      transaction: { system: 'complaints' as const, id: trackingId },
      source: null,
      unit: 'dishub',
      serviceType: 'pengaduan',
      official: null,
      url: 'https://nilai.example/f?token=ONCE',
      expiresAt: '2027-01-10T00:00:00.000Z',
    };
    const duplicates = async () =>
      (await s.ctx.metrics.eventsHandled.get()).values.find(
        (v) => v.labels.consumer === 'rated-rating-invitations' && v.labels.outcome === 'duplicate',
      )?.value ?? 0;
    const before = await duplicates();
    const event = await s.events.publish(invitationCreated, data);
    await s.events.republish(event, `again-${event.id}`);
    await waitFor(async () => ((await duplicates()) > before ? true : undefined), 'the redelivery to be skipped');
  });

  it('captures the events the service published', async () => {
    const trackingId = await openReport('dsdabm');
    const opened = await s.events.published<{ trackingId: string; unit: string }>(reportOpened.type);
    expect(opened.find((e) => e.data.trackingId === trackingId)).toMatchObject({
      tenant: '32.73',
      subject: trackingId,
      data: { unit: 'dsdabm' },
    });
  });
});
