import { requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import { staffAccess, staffCaller, staffReader, unitScope } from './callers.js';
import { bearer, issuedPermitRoutes, sendDocument } from './route-shared.js';
import {
  ApplicationOut,
  AssignBody,
  DocumentParams,
  FindingBody,
  ListQuery,
  NoteBody,
  RegParams,
  RejectBody,
  ReturnBody,
  Summary,
} from './schemas.js';
import { listForStaffView, storedDocument, viewForStaff } from './read.js';
import { staffAct } from './staff-actions.js';
import type { StaffInput } from './transitions.js';
import type { Action } from './workflow.js';

/** The staff's routes: the unit's list, an application, its documents and permit, and every step of handling it. */
export function staffRoutes(app: App, ctx: Ctx, deps: Deps): void {
  const staffRead = requireRoles('admin', 'auditor', 'officer', 'unit-head');
  // uploads (a KTP image) and the signed permit (the holder's full name) cannot be masked:
  // auditors, who read everything masked, do not get them
  const staffFiles = requireRoles('admin', 'officer', 'unit-head');
  issuedPermitRoutes(app, ctx, deps, {
    prefix: '/v1/staff/applications',
    tag: 'staff',
    who: (request) => ({ staff: staffAccess(requirePrincipal(request)) }),
    pre: staffFiles,
  });

  app.get(
    '/v1/staff/applications',
    {
      preHandler: staffRead,
      schema: {
        tags: ['staff'],
        summary: 'Applications of your unit (region-wide for admins and auditors), oldest deadline first',
        security: bearer,
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(Summary) }) },
      },
    },
    async (request) => {
      const q = request.query;
      const unit = unitScope(requirePrincipal(request), q.unit);
      return {
        items: await listForStaffView(ctx, {
          tenant: request.tenant,
          filter: { unit, status: q.status, permitType: q.permitType, limit: q.limit, offset: q.offset },
        }),
      };
    },
  );

  app.get(
    '/v1/staff/applications/:registrationNumber',
    {
      preHandler: staffRead,
      schema: {
        tags: ['staff'],
        summary: 'An application with its checklist, documents and timeline',
        security: bearer,
        params: RegParams,
        response: { 200: ApplicationOut },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      return viewForStaff(ctx, {
        tenant: request.tenant,
        registrationNumber: request.params.registrationNumber,
        caller: staffAccess(principal),
        reader: staffReader(principal),
      });
    },
  );

  app.get(
    '/v1/staff/applications/:registrationNumber/documents/:documentId',
    {
      preHandler: staffFiles,
      schema: {
        tags: ['staff'],
        summary: 'Download an uploaded document (not for auditors: the files hold unmasked personal data)',
        security: bearer,
        params: DocumentParams,
      },
    },
    async (request, reply) =>
      sendDocument(
        reply,
        await storedDocument(ctx, {
          tenant: request.tenant,
          registrationNumber: request.params.registrationNumber,
          documentId: request.params.documentId,
          who: { staff: staffAccess(requirePrincipal(request)) },
        }),
      ),
  );

  const handlers = requireRoles('admin', 'officer', 'unit-head');
  const staffAction = <B extends z.ZodType>(
    path: string,
    action: Action,
    { summary, body, toInput }: { summary: string; body: B; toInput: (b: z.output<B>) => StaffInput },
  ) =>
    app.post(
      `/v1/staff/applications/:registrationNumber/${path}`,
      {
        preHandler: handlers,
        schema: {
          tags: ['staff'],
          summary,
          security: bearer,
          params: RegParams,
          body,
          response: { 200: ApplicationOut },
        },
      },
      async (request) => {
        const principal = requirePrincipal(request);
        return staffAct(ctx, deps, {
          tenant: request.tenant,
          registrationNumber: request.params.registrationNumber,
          action,
          caller: staffCaller(principal),
          input: toInput(request.body as z.output<B>),
          reader: staffReader(principal),
        });
      },
    );
  staffAction('return', 'return', {
    summary: 'Return for completion, listing the missing or invalid items (the clock has not started)',
    body: ReturnBody,
    toInput: (b) => b,
  });
  staffAction('complete', 'complete', {
    summary: 'Declare the file complete: the service-standard clock starts',
    body: NoteBody,
    toInput: (b) => b,
  });
  staffAction('start-review', 'start-review', {
    summary: 'Start technical review / site inspection, assigned to an officer',
    body: AssignBody,
    toInput: (b) => b,
  });
  staffAction('findings', 'record-findings', {
    summary: 'Record the findings of the technical review or the site inspection',
    body: FindingBody,
    toInput: (b) => ({ finding: b, note: b.notes }),
  });
  staffAction('assess-fee', 'assess-fee', {
    summary: 'Assess the fee (retribusi) from the permit type’s rule',
    body: NoteBody,
    toInput: (b) => b,
  });
  staffAction('approve', 'approve', {
    summary: 'Approve: the permit is issued once the fee is paid (at once when there is none)',
    body: NoteBody,
    toInput: (b) => b,
  });
  staffAction('reject', 'reject', { summary: 'Reject with reasons', body: RejectBody, toInput: (b) => b });
  staffAction('uphold-rejection', 'uphold-rejection', {
    summary: 'Decide an objection (keberatan): the rejection stands, with reasons (UU 30/2014 Art. 77)',
    body: RejectBody,
    toInput: (b) => b,
  });
  staffAction('grant-objection', 'grant-objection', {
    summary: 'Decide an objection: granted, the rejection is annulled and a new decision is due (UU 30/2014 Art. 77)',
    body: NoteBody,
    toInput: (b) => b,
  });
}
