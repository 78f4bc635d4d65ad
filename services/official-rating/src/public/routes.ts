/**
 * Public paths: the questionnaire, the rating form's token check and submission, each unit's IKM,
 * rankings, report cards and published comments. Anonymous; the tenant comes from the kit
 * (`?tenant=`, the Host, or DEFAULT_TENANT).
 */
import { findUnit } from '@sinergi/contracts';
import { problems, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import { publicComment, publishedComments } from '../comments/service.js';
import type { Ctx } from '../invitations/service.js';
import { invitationPreview, submitRating } from '../ratings/service.js';
import { reportCards } from '../report-cards/queries.js';
import {
  CommentsQuery,
  InvitationPreview,
  OfficialParams,
  PeriodQuery,
  PublicComment,
  Rankings,
  RatingBody,
  RatingCreated,
  ReportCardOut,
  ReportCards,
  TokenQuery,
  UnitIkm,
  UnitIkmQuery,
  UnitParams,
} from '../schemas.js';
import { currentYear } from '../skm/period.js';
import { QUESTIONNAIRE } from '../skm/questionnaire.js';
import { rankings, unitResult } from '../skm/results.js';

export function publicRoutes(app: App, ctx: Ctx): void {
  const profileOf = (tenant: string) => ctx.directory.get(tenant)!;
  const periodOf = (tenant: string, period: string | undefined) => period ?? currentYear(new Date(), profileOf(tenant).timeZone);
  const knownUnit = (tenant: string, unit: string) => {
    if (!findUnit(profileOf(tenant), unit)) throw problems.notFound('unit_not_found', `No unit ${unit} in this region.`);
  };

  app.get(
    '/v1/public/questionnaire',
    { schema: { tags: ['public'], summary: 'The nine SKM elements and the 1-4 scale (PermenPANRB 14/2017)' } },
    async () => QUESTIONNAIRE,
  );

  app.get(
    '/v1/public/invitations',
    {
      config: { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE * 3, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'What a rating link is for, and whether it can still be used',
        description:
          'The rating form opens this first. The token travels in the query string, which the logs leave out. Unknown links are 404, other regions’ 403; used and expired ones answer with their status.',
        querystring: TokenQuery,
        response: { 200: InvitationPreview },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await invitationPreview(ctx, request.tenant, request.query.token)),
  );

  app.post(
    '/v1/public/ratings',
    {
      config: { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' }, idempotent: true },
      schema: {
        tags: ['public'],
        summary: 'Rate a finished transaction with its single-use link',
        description:
          'The nine SKM answers (1-4, in the order of /v1/public/questionnaire), optionally 1-5 stars for the official with a reason (and per report-card dimension), optionally a comment. One rating per link, no edits. Refusals: 409 token_used, 410 token_expired, 403 token_other_region, 404 token_unknown.',
        body: RatingBody,
        response: { 201: RatingCreated },
      },
    },
    async (request, reply) => reply.code(201).send(await submitRating(ctx, request.tenant, request.body)),
  );

  app.get(
    '/v1/public/ikm',
    { schema: { tags: ['public'], summary: 'Units ranked by IKM for a period', querystring: PeriodQuery, response: { 200: Rankings } } },
    async (request) => {
      const period = periodOf(request.tenant, request.query.period);
      const profile = profileOf(request.tenant);
      const items = await ctx.db.withTenant(request.tenant, (trx) => rankings(trx, { timeZone: profile.timeZone, profile }, period));
      return { period, items };
    },
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
    async (request) => {
      knownUnit(request.tenant, request.params.unit);
      const profile = profileOf(request.tenant);
      const period = periodOf(request.tenant, request.query.period);
      return ctx.db.withTenant(request.tenant, (trx) => unitResult(trx, { timeZone: profile.timeZone, profile }, request.params.unit, period, request.query.serviceType));
    },
  );

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
    async (request) => {
      const period = periodOf(request.tenant, request.query.period);
      return ctx.db.withTenant(request.tenant, (trx) => reportCards(trx, profileOf(request.tenant), period, { unit: request.query.unit }));
    },
  );

  app.get(
    '/v1/public/officials/:id/report-card',
    { schema: { tags: ['public'], summary: 'One official’s report card', params: OfficialParams, querystring: PeriodQuery, response: { 200: ReportCardOut } } },
    async (request) => {
      const period = periodOf(request.tenant, request.query.period);
      const result = await ctx.db.withTenant(request.tenant, (trx) => reportCards(trx, profileOf(request.tenant), period, { official: request.params.id }));
      const card = result.cards[0];
      if (!card) throw problems.notFound('official_not_found', `No official ${request.params.id} in this region.`);
      return { period, ...card };
    },
  );

  app.get(
    '/v1/public/comments',
    {
      schema: {
        tags: ['public'],
        summary: 'Published comments with the units’ replies, newest first',
        description: 'Hidden comments are left out; negative comments appear after the unit replied or its reply time passed, naming officials by job title only.',
        querystring: CommentsQuery,
        response: { 200: z.object({ items: z.array(PublicComment) }) },
      },
    },
    async (request) => {
      const profile = profileOf(request.tenant);
      const rows = await ctx.db.withTenant(request.tenant, (trx) => publishedComments(trx, request.query, new Date()));
      return { items: rows.map((c) => publicComment(profile, c)) };
    },
  );
}
