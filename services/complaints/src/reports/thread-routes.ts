/** Staff routes on a report's thread besides the workflow's actions: replies, and an information request's extension. */
import { requirePrincipal, requireRoles, unitScopeOf, type App } from '@sinergi/service-kit';
import { Slug, UnitCode } from '@sinergi/contracts';
import { z } from 'zod';
import { handlingOf } from '../deadlines/rules.js';
import type { Ctx } from '../context.js';
import { staffActor, staffReader, unitScope } from './actors.js';
import { extendInformationDeadline } from './information.js';
import { replyAsStaff } from './replies.js';
import { listStaffReports } from './reading.js';
import { ExtendBody, Page, ReplyBody, ReportOut, ReportSummary, TrackingParams } from './schemas.js';

const bearer = [{ bearerAuth: [] }];

interface StaffOnReport {
  tenant: string;
  trackingId: string;
  actor: ReturnType<typeof staffActor>;
  reader: ReturnType<typeof staffReader>;
}

export function threadRoutes(app: App, ctx: Ctx): void {
  app.get(
    '/v1/staff/escalations',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Reports whose current deadline was missed and escalated (level 1: unit head, 2: oversight)',
        description:
          'Admins and auditors see the region; the oversight unit’s staff (Sekretariat Daerah or Inspektorat) the level-2 escalations addressed to them; other unit staff their own unit’s.',
        security: bearer,
        querystring: Page.extend({
          level: z.coerce.number().int().min(1).max(2).default(1),
          unit: UnitCode.optional(),
          category: Slug.optional(),
        }),
        response: { 200: z.object({ items: z.array(ReportSummary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const principal = requirePrincipal(request);
      const level = q.level === 2 ? 2 : 1;
      const own = unitScopeOf(principal);
      const oversight = own !== undefined && own === handlingOf(ctx.region(request.tenant)).oversightUnit;
      const items = await listStaffReports(ctx, request.tenant, {
        escalatedTo: oversight ? { level: 2, toUnit: own } : { level },
        unit: oversight ? q.unit : unitScope(principal, q.unit),
        category: q.category,
        // the oversight does not handle the report: it reads free text masked, like an auditor
        reader: oversight ? 'auditor' : staffReader(principal),
        limit: q.limit,
        offset: q.offset,
      });
      return { items };
    },
  );

  /** A staff post on one report by admins or its unit, answered with the report as the caller reads it. */
  const threadPost = <B extends typeof ReplyBody | typeof ExtendBody>(
    path: string,
    doc: { summary: string; body: B },
    run: (who: StaffOnReport, body: z.output<B>) => Promise<unknown>,
  ) =>
    app.post(
      `/v1/staff/reports/:trackingId/${path}`,
      {
        preHandler: requireRoles('admin', 'officer', 'unit-head'),
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
        const who = {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          actor: staffActor(principal),
          reader: staffReader(principal),
        };
        return run(who, request.body as z.output<B>) as Promise<z.output<typeof ReportOut>>;
      },
    );
  threadPost(
    'replies',
    {
      summary: 'Reply on the report’s thread; on a followed-up report this holds the automatic closing',
      body: ReplyBody,
    },
    (who, body) => replyAsStaff(ctx, { ...who, note: body.note }),
  );
  threadPost(
    'extend',
    {
      summary: 'Extend an information request’s deadline once by 7 working days, with the reason (UU 14/2008 Art. 22)',
      body: ExtendBody,
    },
    (who, body) => extendInformationDeadline(ctx, { ...who, reason: body.reason }),
  );
}
