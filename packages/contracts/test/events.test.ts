import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { CatalogTypes, EventHandlers, EventOf } from '../src/index.js';
import {
  cloudEventSchema,
  createEvent,
  defineCatalog,
  defineEvent,
  EventValidationError,
  parseEvent,
} from '../src/index.js';
import { activityApproved, pingSent, reportSubmitted, sampleCatalog } from './support/sample-events.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('defineEvent', () => {
  it('derives the type and dataschema from the parts', () => {
    expect(reportSubmitted.type).toBe('sinergi.complaints.report.submitted.v1');
    expect(reportSubmitted.service).toBe('complaints');
    expect(reportSubmitted.dataschema).toBe('urn:sinergi:event:sinergi.complaints.report.submitted.v1');
    expect(activityApproved.type).toBe('sinergi.budgeting.activity.approved.v2');
    expect(pingSent.type).toBe('sinergi.test-svc.ping.sent.v1');
    expectTypeOf(reportSubmitted.type).toEqualTypeOf<'sinergi.complaints.report.submitted.v1'>();
  });

  const data = z.object({ id: z.string() });
  it.each([
    [{ service: 'Complaints' }, /service/],
    [{ service: 'complaints.x' }, /service/],
    [{ aggregate: '' }, /aggregate/],
    [{ name: 'submitted_now' }, /name/],
    [{ version: 0 }, /version/],
    [{ version: 1.5 }, /version/],
    [{ description: '  ' }, /description/],
    [{ data: z.string() }, /object schema/],
    [{ data: z.object({ at: z.date() }) }, /JSON Schema/],
    [{ data: { parse: () => 1 } }, /zod schema/],
  ])('rejects %o', (override, error) => {
    const spec = {
      service: 'complaints',
      aggregate: 'report',
      name: 'submitted',
      version: 1,
      description: 'x',
      data,
      ...override,
    };
    expect(() => defineEvent(spec as never)).toThrow(error);
  });
});

describe('defineCatalog', () => {
  it('maps types to definitions', () => {
    expect(sampleCatalog.types).toEqual([reportSubmitted.type, activityApproved.type, pingSent.type]);
    expect(sampleCatalog.get('sinergi.budgeting.activity.approved.v2')).toBe(activityApproved);
    expect(sampleCatalog.byType['sinergi.test-svc.ping.sent.v1']).toBe(pingSent);
    expect(sampleCatalog.has('sinergi.complaints.report.submitted.v1')).toBe(true);
    expect(sampleCatalog.get('sinergi.complaints.report.closed.v1')).toBeUndefined();
  });

  it('refuses the same type twice', () => {
    const again = defineEvent({ ...reportSubmitted, description: 'again' });
    expect(() => defineCatalog([reportSubmitted, again])).toThrow(
      /sinergi\.complaints\.report\.submitted\.v1 is defined twice/,
    );
  });

  it('types handler maps from the catalog', () => {
    type Types = CatalogTypes<typeof sampleCatalog>;
    expectTypeOf<Types>().toEqualTypeOf<
      | 'sinergi.complaints.report.submitted.v1'
      | 'sinergi.budgeting.activity.approved.v2'
      | 'sinergi.test-svc.ping.sent.v1'
    >();
    type Approved = EventOf<typeof sampleCatalog, 'sinergi.budgeting.activity.approved.v2'>;
    expectTypeOf<Approved['data']['ceiling']>().toEqualTypeOf<bigint>();
    expectTypeOf<Approved['type']>().toEqualTypeOf<'sinergi.budgeting.activity.approved.v2'>();
    const seen: string[] = [];
    const handlers: EventHandlers<typeof sampleCatalog, void> = {
      'sinergi.complaints.report.submitted.v1': (e) => void seen.push(e.data.trackingId),
      'sinergi.budgeting.activity.approved.v2': (e) => void seen.push(e.data.ceiling.toString()),
      'sinergi.test-svc.ping.sent.v1': (e) => void seen.push(String(e.data.n)),
    };
    expect(Object.keys(handlers)).toHaveLength(3);
  });
});

