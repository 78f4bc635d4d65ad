/*
 * JSON Schema (as @fastify/swagger writes it into /openapi.json) -> fast-check arbitrary of values
 * that mostly pass validation, so hostile variants reach the handlers behind the validator. No
 * maintained fast-check generator for JSON Schema exists on npm; the subset our zod schemas produce
 * is small. Strings prefer values the sweep has seen (the directory, earlier answers) when they fit.
 */
import fc from 'fast-check';
import type { Planted } from './personal.js';

export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  default?: unknown;
}

/** Strings the sweep has seen, by the key they were seen under. */
export type Pool = Map<string, Set<string>>;

export interface ArbitraryContext {
  pool: Pool;
  /** Put personal data into every free-text field (the values the leak checks look for). */
  planted?: Planted;
}

const fits = (s: Schema, v: string) => {
  if (s.minLength !== undefined && v.length < s.minLength) return false;
  if (s.maxLength !== undefined && v.length > s.maxLength) return false;
  if (s.pattern) {
    try {
      if (!new RegExp(s.pattern, 'u').test(v)) return false;
    } catch {
      return false;
    }
  }
  return true;
};

/** Values seen under the key itself, its last word (`x-report-secret` -> `secret`), or as the code or id of a list named like it. */
function namesFor(pool: Pool, key: string): string[] {
  const stem = key
    .toLowerCase()
    .replace(/(?:_?code|_?id)$/, '')
    .slice(0, -1);
  const last = key.split(/[-_]/).pop() ?? key;
  const listed =
    stem.length < 3
      ? []
      : [...pool.keys()].filter((k) => /\.(code|id)$/.test(k) && k.split('.')[0]!.toLowerCase().includes(stem));
  return [key, last, ...listed];
}

export function known(pool: Pool, key: string | undefined, s: Schema): string[] {
  const byKey = key ? namesFor(pool, key).flatMap((k) => [...(pool.get(k) ?? [])]) : [];
  const fitting = byKey.filter((v) => fits(s, v));
  if (fitting.length > 0 || !s.pattern) return fitting.slice(0, 50);
  // a pattern-constrained string with no value under its own name: anything seen that matches
  const all = new Set<string>();
  for (const values of pool.values()) for (const v of values) if (fits(s, v)) all.add(v);
  return [...all].slice(0, 50);
}

/** Free text holding every planted value, cut to the field's length limits. */
function plantedText(p: Planted, key: string | undefined, s: Schema): string | undefined {
  const k = (key ?? '').toLowerCase();
  const pick = /nik/.test(k)
    ? p.nik
    : /phone|contact|telp|hp$/.test(k)
      ? p.phone
      : /mail/.test(k) || s.format === 'email'
        ? p.email
        : /name/.test(k)
          ? p.name
          : undefined;
  // no name in free text: nobody can mask a name inside a sentence; names go into name fields only
  const text = pick ?? `Saya warga, NIK ${p.nik}, HP ${p.phone}, email ${p.email}. Jalan rusak di depan rumah.`;
  const max = s.maxLength ?? Infinity;
  const min = s.minLength ?? 0;
  let out = text.length <= max ? text : pick ? undefined : [p.phone, p.nik, p.email].find((v) => v.length <= max);
  if (out === undefined) return undefined;
  if (out.length < min) out = `${out} ${'x'.repeat(min - out.length)}`.slice(0, Math.max(min, out.length + 1));
  return fits({ ...s, pattern: undefined }, out) && (!s.pattern || fits(s, out)) ? out : undefined;
}

/** Whether a field can hold planted personal data: free text, an e-mail, or an object with such fields. */
function carriesText(s: Schema): boolean {
  if (s.type === 'object') return Object.values(s.properties ?? {}).some(carriesText);
  return s.type === 'string' && !s.enum && (s.format === 'email' || (!s.pattern && !s.format));
}

