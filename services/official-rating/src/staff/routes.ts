/**
 * Staff paths: a unit's own results and comments, public replies, counter tokens, declared service
 * users; admins moderate comments and configure report cards. Officers and unit heads act on their
 * own unit only.
 */
import { findUnit } from '@sinergi/contracts';
import { assertUnitAccess, hasRole, problems, requirePrincipal, requireRoles, unitScopeOf, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { moderateComment, moderationLog, replyToComment, staffComment, unitComments } from '../comments/service.js';
import { assertKnownUnit, createInvitation, type Ctx } from '../invitations/service.js';
import { reportCards } from '../report-cards/queries.js';
import { configProblems } from '../report-cards/score.js';
import { ReportCardConfigBody, reportCardConfig, saveReportCardConfig } from '../report-cards/store.js';
import {
  CommentParams,
  CommentsQuery,
  CounterToken,
  CounterTokenBody,
  ModerationBody,
  PeriodQuery,
  ReplyBody,
  ReportCards,
  ServiceUsersBody,
  ServiceUsersParams,
  StaffComment,
  UnitIkm,
  UnitParams,
} from '../schemas.js';
import { currentYear } from '../skm/period.js';
import { markIndexChanged } from '../skm/refresh.js';
import { unitResult } from '../skm/results.js';

const bearer = [{ bearerAuth: [] }];

export function staffRoutes(app: App, ctx: Ctx): void {
  const profileOf = (tenant: string) => ctx.directory.get(tenant)!;
  const staff = requireRoles('admin', 'auditor', 'officer', 'unit-head');
  const unitStaff = requireRoles('admin', 'officer', 'unit-head');
  // per staff account, not per address: the desks of an office share one
  const counterLimit = {
    rateLimit: { max: ctx.config.COUNTER_TOKENS_PER_HOUR, timeWindow: '1 hour', keyGenerator: (request: FastifyRequest) => `counter:${request.principal?.tenant}:${request.principal?.sub ?? request.ip}` },
  };

  app.get(
    '/v1/staff/units/:unit/results',
    {
      preHandler: staff,
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
      if (!findUnit(profileOf(request.tenant), request.params.unit)) throw problems.notFound('unit_not_found', `No unit ${request.params.unit} in this region.`);
      const profile = profileOf(request.tenant);
      const period = request.query.period ?? currentYear(new Date(), profile.timeZone);
      return ctx.db.withTenant(request.tenant, async (trx) => ({
        ikm: await unitResult(trx, { timeZone: profile.timeZone, profile }, request.params.unit, period),
        reportCards: await reportCards(trx, profile, period, { unit: request.params.unit }),
      }));
    },
  );

  app.get(
    '/v1/staff/comments',
    {
      preHandler: staff,
      schema: {
        tags: ['staff'],
        summary: 'Comments on the unit, including those held for a reply and hidden ones',
        security: bearer,
        querystring: CommentsQuery.extend({ state: z.enum(['held', 'hidden', 'unanswered']).optional() }),
        response: { 200: z.object({ items: z.array(StaffComment) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const scope = unitScopeOf(principal);
      if (scope && request.query.unit && request.query.unit !== scope) assertUnitAccess(principal, request.query.unit);
      const now = new Date();
      const profile = profileOf(request.tenant);
      const rows = await ctx.db.withTenant(request.tenant, (trx) => unitComments(trx, { ...request.query, unit: scope ?? request.query.unit }, now));
      return { items: rows.map((c) => staffComment(profile, c, now)) };
    },
  );

  app.post(
    '/v1/staff/comments/:id/reply',
    {
      preHandler: unitStaff,
      schema: { tags: ['staff'], summary: 'Reply publicly to a comment on the unit (once)', security: bearer, params: CommentParams, body: ReplyBody, response: { 200: StaffComment } },
    },
    async (request) => {
      const now = new Date();
      const row = await ctx.db.withTenant(request.tenant, (trx) => replyToComment(trx, requirePrincipal(request), request.params.id, request.body.text, now));
      return staffComment(profileOf(request.tenant), row, now);
    },
  );

  for (const action of ['hide', 'unhide'] as const) {
    app.post(
      `/v1/admin/comments/:id/${action}`,
      {
        preHandler: requireRoles('admin'),
        schema: {
          tags: ['admin'],
          summary: action === 'hide' ? 'Hide an abusive comment (kept and audited, not deleted)' : 'Show a hidden comment again',
          security: bearer,
          params: CommentParams,
          body: ModerationBody,
          response: { 200: StaffComment },
        },
      },
      async (request) => {
        const now = new Date();
        const row = await ctx.db.withTenant(request.tenant, (trx) => moderateComment(trx, request.tenant, requirePrincipal(request), request.params.id, action, request.body.reason, now));
        return staffComment(profileOf(request.tenant), row, now);
      },
    );
  }

  app.get(
    '/v1/admin/comments/:id/moderation',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        tags: ['admin'],
        summary: 'Who hid or showed a comment, when and why',
        security: bearer,
        params: CommentParams,
        response: { 200: z.object({ items: z.array(z.object({ action: z.enum(['hide', 'unhide']), reason: z.string(), actor: z.string(), at: z.date() })) }) },
      },
    },
    async (request) => ({ items: await ctx.db.withTenant(request.tenant, (trx) => moderationLog(trx, request.params.id)) }),
  );

  app.post(
    '/v1/staff/counter-tokens',
    {
      // the role check is in the handler: a preHandler here would fix the route's config type and hide rateLimit
      config: { ...counterLimit, idempotent: true },
      schema: {
        tags: ['staff'],
        summary: 'A rating link for a walk-in citizen (a tablet or printed QR at the desk)',
        description:
          'The token is returned once; only its hash is kept. One link per visit `reference` (the queue ticket): a repeated request is refused with 409. Staff cannot create links to rate themselves, and each account creates at most COUNTER_TOKENS_PER_HOUR links an hour; results show how many answers came through counter links.',
        security: bearer,
        body: CounterTokenBody,
        response: { 201: CounterToken },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (!hasRole(principal, 'admin', 'officer', 'unit-head')) throw problems.forbidden('forbidden_role', 'This action needs one of these roles: admin, officer, unit-head.');
      const unit = request.body.unit ?? principal.unit;
      if (!unit) throw problems.unprocessable('unit_required', 'Say which unit served the citizen.', [{ in: 'body', field: 'unit', message: 'required for region-wide roles' }]);
      assertUnitAccess(principal, unit);
      assertKnownUnit(ctx, request.tenant, unit);
      const official = request.body.official;
      if (official) {
        const o = profileOf(request.tenant).officials.find((x) => x.id === official);
        if (!o || o.unit !== unit) {
          throw problems.unprocessable('unknown_official', `No official ${official} in unit ${unit}.`, [{ in: 'body', field: 'official', message: 'not an official of this unit' }]);
        }
        // the directory lists each official's accounts at the identity provider
        if (o.accounts.includes(principal.sub)) throw problems.forbidden('self_rating', 'Staff cannot create a link to rate themselves; ask a colleague at the desk.');
      }
      const created = await ctx.db.withTenant(request.tenant, (trx) =>
        createInvitation(ctx, trx, request.tenant, {
          transaction: { system: 'counter', id: `${unit}:${request.body.reference}` },
          unit,
          serviceType: request.body.serviceType,
          official: official ?? null,
          createdBy: principal.sub,
        }),
      );
      if (!created) throw problems.conflict('invitation_exists', `Reference ${request.body.reference} already has a rating link.`);
      return reply.code(201).header('cache-control', 'no-store').send({ invitationId: created.id, token: created.token, url: created.url, expiresAt: created.expiresAt });
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
      if (!findUnit(profileOf(request.tenant), unit)) throw problems.notFound('unit_not_found', `No unit ${unit} in this region.`);
      await ctx.db.withTenant(request.tenant, async (trx) => {
        await trx
          .insertInto('service_users')
          .values({ tenant_id: request.tenant, unit, period, count: request.body.count, declared_by: principal.sub })
          .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ count: request.body.count, declared_by: principal.sub, declared_at: new Date() }))
          .execute();
        await markIndexChanged(ctx, trx, request.tenant, unit, new Date(), [period]);
      });
      return { unit, period, count: request.body.count };
    },
  );

  app.get(
    '/v1/admin/report-card-config',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: { tags: ['admin'], summary: 'The region’s report-card dimensions, weights, colour bands and Bayesian minimum', security: bearer, response: { 200: ReportCardConfigBody.extend({ custom: z.boolean() }) } },
    },
    async (request) => ctx.db.withTenant(request.tenant, (trx) => reportCardConfig(trx)),
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
      const found = configProblems(request.body);
      if (found.length > 0) {
        throw problems.unprocessable('invalid_report_card_config', found.map((p) => p.message).join('; '), found.map((p) => ({ in: 'body', ...p })));
      }
      await ctx.db.withTenant(request.tenant, (trx) => saveReportCardConfig(trx, request.tenant, request.body, requirePrincipal(request).sub));
      return { ...request.body, custom: true };
    },
  );
}
