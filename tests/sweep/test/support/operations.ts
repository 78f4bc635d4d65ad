import fc from 'fast-check';
import { schemaArbitrary, type ArbitraryContext, type Schema } from './schema-arbitrary.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  /** `METHOD /path`, as printed in failures. */
  key: string;
  method: string;
  path: string;
  params: Parameter[];
  bodyTypes: string[];
  bodySchema?: Schema;
  secured: boolean;
  /** Content types the operation documents per status (an empty list: no JSON schema, e.g. an HTML page). */
  responses: Record<string, string[]>;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content?: Record<string, { schema?: Schema }> };
        security?: unknown[];
        responses?: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of an OpenAPI document: routes added later are swept with no change here. */
export function operationsOf(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const bodyTypes = Object.keys(content);
      const jsonType = bodyTypes.find((t) => t.includes('json')) ?? bodyTypes[0];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        bodyTypes,
        ...(jsonType && content[jsonType]?.schema ? { bodySchema: content[jsonType].schema } : {}),
        secured: Array.isArray(op.security) && op.security.length > 0,
        responses: Object.fromEntries(
          Object.entries(op.responses ?? {}).map(([status, r]) => [status, Object.keys(r.content ?? {})]),
        ),
      });
    }
  }
  return out;
}

/** One generated request's parts, before hostile changes. */
export interface Sample {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
}

const paramRecord = (params: Parameter[], ctx: ArbitraryContext) =>
  fc.record(Object.fromEntries(params.map((p) => [p.name, schemaArbitrary(p.schema, ctx, p.name)])), {
    requiredKeys: params.filter((p) => p.required || p.in === 'path').map((p) => p.name),
  });

/** The operation's parts as one arbitrary; bodies without a schema come from seeds or any JSON. */
export function operationArbitrary(op: Operation, ctx: ArbitraryContext, seeds: unknown[]): fc.Arbitrary<Sample> {
  const of = (where: Parameter['in']) => op.params.filter((p) => p.in === where);
  // personal data goes into bodies only: in a path it would replace the ids that reach stored data
  const params: ArbitraryContext = { pool: ctx.pool };
  const body: fc.Arbitrary<unknown> = op.bodySchema
    ? schemaArbitrary(op.bodySchema, ctx)
    : seeds.length > 0
      ? fc.constantFrom(...seeds)
      : op.method === 'GET' || op.method === 'DELETE'
        ? fc.constant(undefined)
        : fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
  return fc.record({
    path: paramRecord(of('path'), params).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])),
    ),
    query: paramRecord(of('query'), params),
    headers: paramRecord(of('header'), params).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])),
    ),
    body,
  });
}

/** Values of a sample's string and number leaves replaced, for hostile variants. */
export function mapLeaves(v: unknown, f: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => mapLeaves(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapLeaves(x, f)]));
  return f(v);
}

/** A stable per-operation seed: the same SWEEP_SEED replays the same requests for each operation. */
export function operationSeed(seed: number, key: string): number {
  let h = seed | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h | 0;
}
