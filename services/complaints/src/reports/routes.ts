import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { REPORT_STATUSES, UnitCode, Slug } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { actAsReporter, actAsStaff, setPrivacy, type ActionInput } from './actions.js';
import { staffActor, staffReader, unitScope } from './actors.js';
import { threadRoutes } from './thread-routes.js';
import { listStaffReports, ratingInvitationFor, staffViewReport, viewReport } from './reading.js';
import { submitReport } from './submission.js';
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
import type { Action } from './workflow.js';

const bearer = [{ bearerAuth: [] }];

export function reportRoutes(app: App, ctx: Ctx): void {
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
      const { channel, receivedAt, ...input } = request.body;
      if (
        channel !== 'web' &&
        !request.principal?.roles.some(
          (r) => r === 'integrator' || r === 'officer' || r === 'admin' || r === 'unit-head',
        )
      ) {
        throw P.forbidden_channel(`Only staff and integrators record ${channel} reports.`);
      }
      const actor = { kind: 'reporter' as const, id: request.principal?.sub ?? 'reporter' };
      const result = await submitReport(ctx, {
        tenant: request.tenant,
        input: { ...input, channel, receivedAt: receivedAt ? new Date(receivedAt) : undefined },
        actor,
      });
      const { existing: _e, ...body } = result;
      return reply.code(201).send(body);
    },
  );

  // Guessing a reporter's secret on the read-only view is as much an attack as on the actions, so it
  // counts against the same limit; the public view without a secret stays unlimited.
  const secretViewLimit = {
    rateLimit: {
      ...submitLimit.rateLimit,
      allowList: (request: { headers: Record<string, unknown> }) => request.headers['x-report-secret'] === undefined,
    },
  };

  app.get(
    '/v1/reports/:trackingId',
    {
      config: secretViewLimit,
      schema: {
        tags: ['public'],
        summary: 'Track a report',
        description:
          'Public view; with the `X-Report-Secret` header, the reporter’s full view. Confidential (rahasia) reports exist only with the secret.',
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
      return viewReport(ctx, { tenant: request.tenant, trackingId: request.params.trackingId, secret });
    },
  );

  const reporterAction = (
    path: string,
    action: Action | 'reply',
    summary: string,
    body: typeof NoteBody | typeof ReplyBody,
  ) =>
    app.post(
      `/v1/reports/:trackingId/${path}`,
      {
        config: submitLimit,
        schema: {
          tags: ['public'],
          summary,
          params: TrackingParams,
          headers: RequiredSecretHeader,
          body,
          response: { 200: ReportOut },
        },
      },
      async (request) =>
        actAsReporter(ctx, {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          secret: request.headers['x-report-secret'],
          action,
          note: request.body.note,
        }),
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
      const invitation = await ratingInvitationFor(ctx, {
        tenant: request.tenant,
        trackingId: request.params.trackingId,
        secret: request.headers['x-report-secret'],
      });
      return reply.header('cache-control', 'no-store').send(invitation);
    },
  );

  // ---- staff -------------------------------------------------------------------------------------

  const staffRead = requireRoles('admin', 'auditor', 'officer', 'unit-head');
  const ListQuery = Page.extend({
    status: z.enum(REPORT_STATUSES).optional(),
    unit: UnitCode.optional(),
    category: Slug.optional(),
  });

  app.get(
    '/v1/staff/queue',
    {
      preHandler: requireRoles('admin', 'auditor'),
      schema: {
        tags: ['staff'],
        summary: 'Verification queue: submitted and deferred reports, oldest deadline first',
        security: bearer,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(ReportSummary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const items = await listStaffReports(ctx, request.tenant, {
        statuses: q.status ? [q.status] : ['submitted', 'deferred'],
        category: q.category,
        unit: q.unit,
        reader: staffReader(requirePrincipal(request)),
        limit: q.limit,
        offset: q.offset,
      });
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
      const items = await listStaffReports(ctx, request.tenant, {
        statuses: q.status ? [q.status] : ['disposed', 'in-progress', 'followed-up'],
        unit,
        category: q.category,
        reader: staffReader(requirePrincipal(request)),
        limit: q.limit,
        offset: q.offset,
      });
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
        querystring: Page.extend({
          kind: z.enum(['disposition', 'follow-up']).default('follow-up'),
          unit: UnitCode.optional(),
          category: Slug.optional(),
        }),
        response: { 200: z.object({ items: z.array(ReportSummary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = requirePrincipal(request);
      if (q.kind === 'disposition' && !principal.roles.some((r) => r === 'admin' || r === 'auditor')) {
        throw kitProblems.forbidden_role('Only admins and auditors see the verification backlog.');
      }
      const unit = unitScope(principal, q.unit);
      const items = await listStaffReports(ctx, request.tenant, {
        overdueKind: q.kind,
        unit,
        category: q.category,
        reader: staffReader(principal),
        limit: q.limit,
        offset: q.offset,
      });
      return { items };
    },
  );

  app.get(
    '/v1/staff/reports/:trackingId',
    {
      preHandler: staffRead,
      schema: {
        tags: ['staff'],
        summary: 'A report with its timeline, as your role may see it',
        security: bearer,
        params: TrackingParams,
        response: { 200: ReportOut },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return staffViewReport(ctx, {
        tenant: request.tenant,
        trackingId: request.params.trackingId,
        reader: staffReader(principal),
        unit: principal.unit,
      });
    },
  );

  const staffAction = <B extends z.ZodType>(
    path: string,
    action: Action,
    roles: Parameters<typeof requireRoles>,
    doc: { summary: string; body: B; actionOf?: (input: ActionInput) => Action | undefined },
  ) =>
    app.post(
      `/v1/staff/reports/:trackingId/${path}`,
      {
        preHandler: requireRoles(...roles),
        schema: {
          tags: ['staff'],
          summary: doc.summary,
          security: bearer,
          params: TrackingParams,
          body: doc.body,
          response: { 200: ReportOut },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        const input = request.body as ActionInput;
        return actAsStaff(ctx, {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          action: doc.actionOf?.(input) ?? action,
          actor: staffActor(principal),
          input,
          reader: staffReader(principal),
        });
      },
    );

  staffAction('dispose', 'dispose', ['admin'], {
    summary: 'Verify and dispose to a unit (default: the category’s unit)',
    body: DisposeBody,
  });
  staffAction('defer', 'defer', ['admin'], {
    summary: 'Defer: the reporter must add information (tunda)',
    body: NoteBody,
  });
  // bukan wewenang names where the report went; to another unit of the region it is handed over there
  const toUnit = (input: ActionInput): Action | undefined => (input.to?.kind === 'unit' ? 'hand-over' : undefined);
  staffAction('forward', 'forward', ['admin', 'officer', 'unit-head'], {
    summary: 'Not our authority (bukan wewenang): hand over to another unit, another region or a named agency',
    body: ForwardBody,
    actionOf: toUnit,
  });
  staffAction('reject', 'reject-not-authority', ['admin'], {
    summary: 'Not our authority: close, naming where the report went (another unit hands it over instead)',
    body: ForwardBody,
    actionOf: toUnit,
  });
  staffAction('archive', 'archive', ['admin'], {
    summary: 'Archive as spam, duplicate or out of scope (arsip)',
    body: ArchiveBody,
  });
  staffAction('respond', 'respond', ['officer', 'unit-head', 'admin'], {
    summary: 'The unit’s first response: work is in progress',
    body: ReplyBody,
  });
  staffAction('follow-up', 'follow-up', ['officer', 'unit-head', 'admin'], {
    summary: 'Post the follow-up (tindak lanjut) with optional photos',
    body: FollowUpBody,
  });
  staffAction('redispose', 'redispose', ['admin'], { summary: 'Re-dispose to another unit', body: RedisposeBody });
  staffAction('unlink', 'unlink', ['admin'], {
    summary: 'Unlink a supporting report: it becomes its own case',
    body: NoteBody,
  });

  app.patch(
    '/v1/staff/reports/:trackingId/privacy',
    {
      preHandler: requireRoles('admin'),
      schema: {
        tags: ['staff'],
        summary: 'Set or lift the anonim and rahasia flags',
        security: bearer,
        params: TrackingParams,
        body: PrivacyBody,
        response: { 200: ReportOut },
      },
    },
    async (request) =>
      setPrivacy(ctx, {
        tenant: request.tenant,
        trackingId: request.params.trackingId,
        flags: request.body,
        actor: staffActor(requirePrincipal(request)),
      }),
  );

  threadRoutes(app, ctx);
}
