/**
 * Validating the Fiscal Data Package in tests. No maintained JavaScript Data Package library
 * installs from the npm registry here (the Frictionless `datapackage`/`tableschema` packages are
 * unmaintained since 2020-2021; their TypeScript successor is not in the registry), so:
 * - the descriptor is validated against the official Data Package 2.0 profile (JSON Schema,
 *   vendored in test/profiles/ with its source) by Ajv, a maintained JSON Schema validator;
 * - each data row is cast by its Table Schema field type (string, integer; '' is the declared
 *   missing value) and its constraints (required, pattern, enum, minimum, maximum) are checked by
 *   Ajv through a JSON Schema built from the Table Schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import * as addFormatsModule from 'ajv-formats';

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS: under ESM its function may arrive as the default export or wrapped once more
const formats = addFormatsModule as unknown as { default: AddFormats | { default: AddFormats } };
const addFormats: AddFormats = typeof formats.default === 'function' ? formats.default : formats.default.default;

const profile = JSON.parse(readFileSync(new URL('./profiles/datapackage-2.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// the profile marks long texts with the editor hint format "textarea": any string is one
ajv.addFormat('textarea', true);
const validateProfile = ajv.compile(profile);

export function descriptorErrors(descriptor: unknown): ErrorObject[] {
  return validateProfile(descriptor) ? [] : (validateProfile.errors ?? []);
}

interface Field {
  name: string;
  type: string;
  constraints?: { required?: boolean; pattern?: string; enum?: string[]; minimum?: number; maximum?: number };
}

/** A JSON Schema for one cast row of a Table Schema. */
function rowSchema(fields: readonly Field[]) {
  const properties: Record<string, unknown> = {};
  for (const f of fields) {
    const t = f.type === 'integer' ? 'integer' : 'string';
    const c = f.constraints ?? {};
    properties[f.name] = {
      type: c.required ? t : [t, 'null'],
      ...(c.pattern ? { pattern: c.pattern } : {}),
      ...(c.enum ? { enum: c.enum } : {}),
      ...(c.minimum !== undefined ? { minimum: c.minimum } : {}),
      ...(c.maximum !== undefined ? { maximum: c.maximum } : {}),
    };
  }
  return { type: 'object', properties, required: fields.map((f) => f.name), additionalProperties: false };
}

/** Table Schema casting of a CSV cell for the types the package uses; a cell that cannot be cast stays a string (and fails). */
function cast(field: Field, cell: string): unknown {
  if (cell === '') return null;
  if (field.type === 'integer' && /^[+-]?\d+$/.test(cell)) {
    const n = BigInt(cell);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : cell;
  }
  return cell;
}

/** Problems of each row (`row N: ...`); empty when every row conforms to the schema, including a unique primary key. */
export function rowErrors(
  schema: { fields: readonly Field[]; primaryKey?: readonly string[] },
  records: readonly Record<string, string>[],
): string[] {
  const validate = ajv.compile(rowSchema(schema.fields));
  const problems: string[] = [];
  const keys = new Set<string>();
  records.forEach((record, i) => {
    const row = Object.fromEntries(schema.fields.map((f) => [f.name, cast(f, record[f.name] ?? '')]));
    if (!validate(row))
      for (const e of validate.errors ?? []) problems.push(`row ${i + 1}: ${e.instancePath} ${e.message ?? ''}`);
    const key = JSON.stringify((schema.primaryKey ?? []).map((k) => record[k]));
    if (schema.primaryKey && keys.has(key)) problems.push(`row ${i + 1}: duplicate primary key ${key}`);
    keys.add(key);
  });
  return problems;
}
