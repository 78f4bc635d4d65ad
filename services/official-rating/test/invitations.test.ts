import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { applicationDecided, reportClosed } from '@sinergi/contracts';
import { bearer, mintToken } from '@sinergi/testkit';
import { startRating, waitFor, type RatingHarness } from './fixtures.js';

let h: RatingHarness;
beforeAll(async () => {
  h = await startRating();
});
afterAll(async () => {
  await h?.stop();
});

const invitationsFor = async (system: string, id: string) =>
  (
    await sql<{
      tenant_id: string;
      unit: string;
      service_type: string;
      official: string | null;
      source_system: string | null;
      used_at: Date | null;
      expires_at: Date;
      created_at: Date;
    }>`
    select tenant_id, unit, service_type, official, source_system, used_at, expires_at, created_at from invitation where system = ${system} and transaction_id = ${id}`.execute(
      h.db,
    )
  ).rows;

const createdEventsFor = async (id: string) =>
  (
    await h.events.published<{ transaction: { id: string }; url: string }>(
      'sinergi.official-rating.invitation.created.v1',
    )
  ).filter((e) => e.data.transaction.id === id);

const closed = (trackingId: string, overrides: Record<string, unknown> = {}) => ({
  trackingId,
  category: 'jalan-rusak',
  at: new Date().toISOString(),
  unit: 'dsdabm',
  reason: 'accepted' as const,
  source: { system: 'social-intake:whatsapp', id: 'wamid.HBgL1' },
  ...overrides,
});

const decided = (registrationNumber: string, overrides: Record<string, unknown> = {}) => ({
  registrationNumber,
  permitType: 'reklame',
  unit: 'dpmptsp',
  at: new Date().toISOString(),
  outcome: 'issued' as const,
  permitNumber: '503/0001/REK/2026',
  official: null,
  fee: 1_250_000n,
  withinServiceStandard: true,
  ...overrides,
});