function stringArbitrary(s: Schema, key: string | undefined, ctx: ArbitraryContext): fc.Arbitrary<string> {
  if (ctx.planted && !s.enum) {
    const text = plantedText(ctx.planted, key, s);
    if (text !== undefined) return fc.constant(text);
  }
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 40, Math.max(minLength, 40)));
  let generated: fc.Arbitrary<string>;
  switch (s.format) {
    case 'uuid':
      generated = fc.uuid();
      break;
    case 'email':
      generated = fc.emailAddress();
      break;
    case 'uri':
      generated = fc.webUrl();
      break;
    case 'date-time':
      generated = fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
      break;
    case 'date':
      generated = fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
      break;
    default:
      // a pattern bounds the length itself (a 64-digit hash): only the schema's own maxLength filters it,
      // never the 40 that caps free text, or the filter could never pass and generation would spin forever
      generated = s.pattern
        ? matching(s.pattern, minLength, s.maxLength ?? Number.MAX_SAFE_INTEGER)
        : fc.string({ minLength, maxLength, unit: 'grapheme' });
  }
  const seen = known(ctx.pool, key, s);
  return seen.length > 0
    ? fc.oneof({ arbitrary: fc.constantFrom(...seen), weight: 2 }, { arbitrary: generated, weight: 1 })
    : generated;
}

function matching(pattern: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((v) => v.length >= minLength && v.length <= maxLength);
  } catch {
    return fc.string({ minLength, maxLength });
  }
}

function numberArbitrary(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : -1_000_000);
  const hi = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - 1 : 1_000_000);
  if (integer) {
    const min = Math.ceil(Math.min(lo, hi));
    const full = fc.integer({ min, max: Math.floor(Math.max(lo, hi)) });
    // offsets and limits without a maximum: mostly small, or every page past the data is empty
    return fc.oneof(
      { arbitrary: fc.integer({ min, max: Math.min(Math.floor(Math.max(lo, hi)), min + 20) }), weight: 3 },
      { arbitrary: full, weight: 1 },
    );
  }
  return fc.double({ min: Math.min(lo, hi), max: Math.max(lo, hi), noNaN: true, noDefaultInfinity: true });
}

/** A fast-check arbitrary of values the schema (mostly) accepts. */
export function schemaArbitrary(s: Schema | undefined, ctx: ArbitraryContext, key?: string): fc.Arbitrary<unknown> {
  if (!s || typeof s !== 'object') return fc.jsonValue({ maxDepth: 2 });
  const base = baseArbitrary(s, ctx, key);
  return s.nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
}

function baseArbitrary(s: Schema, ctx: ArbitraryContext, key: string | undefined): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum && s.enum.length > 0) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((a) => schemaArbitrary(a, ctx, key)));
  if (s.allOf && s.allOf.length > 0) return schemaArbitrary(Object.assign({}, ...s.allOf) as Schema, ctx, key);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type ?? (s.properties ? 'object' : undefined)) {
    case 'string':
      return stringArbitrary(s, key, ctx);
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schemaArbitrary(s.items, ctx, key), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      });
    case 'object': {
      const entries = Object.entries(s.properties ?? {}).filter(
        ([k, v]) => !ctx.planted || (s.required ?? []).includes(k) || carriesText(v),
      );
      const props = Object.fromEntries(entries.map(([k, v]) => [k, schemaArbitrary(v, ctx, k)]));
      // planting: every kept field present, so the personal data always goes in
      const record = fc.record(
        props,
        ctx.planted ? {} : { requiredKeys: (s.required ?? []).filter((k) => k in props) },
      );
      if (typeof s.additionalProperties !== 'object' || Object.keys(props).length > 0) return record;
      const extra = fc.dictionary(
        fc.string({ minLength: 1, maxLength: 12 }),
        schemaArbitrary(s.additionalProperties, ctx),
        { maxKeys: 4 },
      );
      return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
