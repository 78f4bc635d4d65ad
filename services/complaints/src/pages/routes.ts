/**
 * Citizen pages under `/lapor/` (so a gateway can mount them): start, confirmation, track, list.
 * Routes here only read the form, call the same use cases as the JSON API (`submitReport`,
 * `viewReport`, `actAsReporter`, `listPublicReports`) and render. Whatever goes wrong, a person with
 * a browser gets an Indonesian page, never problem+json or an English code.
 *
 * The private link is `/lapor/lacak/{id}?kunci={secret}`: a query parameter, since a page without
 * JavaScript cannot read a fragment. The kit logs paths without query strings, the pages send
 * `Referrer-Policy: no-referrer` (helmet's default) and `Cache-Control: no-store`, and the forms post
 * the secret in their body, so it stays out of logs, referrers and caches.
 */
import fastifyFormbody from '@fastify/formbody';
import type { RegionProfile } from '@sinergi/contracts';
import {
  acceptUploads,
  handlePageErrors,
  isUploadForm,
  ProblemError,
  readUploadForm,
  type App,
} from '@sinergi/service-kit';
import { formFields, formValues, refusalMessage, site } from '@sinergi/ui';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { listPublicReports } from '../public/use-cases.js';
import { actAsReporter } from '../reports/actions.js';
import { viewReport } from '../reports/reading.js';
import { hasPhoto, PHOTO_MAX_BYTES, reportPhoto, submitWithPhoto } from '../reports/photos.js';
import { listFilters, listPage, PAGE_SIZE } from './list.js';
import { checkPhoto, confirmationPage, emptyStart, F, parseStart, regionErrors, startPage } from './start.js';
import { lookupPage, trackPage } from './track.js';

const SITE = site({
  service: 'LAPOR! Pengaduan',
  home: '/lapor/',
  nav: [
    { href: '/lapor/', label: 'Lapor' },
    { href: '/lapor/lacak', label: 'Lacak' },
    { href: '/lapor/daftar', label: 'Daftar laporan' },
  ],
  back: 'Kembali ke halaman awal',
});

/** Refusals a citizen can meet, in their words. */
const PROBLEM_TEXT: Record<string, { title: string; detail: string }> = {
  report_not_found: {
    title: 'Laporan tidak ditemukan',
    detail: 'Tidak ada laporan dengan nomor ini. Periksa kembali nomornya.',
  },
  wrong_secret: {
    title: 'Tautan pribadi tidak cocok',
    detail: 'Tautan pribadi ini tidak cocok dengan laporannya. Gunakan tautan yang Anda terima saat mengirim laporan.',
  },
  unknown_tenant: {
    title: 'Daerah tidak dikenal',
    detail: 'Alamat ini tidak merujuk ke pemerintah daerah yang dilayani.',
  },
  invalid_transition: {
    title: 'Keadaan laporan sudah berubah',
    detail: 'Langkah ini tidak dapat dilakukan pada keadaan laporan sekarang.',
  },
  report_finished: {
    title: 'Laporan sudah selesai',
    detail: 'Laporan ini sudah selesai. Kirim laporan baru bila masalahnya muncul lagi.',
  },
};

const Form = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe('application/x-www-form-urlencoded fields');
const Tenant = { tenant: z.string().max(20).optional() };
const TrackParams = z.object({ trackingId: z.string().min(1).max(40) });
const TrackQuery = z.object({
  ...Tenant,
  kunci: z.string().max(200).optional(),
  selesai: z.string().max(20).optional(),
});