describe('invitations from closed complaints', () => {
  it('when a report is closed, then one invitation for its unit exists and is announced with its link and source', async () => {
    await h.events.publish(reportClosed, closed('LPR-AAAA-0001'));
    const [inv] = await waitFor(async () =>
      (await invitationsFor('complaints', 'LPR-AAAA-0001')).length
        ? invitationsFor('complaints', 'LPR-AAAA-0001')
        : undefined,
    );
    expect(inv).toMatchObject({
      tenant_id: '32.73',
      unit: 'dsdabm',
      service_type: 'pengaduan',
      official: null,
      source_system: 'social-intake:whatsapp',
      used_at: null,
    });
    // 30 days from when it was created here (the close happened a moment earlier)
    expect(inv!.expires_at.getTime() - inv!.created_at.getTime()).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(inv!.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    const [event] = await createdEventsFor('LPR-AAAA-0001');
    expect(event!.data.url).toMatch(/^https:\/\/nilai\.bandung\.go\.id\/r\?tenant=32\.73&token=[0-9A-Z]{32}$/);
    const token = new URL(event!.data.url).searchParams.get('token')!;
    expect(token).toMatch(/^[0-9A-Z]{32}$/);
    // the link works: the form can be opened
    const preview = await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${token}` });
    expect(preview.json()).toMatchObject({
      status: 'open',
      unit: { code: 'dsdabm' },
      serviceType: 'pengaduan',
      official: null,
    });
  });

  it('when the same close is redelivered, or arrives again as a new event, then there is still one invitation and one announcement', async () => {
    const first = await h.events.publish(reportClosed, closed('LPR-AAAA-0002'));
    await h.events.republish(first, `${first.id}-again`); // the same event again past the stream's de-duplication: the inbox drops it
    await h.events.publish(reportClosed, closed('LPR-AAAA-0002', { at: new Date(Date.now() + 1000).toISOString() })); // a different event for the same report
    await h.events.publish(reportClosed, closed('LPR-AAAA-0003')); // a later event proves the earlier ones were handled
    await waitFor(async () => ((await invitationsFor('complaints', 'LPR-AAAA-0003')).length ? true : undefined));
    expect(await invitationsFor('complaints', 'LPR-AAAA-0002')).toHaveLength(1);
    expect(await createdEventsFor('LPR-AAAA-0002')).toHaveLength(1);
  });

  it('when a report is closed as not our authority, then nobody is invited', async () => {
    await h.events.publish(reportClosed, closed('LPR-AAAA-0004', { reason: 'not-authority', unit: null }));
    await h.events.publish(reportClosed, closed('LPR-AAAA-0005'));
    await waitFor(async () => ((await invitationsFor('complaints', 'LPR-AAAA-0005')).length ? true : undefined));
    expect(await invitationsFor('complaints', 'LPR-AAAA-0004')).toHaveLength(0);
  });
});

describe('invitations from licensing decisions', () => {
  it.each(['issued', 'rejected', 'deemed-granted'] as const)(
    'a %s application gets one invitation under redelivery',
    async (outcome) => {
      const reg = `REG-2026-${outcome}`;
      const e = await h.events.publish(
        applicationDecided,
        decided(reg, { outcome, permitNumber: outcome === 'rejected' ? null : '503/0002/REK/2026' }),
      );
      await h.events.republish(e, `${e.id}-redelivered`);
      await h.events.publish(applicationDecided, decided(reg, { outcome }));
      const [inv] = await waitFor(async () =>
        (await invitationsFor('licensing', reg)).length ? invitationsFor('licensing', reg) : undefined,
      );
      expect(inv).toMatchObject({ unit: 'dpmptsp', service_type: 'reklame' });
      await h.events.publish(applicationDecided, decided(`${reg}-marker`));
      await waitFor(async () => ((await invitationsFor('licensing', `${reg}-marker`)).length ? true : undefined));
      expect(await invitationsFor('licensing', reg)).toHaveLength(1);
      expect(await createdEventsFor(reg)).toHaveLength(1);
    },
  );

  it('names the permit type as licensing published it on the form and the preview, and an older event never renames it back', async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const named = (reg: string, name: string, minutesAgo: number) =>
      decided(reg, { permitType: 'izin-usaha-mikro', permitTypeName: name, at: at(minutesAgo) });
    await h.events.publish(applicationDecided, named('REG-NAME-1', 'Izin Usaha Mikro dan Kecil', 5));
    const [created] = await waitFor(async () => {
      const events = await createdEventsFor('REG-NAME-1');
      return events.length ? events : undefined;
    });
    const token = new URL(created!.data.url).searchParams.get('token')!;
    const preview = await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${token}` });
    expect(preview.json()).toMatchObject({
      serviceType: 'izin-usaha-mikro',
      serviceName: 'Izin Usaha Mikro dan Kecil',
    });
    const page = await h.inject({ method: 'GET', url: `/r?token=${token}` });
    expect(page.body).toContain('Izin Usaha Mikro dan Kecil');
    expect(page.body).not.toContain('izin-usaha-mikro');

    // an event decided earlier but delivered later keeps the newer name; a newer one renames
    await h.events.publish(applicationDecided, named('REG-NAME-2', 'Nama lama', 60));
    await waitFor(async () => ((await createdEventsFor('REG-NAME-2')).length ? true : undefined));
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${token}` })).json().serviceName).toBe(
      'Izin Usaha Mikro dan Kecil',
    );
    await h.events.publish(applicationDecided, named('REG-NAME-3', 'Izin Usaha Mikro', 1));
    await waitFor(async () => ((await createdEventsFor('REG-NAME-3')).length ? true : undefined));
    expect((await h.inject({ method: 'GET', url: `/v1/public/invitations?token=${token}` })).json().serviceName).toBe(
      'Izin Usaha Mikro',
    );
  });

  it('binds the official who decided when the directory knows them in that unit, and nobody otherwise', async () => {
    await h.events.publish(applicationDecided, decided('REG-OFF-1', { unit: 'dsdabm', official: 'pjb-dsdabm-kadis' }));
    await h.events.publish(applicationDecided, decided('REG-OFF-2', { unit: 'dpmptsp', official: 'pjb-dsdabm-kadis' }));
    const [a] = await waitFor(async () =>
      (await invitationsFor('licensing', 'REG-OFF-1')).length ? invitationsFor('licensing', 'REG-OFF-1') : undefined,
    );
    const [b] = await waitFor(async () =>
      (await invitationsFor('licensing', 'REG-OFF-2')).length ? invitationsFor('licensing', 'REG-OFF-2') : undefined,
    );
    expect(a!.official).toBe('pjb-dsdabm-kadis');
    expect(b!.official).toBeNull();
  });

  it('keeps each region’s invitations apart', async () => {
    await h.events.publish(applicationDecided, decided('REG-PALU-1', { unit: 'dpupr' }), { tenant: '72.71' });
    const [inv] = await waitFor(async () =>
      (await invitationsFor('licensing', 'REG-PALU-1')).length ? invitationsFor('licensing', 'REG-PALU-1') : undefined,
    );
    expect(inv!.tenant_id).toBe('72.71');
  });
});

describe('counter tokens', () => {
  it('an officer gets a link for their own unit, once per reference; another unit’s is refused', async () => {
    const body = { serviceType: 'ktp-el', reference: 'A-017', unit: 'disdukcapil' };
    const first = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('disdukcapil'),
      payload: body,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().url).toContain(first.json().token);
    const again = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('disdukcapil'),
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invitation_exists');
    const other = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('dishub'),
      payload: body,
    });
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe('forbidden_unit');
  });

  it('when the desk types a NIK, a phone number and an e-mail as the reference, then neither the event nor the logs carry them, and a repeat is still 409', async () => {
    const personal = ['3273014509870001', '081234567890', 'budi.santoso@example.com'];
    const reference = `NIK ${personal[0]} HP ${personal[1]} ${personal[2]}`;
    // the service at its most talkative, its log stream recorded as written
    const loud = await startRating({ LOG_LEVEL: 'trace' });
    const logs: string[] = [];
    const logger = loud.ctx.logger as unknown as Record<symbol, { write(s: string): boolean }>;
    const streamSym = Object.getOwnPropertySymbols(logger).find((s) => s.description === 'pino.stream')!;
    logger[streamSym] = { write: (line: string) => logs.push(line) > 0 };
    try {
      const body = { serviceType: 'ktp-el', reference, unit: 'disdukcapil' };
      const first = await loud.app.inject({
        method: 'POST',
        url: '/v1/staff/counter-tokens',
        headers: await h.as.officer('disdukcapil'),
        payload: body,
      });
      expect(first.statusCode).toBe(201);
      const again = await loud.app.inject({
        method: 'POST',
        url: '/v1/staff/counter-tokens',
        headers: await h.as.officer('disdukcapil'),
        payload: body,
      });
      expect([again.statusCode, again.json().code]).toEqual([409, 'invitation_exists']);
      const events = await loud.events.published<{ invitationId: string; transaction: { system: string; id: string } }>(
        'sinergi.official-rating.invitation.created.v1',
      );
      expect(events).toHaveLength(1);
      // the visit is named by the invitation's own id, which says nothing about the citizen
      expect(events[0]!.data.transaction).toEqual({ system: 'counter', id: first.json().invitationId });
      expect(logs.length).toBeGreaterThan(0);
      for (const value of personal) {
        expect(JSON.stringify(events)).not.toContain(value);
        expect(logs.join('')).not.toContain(value);
      }
    } finally {
      await loud.stop();
    }
  });

  it('refuses anonymous callers, citizens, unknown units and officials of other units', async () => {
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/v1/staff/counter-tokens',
          payload: { serviceType: 'ktp-el', reference: 'A-1' },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await h.inject({
          method: 'POST',
          url: '/v1/staff/counter-tokens',
          headers: await h.as.citizen(),
          payload: { serviceType: 'ktp-el', reference: 'A-1' },
        })
      ).statusCode,
    ).toBe(403);
    const unknownUnit = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.admin(),
      payload: { serviceType: 'ktp-el', reference: 'A-1', unit: 'dinas-fiktif' },
    });
    expect(unknownUnit.statusCode).toBe(422);
    const wrongOfficial = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('dishub'),
      payload: { serviceType: 'parkir', reference: 'A-1', official: 'pjb-dsdabm-kadis' },
    });
    expect(wrongOfficial.statusCode).toBe(422);
    expect(wrongOfficial.json().errors[0].field).toBe('official');
    const noUnit = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.admin(),
      payload: { serviceType: 'ktp-el', reference: 'A-1' },
    });
    expect(noUnit.json().code).toBe('unit_required');
    const noReference = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('dishub'),
      payload: { serviceType: 'parkir' },
    });
    expect([noReference.statusCode, noReference.json().errors[0].field]).toEqual([400, 'reference']);
  });

  it('staff cannot create a link to rate themselves, and each account creates a limited number per hour', async () => {
    // the camat's own account at the identity provider, as the directory lists it
    const self = bearer(
      await mintToken({
        tenant: '32.73',
        roles: ['officer'],
        unit: 'kec-andir',
        sub: '7d1c5e0a-2b7f-4f7e-9a55-3c1d2e4f6a80',
      }),
    );
    const selfRating = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: self,
      payload: { serviceType: 'rekomendasi', reference: 'B-1', official: 'camat-andir' },
    });
    expect([selfRating.statusCode, selfRating.json().code]).toEqual([403, 'self_rating']);
    const colleague = await h.inject({
      method: 'POST',
      url: '/v1/staff/counter-tokens',
      headers: await h.as.officer('kec-andir'),
      payload: { serviceType: 'rekomendasi', reference: 'B-2', official: 'camat-andir' },
    });
    expect(colleague.statusCode).toBe(201);

    const limited = await startRating({ COUNTER_TOKENS_PER_HOUR: '2' });
    try {
      const desk = await h.as.officer('dishub');
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push(
          (
            await limited.app.inject({
              method: 'POST',
              url: '/v1/staff/counter-tokens',
              headers: desk,
              payload: { serviceType: 'parkir', reference: `C-${i}` },
            })
          ).statusCode,
        );
      // another account at the same address still can
      const colleague = bearer(
        await mintToken({ tenant: '32.73', roles: ['officer'], unit: 'dishub', sub: 'officer-dishub-2' }),
      );
      codes.push(
        (
          await limited.app.inject({
            method: 'POST',
            url: '/v1/staff/counter-tokens',
            headers: colleague,
            payload: { serviceType: 'parkir', reference: 'C-9' },
          })
        ).statusCode,
      );
      expect(codes).toEqual([201, 201, 429, 201]);
    } finally {
      await limited.stop();
    }
  });
});
