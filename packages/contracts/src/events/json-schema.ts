import { z } from 'zod';
import type { Catalog, EventDefinition } from './define.js';
import { eventEnvelopeSchema } from './envelope.js';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12 unless `target` says otherwise) of the whole envelope of one event
 * type, with its `data` embedded and `$id` = the event's dataschema URN. It describes the JSON on
 * the wire; rules zod checks in code (a region code that exists, a real date) appear as patterns
 * at most.
 */
export function eventJsonSchema(
  def: EventDefinition,
  options: { target?: 'draft-2020-12' | 'draft-07' } = {},
): JsonSchema {
  const { $schema, ...schema } = z.toJSONSchema(eventEnvelopeSchema(def), {
    io: 'input',
    target: options.target ?? 'draft-2020-12',
  }) as JsonSchema;
  return { $schema, $id: def.dataschema, title: def.type, description: def.description, ...schema };
}

/** JSON Schemas of every event type of a catalog, by type. */
export function catalogJsonSchemas(catalog: Catalog): Record<string, JsonSchema> {
  return Object.fromEntries(catalog.definitions.map((def) => [def.type, eventJsonSchema(def)]));
}
