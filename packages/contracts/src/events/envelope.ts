import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { RegionCode } from '../values/regions.js';
import type { AnyEventOf, Catalog, EventDefinition, WireEventOfDefinition } from './define.js';
import { EventType } from './naming.js';

/**
 * A CloudEvents 1.0 event in structured JSON mode, with the `tenant` extension attribute
 * (the region code the event belongs to).
 */
export interface CloudEvent<T = unknown, Type extends string = string> {
  specversion: '1.0';
  /** Unique per event; we use UUIDs, and the same value as the outbox row id and Nats-Msg-Id. */
  id: string;
  /** `/sinergi/<service>/<tenant>` */
  source: string;
  type: Type;
  /** RFC 3339 */
  time: string;
  /** The aggregate id, e.g. a complaint's tracking id. */
  subject: string;
  datacontenttype: 'application/json';
  /** `urn:sinergi:event:<type>` */
  dataschema: string;
  tenant: string;
  data: T;
}

function missingOr(name: string, message: string) {
  return (iss: { input: unknown }) => (iss.input === undefined ? `${name} is required` : message);
}

/**
 * The zod schema of the envelope around `dataSchema`. With `type`, the `type` and `dataschema`
 * attributes must be exactly those of that event type.
 */
export function cloudEventSchema<S extends z.ZodType>(dataSchema: S, options: { type?: string } = {}) {
  const type = options.type;
  return z.object(
    {
      specversion: z.literal('1.0', { error: missingOr('specversion', 'specversion must be "1.0" (CloudEvents 1.0)') }),
      id: z.string({ error: missingOr('id', 'id must be a string') }).min(1, { error: 'id must not be empty' }),
      source: z
        .string({ error: missingOr('source', 'source must be a string') })
        .regex(/^\S+$/, { error: 'source must be a URI-reference without spaces, e.g. /sinergi/complaints/32.73' }),
      type:
        type === undefined
          ? EventType
          : z.literal(type, { error: missingOr('type', `type must be ${JSON.stringify(type)}`) }),
      time: z.iso.datetime({
        offset: true,
        error: missingOr(
          'time',
          'time must be an RFC 3339 timestamp with seconds and a zone, e.g. 2026-01-31T08:00:00Z',
        ),
      }),
      subject: z
        .string({ error: missingOr('subject', 'subject must be a string (the aggregate id)') })
        .min(1, { error: 'subject must not be empty: it is the id of the aggregate the event is about' }),
      datacontenttype: z.literal('application/json', {
        error: missingOr('datacontenttype', 'datacontenttype must be "application/json"'),
      }),
      dataschema:
        type === undefined
          ? z
              .string({ error: missingOr('dataschema', 'dataschema must be a string') })
              .regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, { error: 'dataschema must be an absolute URI' })
          : z.literal(`urn:sinergi:event:${type}`, {
              error: missingOr('dataschema', `dataschema must be "urn:sinergi:event:${type}"`),
            }),
      tenant: RegionCode,
      data: dataSchema,
    },
    { error: missingOr('event', 'an event must be a JSON object') },
  );
}

const envelopes = new WeakMap<EventDefinition, z.ZodType>();
const envelopesWithoutData = new WeakMap<EventDefinition, z.ZodType>();
let anyEnvelope: z.ZodType | undefined;

/** The envelope schema of one event definition (cached). */
export function eventEnvelopeSchema<D extends EventDefinition>(def: D) {
  let schema = envelopes.get(def);
  if (!schema) {
    schema = cloudEventSchema(def.data, { type: def.type });
    envelopes.set(def, schema);
  }
  return schema as ReturnType<typeof cloudEventSchema<D['data']>>;
}

export interface EventIssue {
  /** Dotted path inside the event, e.g. `data.location.lat`; empty for the whole event. */
  path: string;
  message: string;
}

function toIssues(error: z.ZodError, prefix: string[] = []): EventIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function describeIssues(issues: EventIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  constructor(
    readonly eventType: string,
    readonly issues: EventIssue[],
  ) {
    super(`invalid event ${eventType}: ${describeIssues(issues)}`);
  }
}

export interface CreateEventInput<D extends EventDefinition> {
  tenant: string;
  /** The aggregate id, e.g. a complaint's tracking id. */
  subject: string;
  /** The data as domain values (z.output); it is validated and encoded to its JSON form. */
  data: z.output<D['data']>;
  id?: string;
  time?: string | Date;
}

/**
 * Builds the event to publish. Throws EventValidationError when the data does not match the
 * definition, or tenant, subject, id or time are invalid. Keys not in the data schema are dropped.
 */
export function createEvent<D extends EventDefinition>(def: D, input: CreateEventInput<D>): WireEventOfDefinition<D> {
  const issues: EventIssue[] = [];
  const data = z.safeEncode(def.data, input.data);
  if (!data.success) issues.push(...toIssues(data.error, ['data']));
  const time = input.time instanceof Date ? input.time.toISOString() : (input.time ?? new Date().toISOString());
  const event = {
    specversion: '1.0' as const,
    id: input.id ?? randomUUID(),
    source: `/sinergi/${def.service}/${input.tenant}`,
    type: def.type,
    time,
    subject: input.subject,
    datacontenttype: 'application/json' as const,
    dataschema: def.dataschema,
    tenant: input.tenant,
    data: data.success ? data.data : undefined,
  };
  // Check the envelope without the data, whose problems are already collected above.
  let withoutData = envelopesWithoutData.get(def);
  if (!withoutData) {
    withoutData = cloudEventSchema(z.unknown(), { type: def.type });
    envelopesWithoutData.set(def, withoutData);
  }
  const envelope = withoutData.safeParse(event);
  if (!envelope.success) issues.unshift(...toIssues(envelope.error));
  if (issues.length > 0) throw new EventValidationError(def.type, issues);
  return event as WireEventOfDefinition<D>;
}

export type ParseEventResult<C extends Catalog> =
  { success: true; event: AnyEventOf<C> } | { success: false; issues: EventIssue[]; message: string };

function failure(issues: EventIssue[]): { success: false; issues: EventIssue[]; message: string } {
  return { success: false, issues, message: `invalid event: ${describeIssues(issues)}` };
}

/**
 * Validates a received event (a JSON string, bytes, or an already parsed value) against the
 * catalog: envelope and data. On success the data is decoded (z.output, e.g. bigint rupiah).
 */
export function parseEvent<C extends Catalog>(catalog: C, input: unknown): ParseEventResult<C> {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof input === 'string' ? input : new TextDecoder().decode(input));
    } catch (error) {
      return failure([{ path: '', message: `event is not valid JSON (${(error as Error).message})` }]);
    }
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const def = typeof type === 'string' ? catalog.get(type) : undefined;
  if (!def) {
    anyEnvelope ??= cloudEventSchema(z.unknown());
    const generic = anyEnvelope.safeParse(value);
    const issues = generic.success ? [] : toIssues(generic.error);
    if (typeof type === 'string' && EventType.safeParse(type).success) {
      issues.push({ path: 'type', message: `unknown event type ${type}: it is not in the event catalog` });
    }
    return failure(issues);
  }
  const parsed = eventEnvelopeSchema(def).safeParse(value);
  if (!parsed.success) return failure(toIssues(parsed.error));
  return { success: true, event: parsed.data as AnyEventOf<C> };
}
