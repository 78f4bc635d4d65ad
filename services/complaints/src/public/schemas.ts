import { z } from 'zod';
import { DistrictCode, REPORT_STATUSES, ReportType, Slug, UnitCode } from '@sinergi/contracts';

/** Statuses a public reader may filter on: supporting reports are not listed (they count as supporters). */
export const PUBLIC_STATUSES = REPORT_STATUSES.filter((s) => s !== 'supporting') as Exclude<
  (typeof REPORT_STATUSES)[number],
  'supporting'
>[];

const IsoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const Tenant = z
  .string()
  .optional()
  .describe('Region code, e.g. 32.73 (else the host’s region or the deployment’s default)');

export const PublicFilterQuery = z.object({
  tenant: Tenant,
  category: Slug.optional(),
  status: z.enum(PUBLIC_STATUSES).optional(),
  unit: UnitCode.optional().describe('The unit handling the report'),
  districtCode: DistrictCode.optional().describe('Kecamatan code, e.g. 32.73.02'),
  type: ReportType.optional(),
  from: IsoDate.optional().describe('First day of submission (the region’s local date), inclusive'),
  to: IsoDate.optional().describe('Last day of submission (the region’s local date), inclusive'),
  bbox: z
    .string()
    .max(200)
    .optional()
    .describe(
      'minLon,minLat,maxLon,maxLat in WGS84 degrees, e.g. 107.55,-6.97,107.74,-6.84; only reports with a location inside',
    ),
});

export const PublicListQuery = PublicFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const MAP_MAX_FEATURES = 5000;
export const PublicMapQuery = PublicFilterQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAP_MAX_FEATURES).default(1000),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const Properties = {
  trackingId: z.string(),
  type: z.string(),
  category: z.string(),
  title: z.string(),
  status: z.enum(REPORT_STATUSES),
  statusLabel: z.string(),
  unit: z.string().nullable(),
  districtCode: z.string().nullable(),
  villageCode: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  supporters: z.number().int().describe('Reports linked to this one as support (duplicates)'),
};

export const PublicReport = z.object({
  ...Properties,
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
});
export type PublicReport = z.output<typeof PublicReport>;

export const PublicReportList = z.object({
  items: z.array(PublicReport),
  total: z.number().int().describe('Reports matching the filters, over all pages'),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.object({
        type: z.literal('Point'),
        coordinates: z.tuple([z.number(), z.number()]).describe('[longitude, latitude] (RFC 7946)'),
      }),
      properties: z.object(Properties),
    }),
  ),
  numberMatched: z.number().int().describe('Features matching the filters, over all pages'),
  numberReturned: z.number().int(),
});

export const StatisticsQuery = z.object({
  tenant: Tenant,
  from: IsoDate.optional().describe('First day (the region’s local date), inclusive; default: 29 days before `to`'),
  to: IsoDate.optional().describe(
    'Last day (the region’s local date), inclusive; default: today in the region, or 29 days after `from` when that is earlier',
  ),
});

const CountsOut = {
  received: z.number().int().describe('Submitted in the period'),
  disposed: z.number().int().describe('Latest disposition (or re-disposition) in the period'),
  followedUp: z.number().int().describe('Standing follow-up (not disputed since) posted in the period'),
  closed: z.number().int().describe('Closed in the period: accepted, automatically, or not our authority'),
  withinDeadline: z
    .number()
    .int()
    .describe('Follow-ups of the period posted before the follow-up deadline in force then'),
  shareWithinDeadline: z.number().nullable().describe('withinDeadline / followedUp'),
  medianHoursToFollowUp: z.number().nullable().describe('Median hours from the latest disposition to the follow-up'),
  escalated: z
    .number()
    .int()
    .describe('Reports whose missed deadline first went to the unit head (or verifiers) in the period'),
  escalatedToOversight: z
    .number()
    .int()
    .describe(
      'Reports whose missed deadline first went on to the region’s oversight (Sekda or Inspektorat) in the period',
    ),
};

export const StatisticsOut = z.object({
  region: z.object({ code: z.string(), name: z.string() }),
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string(), days: z.number().int() }),
  totals: z.object(CountsOut),
  evenness: z.object({
    gini: z
      .number()
      .nullable()
      .describe(
        'Gini coefficient of disposed reports over every unit of the directory (0 = even, (n-1)/n = all in one unit)',
      ),
    units: z.number().int(),
    unitsWithLoad: z.number().int(),
  }),
  units: z.array(
    z.object({ unit: z.string(), name: z.string().nullable(), ...CountsOut, loadShare: z.number().nullable() }),
  ),
  categories: z.array(z.object({ category: z.string(), name: z.string().nullable(), ...CountsOut })),
  generatedAt: z.string(),
});
