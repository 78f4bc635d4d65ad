/** Report-card paths: the public cards (rapor camat/lurah) and the admins' configuration of them. */
import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import {
  OfficialParams,
  PeriodQuery,
  ReportCardConfigOut,
  ReportCardConfigPut,
  ReportCardConfigVersions,
  ReportCardOut,
  ReportCards,
  UnitParams,
} from '../schemas.js';
import {
  currentReportCardConfig,
  officialReportCard,
  regionReportCards,
  reportCardConfigHistory,
  setReportCardConfig,
} from './use-cases.js';

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
        summary: 'The region’s report-card dimensions, weights, colour bands and Bayesian minimum in force today',
        description:
          'With its source (`basis`), the date it came into force, and who set it. Until a region sets its own: Sinergi’s default (stars alone, no weights; red below 3, green from 4), which is not from any regulation.',
        security: bearer,
        response: { 200: ReportCardConfigOut },
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
        summary: 'A new version of the region’s report-card settings, with its source and the date it applies from',
        description:
          'Dimensions (weights add up to 100; none = stars alone), colour bands and Bayesian minimum, with `basis` (the decree or regulation, or "our own choice") and `effectiveFrom` (today or later, default today). Versions are kept, never changed; a period’s cards use the version in force on its last day.',
        security: bearer,
        body: ReportCardConfigPut,
        response: { 200: ReportCardConfigOut },
      },
    },
    async (request) => {
      const { effectiveFrom, basis, ...config } = request.body;
      return setReportCardConfig(ctx, {
        tenant: request.tenant,
        config,
        effectiveFrom,
        basis,
        by: requirePrincipal(request).sub,
      });
    },
  );

  app.get(
    '/v1/admin/report-card-config/versions',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        tags: ['admin'],
        summary:
          'Every version of the region’s report-card settings: what, from when, on what basis, set by whom and when',
        security: bearer,
        response: { 200: ReportCardConfigVersions },
      },
    },
    async (request) => reportCardConfigHistory(ctx, request.tenant),
  );
}
