import { requirePrincipal, requireRoles, problems, type App } from '@sinergi/service-kit';
import { REPORT_STATUSES, UnitCode, Slug } from '@sinergi/contracts';
import { z } from 'zod';
import { staffCaller, staffReader, unitScope } from './callers.js';
import { listReports } from './queries.js';
import {
  ArchiveBody,
  DisposeBody,
  FollowUpBody,
  ForwardBody,
  NoteBody,
  Page,
  PrivacyBody,
  RatingInvitationOut,
  RedisposeBody,
  ReplyBody,
  ReportOut,
  ReportSummary,
  RequiredSecretHeader,
  SecretHeader,
  SubmitBody,
  Submitted,
  TrackingParams,
} from './schemas.js';
import type { Ctx, ReportsService, ActionInput } from './service.js';
import type { Action } from './workflow.js';

const bearer = [{ bearerAuth: [] }];

export function reportRoutes(app: App, ctx: Ctx, reports: ReportsService): void {
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  app.post(
    '/v1/reports',
    {
      config: { ...submitLimit, idempotent: true },
      schema: {
        tags: ['public'],
        summary: 'Submit a report (pengaduan, aspirasi or permintaan informasi)',
        description:
          'Anyone may submit without an account; keep the returned tracking ID and secret. Staff and integrators may record SMS and walk-in reports by setting `channel`. A report near an open one of the same category is linked to it as support.',
        body: SubmitBody,
        response: { 201: Submitted },
      },
    },
    async (request, reply) => {
      const { channel, ...input } = request.body;
      if (channel !== 'web' && !request.principal?.roles.some((r) => r === 'integrator' || r === 'officer' || r === 'admin' || r === 'unit-head')) {
        throw problems.forbidden('forbidden_channel', `Only staff and integrators record ${channel} reports.`);
      }
      const caller = request.principal ? { kind: 'reporter' as const, id: request.principal.sub } : { kind: 'reporter' as const, id: 'reporter' };
      const result = await reports.submit(request.tenant, { ...input, channel }, caller);
      const { existing: _e, ...body } = result;
      return reply.code(201).send(body);
    },
  );

  // Guessing a reporter's secret on the read-only view is as much an attack as on the actions, so it
  // counts against the same limit; the public view without a secret stays unlimited.
  const secretViewLimit = { rateLimit: { ...submitLimit.rateLimit, allowList: (request: { headers: Record<string, unknown> }) => request.headers['x-report-secret'] === undefined } };

  app.get(
    '/v1/reports/:trackingId',
    {
      config: secretViewLimit,
      schema: {
        tags: ['public'],
        summary: 'Track a report',
        description: 'Public view; with the `X-Report-Secret` header, the reporter’s full view. Confidential (rahasia) reports exist only with the secret.',
        params: TrackingParams,
        headers: SecretHeader,
        response: { 200: ReportOut },
      },
    },
    async (request, reply) => {
      const secret = request.headers['x-report-secret'];
      // the reporter's view holds contact details and the rating link: no cache may keep it
      if (secret !== undefined) reply.header('cache-control', 'no-store');
      reply.header('vary', 'X-Report-Secret');
      return reports.view(request.tenant, request.params.trackingId, 'public', { secret });
    },
  );

  const reporterAction = (path: string, action: Action | 'reply', summary: string, body: typeof NoteBody | typeof ReplyBody) =>
    app.post(
      `/v1/reports/:trackingId/${path}`,
      {
        config: submitLimit,
        schema: { tags: ['public'], summary, params: TrackingParams, headers: RequiredSecretHeader, body, response: { 200: ReportOut } },
      },
      async (request) => reports.asReporter(request.tenant, request.params.trackingId, request.headers['x-report-secret'], action, request.body.note),
    );
  reporterAction('replies', 'reply', 'Reply as the reporter (answers a deferred report’s question)', ReplyBody);
  reporterAction('accept', 'accept', 'Accept the follow-up and close the report', NoteBody);
  reporterAction('dispute', 'dispute', 'Dispute the follow-up: the unit works on it again', NoteBody);

  app.get(
    '/v1/reports/:trackingId/rating-invitation',
    {
      config: submitLimit,
      schema: {
        tags: ['public'],
        summary: 'The reporter’s link to rate how the report was handled',
        description:
          'With the `X-Report-Secret` header only. official-rating invites the reporter once the report is closed; until then 404 `rating_invitation_not_found`. The link is single-use and the permission itself: share it with nobody.',
        params: TrackingParams,
        headers: RequiredSecretHeader,
        response: { 200: RatingInvitationOut },
      },
    },
    async (request, reply) => {
      const invitation = await reports.ratingInvitationFor(request.tenant, request.params.trackingId, request.headers['x-report-secret']);
      return reply.header('cache-control', 'no-store').send(invitation);
    },
  );

  // ---- staff -------------------------------------------------------------------------------------

  const staffRead = requireRoles('admin', 'auditor', 'officer', 'unit-head');
  const ListQuery = Page.extend({ status: z.enum(REPORT_STATUSES).optional(), unit: UnitCode.optional(), category: Slug.optional() });

  app.get(
    '/v1/staff/queue',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: { tags: ['staff'], summary: 'Verification queue: submitted and deferred reports, oldest deadline first', security: bearer, querystring: ListQuery, response: { 200: z.object({ items: z.array(ReportSummary) }) } },
    },
    async (request) => {
      const q = request.query;
      const items = await ctx.db.withTenant(request.tenant, (trx) =>
        listReports(trx, { statuses: q.status ? [q.status] : ['submitted', 'deferred'], category: q.category, unit: q.unit, reader: staffReader(requirePrincipal(request)), limit: q.limit, offset: q.offset }),
      );
      return { items };
    },
  );

  app.get(
    '/v1/staff/inbox',
    {
      preHandler: staffRead,
      schema: {
        tags: ['staff'],
        summary: 'A unit’s inbox: reports disposed to it (officers see only their own unit)',
        security: bearer,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(ReportSummary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const unit = unitScope(requirePrincipal(request), q.unit);
      const items = await ctx.db.withTenant(request.tenant, (trx) =>
        listReports(trx, { statuses: q.status ? [q.status] : ['disposed', 'in-progress', 'followed-up'], unit, category: q.category, reader: staffReader(requirePrincipal(request)), limit: q.limit, offset: q.offset }),
      );
      return { items };
    },
  );

  app.get(
    '/v1/staff/overdue',
    {
      preHandler: staffRead,
      schema: {
        tags: ['staff'],
        summary: 'Reports past their disposition or follow-up deadline',
        security: bearer,
        querystring: Page.extend({ kind: z.enum(['disposition', 'follow-up']).default('follow-up'), unit: UnitCode.optional(), category: Slug.optional() }),
        response: { 200: z.object({ items: z.array(ReportSummary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = requirePrincipal(request);
      if (q.kind === 'disposition' && !principal.roles.some((r) => r === 'admin' || r === 'auditor')) {
        throw problems.forbidden('forbidden_role', 'Only admins and auditors see the verification backlog.');
      }
      const unit = unitScope(principal, q.unit);
      const items = await ctx.db.withTenant(request.tenant, (trx) => listReports(trx, { overdueKind: q.kind, unit, category: q.category, reader: staffReader(principal), limit: q.limit, offset: q.offset }));
      return { items };
    },
  );

  app.get(
    '/v1/staff/reports/:trackingId',
    { preHandler: staffRead, schema: { tags: ['staff'], summary: 'A report with its timeline, as your role may see it', security: bearer, params: TrackingParams, response: { 200: ReportOut } } },
    async (request) => {
      const principal = requirePrincipal(request);
      const reader = staffReader(principal);
      if (reader === 'unit') return reports.view(request.tenant, request.params.trackingId, 'unit', { unit: principal.unit });
      return reports.staffView(request.tenant, request.params.trackingId, reader);
    },
  );

  const staffAction = <B extends z.ZodType>(path: string, action: Action, roles: Parameters<typeof requireRoles>, summary: string, body: B, toInput: (b: z.output<B>) => ActionInput) =>
    app.post(
      `/v1/staff/reports/:trackingId/${path}`,
      { preHandler: requireRoles(...roles), schema: { tags: ['staff'], summary, security: bearer, params: TrackingParams, body, response: { 200: ReportOut } } },
      async (request) => {
        const principal = requirePrincipal(request);
        await reports.act(request.tenant, request.params.trackingId, action, staffCaller(principal), toInput(request.body as z.output<B>));
        return reports.staffView(request.tenant, request.params.trackingId, staffReader(principal));
      },
    );

  staffAction('dispose', 'dispose', ['admin'], 'Verify and dispose to a unit (default: the category’s unit)', DisposeBody, (b) => b);
  staffAction('defer', 'defer', ['admin'], 'Defer: the reporter must add information (tunda)', NoteBody, (b) => b);
  staffAction('forward', 'forward', ['admin'], 'Not our authority: forward to another agency', ForwardBody, (b) => b);
  staffAction('reject', 'reject-not-authority', ['admin'], 'Not our authority: close with a reason', ReplyBody, (b) => b);
  staffAction('archive', 'archive', ['admin'], 'Archive as spam, duplicate or out of scope (arsip)', ArchiveBody, (b) => b);
  staffAction('respond', 'respond', ['officer', 'unit-head', 'admin'], 'The unit’s first response: work is in progress', ReplyBody, (b) => b);
  staffAction('follow-up', 'follow-up', ['officer', 'unit-head', 'admin'], 'Post the follow-up (tindak lanjut) with optional photos', FollowUpBody, (b) => b);
  staffAction('redispose', 'redispose', ['admin'], 'Re-dispose to another unit', RedisposeBody, (b) => b);
  staffAction('unlink', 'unlink', ['admin'], 'Unlink a supporting report: it becomes its own case', NoteBody, (b) => b);

  app.patch(
    '/v1/staff/reports/:trackingId/privacy',
    {
      preHandler: requireRoles('admin'),
      schema: { tags: ['staff'], summary: 'Set or lift the anonim and rahasia flags', security: bearer, params: TrackingParams, body: PrivacyBody, response: { 200: ReportOut } },
    },
    async (request) => reports.setPrivacy(request.tenant, request.params.trackingId, request.body, staffCaller(requirePrincipal(request))),
  );
}
