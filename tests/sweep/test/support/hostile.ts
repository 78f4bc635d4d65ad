/*
 * The fixed hostile variants of one generated request: what an attacker or a broken client sends.
 */
import { mapLeaves, type Operation, type Sample } from './operations.js';

export interface Shape {
  label: string;
  path: Record<string, string>;
  /** Pairs, so a parameter can be sent twice. */
  query: Array<[string, string]>;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** null: send no Content-Type at all. */
  contentType?: string | null;
  /** Path segments already percent-encoded (so `%00` or invalid UTF-8 reach the server as bytes). */
  rawPath?: boolean;
}

export const NUL = 'a\u0000b';
export const CONTROL = '\u0001\u0007\b\u000b\u001b[31m\u007f\u0085\u2028\ufeff';
export const LONE_SURROGATES = 'x\ud800y\udfffz';
export const HUGE = 'A'.repeat(300_000);
const NUMBERS = ['1e308', '-0', '9223372036854775808', '-9223372036854775809', '1e999'];
const NUMBER_MARK = '\u0000sweep-number\u0000';

const queryPairs = (q: Record<string, unknown>): Array<[string, string]> =>
  Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)]);

const jsonBody = (op: Operation, body: unknown) =>
  body === undefined && !op.bodyTypes.length ? undefined : JSON.stringify(body ?? {});

/** The generated request as is (JSON body when the operation takes one). */
export function plain(op: Operation, s: Sample, label = 'generated'): Shape {
  const body = jsonBody(op, s.body);
  return {
    label,
    path: s.path,
    query: queryPairs(s.query),
    headers: s.headers,
    ...(body === undefined ? {} : { body, contentType: 'application/json' }),
  };
}

/** Every string of the sample replaced by `value` (in the path and query too unless `bodyOnly`). */
function withStrings(
  op: Operation,
  s: Sample,
  { value, label, bodyOnly = false }: { value: string; label: string; bodyOnly?: boolean },
): Shape {
  const inUrl = !bodyOnly;
  const swap = (x: unknown) => (typeof x === 'string' ? value : x);
  const path = inUrl ? Object.fromEntries(Object.keys(s.path).map((k) => [k, value])) : s.path;
  const query = inUrl ? (mapLeaves(s.query, swap) as Record<string, unknown>) : s.query;
  const body =
    s.body === undefined && op.bodyTypes.length === 0
      ? undefined
      : JSON.stringify(mapLeaves(s.body ?? { text: value }, swap));
  return {
    label,
    path,
    query: queryPairs(query),
    headers: s.headers,
    ...(body === undefined ? {} : { body, contentType: 'application/json' }),
  };
}

