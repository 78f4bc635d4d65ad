/** After the lock: budget shifts (pergeseran), the year's APBD-P, and the revised DPA with murni beside revised. */
import type { FastifyRequest } from 'fastify';
import {
  assertUnitAccess,
  findUnitOrThrow,
  hasRole,
  requirePrincipal,
  requireRoles,
  type App,
} from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { budgetCaller } from '../drafting/callers.js';
import { lineView } from '../drafting/views.js';
import {
  LineItemBody,
  LineItemOut,
  LineItemParams,
  MoveBody,
  SubActivityParams,
  UnitBudgetParams,
  YearParams,
} from '../schemas.js';
import { approveRegionRevision, moveUnitRevision, openRevision } from './apbdp-cycle.js';
import {
  cutRevisionLine,
  readRevisionDraft,
  saveRevisionLine,
  setRevisedCeiling,
  setRevisedSubCeiling,
} from './apbdp-lines.js';
import { readRevisedDpa } from './dppa.js';
import { CutBody, DecisionBody, RevisedCeilingBody, RevisedDpaOut, ShiftBody, ShiftParams } from './schemas.js';
import { decideOnShift, listShifts, proposeShift } from './shifts.js';
import { shiftView } from './views.js';

const security = [{ bearerAuth: [] }];
const STAFF = ['tapd', 'admin', 'auditor', 'officer', 'unit-head'] as const;