describe('createEvent', () => {
  it('fills every envelope attribute', () => {
    const before = Date.now();
    const event = createEvent(reportSubmitted, {
      tenant: '32.73',
      subject: 'BDG-2026-000123',
      data: { trackingId: 'BDG-2026-000123', category: 'jalan-rusak', location: { lat: -6.9, lon: 107.6 } },
    });
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/sinergi/complaints/32.73',
      type: 'sinergi.complaints.report.submitted.v1',
      subject: 'BDG-2026-000123',
      datacontenttype: 'application/json',
      dataschema: 'urn:sinergi:event:sinergi.complaints.report.submitted.v1',
      tenant: '32.73',
      data: { trackingId: 'BDG-2026-000123', category: 'jalan-rusak', location: { lat: -6.9, lon: 107.6 } },
    });
    expect(event.id).toMatch(UUID);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(event.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });

  it('gives each event its own id unless one is given, and takes a Date for time', () => {
    const input = { tenant: '72.71', subject: 'p-1', data: { n: 1, kind: 'a' as const } };
    expect(createEvent(pingSent, input).id).not.toBe(createEvent(pingSent, input).id);
    const fixed = createEvent(pingSent, { ...input, id: 'outbox-42', time: new Date('2026-01-31T01:00:00Z') });
    expect(fixed.id).toBe('outbox-42');
    expect(fixed.time).toBe('2026-01-31T01:00:00.000Z');
  });

  it('encodes domain values to JSON (bigint rupiah to strings) and drops unknown keys', () => {
    const event = createEvent(activityApproved, {
      tenant: '32.73',
      subject: 'act-7',
      data: {
        unit: 'dsdabm',
        ceiling: 12_000_000_000_000_000n,
        lines: [{ code: '5.1.02', amount: 1n }],
        extra: 'x',
      } as never,
    });
    expect(event.data).toEqual({
      unit: 'dsdabm',
      ceiling: '12000000000000000',
      lines: [{ code: '5.1.02', amount: '1' }],
    });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });

  it('throws a clear error for invalid data, naming the field', () => {
    const attempt = () =>
      createEvent(activityApproved, {
        tenant: '32.73',
        subject: 'act-7',
        data: { unit: 'Dinas PU', ceiling: -5n, lines: [] },
      });
    expect(attempt).toThrow(EventValidationError);
    expect(attempt).toThrow(/invalid event sinergi\.budgeting\.activity\.approved\.v2: data\.unit: unit code must be/);
    expect(attempt).toThrow(/data\.ceiling: amount must not be negative/);
  });

  it('throws for an unknown tenant, an empty subject and a bad time', () => {
    const data = { n: 1, kind: 'b' as const };
    expect(() => createEvent(pingSent, { tenant: '32.99', subject: 's', data })).toThrow(
      /tenant: unknown region code 32\.99/,
    );
    expect(() => createEvent(pingSent, { tenant: '32.73', subject: '', data })).toThrow(/subject must not be empty/);
    expect(() => createEvent(pingSent, { tenant: '32.73', subject: 's', data, time: 'yesterday' })).toThrow(
      /time must be an RFC 3339/,
    );
  });
});

describe('parseEvent', () => {
  const wire = () =>
    JSON.parse(
      JSON.stringify(
        createEvent(activityApproved, {
          tenant: '64.74',
          subject: 'act-9',
          data: { unit: 'bappeda', ceiling: 9_007_199_254_740_993n, lines: [{ code: 'a', amount: 5n }] },
        }),
      ),
    ) as Record<string, unknown>;

  it('accepts a JSON string, bytes or a parsed object and decodes the data', () => {
    const event = wire();
    for (const input of [JSON.stringify(event), new TextEncoder().encode(JSON.stringify(event)), event]) {
      const result = parseEvent(sampleCatalog, input);
      expect(result.success).toBe(true);
      if (result.success && result.event.type === 'sinergi.budgeting.activity.approved.v2') {
        expect(result.event.data.ceiling).toBe(9_007_199_254_740_993n);
        expect(result.event.tenant).toBe('64.74');
      } else {
        expect.unreachable('wrong type');
      }
    }
  });

  it('rejects an unknown type', () => {
    const result = parseEvent(sampleCatalog, { ...wire(), type: 'sinergi.budgeting.activity.approved.v3' });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues).toContainEqual({
        path: 'type',
        message: 'unknown event type sinergi.budgeting.activity.approved.v3: it is not in the event catalog',
      });
    }
  });

  it('rejects a wrong specversion', () => {
    const result = parseEvent(sampleCatalog, { ...wire(), specversion: '0.3' });
    expect(result).toMatchObject({
      success: false,
      issues: [{ path: 'specversion', message: expect.stringMatching(/"1\.0"/) }],
    });
  });

  it('rejects an event without tenant', () => {
    const { tenant: _tenant, ...event } = wire();
    const result = parseEvent(sampleCatalog, event);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues.map((i) => i.path)).toEqual(['tenant']);
      expect(result.message).toMatch(/tenant: .*missing/);
    }
  });

  it('rejects data that does not match, with the path inside data', () => {
    const event = wire();
    const result = parseEvent(sampleCatalog, { ...event, data: { ...(event.data as object), ceiling: 5 } });
    expect(result).toMatchObject({
      success: false,
      issues: [{ path: 'data.ceiling', message: expect.stringMatching(/string of whole rupiah/) }],
    });
  });

  it('rejects a dataschema of another type, invalid JSON and non-objects', () => {
    expect(parseEvent(sampleCatalog, { ...wire(), dataschema: 'urn:sinergi:event:x' }).success).toBe(false);
    expect(parseEvent(sampleCatalog, '{"type":')).toMatchObject({
      success: false,
      issues: [{ path: '', message: expect.stringMatching(/not valid JSON/) }],
    });
    expect(parseEvent(sampleCatalog, 42)).toMatchObject({
      success: false,
      issues: [{ path: '', message: 'an event must be a JSON object' }],
    });
  });
});

describe('cloudEventSchema', () => {
  it('validates any well-formed event type when none is fixed', () => {
    const schema = cloudEventSchema(z.object({ ok: z.boolean() }));
    const event = createEvent(pingSent, { tenant: '32.73', subject: 's', data: { n: 0, kind: 'a' } });
    expect(schema.safeParse({ ...event, data: { ok: true } }).success).toBe(true);
    expect(schema.safeParse({ ...event, data: { ok: true }, type: 'ping' }).success).toBe(false);
    expect(schema.safeParse({ ...event, data: { ok: true }, time: '2026-01-31 08:00' }).success).toBe(false);
    expect(schema.safeParse({ ...event, data: { ok: true }, time: '2026-01-31T08:00:00+08:00' }).success).toBe(true);
  });
});
