import { z } from 'zod';
import type { CloudEvent } from './envelope.js';
import { NAME_TOKEN_PATTERN } from './naming.js';

/** One kind of event: its type name, who produces it, and the zod schema of its `data`. */
export interface EventDefinition<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly service: string;
  readonly aggregate: string;
  readonly name: string;
  readonly version: number;
  readonly description: string;
  readonly data: Data;
  /** `urn:sinergi:event:<type>`, the CloudEvents `dataschema` and the JSON Schema `$id`. */
  readonly dataschema: string;
}

export interface EventSpec<
  S extends string,
  A extends string,
  N extends string,
  V extends number,
  D extends z.ZodType,
> {
  /** The producing service; one of SERVICES in the product, any lowercase token in tests. */
  service: S;
  /** The thing the event is about, in the singular: `report`, `application`, `rating`. */
  aggregate: A;
  /** What happened, in the past tense: `submitted`, `disposed`, `resolved`. */
  name: N;
  /** Major version, from 1; a breaking change of `data` makes a new event type. */
  version: V;
  description: string;
  /** A z.object of JSON-representable fields; use codecs (such as Rupiah), not plain transforms. */
  data: D;
}

export type EventTypeName<
  S extends string,
  A extends string,
  N extends string,
  V extends number,
> = `sinergi.${S}.${A}.${N}.v${V}`;

function fail(what: string, message: string): never {
  throw new TypeError(`defineEvent ${what}: ${message}`);
}

export function defineEvent<
  const S extends string,
  const A extends string,
  const N extends string,
  const V extends number,
  D extends z.ZodType,
>(spec: EventSpec<S, A, N, V, D>): EventDefinition<EventTypeName<S, A, N, V>, D> {
  for (const key of ['service', 'aggregate', 'name'] as const) {
    if (typeof spec[key] !== 'string' || !NAME_TOKEN_PATTERN.test(spec[key])) {
      fail(key, `must be a lowercase token matching [a-z][a-z0-9-]*, got ${JSON.stringify(spec[key])}`);
    }
  }
  if (!Number.isSafeInteger(spec.version) || spec.version < 1) {
    fail('version', `must be a whole number from 1, got ${JSON.stringify(spec.version)}`);
  }
  const type = `sinergi.${spec.service}.${spec.aggregate}.${spec.name}.v${spec.version}` as EventTypeName<S, A, N, V>;
  if (typeof spec.description !== 'string' || spec.description.trim() === '') {
    fail(type, 'needs a description saying when the event happens');
  }
  if (!(spec.data instanceof z.ZodType)) fail(type, 'data must be a zod schema');
  // Fail at definition time, not when the docs are generated, if data cannot travel as JSON.
  let jsonSchema: { type?: unknown };
  try {
    jsonSchema = z.toJSONSchema(spec.data, { io: 'input' });
  } catch (error) {
    fail(type, `data cannot be expressed as JSON Schema (${(error as Error).message})`);
  }
  if (jsonSchema.type !== 'object') fail(type, 'data must be an object schema (z.object)');

  return Object.freeze({
    type,
    service: spec.service,
    aggregate: spec.aggregate,
    name: spec.name,
    version: spec.version,
    description: spec.description.trim(),
    data: spec.data,
    dataschema: `urn:sinergi:event:${type}`,
  });
}

/** A set of event definitions, one per type. */
export interface Catalog<D extends EventDefinition = EventDefinition> {
  readonly definitions: readonly D[];
  readonly types: readonly D['type'][];
  /** type -> definition */
  readonly byType: { readonly [T in D['type']]: Extract<D, { type: T }> };
  get(type: string): D | undefined;
  has(type: string): type is D['type'];
}

export function defineCatalog<const Defs extends readonly EventDefinition[]>(definitions: Defs): Catalog<Defs[number]> {
  type D = Defs[number];
  const map = new Map<string, D>();
  for (const def of definitions) {
    if (map.has(def.type)) throw new Error(`defineCatalog: event type ${def.type} is defined twice`);
    map.set(def.type, def);
  }
  return Object.freeze({
    definitions: Object.freeze([...definitions]),
    types: Object.freeze([...map.keys()]),
    byType: Object.freeze(Object.fromEntries(map)) as Catalog<D>['byType'],
    get: (type: string) => map.get(type),
    has: (type: string): type is D['type'] => map.has(type),
  });
}

export type CatalogDefinitions<C> = C extends Catalog<infer D> ? D : never;
/** The union of the event type names of a catalog. */
export type CatalogTypes<C> = CatalogDefinitions<C>['type'];
export type DefinitionOf<C, T extends CatalogTypes<C>> = Extract<CatalogDefinitions<C>, { type: T }>;

/** A decoded event of one definition, as a consumer sees it (data as z.output). */
export type EventOfDefinition<D extends EventDefinition> = CloudEvent<z.output<D['data']>, D['type']>;
/** The same event as JSON on the wire (data as z.input), as createEvent returns it. */
export type WireEventOfDefinition<D extends EventDefinition> = CloudEvent<z.input<D['data']>, D['type']>;

/** A decoded event of type `T` in catalog `C`. */
export type EventOf<C, T extends CatalogTypes<C>> = EventOfDefinition<DefinitionOf<C, T>>;
/** Any event of a catalog, discriminated by `type`. */
export type AnyEventOf<C> = { [T in CatalogTypes<C>]: EventOf<C, T> }[CatalogTypes<C>];

/** A handler for every event type of a catalog; use Partial<> to handle some of them. */
export type EventHandlers<C, R = void | Promise<void>> = { [T in CatalogTypes<C>]: (event: EventOf<C, T>) => R };
