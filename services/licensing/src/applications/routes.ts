import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { boundClientTime, parseRupiah } from '@sinergi/contracts';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import { confirmPayment } from '../payments/confirm.js';
import { signatureOf } from '../permits/service.js';
import type { ReadAccess } from './access.js';
import {
  applicantAct,
  createApplication,
  updateApplicationData,
  uploadDocument,
  type ApplicantTarget,
} from './applicant-actions.js';
import { applicantAccess, staffAccess, staffCaller, staffReader, unitScope } from './callers.js';
import {
  ApplicantApplicationOut,
  ApplicationOut,
  AssignBody,
  CreateBody,
  Created,
  DocumentOut,
  DocumentParams,
  FindingBody,
  ListQuery,
  NoteBody,
  PaymentBody,
  PaymentOut,
  RatingInvitationOut,
  RegParams,
  RejectBody,
  ReturnBody,
  SecretHeader,
  SignedPermitOut,
  Summary,
  UpdateBody,
} from './schemas.js';
import {
  issuedPermit,
  listForStaffView,
  listMine,
  ratingInvitationFor,
  storedDocument,
  viewForApplicant,
  viewForStaff,
} from './read.js';
import { staffAct } from './staff-actions.js';
import type { StaffInput } from './transitions.js';
import type { Action } from './workflow.js';

const bearer = [{ bearerAuth: [] }];
const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

/** The application a route addresses, with the applicant's proof that it is theirs. */
const applicant = (request: FastifyRequest, registrationNumber: string): ApplicantTarget => ({
  tenant: request.tenant,
  registrationNumber,
  access: applicantAccess(request),
});

