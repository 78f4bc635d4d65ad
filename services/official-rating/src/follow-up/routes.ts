/** The unit's follow-up plan per period: set by its head or an admin, its history for staff. */
import { assertUnitAccess, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { ServiceUsersParams } from '../schemas.js';
import { FollowUpBody, FollowUpHistory, FollowUpOut } from './schemas.js';
import { followUpHistory, setFollowUpPlan } from './use-cases.js';

const bearer = [{ bearerAuth: [] }];

export function followUpRoutes(app: App, ctx: Ctx): void {
  app.put(
    '/v1/staff/units/:unit/follow-up/:period',
    {
      preHandler: requireRoles('admin', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Set the unit’s follow-up plan (rencana tindak lanjut) for a period',
        description:
          'PermenPANRB 14/2017: the survey results are published with the follow-up plan. Each item names the SKM element it improves, the action, when and who is responsible (by job title). A new plan replaces the published one; every version stays in the history with who set it and when.',
        security: bearer,
        params: ServiceUsersParams,
        body: FollowUpBody,
        response: { 200: FollowUpOut },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      assertUnitAccess(principal, request.params.unit);
      return setFollowUpPlan(ctx, {
        tenant: request.tenant,
        ...request.params,
        items: request.body.items,
        by: principal.sub,
      });
    },
  );

  app.get(
    '/v1/staff/units/:unit/follow-up/:period',
    {
      preHandler: requireRoles('admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags: ['staff'],
        summary: 'Every version of the unit’s follow-up plan for a period, who set it and when',
        security: bearer,
        params: ServiceUsersParams,
        response: { 200: FollowUpHistory },
      },
    },
    async (request) => {
      assertUnitAccess(requirePrincipal(request), request.params.unit);
      return followUpHistory(ctx, { tenant: request.tenant, ...request.params });
    },
  );
}
