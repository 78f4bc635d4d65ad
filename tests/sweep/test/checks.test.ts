/**
 * The sweep's own detectors, without a service: if one of these stopped flagging, the sweep would
 * go green over the holes it exists to find.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAnswer, checkEvents, checkLogs, type Caller, type SentRequest } from './support/checks.js';
import { plantedValues } from './support/personal.js';
import { schemaArbitrary, type Schema } from './support/schema-arbitrary.js';

const planted = plantedValues(42);
const anonymous: Caller = { name: 'anonymous', headers: {}, public: true };
const request = (o: Partial<SentRequest> = {}): SentRequest => ({
  operation: 'GET /x',
  label: 'generated',
  method: 'GET',
  url: '/x',
  headers: {},
  caller: anonymous,
  owner: false,
  ...o,
});
const problem = (status: number) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  text: JSON.stringify({ type: 'urn:x', title: 'T', status, code: 'c' }),
});
const kinds = (failures: Array<{ kind: string }>) => failures.map((f) => f.kind).sort();

describe('checkAnswer', () => {
  it('passes a problem+json 400 and flags a 500, a plain-JSON 400 and a 503 without Retry-After', () => {
    expect(checkAnswer(request(), problem(400), planted)).toEqual([]);
    expect(kinds(checkAnswer(request(), problem(500), planted))).toEqual(['5xx']);
    expect(
      kinds(
        checkAnswer(
          request(),
          { status: 400, headers: { 'content-type': 'application/json' }, text: '{"error":"x"}' },
          planted,
        ),
      ),
    ).toEqual(['not-problem-json']);
    expect(kinds(checkAnswer(request(), problem(503), planted))).toEqual(['5xx']);
    expect(
      checkAnswer(
        request(),
        { ...problem(503), headers: { 'content-type': 'application/problem+json', 'retry-after': '10' } },
        planted,
      ),
    ).toEqual([]);
  });

  it('flags stack traces, SQL, paths and library names unless the request itself carried them', () => {
    const text =
      'Error\n    at handler (/work/app/node_modules/kysely/dist/x.js:1:2)\nselect * from report; relation "x"';
    expect(kinds(checkAnswer(request(), { status: 200, headers: {}, text }, planted))).toEqual([
      'leak-library',
      'leak-path',
      'leak-sql',
      'leak-stack',
    ]);
    expect(
      checkAnswer(
        request({ url: '/x?q=fastify' }),
        { status: 200, headers: {}, text: 'no match for fastify' },
        planted,
      ),
    ).toEqual([]);
    expect(checkAnswer(request(), { status: 200, headers: {}, text: '<select name="unit">' }, planted)).toEqual([]);
  });

  it('flags a refused token let through', () => {
    expect(
      kinds(
        checkAnswer(
          request({ caller: { name: 'expired', headers: {}, mustRefuse: true } }),
          { status: 200, headers: {}, text: '{}' },
          planted,
        ),
      ),
    ).toEqual(['bad-token-accepted']);
  });

  it('flags planted data (also as +62) in a public answer, a weak mask, and lets an echo to its sender pass', () => {
    const national = planted.phone.slice(1);
    const leak = checkAnswer(
      request(),
      { status: 200, headers: {}, text: `{"text":"hubungi +62${national} atau ${planted.email}"}` },
      planted,
    );
    expect(leak.map((f) => f.note?.split(':')[0]).sort()).toEqual(['email', 'phone']);
    const weak = checkAnswer(
      request(),
      { status: 200, headers: {}, text: `NIK ************${planted.nik.slice(-4)}` },
      planted,
    );
    expect(kinds(weak)).toEqual(['weak-mask-answer']);
    expect(
      checkAnswer(request(), { status: 200, headers: {}, text: `NIK **************${planted.nik.slice(-2)}` }, planted),
    ).toEqual([]);
    expect(
      checkAnswer(
        request({ body: `{"nik":"${planted.nik}"}` }),
        { ...problem(400), text: problem(400).text.replace('"c"', `"c","v":"${planted.nik}"`) },
        planted,
      ),
    ).toEqual([]);
    const staff = { name: 'admin', headers: {} };
    expect(checkAnswer(request({ caller: staff }), { status: 200, headers: {}, text: planted.nik }, planted)).toEqual(
      [],
    );
  });
});

describe('logs and events', () => {
  it('attributes an ERROR line to its request and finds planted data in any line and any event', () => {
    const sent = request({ operation: 'POST /v1/reports' });
    const lines = [
      JSON.stringify({ level: 50, reqId: 'sweep-1', msg: 'request failed' }),
      JSON.stringify({ level: 30, msg: `phone ${planted.phone}` }),
    ];
    const failures = checkLogs(lines, planted, new Map([['sweep-1', sent]]));
    expect(failures.map((f) => [f.kind, f.operation])).toEqual([
      ['error-log', 'POST /v1/reports'],
      ['pii-log', '(no request id)'],
    ]);
    expect(kinds(checkEvents([{ subject: 'p.x', data: JSON.stringify({ name: planted.name }) }], planted))).toEqual([
      'pii-event',
    ]);
  });
});

describe('schemaArbitrary', () => {
  const schema: Schema = {
    type: 'object',
    properties: {
      code: { type: 'string', pattern: '^\\d{2}\\.\\d{2}$' },
      limit: { type: 'integer', minimum: 1, maximum: 50 },
      kind: { type: 'string', enum: ['a', 'b'] },
      note: { type: 'string', minLength: 3, maxLength: 20 },
    },
    required: ['code', 'limit', 'kind'],
    additionalProperties: false,
  };

  it('generates values the schema accepts', () => {
    for (const v of fc.sample(schemaArbitrary(schema, { pool: new Map() }), { seed: 7, numRuns: 50 }) as Array<
      Record<string, unknown>
    >) {
      expect(v.code).toMatch(/^\d{2}\.\d{2}$/);
      expect(v.limit).toBeGreaterThanOrEqual(1);
      expect(v.limit).toBeLessThanOrEqual(50);
      expect(['a', 'b']).toContain(v.kind);
      if (v.note !== undefined) expect((v.note as string).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('generates a pattern longer than free text is capped at (a 64-digit hash) instead of spinning forever', () => {
    const hash: Schema = { type: 'string', pattern: '^[0-9a-f]{64}$' };
    for (const v of fc.sample(schemaArbitrary(hash, { pool: new Map() }), { seed: 7, numRuns: 20 }))
      expect(v).toMatch(/^[0-9a-f]{64}$/);
  });

  it('plants personal data into free text within its length limits', () => {
    const [v] = fc.sample(schemaArbitrary(schema, { pool: new Map(), planted }), { seed: 7, numRuns: 1 }) as Array<
      Record<string, string>
    >;
    expect([planted.phone, planted.nik, planted.email]).toContain(v!.note);
  });
});
