/**
 * Citizen pages under `/izin/` (the gateway passes that path through unchanged): the permit catalogue,
 * a page per permit type, and following an application. Routes only read the form, call the same use
 * cases as the JSON API (`listPermitTypes`, `getPermitType`, `viewForApplicant`, `issuedPermit`) and
 * render. Whatever goes wrong, a person with a browser gets an Indonesian page, never problem+json.
 *
 * The applicant's secret travels only in POST bodies (the lookup form, the PDF form): never in a URL,
 * so it stays out of access logs (the kit logs method and path, never bodies), referrers, the browser
 * history and caches (every page is `Cache-Control: no-store`).
 */
import fastifyFormbody from '@fastify/formbody';
import type { RegionProfile } from '@sinergi/contracts';
import { Slug } from '@sinergi/contracts';
import { acceptUploads, handlePageErrors, toProblemError, type App } from '@sinergi/service-kit';
import { formFields, messageForStatus, refusalMessage, site, type FieldError, type Interpolation } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx, Deps } from '../context.js';
import { issuedPermit, viewForApplicant } from '../applications/read.js';
import { getPermitType, listPermitTypes } from '../permit-types/service.js';
import { verificationUrl } from '../permits/document.js';
import { applyRoutes } from './apply-routes.js';
import { cataloguePage, permitTypePage } from './catalogue.js';
import { lookupPage, trackPage } from './track.js';

const SITE = site({
  service: 'Perizinan',
  home: '/izin/',
  nav: [
    { href: '/izin/', label: 'Jenis izin' },
    { href: '/izin/lacak', label: 'Lacak permohonan' },
  ],
  back: 'Kembali ke daftar izin',
});

/** Refusals a citizen can meet, in their words. */
const PROBLEM_TEXT: Record<string, { title: string; detail: string } | undefined> = {
  permit_type_not_found: {
    title: 'Jenis izin tidak ditemukan',
    detail: 'Jenis izin ini tidak ada atau tidak lagi dilayani di daerah ini.',
  },
  unknown_tenant: {
    title: 'Daerah tidak dikenal',
    detail: 'Alamat ini tidak merujuk ke pemerintah daerah yang dilayani.',
  },
  application_not_found: {
    title: 'Permohonan tidak ditemukan',
    detail: 'Tidak ada permohonan dengan nomor registrasi ini. Periksa kembali nomornya.',
  },
  wrong_secret: {
    title: 'Kode rahasia tidak cocok',
    detail:
      'Kode rahasia tidak cocok dengan nomor registrasi ini. Lacak kembali permohonan Anda dengan kode yang benar.',
  },
  permit_not_issued: {
    title: 'Izin belum terbit',
    detail: 'Dokumen izin dapat diunduh setelah izin terbit. Lacak permohonan Anda untuk melihat keadaannya.',
  },
};

/** Lookup refusals answered on the lookup form itself, next to the field to correct. */
const LOOKUP_ERRORS: Record<string, FieldError> = {
  application_not_found: {
    field: 'nomor',
    message: 'Tidak ada permohonan dengan nomor registrasi ini. Periksa kembali nomornya.',
  },
  wrong_secret: {
    field: 'kunci',
    message: 'Kode rahasia tidak cocok dengan nomor registrasi ini. Periksa kembali kodenya.',
  },
  credentials_required: { field: 'kunci', message: 'Kode rahasia wajib diisi.' },
};

const Form = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe('application/x-www-form-urlencoded fields');
const Tenant = { tenant: z.string().max(20).optional() };
const REG_NUMBER = /^[A-Za-z0-9-]{4,30}$/;