export function applicationRoutes(app: App, ctx: Ctx, deps: Deps): void {
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  // uploads arrive as the raw file; what it is, is read from its bytes, never from this header
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: ctx.config.MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/v1/applications',
    {
      config: { ...submitLimit, idempotent: true },
      schema: {
        tags: ['applicants'],
        summary: 'Start an application (saved as a draft)',
        description:
          'Anyone may apply; with a citizen token the application is also tied to the account. Keep the registration number and the secret (shown once).',
        body: CreateBody,
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const sub = request.principal?.roles.includes('citizen') ? request.principal.sub : null;
      return reply.code(201).send(await createApplication(ctx, { tenant: request.tenant, ...request.body, sub }));
    },
  );

  app.get(
    '/v1/applications/mine',
    {
      preHandler: requireRoles('citizen'),
      schema: {
        tags: ['applicants'],
        summary: 'The applications made with your citizen account',
        security: bearer,
        response: { 200: z.object({ items: z.array(Summary) }) },
      },
    },
    async (request) => ({ items: await listMine(ctx, { tenant: request.tenant, sub: requirePrincipal(request).sub }) }),
  );

  // the read-only views take the applicant's secret too: guessing it there counts like on the actions
  app.get(
    '/v1/applications/:registrationNumber',
    {
      config: submitLimit,
      schema: {
        tags: ['applicants'],
        summary: 'Track an application: status, what happens next, deadline, timeline',
        description: 'With the `X-Application-Secret` header, or a citizen token of the account that applied.',
        params: RegParams,
        headers: SecretHeader,
        response: { 200: ApplicantApplicationOut },
      },
    },
    // the view carries the rating link (a bearer capability): no cache may keep it, nor serve it to another caller
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .header('vary', 'X-Application-Secret, Authorization')
        .send(await viewForApplicant(ctx, applicant(request, request.params.registrationNumber))),
  );

  app.get(
    '/v1/applications/:registrationNumber/rating-invitation',
    {
      config: submitLimit,
      schema: {
        tags: ['applicants'],
        summary: 'The applicant’s link to rate the service (after the decision)',
        description:
          'With the `X-Application-Secret` header, or a citizen token of the account that applied. official-rating invites the applicant once the application is decided (issued, rejected or deemed granted); until then 404 `rating_invitation_not_found`. The link is single-use and the permission itself: share it with nobody.',
        params: RegParams,
        headers: SecretHeader,
        response: { 200: RatingInvitationOut },
      },
    },
    async (request, reply) =>
      reply
        .header('cache-control', 'no-store')
        .header('vary', 'X-Application-Secret, Authorization')
        .send(await ratingInvitationFor(ctx, applicant(request, request.params.registrationNumber))),
  );

  app.patch(
    '/v1/applications/:registrationNumber',
    {
      schema: {
        tags: ['applicants'],
        summary: 'Change a draft or returned application (data merges; null removes a value)',
        params: RegParams,
        headers: SecretHeader,
        body: UpdateBody,
        response: { 200: ApplicantApplicationOut },
      },
    },
    async (request) => updateApplicationData(ctx, applicant(request, request.params.registrationNumber), request.body),
  );

  app.put(
    '/v1/applications/:registrationNumber/documents/:requirement',
    {
      bodyLimit: ctx.config.MAX_UPLOAD_BYTES,
      config: submitLimit,
      schema: {
        tags: ['applicants'],
        summary: 'Upload a required document (the raw file as the body)',
        description:
          'Send the file itself with Content-Type application/octet-stream (or its own type) and optionally its name in `X-File-Name`. The type is detected from the content (PDF, PNG, JPEG) and must be one the requirement allows; each upload is a new version.',
        params: RegParams.extend({ requirement: z.string().min(1).max(64) }),
        headers: SecretHeader.extend({ 'x-file-name': z.string().max(255).optional() }),
        response: { 201: DocumentOut },
      },
    },
    async (request, reply) => {
      // another declared type (application/json, a form) was parsed as something else, not read as a file
      const declared = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!UPLOAD_TYPES.includes(declared)) {
        throw kitProblems.unsupported_media_type(
          `Send the file itself as the body with Content-Type ${UPLOAD_TYPES.join(', ')}; ${declared || 'no type'} is not read as a file.`,
          {
            extensions: { accepted: UPLOAD_TYPES },
          },
        );
      }
      const body = request.body;
      const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const doc = await uploadDocument(ctx, applicant(request, request.params.registrationNumber), {
        requirement: request.params.requirement,
        bytes,
        fileName: request.headers['x-file-name'],
      });
      return reply.code(201).send(doc);
    },
  );

  const sendDocument = (
    reply: FastifyReply,
    doc: { file_name: string; media_type: string; content: Buffer; sha256: string },
  ) =>
    reply
      .header('content-type', doc.media_type)
      .header('content-disposition', `attachment; filename="${doc.file_name}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('digest', `sha-256=${Buffer.from(doc.sha256, 'hex').toString('base64')}`)
      .send(doc.content);

  app.get(
    '/v1/applications/:registrationNumber/documents/:documentId',
    {
      config: submitLimit,
      schema: {
        tags: ['applicants'],
        summary: 'Download one of your uploaded documents',
        params: DocumentParams,
        headers: SecretHeader,
      },
    },
    async (request, reply) =>
      sendDocument(
        reply,
        await storedDocument(ctx, {
          tenant: request.tenant,
          registrationNumber: request.params.registrationNumber,
          documentId: request.params.documentId,
          who: { applicant: applicantAccess(request) },
        }),
      ),
  );

  const applicantAction = (path: string, action: 'submit' | 'withdraw', summary: string) =>
    app.post(
      `/v1/applications/:registrationNumber/${path}`,
      {
        config: submitLimit,
        schema: {
          tags: ['applicants'],
          summary,
          params: RegParams,
          headers: SecretHeader,
          body: NoteBody,
          response: { 200: ApplicantApplicationOut },
        },
      },
      async (request) =>
        applicantAct(ctx, deps, {
          ...applicant(request, request.params.registrationNumber),
          action,
          note: request.body.note,
        }),
    );
  applicantAction(
    'submit',
    'submit',
    'Submit (or resubmit after completing a returned file); every requirement is checked first',
  );
  applicantAction('withdraw', 'withdraw', 'Withdraw the application before it is found complete');

  const permitRoutes = (
    prefix: string,
    tag: string,
    who: (request: FastifyRequest) => ReadAccess,
    pre?: ReturnType<typeof requireRoles>,
  ) => {
    app.get(
      `${prefix}/:registrationNumber/permit`,
      {
        ...(pre ? { preHandler: pre } : {}),
        schema: {
          tags: [tag],
          summary: 'The issued permit as signed JSON',
          params: RegParams,
          headers: SecretHeader,
          response: { 200: SignedPermitOut },
        },
      },
      async (request) => {
        const p = await issuedPermit(ctx, {
          tenant: request.tenant,
          registrationNumber: request.params.registrationNumber,
          who: who(request),
        });
        return {
          document: p.document,
          signature: signatureOf(p),
          canonicalization: 'sorted-keys JSON without whitespace (RFC 8785 for these values)' as const,
        };
      },
    );
    app.get(
      `${prefix}/:registrationNumber/permit.pdf`,
      {
        ...(pre ? { preHandler: pre } : {}),
        schema: {
          tags: [tag],
          summary: 'The issued permit as PDF, with the QR code to its public verification',
          params: RegParams,
          headers: SecretHeader,
        },
      },
      async (request, reply) => {
        const p = await issuedPermit(ctx, {
          tenant: request.tenant,
          registrationNumber: request.params.registrationNumber,
          who: who(request),
        });
        const pdf = await deps.permits.pdf(p);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `inline; filename="izin-${p.number.replace(/[^\w-]+/g, '-')}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  };
  permitRoutes('/v1/applications', 'applicants', (request) => ({ applicant: applicantAccess(request) }));

  // ---- staff ---------------------------------------------------------------------------------

  const staffRead = requireRoles('admin', 'auditor', 'officer', 'unit-head');
  // uploads (a KTP image) and the signed permit (the holder's full name) cannot be masked:
  // auditors, who read everything masked, do not get them
  const staffFiles = requireRoles('admin', 'officer', 'unit-head');
  permitRoutes(
    '/v1/staff/applications',
    'staff',
    (request) => ({ staff: staffAccess(requirePrincipal(request)) }),
    staffFiles,
  );

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

  // ---- the payment integrator ----------------------------------------------------------------

  app.post(
    '/v1/integrations/payments',
    {
      preHandler: requireRoles('integrator'),
      schema: {
        tags: ['integrators'],
        summary: 'Confirm a payment of an approved application; the permit is issued in the same step',
        description:
          'Idempotent on paymentReference: the same reference again answers the same and changes nothing; another reference for an already paid application is 409. A `paidAt` more than 5 minutes ahead of, or more than 30 days before, the time of the request is recorded as the time of the request.',
        security: bearer,
        body: PaymentBody,
        response: { 200: PaymentOut },
      },
    },
    async (request) => {
      const b = request.body;
      return confirmPayment(ctx, deps, {
        tenant: request.tenant,
        registrationNumber: b.registrationNumber,
        paymentReference: b.paymentReference,
        amount: parseRupiah(b.amount),
        paidAt: b.paidAt ? boundClientTime(new Date(b.paidAt), new Date()).at : undefined,
        caller: { actsAs: 'integrator', id: requirePrincipal(request).sub },
      });
    },
  );
}
