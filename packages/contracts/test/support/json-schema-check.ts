/**
 * A deliberately tiny JSON Schema checker for the keywords zod emits for our envelopes. It throws on
 * any keyword it does not know, so a schema it cannot judge fails the test instead of passing.
 */
type Schema = Record<string, unknown>;

const IGNORED = new Set(['$schema', '$id', 'title', 'description', 'format', 'default', 'examples']);
const KNOWN = new Set([
  'type',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'oneOf',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function jsonSchemaErrors(schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) {
    if (!IGNORED.has(key) && !KNOWN.has(key)) throw new Error(`checker does not know keyword ${key} at ${path}`);
  }
  const errors: string[] = [];
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const allowed = ([] as unknown[]).concat(schema.type);
    if (!allowed.includes(t) && !(t === 'integer' && allowed.includes('number'))) {
      return [`${path}: expected ${allowed.join('|')}, got ${t}`];
    }
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value))
    errors.push(`${path}: not the const`);
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${path}: not in enum`);
  }
  if (typeof value === 'string') {
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${path}: does not match ${schema.pattern}`);
    }
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${path}: too short`);
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) errors.push(`${path}: too long`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${path}: above maximum`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      errors.push(`${path}: not above`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
      errors.push(`${path}: not below`);
  }
  if (t === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) {
      if (!(name in object)) errors.push(`${path}.${name}: required`);
    }
    for (const [name, item] of Object.entries(object)) {
      const sub = properties[name];
      if (sub) errors.push(...jsonSchemaErrors(sub, item, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${name}: not allowed`);
      else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
        errors.push(...jsonSchemaErrors(schema.additionalProperties as Schema, item, `${path}.${name}`));
      }
    }
  }
  if (t === 'array' && typeof schema.items === 'object' && schema.items !== null) {
    (value as unknown[]).forEach((item, i) =>
      errors.push(...jsonSchemaErrors(schema.items as Schema, item, `${path}[${i}]`)),
    );
  }
  if (
    Array.isArray(schema.anyOf) &&
    !schema.anyOf.some((s) => jsonSchemaErrors(s as Schema, value, path).length === 0)
  ) {
    errors.push(`${path}: matches none of anyOf`);
  }
  if (
    Array.isArray(schema.oneOf) &&
    schema.oneOf.filter((s) => jsonSchemaErrors(s as Schema, value, path).length === 0).length !== 1
  ) {
    errors.push(`${path}: does not match exactly one of oneOf`);
  }
  return errors;
}
