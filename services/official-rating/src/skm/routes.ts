/**
 * IKM paths: the public ranking and each unit's result; the unit's staff see their IKM beside their
 * officials' report cards and declare how many citizens they served.
 */
import { assertUnitAccess, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import {
  PeriodQuery,
  Rankings,
  RespondentProfileOut,
  ReportCards,
  ServiceUsersBody,
  ServiceUsersParams,
  UnitIkm,
  UnitIkmQuery,
  UnitParams,
} from '../schemas.js';
import { ikmRankings, respondentProfile, setServiceUsers, unitIkm, unitResults } from './use-cases.js';

const bearer = [{ bearerAuth: [] }];

export function skmRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/ikm',
    {
      schema: {
        tags: ['public'],
        summary: 'Units ranked by IKM for a period',
        querystring: PeriodQuery,
        response: { 200: Rankings },
      },
    },
    async (request) => ikmRankings(ctx, { tenant: request.tenant, period: request.query.period }),
  );

  app.get(
    '/v1/public/units/:unit/ikm',
    {
      schema: {
        tags: ['public'],
        summary: 'A unit’s IKM for a period, per element and per service type, with the sample check',
        params: UnitParams,
        querystring: UnitIkmQuery,
        response: { 200: UnitIkm },
      },
    },
    async (request) => unitIkm(ctx, { tenant: request.tenant, unit: request.params.unit, ...request.query }),
  );

  app.get(
    '/v1/public/units/:unit/respondents',
    {
      schema: {
        tags: ['public'],
        summary: 'Who answered, in aggregate: sex, age band, education and occupation (PermenPANRB 14/2017)',
        description:
          'Counts per attribute only, never crossed with each other or with the answers. A cell with fewer respondents than `minimumCell` is suppressed (count null), and a second one when a single suppressed cell could be worked out from the total.',
        params: UnitParams,
        querystring: UnitIkmQuery,
        response: { 200: RespondentProfileOut },
      },
    },
    async (request) => respondentProfile(ctx, { tenant: request.tenant, unit: request.params.unit, ...request.query }),
  );

  app.get(
    '/v1/staff/units/:unit/results',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'The unit’s IKM and its officials’ report cards for a period',
        security: bearer,
        params: UnitParams,
        querystring: PeriodQuery,
        response: { 200: z.object({ ikm: UnitIkm, reportCards: ReportCards }) },
      },
    },
    async (request) => {
      assertUnitAccess(requirePrincipal(request), request.params.unit);
      return unitResults(ctx, { tenant: request.tenant, unit: request.params.unit, period: request.query.period });
    },
  );

  app.put(
    '/v1/staff/units/:unit/service-users/:period',
    {
      preHandler: requireRoles('admin', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Declare how many citizens the unit served in a period (the population of the minimum sample)',
        description: 'Without a declaration the number of rated transactions (invitations) is used.',
        security: bearer,
        params: ServiceUsersParams,
        body: ServiceUsersBody,
        response: { 200: z.object({ unit: z.string(), period: z.string(), count: z.number().int() }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { unit, period } = request.params;
      assertUnitAccess(principal, unit);
      await setServiceUsers(ctx, {
        tenant: request.tenant,
        unit,
        period,
        count: request.body.count,
        by: principal.sub,
      });
      return { unit, period, count: request.body.count };
    },
  );
}
