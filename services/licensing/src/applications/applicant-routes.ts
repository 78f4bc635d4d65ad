import { kitProblems, requirePrincipal, requireRoles, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import {
  applicantAct,
  createApplication,
  updateApplicationData,
  uploadDocument,
  type ApplicantTarget,
} from './applicant-actions.js';
import { applicantAccess } from './callers.js';
import { bearer, issuedPermitRoutes, sendDocument } from './route-shared.js';
import {
  ApplicantApplicationOut,
  CreateBody,
  Created,
  DocumentOut,
  DocumentParams,
  NoteBody,
  RatingInvitationOut,
  RegParams,
  RejectBody,
  SecretHeader,
  Summary,
  UpdateBody,
} from './schemas.js';
import { listMine, ratingInvitationFor, storedDocument, viewForApplicant } from './read.js';

const UPLOAD_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

/** The application a route addresses, with the applicant's proof that it is theirs. */
const applicant = (request: FastifyRequest, registrationNumber: string): ApplicantTarget => ({
  tenant: request.tenant,
  registrationNumber,
  access: applicantAccess(request),
});

/** The applicant's routes: apply, track, edit, upload, submit or withdraw, and fetch the issued permit. */
export function applicantRoutes(app: App, ctx: Ctx, deps: Deps): void {
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

  // submit and withdraw take an optional note; an objection (keberatan) takes its reasons
  const applicantAction = (
    path: string,
    action: 'submit' | 'withdraw' | 'object',
    summary: string,
    body: typeof NoteBody | typeof RejectBody = NoteBody,
  ) =>
    app.post(
      `/v1/applications/:registrationNumber/${path}`,
      {
        config: submitLimit,
        schema: {
          tags: ['applicants'],
          summary,
          params: RegParams,
          headers: SecretHeader,
          body,
          response: { 200: ApplicantApplicationOut },
        },
      },
      async (request) => {
        const b = request.body as { note?: string; reasons?: string[] };
        return applicantAct(ctx, deps, {
          ...applicant(request, request.params.registrationNumber),
          action,
          note: b.note,
          ...(b.reasons ? { reasons: b.reasons } : {}),
        });
      },
    );
  applicantAction(
    'submit',
    'submit',
    'Submit (or resubmit after completing a returned file); every requirement is checked first',
  );
  applicantAction('withdraw', 'withdraw', 'Withdraw the application before it is found complete');
  applicantAction(
    'objection',
    'object',
    'Object (keberatan) to a rejection within 21 working days, with reasons; the office decides within its deadline (UU 30/2014 Art. 75-78)',
    RejectBody,
  );

  issuedPermitRoutes(app, ctx, deps, {
    prefix: '/v1/applications',
    tag: 'applicants',
    who: (request) => ({ applicant: applicantAccess(request) }),
  });
}