export function pageRoutes(app: App, ctx: Ctx, deps: Deps): void {
  // as the JSON view: guessing a secret through the page counts against the same limit
  const secretLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  /** A link that keeps the region when it came from `?tenant=` (a deployment serving several regions). */
  const linker = (request: FastifyRequest) => (path: string) => {
    const tenant = (request.query as { tenant?: unknown }).tenant;
    return typeof tenant === 'string' ? `${path}?${new URLSearchParams({ tenant })}` : path;
  };

  const regionOf = (tenant: string): RegionProfile | undefined => {
    try {
      return ctx.region(tenant);
    } catch {
      return undefined;
    }
  };

  const send = (reply: FastifyReply, o: { status?: number; tenant: string; title: string; body: Interpolation }) =>
    SITE.send(reply, { ...o, region: regionOf(o.tenant)?.name });

  const errorPage = (reply: FastifyReply, o: { status: number; tenant: string; code?: string }) =>
    SITE.refusal(reply, {
      status: o.status,
      region: regionOf(o.tenant)?.name,
      text: (o.code && PROBLEM_TEXT[o.code]) || messageForStatus(o.status),
    });

  /** The application for whoever gave its number and secret; `done` says what just happened. */
  const track = async (
    request: FastifyRequest,
    reply: FastifyReply,
    { nomor, secret, done }: { nomor: string; secret: string; done?: string | undefined },
  ) => {
    const link = linker(request);
    const again = (errors: FieldError[], status: number) =>
      send(reply, {
        status,
        tenant: request.tenant,
        title: 'Periksa kembali isian Anda',
        body: lookupPage(link('/izin/lacak'), { nomor, errors }),
      });
    const errors: FieldError[] = [];
    if (!REG_NUMBER.test(nomor))
      errors.push({ field: 'nomor', message: 'Tulis nomor registrasi seperti pada contoh.' });
    if (!secret) errors.push({ field: 'kunci', message: 'Kode rahasia wajib diisi.' });
    if (errors.length) return again(errors, 422);
    let view;
    try {
      view = await viewForApplicant(ctx, {
        tenant: request.tenant,
        registrationNumber: nomor,
        access: { secret },
      });
    } catch (err) {
      const problem = toProblemError(err);
      const known = LOOKUP_ERRORS[problem.code];
      if (known) return again([known], problem.status);
      throw err;
    }
    const profile = ctx.region(request.tenant);
    return send(reply, {
      tenant: request.tenant,
      title: `Permohonan ${view.registrationNumber}`,
      body: trackPage({
        view,
        timeZone: profile.timeZone,
        secret,
        pdfAction: link('/izin/lacak/izin.pdf'),
        objectionAction: link('/izin/lacak/keberatan'),
        done,
        verifyUrl: view.permit
          ? verificationUrl(ctx.config.PUBLIC_VERIFY_BASE_URL, request.tenant, view.permit.number)
          : undefined,
      }),
    });
  };

  void app.register(
    async (scope) => {
      await scope.register(fastifyFormbody);
      // the application form's documents; each requirement's own limit is checked on top
      await acceptUploads(scope, {
        fileBytes: ctx.config.MAX_UPLOAD_BYTES,
        files: 20,
        fieldBytes: 4000,
        fields: 60,
      });
      handlePageErrors(scope, {
        failure: 'permit page failed',
        notFound: true,
        render: (reply, request, problem) =>
          SITE.refusal(reply, {
            status: problem.status,
            region: regionOf(request.tenant)?.name,
            text: refusalMessage(problem, PROBLEM_TEXT),
          }),
      });
      routes(scope as App);
      applyRoutes(scope as App, ctx, deps, { send, errorPage, link: linker, track });
    },
    { prefix: '/izin' },
  );

  function routes(scope: App): void {
    const doc = (summary: string) => ({ tags: ['pages'], summary: `${summary} (HTML page for citizens)` });

    scope.get(
      '/',
      { schema: { ...doc('The permit catalogue'), querystring: z.object(Tenant) } },
      async (request, reply) => {
        const types = await listPermitTypes(ctx, { tenant: request.tenant, includeInactive: false });
        return send(reply, {
          tenant: request.tenant,
          title: 'Jenis izin',
          body: cataloguePage(types, linker(request)),
        });
      },
    );

    scope.get(
      '/jenis/:code',
      {
        schema: {
          ...doc('One permit type: requirements, fee, service standard, validity'),
          params: z.object({ code: Slug }),
          querystring: z.object(Tenant),
        },
      },
      async (request, reply) => {
        const type = await getPermitType(ctx, { tenant: request.tenant, code: request.params.code });
        // an inactive type is not offered: the same answer as one that does not exist
        if (!type.active)
          return errorPage(reply, { status: 404, tenant: request.tenant, code: 'permit_type_not_found' });
        return send(reply, { tenant: request.tenant, title: type.name, body: permitTypePage(type, linker(request)) });
      },
    );

    scope.get(
      '/lacak',
      { schema: { ...doc('Ask for a registration number and secret'), querystring: z.object(Tenant) } },
      async (request, reply) =>
        send(reply, {
          tenant: request.tenant,
          title: 'Lacak permohonan',
          body: lookupPage(linker(request)('/izin/lacak')),
        }),
    );

    scope.post(
      '/lacak',
      {
        config: secretLimit,
        schema: {
          ...doc('Follow an application (number and secret posted)'),
          querystring: z.object(Tenant),
          body: Form,
        },
      },
      async (request, reply) => {
        const v = formFields(request.body, 300);
        return track(request, reply, { nomor: (v.nomor ?? '').trim().toUpperCase(), secret: (v.kunci ?? '').trim() });
      },
    );

    scope.post(
      '/lacak/izin.pdf',
      {
        config: secretLimit,
        schema: { ...doc('Download the issued permit as PDF'), querystring: z.object(Tenant), body: Form },
      },
      async (request, reply) => {
        const v = formFields(request.body, 300);
        const nomor = (v.nomor ?? '').trim().toUpperCase();
        if (!REG_NUMBER.test(nomor)) return errorPage(reply, { status: 404, tenant: request.tenant });
        const p = await issuedPermit(ctx, {
          tenant: request.tenant,
          registrationNumber: nomor,
          who: { applicant: { secret: v.kunci ?? '' } },
        });
        const pdf = await deps.permits.pdf(p);
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="izin-${p.number.replace(/[^\w-]+/g, '-')}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  }
}
