/**
 * Public read paths: the list and the map of public reports, and the statistics. Anonymous; the
 * tenant comes from the kit (`?tenant=`, the Host, or DEFAULT_TENANT). Never a reporter field,
 * never a rahasia report, never a supporting duplicate as its own item.
 */
import type { App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { listPublicReports, publicStatistics } from './use-cases.js';
import {
  FeatureCollection,
  MAP_MAX_FEATURES,
  PublicListQuery,
  PublicMapQuery,
  PublicReportList,
  StatisticsOut,
  StatisticsQuery,
} from './schemas.js';

const FILTERS_DOC =
  'Filters: category, status, unit, districtCode, type, from/to (submission dates in the region’s time zone, inclusive) and bbox. Confidential (rahasia) reports and reports that only support another one (counted in `supporters`) are never listed; reporters never appear.';

export function publicRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/reports',
    {
      schema: {
        tags: ['public'],
        summary: 'List public reports, newest first',
        description: FILTERS_DOC,
        querystring: PublicListQuery,
        response: { 200: PublicReportList },
      },
    },
    async (request) => {
      const q = request.query;
      const { total, items } = await listPublicReports(ctx, request.tenant, q, { located: false });
      return { items, total, limit: q.limit, offset: q.offset };
    },
  );

  app.get(
    '/v1/public/reports.geojson',
    {
      schema: {
        tags: ['public'],
        summary: 'Map of public reports as a GeoJSON FeatureCollection (RFC 7946)',
        description: `Points in [longitude, latitude] order; only reports with a location. Content type application/geo+json. At most ${MAP_MAX_FEATURES} features per request (page with limit/offset; numberMatched counts all). ${FILTERS_DOC}`,
        querystring: PublicMapQuery,
        response: { 200: FeatureCollection },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { total, items } = await listPublicReports(ctx, request.tenant, q, { located: true });
      reply.type('application/geo+json; charset=utf-8');
      return {
        type: 'FeatureCollection' as const,
        features: items.map(({ location, ...properties }) => ({
          type: 'Feature' as const,
          id: properties.trackingId,
          geometry: { type: 'Point' as const, coordinates: [location!.lon, location!.lat] as [number, number] },
          properties,
        })),
        numberMatched: total,
        numberReturned: items.length,
      };
    },
  );

  app.get(
    '/v1/public/statistics',
    {
      schema: {
        tags: ['public'],
        summary: 'Statistics per unit and per category for a period, with how evenly reports spread over units',
        description: [
          'Period: whole days in the region’s time zone, `from` and `to` inclusive; default the last 30 days up to today; at most 366 days.',
          'received = submitted in the period; disposed = latest disposition (or re-disposition) in the period, for the unit holding the report now; followedUp = a follow-up posted in the period that still stands (not disputed since); closed = closed in the period (accepted, automatically, not our authority).',
          'medianHoursToFollowUp: median hours from the latest disposition to that follow-up. withinDeadline: follow-ups posted before the follow-up deadline in force at that moment (5 working days after the latest disposition, or after the reporter’s latest dispute); shareWithinDeadline = withinDeadline / followedUp.',
          'evenness.gini: Gini coefficient of the disposed counts over every unit in the region’s directory, units without reports included (0 = perfectly even; (n-1)/n = everything in one of n units).',
          'Confidential (rahasia) reports count in these aggregates; supporting duplicates count nowhere. No per-report detail is ever returned.',
        ].join('\n\n'),
        querystring: StatisticsQuery,
        response: { 200: StatisticsOut },
      },
    },
    async (request) => publicStatistics(ctx, request.tenant, request.query),
  );
}
