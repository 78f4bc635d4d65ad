import type { Catalog } from './define.js';
import type { JsonSchema } from './json-schema.js';
import { eventJsonSchema } from './json-schema.js';
import { DEFAULT_SUBJECT_PREFIX, parseEventType } from './naming.js';

export interface AsyncApiOptions {
  /** NATS subject prefix, `sinergi` by default. */
  prefix?: string;
  /** Version of the document (info.version), e.g. the contracts package version. */
  version?: string;
}

// Type aliases, not interfaces, so a document is assignable to Record<string, unknown>.
export type AsyncApiMessage = {
  name: string;
  title: string;
  summary: string;
  contentType: string;
  payload: JsonSchema;
};
export type AsyncApiChannel = {
  address: string;
  title: string;
  description: string;
  parameters: Record<string, { description: string; examples: string[] }>;
  messages: Record<string, AsyncApiMessage>;
};
export type AsyncApiOperation = {
  action: 'send' | 'receive';
  channel: { $ref: string };
  messages: { $ref: string }[];
  summary: string;
  tags: { name: string }[];
};
export type AsyncApiDocument = {
  asyncapi: '3.0.0';
  info: { title: string; version: string; description: string; tags: { name: string }[] };
  defaultContentType: string;
  servers: Record<string, { host: string; protocol: string; description: string }>;
  channels: Record<string, AsyncApiChannel>;
  operations: Record<string, AsyncApiOperation>;
};

/** Object keys in AsyncAPI (channel, message and operation ids) allow letters, digits, `_` and `-`. */
function key(type: string): string {
  return type.replace(/\./g, '_');
}

/**
 * An AsyncAPI 3.0.0 document for the events of a catalog on NATS: one channel per event type with
 * the tenant as a parameter, one message (the CloudEvents envelope) and one `send` operation by the
 * producing service.
 */
export function buildAsyncApi(catalog: Catalog, options: AsyncApiOptions = {}): AsyncApiDocument {
  const prefix = options.prefix ?? DEFAULT_SUBJECT_PREFIX;
  const channels: Record<string, AsyncApiChannel> = {};
  const operations: Record<string, AsyncApiOperation> = {};
  const services = new Set<string>();

  for (const def of catalog.definitions) {
    const { service, aggregate, event, version } = parseEventType(def.type);
    services.add(service);
    const id = key(def.type);
    // The parser validates payloads as AsyncAPI Schema, a superset of draft-07: so no 2020-12 here.
    const { $schema: _schema, $id: _id, ...payload } = eventJsonSchema(def, { target: 'draft-07' });
    channels[id] = {
      address: `${prefix}.${service}.{tenant}.${aggregate}.${event}.v${version}`,
      title: def.type,
      description: def.description,
      parameters: {
        tenant: {
          description: 'Region code (kode wilayah Kemendagri) with "_" instead of ".", e.g. 32_73 for Kota Bandung.',
          examples: ['32_73'],
        },
      },
      messages: {
        [id]: {
          name: def.type,
          title: def.type,
          summary: def.description,
          contentType: 'application/cloudevents+json',
          payload: { $id: def.dataschema, ...payload },
        },
      },
    };
    operations[`send_${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      summary: `${service} publishes ${def.type}`,
      tags: [{ name: service }],
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Sinergi events',
      version: options.version ?? '0.0.0',
      description:
        'Events between Sinergi services, as CloudEvents 1.0 in structured JSON mode with a `tenant` extension attribute. ' +
        'Event data never carries unmasked personal data.',
      tags: [...services].sort().map((name) => ({ name })),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      local: {
        host: 'localhost:4222',
        protocol: 'nats',
        description: 'NATS with JetStream; one stream per service.',
      },
    },
    channels,
    operations,
  };
}
