import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import type { AsyncApiDocument } from '../src/index.js';
import { buildAsyncApi, catalogJsonSchemas, createEvent, eventCatalog, eventJsonSchema } from '../src/index.js';
import { jsonSchemaErrors } from './support/json-schema-check.js';
import { activityApproved, pingSent, reportSubmitted, sampleCatalog } from './support/sample-events.js';

// A real event of every sample type, as JSON on the wire.
const examples = {
  [reportSubmitted.type]: createEvent(reportSubmitted, {
    tenant: '32.73',
    subject: 'BDG-1',
    data: { trackingId: 'BDG-1', category: 'banjir', location: null, reporterPhone: '+62812****7890' },
  }),
  [activityApproved.type]: createEvent(activityApproved, {
    tenant: '82.71',
    subject: 'act-1',
    data: { unit: 'bappelitbang', ceiling: 9_223_372_036_854_775_807n, lines: [{ code: '5.1', amount: 0n }] },
  }),
  [pingSent.type]: createEvent(pingSent, { tenant: '61.71', subject: 'p', data: { n: 3, kind: 'b' } }),
};

describe('event JSON Schemas', () => {
  it('exist for every event of a catalog, keyed by type', () => {
    expect(Object.keys(catalogJsonSchemas(sampleCatalog)).sort()).toEqual([...sampleCatalog.types].sort());
    const product = catalogJsonSchemas(eventCatalog);
    expect(Object.keys(product).sort()).toEqual([...eventCatalog.types].sort());
    for (const type of eventCatalog.types)
      expect(product[type]).toMatchObject({ $id: `urn:sinergi:event:${type}`, type: 'object' });
  });

  it('are draft 2020-12 with the dataschema URN as $id', () => {
    const schema = eventJsonSchema(reportSubmitted);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('urn:sinergi:event:sinergi.complaints.report.submitted.v1');
    expect(schema.title).toBe(reportSubmitted.type);
    expect(eventJsonSchema(reportSubmitted, { target: 'draft-07' }).$schema).toBe(
      'http://json-schema.org/draft-07/schema#',
    );
  });

  it.each(sampleCatalog.definitions.map((d) => [d.type, d] as const))('%s: accepts a real event', (type, def) => {
    const event = JSON.parse(JSON.stringify(examples[type]));
    expect(jsonSchemaErrors(eventJsonSchema(def), event)).toEqual([]);
  });

  it.each(sampleCatalog.definitions.map((d) => [d.type, d] as const))('%s: rejects broken events', (type, def) => {
    const schema = eventJsonSchema(def);
    const event = JSON.parse(JSON.stringify(examples[type])) as Record<string, unknown>;
    const { tenant: _tenant, ...withoutTenant } = event;
    expect(jsonSchemaErrors(schema, withoutTenant)).toContain('$.tenant: required');
    expect(jsonSchemaErrors(schema, { ...event, tenant: '3273' }).length).toBeGreaterThan(0);
    expect(jsonSchemaErrors(schema, { ...event, specversion: '1.1' }).length).toBeGreaterThan(0);
    expect(jsonSchemaErrors(schema, { ...event, type: 'sinergi.other.thing.done.v1' }).length).toBeGreaterThan(0);
    expect(jsonSchemaErrors(schema, { ...event, data: {} }).length).toBeGreaterThan(0);
  });

  it('describes money as a string, not a number', () => {
    const schema = eventJsonSchema(activityApproved);
    const event = JSON.parse(JSON.stringify(examples[activityApproved.type])) as { data: Record<string, unknown> };
    expect(jsonSchemaErrors(schema, { ...event, data: { ...event.data, ceiling: 5 } })).toContain(
      '$.data.ceiling: expected string, got integer',
    );
    expect(jsonSchemaErrors(schema, { ...event, data: { ...event.data, ceiling: '007' } }).length).toBe(1);
  });
});

// The parser loads its rule sets on first use, which takes seconds on a busy machine.
describe('AsyncAPI', { timeout: 30_000 }, () => {
  async function parse(doc: AsyncApiDocument) {
    const { document, diagnostics } = await new Parser().parse(doc);
    // DiagnosticSeverity.Error is 0
    return {
      document,
      errors: diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('/')}: ${d.message}`),
    };
  }

  it('describes a sample catalog in a document the AsyncAPI parser accepts', async () => {
    const doc = buildAsyncApi(sampleCatalog, { version: '1.2.3' });
    const { document, errors } = await parse(doc);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(document?.info().title()).toBe('Sinergi events');
    expect(document?.info().version()).toBe('1.2.3');
    expect(
      document
        ?.servers()
        .all()
        .map((s) => s.protocol()),
    ).toEqual(['nats']);
    expect(
      document
        ?.channels()
        .all()
        .map((c) => c.address())
        .sort(),
    ).toEqual([
      'sinergi.budgeting.{tenant}.activity.approved.v2',
      'sinergi.complaints.{tenant}.report.submitted.v1',
      'sinergi.test-svc.{tenant}.ping.sent.v1',
    ]);
    const operations = document?.operations().all() ?? [];
    expect(operations).toHaveLength(3);
    expect(operations.every((o) => o.action() === 'send')).toBe(true);
    const channel = document
      ?.channels()
      .all()
      .find((c) => c.address()?.includes('report.submitted'));
    expect(channel?.parameters().get('tenant')?.description()).toMatch(/"_" instead of "\."/);
  });

  it('embeds the envelope schema as each message payload', () => {
    const doc = buildAsyncApi(sampleCatalog, { prefix: 'ci' });
    const channel = doc.channels['sinergi_test-svc_ping_sent_v1'];
    expect(channel?.address).toBe('ci.test-svc.{tenant}.ping.sent.v1');
    const payload = channel?.messages['sinergi_test-svc_ping_sent_v1']?.payload ?? {};
    const event = JSON.parse(JSON.stringify(examples[pingSent.type]));
    expect(jsonSchemaErrors(payload, event)).toEqual([]);
    expect(jsonSchemaErrors(payload, { ...event, data: { n: -1, kind: 'b' } }).length).toBeGreaterThan(0);
  });

  it('describes the product catalog in a document the parser accepts', async () => {
    const { document, errors } = await parse(buildAsyncApi(eventCatalog));
    expect(errors).toEqual([]);
    expect(document?.channels().all()).toHaveLength(eventCatalog.definitions.length);
  });
});
