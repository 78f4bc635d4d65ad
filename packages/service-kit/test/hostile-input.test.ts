import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../testkit/src/environment.js';
import { bearer, mintToken } from '../../testkit/src/tokens.js';
import { Readable } from 'node:stream';
import { JsonDepthGuard, JsonDepthScanner, MAX_JSON_DEPTH } from '../src/http/json-depth.js';
import { startSample } from './helpers.js';

let env: TestEnvironment;
let svc: Awaited<ReturnType<typeof startSample>>;
const errorLines: string[] = [];

beforeAll(async () => {
  env = await createTestEnvironment();
  svc = await startSample(env, { DEFAULT_TENANT: '32.73' });
  // every error the service logs, to prove hostile input is refused without one
  const original = svc.ctx.logger.error.bind(svc.ctx.logger);
  svc.ctx.logger.error = ((...args: Parameters<typeof original>) => {
    errorLines.push(JSON.stringify(args[0] instanceof Error ? args[0].message : args));
    return original(...args);
  }) as typeof original;
});
afterAll(async () => {
  await svc?.stop();
  await env?.cleanup();
});

const post = async (url: string, payload: string, contentType = 'application/json') =>
  svc.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(await mintToken({ tenant: '32.73', roles: ['admin'] })), 'content-type': contentType },
    payload,
  });

describe('deeply nested JSON', () => {
  it('when a body nests 5,000 levels deep, then 400 too_deeply_nested on every JSON route and nothing is logged as an error', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const deepObject = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    for (const [url, body] of [
      ['/v1/notes', deep],
      ['/v1/notes', deepObject],
      ['/v1/boom', deep],
      ['/v1/limited', `{"x":${deep}}`],
    ] as const) {
      const res = await post(url, body);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'too_deeply_nested', status: 400 });
      expect(res.body).not.toMatch(/stack|RangeError|at \w+ \(/);
    }
    const plusJson = await post('/v1/notes', deep, 'application/merge-patch+json');
    expect(plusJson.json().code).not.toBe('internal_error');
    expect(errorLines).toEqual([]);
  });

  it(`when a body nests exactly ${MAX_JSON_DEPTH} levels, then it is parsed and validated as usual; brackets inside strings do not count`, async () => {
    const atLimit = await post(
      '/v1/notes',
      `{"title":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)},"unit":"dsdabm"}`,
    );
    expect(atLimit.json().code).toBe('validation_failed');
    const overLimit = await post(
      '/v1/notes',
      `{"title":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)},"unit":"dsdabm"}`,
    );
    expect(overLimit.json().code).toBe('too_deeply_nested');
    const inString = await post(
      '/v1/notes',
      JSON.stringify({ title: `${'[{'.repeat(40)} "\\" ${'['.repeat(80)}`, unit: 'dsdabm' }),
    );
    expect(inString.statusCode).toBe(201);
  });

  it('the depth scan keeps its state across chunk boundaries', async () => {
    const guard = new JsonDepthGuard(
      Readable.from(['{"a":"[[[', '[[\\"[[","b":[', '[[', '[]]]]}'].map((s) => Buffer.from(s))),
      3,
    );
    const failed = new Promise<unknown>((resolve) => guard.on('error', resolve));
    guard.resume();
    expect(await failed).toMatchObject({ code: 'too_deeply_nested' });
    const fine = new JsonDepthGuard(
      Readable.from(['{"a":"[[[', '[[\\"[[","b":[', '[]]}'].map((s) => Buffer.from(s))),
      3,
    );
    expect(Buffer.concat(await fine.toArray()).toString()).toBe('{"a":"[[[[[\\"[[","b":[[]]}');
    expect(JsonDepthScanner.exceeds('{"a":"[[[[[[","b":[[]]}', 3)).toBe(false);
    expect(JsonDepthScanner.exceeds('{"b":[[[]]]}', 3)).toBe(true);
  });
});

describe('what a problem echoes is bounded', () => {
  it('when a value is 300 KB, then the answer stays small: values and messages are cut with an ellipsis', async () => {
    const huge = 'x'.repeat(300_000);
    const res = await post('/v1/notes', JSON.stringify({ title: huge, unit: 'dsdabm', [huge]: 1 }));
    expect(res.json().code).toBe('validation_failed');
    expect(res.body.length).toBeLessThan(5_000);
    for (const e of res.json().errors) {
      expect(e.field.length).toBeLessThanOrEqual(100);
      expect(e.message.length).toBeLessThanOrEqual(300);
    }
    expect(res.json().detail.length).toBeLessThanOrEqual(1000);
    expect(res.body).toContain('…');
  });

  it('when 20,000 keys fail, then at most 20 field errors are listed, with errorCount giving the total', async () => {
    const many = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}\u0000`, `v\u0000${i}`]));
    const nul = await post('/v1/notes', JSON.stringify({ title: 'abc', unit: 'dsdabm', ...many }));
    expect(nul.json().code).toBe('nul_character');
    expect(nul.json().errors).toHaveLength(20);
    expect(nul.body.length).toBeLessThan(5_000);

    const unknown = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown_key_${i}`, i]));
    const res = await post('/v1/notes', JSON.stringify({ title: 'abc', unit: 'dsdabm', ...unknown }));
    expect(res.json().code).toBe('validation_failed');
    expect(res.body.length).toBeLessThan(5_000);
    expect(res.json().errorCount).toBe(res.json().errors.length);
  });

  it('when many fields fail validation, then errors stop at 20 and errorCount says how many there were', async () => {
    const res = await svc.app.inject({
      method: 'POST',
      url: '/v1/many?tenant=32.73',
      payload: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}`, 'not a number'])),
    });
    expect(res.json()).toMatchObject({ code: 'validation_failed', errorCount: 30 });
    expect(res.json().errors).toHaveLength(20);
    expect(res.json().detail).toMatch(/and 27 more$/);
  });
});
