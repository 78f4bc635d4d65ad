/** Request and response shapes of the Open311 GeoReport v2 endpoints and of integrator keys. */
import { z } from 'zod';
import { FORMATS } from './format.js';

export const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';

const formatParam = z.enum(FORMATS).describe('Response format: `json` or `xml` (the path suffix)');
export const FormatParams = z.object({ format: formatParam });
export const ServiceParams = z.object({ service_code: z.string().min(1).max(100), format: formatParam });
export const RequestParams = z.object({
  service_request_id: z.string().min(1).max(40).describe('Tracking ID, e.g. LPR-7K3M-Q9XD'),
  format: formatParam,
});
export const TokenParams = z.object({ token: z.string().min(1).max(100), format: formatParam });

const jurisdiction = z
  .string()
  .max(20)
  .optional()
  .describe('The region code (tenant), e.g. `32.73`; the deployment’s default region when absent');
export const JurisdictionQuery = z.object({ jurisdiction_id: jurisdiction });

export const Open311Errors = z
  .array(z.object({ code: z.number().int(), description: z.string() }))
  .describe('Open311 errors; with `.xml`: `<errors><error><code/><description/></error></errors>`');

export const Discovery = z.object({
  changeset: z.string().describe('When the endpoint list last changed'),
  contact: z.string(),
  key_service: z.string().describe('How to obtain an api_key'),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});

export const ServiceOut = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.boolean().describe('Always false: no service has extra attributes'),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: z.string(),
  group: z.string().describe('The unit that handles the service by default'),
});

const Attribute = z.object({
  variable: z.boolean(),
  code: z.string(),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});

export const ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(Attribute).describe('Always empty: no service has extra attributes'),
});

export const RequestOut = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type RequestOut = z.output<typeof RequestOut>;

const isoDateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .describe('ISO 8601, e.g. `2026-01-31T00:00:00+07:00` (a bare date is midnight UTC)');

export const RequestsQuery = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: z
    .string()
    .max(2000)
    .optional()
    .describe('Comma-separated tracking IDs; when given, the other filters are ignored'),
  service_code: z.string().max(1000).optional().describe('Comma-separated service codes'),
  start_date: isoDateTime.optional().describe('Earliest requested_datetime; the range may span at most 90 days'),
  end_date: isoDateTime.optional().describe('Latest requested_datetime; default: the last 90 days'),
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))*$/, { error: 'must be open, closed or both, comma-separated' })
    .optional(),
});

/** A form field Open311 clients may send; empty strings are dropped before validation. */
const text = (max: number) => z.string().trim().max(max);

export const PostRequestBody = z
  .object({
    api_key: z
      .string({ error: 'api_key is required' })
      .max(200)
      .describe('An integrator key from `POST /v1/open311-keys`'),
    jurisdiction_id: jurisdiction,
    service_code: z
      .string({ error: 'service_code is required' })
      .trim()
      .min(1)
      .max(100)
      .describe('A service_code from `services`'),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: text(500).optional(),
    address_id: text(100).optional().describe('An address ID of the client’s own system; kept as the report’s address'),
    email: z.email().max(200).optional(),
    device_id: text(200).optional(),
    account_id: text(200).optional(),
    first_name: text(60).optional(),
    last_name: text(60).optional(),
    phone: text(40)
      .optional()
      .describe('An Indonesian mobile number; for the region’s staff only, never shown publicly'),
    description: z.string().trim().max(4000, { error: 'must be at most 4000 characters' }).optional(),
    media_url: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
    requested_datetime: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'Sinergi extension: when the client received the request (an app that queued it offline); the deadlines count from it. Not in the future, not older than the region allows.',
      ),
  })
  .superRefine((b, ctx) => {
    if ((b.lat === undefined) !== (b.long === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [b.lat === undefined ? 'lat' : 'long'],
        message: 'lat and long must be given together',
      });
    } else if (b.lat === undefined && !b.address_string && !b.address_id) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'a location is required: lat and long, address_string or address_id',
      });
    }
  });

export const PostRequestOut = z.array(
  z.object({
    service_request_id: z.string(),
    token: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);

export const TokenOut = z.array(z.object({ service_request_id: z.string(), token: z.string() }));

// ---- integrator keys --------------------------------------------------------------------------

export const KeyBody = z
  .object({ name: z.string().trim().min(2).max(100).describe('Who holds the key, e.g. "Aplikasi Warga Bandung"') })
  .strict();
export const KeyIdParams = z.object({ id: z.uuid() });

const KeySummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first characters of the key, to tell keys apart'),
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().nullable(),
});
export const KeyCreated = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string().describe('Shown once: only its hash is stored'),
  prefix: z.string(),
  createdAt: z.string(),
});
export const KeyList = z.object({ items: z.array(KeySummary) });