export function revisionRoutes(app: App, ctx: Ctx): void {
  const callerFor = (request: FastifyRequest, unit: string) => {
    const principal = requirePrincipal(request);
    findUnitOrThrow(ctx.region(request.tenant), unit);
    assertUnitAccess(principal, unit);
    return budgetCaller(principal, request.tenant);
  };
  const shifts = ['revision: shifts'];
  const apbdp = ['revision: APBD-P'];

  app.post(
    '/v1/budgets/:year/units/:unit/shifts',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags: shifts,
        summary: 'Propose a budget shift (pergeseran) in a locked DPA',
        params: UnitBudgetParams,
        body: ShiftBody,
        security,
      },
    },
    async (request, reply) => {
      const row = await proposeShift(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        ...request.body,
      });
      return reply.code(201).send(shiftView(row));
    },
  );

  app.get(
    '/v1/budgets/:year/units/:unit/shifts',
    {
      preHandler: requireRoles(...STAFF),
      schema: {
        tags: shifts,
        summary: "The unit's budget shifts, proposed and decided",
        params: UnitBudgetParams,
        security,
      },
    },
    async (request) => {
      callerFor(request, request.params.unit);
      return { shifts: (await listShifts(ctx, { tenant: request.tenant, ...request.params })).map(shiftView) };
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/v1/budgets/:year/units/:unit/shifts/:id/${decision}`,
      {
        preHandler: requireRoles('tapd', 'unit-head'),
        schema: {
          tags: shifts,
          summary: `${decision === 'approve' ? 'Approve (and apply)' : 'Reject (with a reason)'} a shift: TAPD, or the unit head for a within-account shift`,
          params: ShiftParams,
          body: DecisionBody,
          security,
        },
      },
      async (request) => {
        const { id, ...where } = request.params;
        const principal = requirePrincipal(request);
        const row = await decideOnShift(ctx, {
          caller: callerFor(request, where.unit),
          approver: hasRole(principal, 'tapd') ? 'tapd' : hasRole(principal, 'unit-head') ? 'unit-head' : null,
          ...where,
          id,
          approve: decision === 'approve',
          reason: request.body?.reason,
        });
        return shiftView(row);
      },
    );
  }

  app.post(
    '/v1/budgets/:year/revision',
    {
      preHandler: requireRoles('tapd', 'admin'),
      schema: {
        tags: apbdp,
        summary: "Open the year's one APBD-P (every unit's DPA locked)",
        params: YearParams,
        security,
      },
    },
    async (request, reply) =>
      reply.code(201).send(
        await openRevision(ctx, {
          caller: budgetCaller(requirePrincipal(request), request.tenant),
          year: request.params.year,
        }),
      ),
  );

  app.post(
    '/v1/budgets/:year/revision/approve-region',
    {
      preHandler: requireRoles('admin'),
      schema: {
        tags: apbdp,
        summary: "Record the region's approval of the APBD-P (every unit's APBD-P approved)",
        params: YearParams,
        security,
      },
    },
    async (request) =>
      approveRegionRevision(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
      }),
  );

  app.get(
    '/v1/budgets/:year/units/:unit/revision',
    {
      preHandler: requireRoles(...STAFF),
      schema: {
        tags: apbdp,
        summary: "The unit's drafted APBD-P: status, revised ceilings and drafted lines",
        params: UnitBudgetParams,
        security,
      },
    },
    async (request) => {
      callerFor(request, request.params.unit);
      const d = await readRevisionDraft(ctx, { tenant: request.tenant, ...request.params });
      return {
        status: d.revision.status,
        pagu: d.revision.pagu.toString(),
        subActivityPagu: d.revision.sub_pagu,
        total: d.total.toString(),
        lines: d.lines.map((l) => ({ ...lineView(l, ''), lineItemId: l.line_item_id, cut: l.cut, reason: l.reason })),
      };
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/revision/ceiling',
    {
      preHandler: requireRoles('tapd', 'admin'),
      schema: {
        tags: apbdp,
        summary: "Set the unit's revised ceiling for the APBD-P",
        params: UnitBudgetParams,
        body: RevisedCeilingBody,
        security,
      },
    },
    async (request) => {
      const row = await setRevisedCeiling(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        pagu: request.body.pagu,
      });
      return { unit: row.unit, status: row.status, pagu: row.pagu.toString() };
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/revision/sub-activities/:code/ceiling',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags: apbdp,
        summary: "Revise a sub-activity's ceiling within the unit's revised ceiling",
        params: SubActivityParams,
        body: RevisedCeilingBody,
        security,
      },
    },
    async (request) => {
      const { code, ...where } = request.params;
      const row = await setRevisedSubCeiling(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        code,
        pagu: request.body.pagu,
      });
      return { code: row.code, pagu: row.pagu.toString() };
    },
  );

  app.post(
    '/v1/budgets/:year/units/:unit/revision/line-items',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags: apbdp,
        summary: 'Draft a new line in the APBD-P (murni 0)',
        params: UnitBudgetParams,
        body: LineItemBody,
        response: { 201: LineItemOut },
        security,
      },
    },
    async (request, reply) => {
      const saved = await saveRevisionLine(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        line: request.body,
      });
      return reply.code(201).send(lineView(saved.line, saved.subActivity));
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/revision/line-items/:id',
    {
      preHandler: requireRoles('officer', 'unit-head', 'tapd'),
      schema: {
        tags: apbdp,
        summary:
          'Draft the revised values of a line in force or a drafted new line; TAPD with a reason while reviewing',
        params: LineItemParams,
        body: LineItemBody,
        response: { 200: LineItemOut },
        security,
      },
    },
    async (request) => {
      const { id, ...where } = request.params;
      const saved = await saveRevisionLine(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        id,
        line: request.body,
      });
      return lineView(saved.line, saved.subActivity);
    },
  );

  app.post(
    '/v1/budgets/:year/units/:unit/revision/line-items/:id/cut',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags: apbdp,
        summary: 'Cut a line in the APBD-P (revised 0 beside its murni values)',
        params: LineItemParams,
        body: CutBody,
        security,
      },
    },
    async (request) => {
      const { id, ...where } = request.params;
      return cutRevisionLine(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        id,
        reason: request.body.reason,
      });
    },
  );

  for (const action of ['submit', 'return', 'approve', 'lock'] as const) {
    app.post(
      `/v1/budgets/:year/units/:unit/revision/${action}`,
      {
        preHandler: requireRoles(...(action === 'submit' ? (['officer', 'unit-head'] as const) : (['tapd'] as const))),
        schema: {
          tags: apbdp,
          summary:
            action === 'lock'
              ? "Lock the unit's revised DPA (DPPA): the changes take effect"
              : `${action[0]!.toUpperCase()}${action.slice(1)} the unit's APBD-P`,
          params: UnitBudgetParams,
          body: MoveBody,
          security,
        },
      },
      async (request) => {
        const moved = await moveUnitRevision(ctx, {
          caller: callerFor(request, request.params.unit),
          ...request.params,
          action,
          reason: request.body?.reason,
        });
        return { unit: moved.unit, year: moved.year, status: moved.status, pagu: moved.pagu.toString() };
      },
    );
  }

  app.get(
    '/v1/budgets/:year/units/:unit/revised-dpa',
    {
      preHandler: requireRoles(...STAFF),
      schema: {
        tags: apbdp,
        summary: 'The revised DPA: murni, revised and difference per line, sub-activity and unit',
        params: UnitBudgetParams,
        response: { 200: RevisedDpaOut },
        security,
      },
    },
    async (request) => {
      callerFor(request, request.params.unit);
      return readRevisedDpa(ctx, { tenant: request.tenant, ...request.params });
    },
  );
}