/** Every hostile variant of one sample; `hasBody` adds body and content-type attacks. */
export function hostileShapes(op: Operation, s: Sample): Shape[] {
  const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
  const base = plain(op, s);
  const shapes: Shape[] = [
    withStrings(op, s, { value: NUL, label: 'NUL in every string' }),
    withStrings(op, s, { value: CONTROL, label: 'control characters in every string' }),
    withStrings(op, s, { value: LONE_SURROGATES, label: 'lone surrogates in every string' }),
    {
      ...base,
      label: 'duplicated query parameters',
      query: [
        ...base.query,
        ...base.query.map(([k]) => [k, '2'] as [string, string]),
        ['tenant', '32.73'],
        ['tenant', '72.71'],
      ],
    },
    { ...base, label: 'a 20 KB query string', query: [...base.query, ['q', 'A'.repeat(20_000)]] },
    {
      ...base,
      label: 'unknown query parameters with NUL',
      query: [...base.query, ['x\u0000', NUL], ['__proto__', '{}'], ['constructor[prototype][x]', '1']],
    },
  ];
  for (const n of NUMBERS) {
    const query = base.query.map(([k, v]): [string, string] => [k, /^-?\d/.test(v) ? n : v]);
    const marked = JSON.stringify(mapLeaves(s.body, (x) => (typeof x === 'number' ? NUMBER_MARK : x)) ?? null);
    const body = hasBody ? marked.replaceAll(JSON.stringify(NUMBER_MARK), n) : undefined;
    shapes.push({
      ...base,
      label: `number ${n} in every number`,
      query: [...query, ['limit', n], ['offset', n]],
      ...(body ? { body } : {}),
    });
  }
  if (Object.keys(s.path).length > 0) {
    for (const [label, v] of [
      ['%00 in path parameters', 'a%00b'],
      ['encoded slashes and dots in path parameters', '..%2F..%2Fetc%2Fpasswd'],
      ['invalid UTF-8 in path parameters', '%ED%A0%80%FF'],
      ['a bad percent escape in path parameters', '%E0%A4%A'],
      ['a 300-character path parameter', 'x'.repeat(300)],
    ] as const) {
      shapes.push({ ...base, label, rawPath: true, path: Object.fromEntries(Object.keys(s.path).map((k) => [k, v])) });
    }
  }
  if (!hasBody) return shapes;
  // NUL in one field at a time: the others stay valid, so a delivery still reaches the code storing that field
  const leaves = stringPaths(s.body).slice(0, 8);
  for (const path of leaves) {
    shapes.push({
      ...base,
      label: `NUL in ${path.join('.') || 'the body'}`,
      body: JSON.stringify(setAt(s.body, path, (v) => `${String(v)}\u0000`)),
      contentType: 'application/json',
    });
  }
  const json = base.body ?? '{}';
  const sampleObject = s.body && typeof s.body === 'object' && !Array.isArray(s.body) ? s.body : {};
  const unknownKeys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`unknown${i}`, i]));
  shapes.push(
    withStrings(op, s, { value: HUGE, label: 'a 300 KB string in every string', bodyOnly: true }),
    {
      ...base,
      label: 'JSON arrays nested 5,000 deep',
      body: '['.repeat(5000) + ']'.repeat(5000),
      contentType: 'application/json',
    },
    {
      ...base,
      label: 'JSON objects nested 5,000 deep',
      body: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000),
      contentType: 'application/json',
    },
    {
      ...base,
      label: '20,000 unknown keys',
      body: JSON.stringify({ ...unknownKeys, ...sampleObject }),
      contentType: 'application/json',
    },
    {
      ...base,
      label: 'wrong types in every field',
      body: JSON.stringify(mapLeaves(s.body ?? {}, wrongType)),
      contentType: 'application/json',
    },
    {
      ...base,
      label: 'truncated JSON',
      body: json.slice(0, Math.max(1, json.length - 1)),
      contentType: 'application/json',
    },
    {
      ...base,
      label: 'invalid UTF-8 in JSON',
      body: Buffer.concat([
        Buffer.from('{"text":"'),
        Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]),
        Buffer.from('"}'),
      ]),
      contentType: 'application/json',
    },
    { ...base, label: 'empty JSON body', body: '', contentType: 'application/json' },
    { ...base, label: 'no Content-Type', body: json, contentType: null },
    { ...base, label: 'text/plain', body: json, contentType: 'text/plain' },
    {
      ...base,
      label: 'application/xml',
      body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
      contentType: 'application/xml',
    },
    {
      ...base,
      label: 'form-encoded with duplicated fields',
      body: 'a=1&a=2&text=%00&__proto__[x]=1',
      contentType: 'application/x-www-form-urlencoded',
    },
    {
      ...base,
      label: 'multipart junk',
      body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000\r\n--x',
      contentType: 'multipart/form-data; boundary=x',
    },
    { ...base, label: 'JSON declared as UTF-16', body: json, contentType: 'application/json; charset=utf-16' },
  );
  for (const top of ['null', '[]', '"text"', '12', 'true'])
    shapes.push({ ...base, label: `top-level ${top}`, body: top, contentType: 'application/json' });
  return shapes;
}

function wrongType(x: unknown): unknown {
  if (typeof x === 'string') return { not: 'a string' };
  if (typeof x === 'number') return 'not a number';
  if (typeof x === 'boolean') return 'true';
  if (x === null) return [];
  return 7;
}

function stringPaths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v === 'string') return [at];
  if (Array.isArray(v)) return v.flatMap((x, i) => stringPaths(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => stringPaths(x, [...at, k]));
  return [];
}

function setAt(v: unknown, path: Array<string | number>, f: (leaf: unknown) => unknown): unknown {
  if (path.length === 0) return f(v);
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, f) : x));
  const o = v as Record<string, unknown>;
  return { ...o, [head!]: setAt(o[head!], rest, f) };
}
