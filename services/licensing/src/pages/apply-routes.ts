/**
 * Applying and objecting in the browser, without JavaScript: `GET|POST /izin/ajukan/{type}` (the form,
 * then the number and secret shown once) and `POST /izin/lacak/keberatan` (an objection against a
 * rejection, from the track page, within its window). Thin: read the form, call `applyAtOnce` or
 * `applicantAct`, render. Registered inside the `/izin` page scope, so refusals are Indonesian pages.
 */
import { Slug } from '@sinergi/contracts';
import { readUploadForm, toProblemError, type App } from '@sinergi/service-kit';
import { formFields, type FieldError, type Interpolation } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { applicantAct } from '../applications/applicant-actions.js';
import { applyAtOnce } from '../applications/apply-at-once.js';
import type { Ctx, Deps } from '../context.js';
import { getPermitType } from '../permit-types/service.js';
import { applyPage, appliedPage, parseApply, type ApplyValues } from './apply.js';

export interface PageTools {
  send(reply: FastifyReply, o: { status?: number; tenant: string; title: string; body: Interpolation }): unknown;
  errorPage(reply: FastifyReply, o: { status: number; tenant: string; code?: string }): unknown;
  link(request: FastifyRequest): (path: string) => string;
  /** The track page again after an action, with a message on top. */
  track(request: FastifyRequest, reply: FastifyReply, o: { nomor: string; secret: string; done?: string }): unknown;
}

const Tenant = z.object({ tenant: z.string().max(20).optional() });
const Params = z.object({ code: Slug });
const Form = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe('application/x-www-form-urlencoded fields');

/** What the form kept of the applicant's text (never files, never beyond the form's own fields). */
const textValues = (fields: Record<string, string | string[]>): ApplyValues => formFields(fields, 2000);

export function applyRoutes(scope: App, ctx: Ctx, deps: Deps, tools: PageTools): void {
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };
  const doc = (summary: string) => ({ tags: ['pages'], summary: `${summary} (HTML page for citizens)` });

  const openType = async (tenant: string, code: string) => {
    const type = await getPermitType(ctx, { tenant, code });
    return type.active && !type.business ? type : undefined;
  };

  scope.get(
    '/ajukan/:code',
    { schema: { ...doc('The application form of a permit type'), params: Params, querystring: Tenant } },
    async (request, reply) => {
      const type = await openType(request.tenant, request.params.code);
      if (!type) return tools.errorPage(reply, { status: 404, tenant: request.tenant, code: 'permit_type_not_found' });
      const action = tools.link(request)(`/izin/ajukan/${type.code}`);
      return tools.send(reply, {
        tenant: request.tenant,
        title: `Ajukan ${type.name}`,
        body: applyPage({ type, action }),
      });
    },
  );

  scope.post(
    '/ajukan/:code',
    {
      config: submitLimit,
      schema: {
        ...doc('Apply: applicant, data and documents as multipart/form-data'),
        params: Params,
        querystring: Tenant,
      },
    },
    async (request, reply) => {
      const type = await openType(request.tenant, request.params.code);
      if (!type) return tools.errorPage(reply, { status: 404, tenant: request.tenant, code: 'permit_type_not_found' });
      const form = await readUploadForm(request);
      const values = textValues(form.fields);
      const action = tools.link(request)(`/izin/ajukan/${type.code}`);
      const again = (errors: FieldError[]) =>
        tools.send(reply, {
          status: 422,
          tenant: request.tenant,
          title: 'Periksa kembali permohonan Anda',
          body: applyPage({ type, action, values, errors }),
        });
      const parsed = parseApply(type, values, form.files);
      if (!parsed.ok) return again(parsed.errors);
      const created = await applyAtOnce(ctx, deps, {
        tenant: request.tenant,
        permitType: type.code,
        sub: null,
        ...parsed.input,
      });
      return tools.send(reply, {
        status: 201,
        tenant: request.tenant,
        title: 'Permohonan terkirim',
        body: appliedPage({ type, ...created, track: tools.link(request)('/izin/lacak') }),
      });
    },
  );

  scope.post(
    '/lacak/keberatan',
    {
      config: submitLimit,
      schema: { ...doc('Object to a rejection (keberatan)'), querystring: Tenant, body: Form },
    },
    async (request, reply) => {
      const v = formFields(request.body, 1200);
      const nomor = (v.nomor ?? '').trim().toUpperCase();
      const secret = (v.kunci ?? '').trim();
      const reason = (v.alasan ?? '').trim();
      if (reason.length < 3 || reason.length > 1000)
        return tools.track(request, reply, { nomor, secret, done: 'alasan' });
      try {
        await applicantAct(ctx, deps, {
          tenant: request.tenant,
          registrationNumber: nomor,
          access: { secret },
          action: 'object',
          reasons: [reason],
        });
      } catch (err) {
        const problem = toProblemError(err);
        if (problem.code === 'objection_window_closed' || problem.code === 'invalid_transition')
          return tools.track(request, reply, { nomor, secret, done: 'ditutup' });
        throw err;
      }
      return tools.track(request, reply, { nomor, secret, done: 'keberatan' });
    },
  );
}
