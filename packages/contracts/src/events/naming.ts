import { z } from 'zod';
import { REGION_CODE_PATTERN } from '../values/regions.js';

/*
 * Naming rule, one for every event:
 *   event type    sinergi.<service>.<aggregate>.<event>.v<major>     sinergi.complaints.report.submitted.v1
 *   NATS subject  <prefix>.<service>.<tenant>.<aggregate>.<event>.v<major>
 *                                                      sinergi.complaints.32_73.report.submitted.v1
 *   stream        one per service, <PREFIX>_<SERVICE>, subjects <prefix>.<service>.>
 * Tokens are lowercase `[a-z][a-z0-9-]*`; the major version starts at 1 and changes only on a
 * breaking change of the data (a new event type, published next to the old one while consumers move).
 * The tenant token is the region code with `_` for `.`, because `.` separates NATS subject tokens.
 */

export const SERVICES = ['budgeting', 'licensing', 'complaints', 'social-intake', 'official-rating'] as const;
export const ServiceName = z.enum(SERVICES, {
  error: (iss) => `service must be one of ${SERVICES.join(', ')}; got ${JSON.stringify(iss.input)}`,
});
export type ServiceName = z.infer<typeof ServiceName>;

export const NAME_TOKEN_PATTERN = /^[a-z][a-z0-9-]*$/;
export const EVENT_TYPE_PATTERN = /^sinergi\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.([a-z][a-z0-9-]*)\.v([1-9][0-9]*)$/;
export const DEFAULT_SUBJECT_PREFIX = 'sinergi';

export const EventType = z.string({ error: 'event type must be a string' }).regex(EVENT_TYPE_PATTERN, {
  error: (iss) =>
    `event type must look like sinergi.<service>.<aggregate>.<event>.v<major> in lowercase, e.g. sinergi.complaints.report.submitted.v1; got ${JSON.stringify(iss.input)}`,
});

export interface EventTypeParts {
  service: string;
  aggregate: string;
  event: string;
  version: number;
}

export function parseEventType(type: string): EventTypeParts {
  const m = EVENT_TYPE_PATTERN.exec(type);
  if (!m) throw new RangeError(EventType.safeParse(type).error?.issues[0]?.message ?? 'invalid event type');
  return { service: m[1]!, aggregate: m[2]!, event: m[3]!, version: Number(m[4]) };
}

/** `32.73` -> `32_73`. Checks the form only, not that the region exists. */
export function tenantToken(regionCode: string): string {
  if (!REGION_CODE_PATTERN.test(regionCode)) {
    throw new RangeError(`tenant must be a region code like "32.73", got ${JSON.stringify(regionCode)}`);
  }
  return regionCode.replace('.', '_');
}

/** `32_73` -> `32.73`. */
export function tenantFromToken(token: string): string {
  if (!/^\d{2}_\d{2}$/.test(token)) {
    throw new RangeError(`tenant token must look like "32_73", got ${JSON.stringify(token)}`);
  }
  return token.replace('_', '.');
}

function checkPrefix(prefix: string): string {
  if (!/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(prefix)) {
    throw new RangeError(
      `subject prefix must be one or more NATS tokens of letters, digits, "_" or "-" joined by ".", got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

function checkService(service: string): string {
  if (!NAME_TOKEN_PATTERN.test(service)) {
    throw new RangeError(`service must be a lowercase token like "complaints", got ${JSON.stringify(service)}`);
  }
  return service;
}

/** The NATS subject one event of `eventType` for `tenant` is published on. */
export function subjectFor(eventType: string, tenant: string, prefix: string = DEFAULT_SUBJECT_PREFIX): string {
  const { service, aggregate, event, version } = parseEventType(eventType);
  return `${checkPrefix(prefix)}.${service}.${tenantToken(tenant)}.${aggregate}.${event}.v${version}`;
}

/** All events of a service (`sinergi.complaints.>`), or of one of its tenants (`sinergi.complaints.32_73.>`). */
export function subjectFilter(options: { service: string; tenant?: string; prefix?: string }): string {
  const prefix = checkPrefix(options.prefix ?? DEFAULT_SUBJECT_PREFIX);
  const service = checkService(options.service);
  return options.tenant === undefined
    ? `${prefix}.${service}.>`
    : `${prefix}.${service}.${tenantToken(options.tenant)}.>`;
}

/** One event type for all tenants (`sinergi.complaints.*.report.submitted.v1`) or for one. */
export function eventTypeFilter(eventType: string, options: { tenant?: string; prefix?: string } = {}): string {
  const { service, aggregate, event, version } = parseEventType(eventType);
  const tenant = options.tenant === undefined ? '*' : tenantToken(options.tenant);
  return `${checkPrefix(options.prefix ?? DEFAULT_SUBJECT_PREFIX)}.${service}.${tenant}.${aggregate}.${event}.v${version}`;
}

export interface StreamConfig {
  name: string;
  subjects: string[];
}

/** The JetStream stream holding all events of one service: `SINERGI_COMPLAINTS`, subjects `sinergi.complaints.>`. */
export function streamConfigFor(service: string, prefix: string = DEFAULT_SUBJECT_PREFIX): StreamConfig {
  const name = `${checkPrefix(prefix)}_${checkService(service)}`.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { name, subjects: [subjectFilter({ service, prefix })] };
}
