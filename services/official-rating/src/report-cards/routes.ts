/** Report-card paths: the public cards (rapor camat/lurah) and the admins' configuration of them. */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import {
  OfficialParams,
  PeriodQuery,
  ReportCardConfigBody,
  ReportCardOut,
  ReportCards,
  UnitParams,
} from '../schemas.js';
import { currentReportCardConfig, officialReportCard, regionReportCards, setReportCardConfig } from './use-cases.js';

const bearer = [{ bearerAuth: [] }];

export function reportCardRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/public/report-cards',
    {
      schema: {
        tags: ['public'],
        summary: 'Report cards of the region’s officials (rapor camat/lurah)',
        querystring: PeriodQuery.extend({ unit: UnitParams.shape.unit.optional() }),
        response: { 200: ReportCards },
      },
    },
    async (request) => regionReportCards(ctx, { tenant: request.tenant, ...request.query }),
  );

  app.get(
    '/v1/public/officials/:id/report-card',
    {
      schema: {
        tags: ['public'],
        summary: 'One official’s report card',
        params: OfficialParams,
        querystring: PeriodQuery,
        response: { 200: ReportCardOut },
      },
    },
    async (request) =>
      officialReportCard(ctx, { tenant: request.tenant, official: request.params.id, period: request.query.period }),
  );

  app.get(
    '/v1/admin/report-card-config',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        tags: ['admin'],
        summary: 'The region’s report-card dimensions, weights, colour bands and Bayesian minimum',
        security: bearer,
        response: { 200: ReportCardConfigBody.extend({ custom: z.boolean() }) },
      },
    },
    async (request) => currentReportCardConfig(ctx, request.tenant),
  );

  app.put(
    '/v1/admin/report-card-config',
    {
      preHandler: requireRoles('admin'),
      schema: {
        tags: ['admin'],
        summary: 'Set the region’s report-card dimensions (weights add up to 100), colour bands and Bayesian minimum',
        security: bearer,
        body: ReportCardConfigBody,
        response: { 200: ReportCardConfigBody.extend({ custom: z.boolean() }) },
      },
    },
    async (request) => {
      await setReportCardConfig(ctx, {
        tenant: request.tenant,
        config: request.body,
        by: requirePrincipal(request).sub,
      });
      return { ...request.body, custom: true };
    },
  );
}