export function pageRoutes(app: App, ctx: Ctx): void {
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };
  // as the JSON tracking view: guessing a secret through the page counts against the same limit
  const secretLimit = {
    rateLimit: {
      ...submitLimit.rateLimit,
      allowList: (r: FastifyRequest) => (r.query as { kunci?: unknown }).kunci === undefined,
    },
  };

  /** A link that keeps the region when it came from `?tenant=` (a deployment serving several regions). */
  const linker =
    (request: FastifyRequest) =>
    (path: string, q: Record<string, string | undefined> = {}) => {
      const tenant = (request.query as { tenant?: unknown }).tenant;
      const params = new URLSearchParams(
        Object.entries({ ...q, ...(typeof tenant === 'string' ? { tenant } : {}) }).filter(
          (e): e is [string, string] => !!e[1],
        ),
      );
      return params.size ? `${path}?${params}` : path;
    };

  const send = SITE.send;
  const regionOf = (tenant: string): RegionProfile | undefined => {
    try {
      return ctx.region(tenant);
    } catch {
      return undefined;
    }
  };

  void app.register(
    async (scope) => {
      await scope.register(fastifyFormbody);
      // the start form's photo: one file, streamed and cut at the limit (content checked by checkPhoto)
      await acceptUploads(scope, { fileBytes: PHOTO_MAX_BYTES, files: 1, fieldBytes: 5000, fields: 20 });
      handlePageErrors(scope, {
        failure: 'complaint page failed',
        notFound: true,
        render: (reply, request, problem) =>
          SITE.refusal(reply, {
            status: problem.status,
            region: regionOf(request.tenant)?.name,
            text: refusalMessage(problem, PROBLEM_TEXT),
          }),
      });
      routes(scope as App);
    },
    { prefix: '/lapor' },
  );

  function routes(scope: App): void {
    const doc = (summary: string) => ({ tags: ['pages'], summary: `${summary} (HTML page for citizens)` });

    scope.get(
      '/',
      { schema: { ...doc('Start a complaint'), querystring: z.object(Tenant) } },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        return send(reply, {
          region: profile.name,
          title: 'Sampaikan laporan',
          body: startPage(profile, emptyStart(), linker(request)('/lapor/')),
        });
      },
    );

    scope.post(
      '/',
      {
        config: submitLimit,
        schema: {
          ...doc('Submit the complaint form (multipart with an optional photo, or urlencoded)'),
          querystring: z.object(Tenant),
        },
      },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        // the form is multipart (it may carry a photo); a plain urlencoded post still works
        const form = isUploadForm(request) ? await readUploadForm(request) : { fields: request.body ?? {}, files: [] };
        const values = formFields(form.fields, 5000);
        const privacy = formValues(form.fields, F.privacy);
        const link = linker(request);
        const again = (errors: ReturnType<typeof regionErrors>) =>
          send(reply, {
            status: 422,
            region: profile.name,
            title: 'Periksa kembali laporan Anda',
            body: startPage(profile, { values, privacy, errors }, link('/lapor/')),
          });
        const parsed = parseStart(values, privacy);
        const photo = checkPhoto(form.files);
        if (!parsed.ok || photo.errors.length) return again([...(parsed.ok ? [] : parsed.errors), ...photo.errors]);
        let submitted;
        try {
          submitted = await submitWithPhoto(
            ctx,
            {
              tenant: request.tenant,
              input: { ...parsed.input, receivedAt: undefined, channel: 'web' },
              actor: { kind: 'reporter', id: 'reporter' },
            },
            photo.photo,
          );
        } catch (err) {
          if (err instanceof ProblemError && err.code === 'invalid_report')
            return again(regionErrors((err.errors ?? []).map((e) => e.field)));
          throw err;
        }
        // post/redirect/get: reloading the confirmation must not submit the report a second time
        return reply.redirect(link(`/lapor/terkirim/${submitted.trackingId}`, { kunci: submitted.secret }), 303);
      },
    );

    scope.get(
      '/terkirim/:trackingId',
      {
        config: secretLimit,
        schema: {
          ...doc('Confirmation of a submitted complaint, with its private link'),
          params: TrackParams,
          querystring: TrackQuery,
        },
      },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        const link = linker(request);
        // only with the right secret: the page repeats the private link
        const report = await viewReport(ctx, {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          secret: request.query.kunci ?? '',
        });
        const track = `/lapor/lacak/${report.trackingId}`;
        const privateLink = `${request.protocol}://${request.host}${link(track, { kunci: request.query.kunci })}`;
        return send(reply, {
          region: profile.name,
          title: 'Laporan terkirim',
          body: confirmationPage({
            trackingId: report.trackingId,
            privateLink,
            publicLink: link(track),
            supporting: report.supporting,
            rahasia: report.rahasia,
          }),
        });
      },
    );

    scope.get(
      '/lacak',
      {
        schema: {
          ...doc('Find a complaint by its number'),
          querystring: z.object({ ...Tenant, nomor: z.string().max(100).optional() }),
        },
      },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        const nomor = request.query.nomor?.trim();
        if (nomor && /^[A-Za-z0-9-]{4,20}$/.test(nomor))
          return reply.redirect(linker(request)(`/lapor/lacak/${nomor.toUpperCase()}`), 303);
        const error = nomor !== undefined ? 'Tulis nomor laporan seperti pada contoh.' : undefined;
        return send(reply, {
          status: error ? 422 : 200,
          region: profile.name,
          title: 'Lacak laporan',
          body: lookupPage(linker(request)('/lapor/lacak'), { value: nomor, error }),
        });
      },
    );

    scope.get(
      '/lacak/:trackingId',
      { config: secretLimit, schema: { ...doc('Track a complaint'), params: TrackParams, querystring: TrackQuery } },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        const { kunci, selesai } = request.query;
        const report = await viewReport(ctx, {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          secret: kunci,
        });
        const action = linker(request)(`/lapor/lacak/${report.trackingId}`);
        // viewReport answered, so this reader may see the report, and so its photo
        const photoUrl = (await hasPhoto(ctx, request.tenant, report.trackingId))
          ? linker(request)(`/lapor/foto/${report.trackingId}`, { kunci: report.rahasia ? kunci : undefined })
          : undefined;
        return send(reply, {
          region: profile.name,
          title: `Laporan ${report.trackingId}`,
          body: trackPage({ profile, report, secret: kunci, action, done: selesai, photoUrl }),
        });
      },
    );

    scope.post(
      '/lacak/:trackingId',
      {
        config: submitLimit,
        schema: {
          ...doc('Reply to, accept or dispute a complaint with its private link'),
          params: TrackParams,
          querystring: z.object(Tenant),
          body: Form,
        },
      },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        const v = formFields(request.body, 4000);
        const secret = v.kunci ?? '';
        const note = v.catatan?.trim() || undefined;
        const action = v.aksi === 'terima' ? 'accept' : v.aksi === 'sanggah' ? 'dispute' : 'reply';
        const { trackingId } = request.params;
        const link = linker(request);
        if (action === 'reply' && !note) {
          // the secret is checked before the form comes back, so a wrong one learns nothing more
          const report = await viewReport(ctx, { tenant: request.tenant, trackingId, secret });
          const errors = [{ field: 'catatan', message: 'Balasan wajib diisi.' }];
          return send(reply, {
            status: 422,
            region: profile.name,
            title: 'Periksa kembali balasan Anda',
            body: trackPage({ profile, report, secret, action: link(`/lapor/lacak/${report.trackingId}`), errors }),
          });
        }
        const report = await actAsReporter(ctx, { tenant: request.tenant, trackingId, secret, action, note });
        const done = action === 'accept' ? 'terima' : action === 'dispute' ? 'sanggah' : 'balas';
        return reply.redirect(link(`/lapor/lacak/${report.trackingId}`, { kunci: secret, selesai: done }), 303);
      },
    );

    scope.get(
      '/foto/:trackingId',
      {
        config: secretLimit,
        schema: {
          ...doc('The photo attached to a complaint (public unless rahasia)'),
          params: TrackParams,
          querystring: TrackQuery,
        },
      },
      async (request, reply) => {
        const photo = await reportPhoto(ctx, {
          tenant: request.tenant,
          trackingId: request.params.trackingId,
          secret: request.query.kunci,
        });
        return reply
          .type(photo.mediaType)
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', 'inline')
          .header('cache-control', 'private, no-store')
          .send(photo.bytes);
      },
    );

    scope.get(
      '/daftar',
      {
        schema: {
          ...doc('Public list of complaints'),
          querystring: z.object({
            ...Tenant,
            kategori: z.string().max(100).optional(),
            status: z.string().max(40).optional(),
            kecamatan: z.string().max(40).optional(),
            halaman: z.string().max(10).optional(),
          }),
        },
      },
      async (request, reply) => {
        const profile = ctx.region(request.tenant);
        const filters = listFilters(profile, request.query);
        const { items, total } = await listPublicReports(
          ctx,
          request.tenant,
          {
            category: filters.kategori,
            status: filters.status,
            districtCode: filters.kecamatan,
            limit: PAGE_SIZE,
            offset: (filters.halaman - 1) * PAGE_SIZE,
          },
          { located: false },
        );
        return send(reply, {
          region: profile.name,
          title: 'Daftar laporan',
          body: listPage({ profile, filters, items, total, link: linker(request) }),
        });
      },
    );
  }
}
