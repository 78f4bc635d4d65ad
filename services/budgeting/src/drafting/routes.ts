/** Drafting and the cycle: ceilings (TAPD), sub-activities and line items (the unit; TAPD rationalizes), each step of the cycle. */
import type { FastifyRequest } from 'fastify';
import { assertUnitAccess, findUnitOrThrow, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { approveRegionBudget, moveUnitBudget } from '../cycle/use-cases.js';
import {
  BeneficiariesBody,
  CeilingBody,
  IndicatorsBody,
  LineItemBody,
  LineItemOut,
  LineItemParams,
  MoveBody,
  NoteBody,
  NoteOut,
  RemoveSubActivityQuery,
  SubActivityBody,
  SubActivityParams,
  UnitBudgetOut,
  UnitBudgetParams,
  YearParams,
} from '../schemas.js';
import { budgetCaller } from './callers.js';
import {
  addReviewNote,
  addSubActivity,
  readUnitBudget,
  removeLineItem,
  saveLineItem,
  setCeiling,
  setIndicators,
} from './use-cases.js';
import { removeSubActivity, setSubActivityBeneficiaries, setSubActivityCeiling } from './sub-activities.js';
import { lineView, noteView, unitBudgetView } from './views.js';

const bearer = [{ bearerAuth: [] }];

export function draftingRoutes(app: App, ctx: Ctx): void {
  /** The caller, after the unit exists in the region and (for unit roles) is the caller's own. */
  const callerFor = (request: FastifyRequest, unit: string) => {
    const principal = requirePrincipal(request);
    findUnitOrThrow(ctx.region(request.tenant), unit);
    assertUnitAccess(principal, unit);
    return budgetCaller(principal, request.tenant);
  };
  const tags = ['drafting'];

  app.put(
    '/v1/budgets/:year/units/:unit/ceiling',
    {
      preHandler: requireRoles('tapd', 'admin'),
      schema: {
        tags,
        summary: "Set a unit's ceiling (pagu) from KUA-PPAS",
        params: UnitBudgetParams,
        body: CeilingBody,
        security: bearer,
      },
    },
    async (request) => {
      const row = await setCeiling(ctx, {
        caller: callerFor(request, request.params.unit),
        year: request.params.year,
        unit: request.params.unit,
        pagu: request.body.pagu,
      });
      return { year: row.year, unit: row.unit, pagu: row.pagu.toString(), status: row.status };
    },
  );

  app.get(
    '/v1/budgets/:year/units/:unit',
    {
      preHandler: requireRoles('tapd', 'admin', 'auditor', 'officer', 'unit-head'),
      schema: {
        tags,
        summary: "A unit's budget: status, ceilings, sub-activities and line items",
        params: UnitBudgetParams,
        response: { 200: UnitBudgetOut },
        security: bearer,
      },
    },
    async (request) => {
      callerFor(request, request.params.unit);
      return unitBudgetView(await readUnitBudget(ctx, { tenant: request.tenant, ...request.params }));
    },
  );

  app.post(
    '/v1/budgets/:year/units/:unit/sub-activities',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: 'Add a sub-activity with its ceiling, indicators and planning source',
        params: UnitBudgetParams,
        body: SubActivityBody,
        security: bearer,
      },
    },
    async (request, reply) => {
      const row = await addSubActivity(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        subActivity: request.body,
      });
      return reply.code(201).send({
        id: row.id,
        code: row.code,
        name: row.name,
        output: row.output,
        pagu: row.pagu.toString(),
        planningSource: row.planning_source,
        indicators: row.indicators,
        beneficiaries: row.beneficiaries === null ? null : Number(row.beneficiaries),
      });
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/sub-activities/:code/indicators',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: "Set a sub-activity's performance indicators (text, target, unit)",
        params: SubActivityParams,
        body: IndicatorsBody,
        security: bearer,
      },
    },
    async (request) => {
      const { code, ...where } = request.params;
      const row = await setIndicators(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        code,
        indicators: request.body.indicators,
      });
      return { code: row.code, indicators: row.indicators };
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/sub-activities/:code/beneficiaries',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: "Set a sub-activity's beneficiaries (jumlah penerima manfaat), or null to clear it",
        params: SubActivityParams,
        body: BeneficiariesBody,
        security: bearer,
      },
    },
    async (request) => {
      const { code, ...where } = request.params;
      const row = await setSubActivityBeneficiaries(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        code,
        beneficiaries: request.body.beneficiaries,
      });
      return { code: row.code, beneficiaries: row.beneficiaries === null ? null : Number(row.beneficiaries) };
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/sub-activities/:code/ceiling',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: "Change a sub-activity's ceiling: not below its lines' total, within the unit's ceiling",
        params: SubActivityParams,
        body: CeilingBody,
        security: bearer,
      },
    },
    async (request) => {
      const { code, ...where } = request.params;
      const { row, linesTotal } = await setSubActivityCeiling(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        code,
        pagu: request.body.pagu,
      });
      return { code: row.code, pagu: row.pagu.toString(), total: linesTotal.toString() };
    },
  );

  app.delete(
    '/v1/budgets/:year/units/:unit/sub-activities/:code',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: 'Remove a sub-activity while drafting: one with lines only with ?withLines=true (each line audited)',
        params: SubActivityParams,
        querystring: RemoveSubActivityQuery,
        security: bearer,
      },
    },
    async (request) => {
      const { code, ...where } = request.params;
      return removeSubActivity(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        code,
        withLines: request.query.withLines,
      });
    },
  );

  app.post(
    '/v1/budgets/:year/units/:unit/line-items',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: 'Add a line item (price lock, account lock, exact arithmetic, ceilings)',
        params: UnitBudgetParams,
        body: LineItemBody,
        response: { 201: LineItemOut },
        security: bearer,
      },
    },
    async (request, reply) => {
      const saved = await saveLineItem(ctx, {
        caller: callerFor(request, request.params.unit),
        ...request.params,
        line: request.body,
      });
      return reply.code(201).send(lineView(saved.line, saved.subActivity));
    },
  );

  app.put(
    '/v1/budgets/:year/units/:unit/line-items/:id',
    {
      preHandler: requireRoles('officer', 'unit-head', 'tapd'),
      schema: {
        tags,
        summary: 'Change a line item: the unit while drafting, TAPD (with a reason) while reviewing',
        params: LineItemParams,
        body: LineItemBody,
        response: { 200: LineItemOut },
        security: bearer,
      },
    },
    async (request) => {
      const { id, ...where } = request.params;
      const saved = await saveLineItem(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        id,
        line: request.body,
      });
      return lineView(saved.line, saved.subActivity);
    },
  );

  app.delete(
    '/v1/budgets/:year/units/:unit/line-items/:id',
    {
      preHandler: requireRoles('officer', 'unit-head'),
      schema: {
        tags,
        summary: 'Remove a line while drafting (the audit chain keeps it)',
        params: LineItemParams,
        security: bearer,
      },
    },
    async (request, reply) => {
      const { id, ...where } = request.params;
      await removeLineItem(ctx, { caller: callerFor(request, where.unit), ...where, id });
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/budgets/:year/units/:unit/line-items/:id/notes',
    {
      preHandler: requireRoles('tapd'),
      schema: {
        tags: ['cycle'],
        summary: 'TAPD notes a line under review (audited; the unit sees it beside the line)',
        params: LineItemParams,
        body: NoteBody,
        response: { 201: NoteOut },
        security: bearer,
      },
    },
    async (request, reply) => {
      const { id, ...where } = request.params;
      const row = await addReviewNote(ctx, {
        caller: callerFor(request, where.unit),
        ...where,
        id,
        note: request.body.note,
      });
      return reply.code(201).send(noteView(row));
    },
  );

  for (const action of ['open', 'close', 'submit', 'return', 'approve', 'lock'] as const) {
    const roles =
      action === 'submit'
        ? (['officer', 'unit-head'] as const)
        : action === 'open' || action === 'close'
          ? (['tapd', 'admin'] as const)
          : (['tapd'] as const);
    app.post(
      `/v1/budgets/:year/units/:unit/${action}`,
      {
        preHandler: requireRoles(...roles),
        schema: {
          tags: ['cycle'],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a unit's budget`,
          params: UnitBudgetParams,
          body: MoveBody,
          security: bearer,
        },
      },
      async (request) => {
        const moved = await moveUnitBudget(ctx, {
          caller: callerFor(request, request.params.unit),
          ...request.params,
          action,
          reason: request.body?.reason,
        });
        return { ...moved, total: moved.total.toString() };
      },
    );
  }

  app.post(
    '/v1/budgets/:year/approve-region',
    {
      preHandler: requireRoles('admin'),
      schema: {
        tags: ['cycle'],
        summary: "Record the joint approval of the region's budget (every unit approved)",
        params: YearParams,
        security: bearer,
      },
    },
    async (request) =>
      approveRegionBudget(ctx, {
        caller: budgetCaller(requirePrincipal(request), request.tenant),
        year: request.params.year,
      }),
  );
}
