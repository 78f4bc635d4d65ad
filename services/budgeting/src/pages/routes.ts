/**
 * Citizen pages under `/anggaran/` (the gateway passes that path through unchanged): the approved
 * budget of a year per unit, a unit's programs, sub-activities and lines, the savings of the review,
 * the flags TAPD answered, and the flag form on a line. Routes only read the form, call the same use
 * cases as the JSON API (`publishedBudget`, `savingsReport`, `publicFlags`, `requestCode`,
 * `confirmCode`, `flagLine`) and render. Whatever goes wrong, a browser gets an Indonesian page.
 *
 * The e-mail and the NIK travel only in a POST body (never an address, so never an access log) and go
 * straight to `requestCode`, which keeps keyed hashes only. The 24-hour scrutiny token goes back in an
 * HttpOnly, SameSite=Strict cookie limited to `/anggaran/`, so a second flag needs no second code.
 */
import fastifyFormbody from '@fastify/formbody';
import { UnitCode, type RegionProfile } from '@sinergi/contracts';
import { findUnitOrThrow, handlePageErrors, toProblemError, type App } from '@sinergi/service-kit';
import { formFields, type FieldError } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { openedYears, publishedBudget } from '../public/use-cases.js';
import { savingsReport } from '../review/use-cases.js';
import { Year } from '../schemas.js';
import { CODE_MINUTES, confirmCode, flagLine, publicFlags, requestCode, scrutinyOpen } from '../scrutiny/use-cases.js';
import { lineSummary, unitPage, yearPage } from './budget.js';
import { cookie, identityErrors, reasonError, sessionOf } from './flag-form.js';
import { sendError, sendPage, type Frame } from './frame.js';
import { closedPage, codeForm, flagForm, flagSentPage, flagsPage, savingsPage, SESSION_ENDED } from './scrutiny.js';

const Form = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe('application/x-www-form-urlencoded fields');
const PageQuery = z.object({ tenant: z.string().max(20).optional() });
const YearPage = z.object({ year: Year });
const LinePage = z.object({ year: Year, id: z.uuid() });

const limited = (max: number) => ({ rateLimit: { max, timeWindow: '1 minute' } });
const doc = (summary: string) => ({ tags: ['pages'], summary: `${summary} (HTML page for citizens)` });

export function pageRoutes(app: App, ctx: Ctx): void {
  const regionOf = (tenant: string): RegionProfile | undefined => {
    try {
      return ctx.region(tenant);
    } catch {
      return undefined;
    }
  };
  const frameOf = (request: FastifyRequest, year?: number): Frame => {
    const tenant = (request.query as { tenant?: unknown } | undefined)?.tenant;
    return {
      region: regionOf(request.tenant),
      year,
      to: (path) => (typeof tenant === 'string' ? `${path}?${new URLSearchParams({ tenant })}` : path),
    };
  };
  const unitName = (request: FastifyRequest, unit: string) =>
    regionOf(request.tenant)?.units.find((u) => u.code === unit)?.name ?? unit;

  /** The year's page needs the year opened; a year that never was is a 404, not an empty page. */
  async function yearOr404(tenant: string, year: number) {
    const years = await openedYears(ctx, tenant);
    if (!years.includes(year)) throw P.fiscal_year_not_found(`Fiscal year ${year} is not open in this region.`);
    return years;
  }

  async function publishedLine(request: FastifyRequest, p: { year: number; id: string }) {
    await yearOr404(request.tenant, p.year);
    const { lines } = await publishedBudget(ctx, { tenant: request.tenant, year: p.year, id: p.id });
    if (!lines[0]) throw P.line_item_not_found(`No published line ${p.id} in ${p.year}.`);
    return lines[0];
  }

  void app.register(
    async (scope) => {
      await scope.register(fastifyFormbody);
      handlePageErrors(scope, {
        failure: 'budget page failed',
        notFound: true,
        render(reply, request, problem) {
          const frame = frameOf(request);
          if (problem.code === 'scrutiny_disabled')
            return sendPage(reply, frame, {
              status: 404,
              title: 'Penandaan oleh warga belum dibuka',
              body: closedPage(frame.to('/anggaran/')),
            });
          return sendError(reply, frame, { status: problem.status, code: problem.code });
        },
      });
      routes(scope as App);
    },
    { prefix: '/anggaran' },
  );

  function routes(scope: App): void {
    const year = async (request: FastifyRequest, reply: FastifyReply, wanted?: number) => {
      const years = await openedYears(ctx, request.tenant);
      const frame = frameOf(request, wanted ?? years[0]);
      if (frame.year === undefined)
        return sendPage(reply, frame, {
          title: 'Anggaran daerah',
          body: yearPage({ year: new Date().getFullYear(), years, lines: [], unitNames: new Map(), links: frame }),
        });
      if (!years.includes(frame.year)) throw P.fiscal_year_not_found(`Fiscal year ${frame.year} is not open.`);
      const { lines } = await publishedBudget(ctx, { tenant: request.tenant, year: frame.year });
      const unitNames = new Map(frame.region?.units.map((u) => [u.code, u.name]));
      return sendPage(reply, frame, {
        title: `Anggaran tahun ${frame.year}`,
        body: yearPage({ year: frame.year, years, lines, unitNames, links: frame }),
      });
    };

    scope.get(
      '/',
      { schema: { ...doc('The newest year’s approved budget per unit'), querystring: PageQuery } },
      (r, s) => year(r, s),
    );
    scope.get(
      '/:year',
      { schema: { ...doc('A year’s approved budget per unit'), params: YearPage, querystring: PageQuery } },
      (request, reply) => year(request, reply, request.params.year),
    );

    scope.get(
      '/:year/unit/:unit',
      {
        schema: {
          ...doc('A unit’s programs, sub-activities and public line items'),
          params: z.object({ year: Year, unit: UnitCode }),
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const { year: y, unit } = request.params;
        const frame = frameOf(request, y);
        findUnitOrThrow(ctx.region(request.tenant), unit);
        await yearOr404(request.tenant, y);
        const { lines, names } = await publishedBudget(ctx, { tenant: request.tenant, year: y, unit });
        if (lines.length === 0) throw P.line_item_not_found(`No published lines of ${unit} in ${y}.`);
        const name = unitName(request, unit);
        return sendPage(reply, frame, {
          title: `${name}: anggaran ${y}`,
          body: unitPage({ year: y, unitName: name, lines, names, scrutinyOpen: scrutinyOpen(ctx), links: frame }),
        });
      },
    );

    scope.get(
      '/:year/penghematan',
      { schema: { ...doc('What the review cut, per unit and reason'), params: YearPage, querystring: PageQuery } },
      async (request, reply) => {
        const frame = frameOf(request, request.params.year);
        const rows = await savingsReport(ctx, { tenant: request.tenant, year: request.params.year });
        return sendPage(reply, frame, {
          title: `Penghematan anggaran ${request.params.year}`,
          body: savingsPage({
            year: request.params.year,
            rows: rows.map((r) => ({ ...r, unitName: unitName(request, r.unit), reason: r.reason ?? '' })),
            links: frame,
          }),
        });
      },
    );

    scope.get(
      '/:year/temuan',
      { schema: { ...doc('Citizens’ flags TAPD answered'), params: YearPage, querystring: PageQuery } },
      async (request, reply) => {
        const y = request.params.year;
        const frame = frameOf(request, y);
        const flags = await publicFlags(ctx, { tenant: request.tenant, year: y });
        return sendPage(reply, frame, {
          title: `Tanda dari warga ${y}`,
          body: flagsPage({
            year: y,
            timeZone: frame.region?.timeZone ?? 'Asia/Jakarta',
            links: frame,
            flags: flags.map((f) => ({
              unitName: unitName(request, f.unit),
              unitHref: frame.to(`/anggaran/${y}/unit/${f.unit}`),
              component: f.component_name,
              total: f.total,
              reason: f.reason,
              status: f.status,
              answer: f.answer,
              moderatedAt: f.moderated_at,
            })),
          }),
        });
      },
    );

    flagRoutes(scope);
  }

  function flagRoutes(scope: App): void {
    const closed = (request: FastifyRequest, reply: FastifyReply, y: number) => {
      const frame = frameOf(request, y);
      return sendPage(reply, frame, {
        status: 404,
        title: 'Penandaan oleh warga belum dibuka',
        body: closedPage(frame.to(`/anggaran/${y}`)),
      });
    };
    const formPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      o: Omit<Parameters<typeof flagForm>[0], 'action' | 'summary' | 'verified'> & {
        at: z.infer<typeof LinePage>;
        status?: number;
        verified?: boolean;
      },
    ) => {
      const { year: y, id } = o.at;
      const line = await publishedLine(request, { year: y, id });
      const frame = frameOf(request, y);
      return sendPage(reply, frame, {
        status: o.status ?? 200,
        title: o.errors?.length ? 'Periksa kembali isian Anda' : 'Tandai baris anggaran',
        body: flagForm({
          ...o,
          action: frame.to(`/anggaran/${y}/baris/${id}/tandai`),
          summary: lineSummary(line, unitName(request, line.unit)),
          verified: o.verified ?? sessionOf(request) !== undefined,
        }),
      });
    };
    const sent = (request: FastifyRequest, reply: FastifyReply, p: { year: number; unit: string }) => {
      const frame = frameOf(request, p.year);
      return sendPage(reply, frame, {
        title: 'Tanda terkirim',
        body: flagSentPage({
          answers: frame.to(`/anggaran/${p.year}/temuan`),
          back: frame.to(`/anggaran/${p.year}/unit/${p.unit}`),
        }),
      });
    };

    /** The code step: the verification and the reason ride along; `errors` when the code came back wrong. */
    const codePage = (
      request: FastifyRequest,
      reply: FastifyReply,
      o: { at: z.infer<typeof LinePage>; verification: string; alasan: string; status?: number; errors?: FieldError[] },
    ) => {
      const frame = frameOf(request, o.at.year);
      const base = `/anggaran/${o.at.year}/baris/${o.at.id}`;
      return sendPage(reply, frame, {
        status: o.status ?? 200,
        title: o.errors ? 'Periksa kembali kode Anda' : 'Periksa e-mail Anda',
        body: codeForm({
          action: frame.to(`${base}/kode`),
          restart: frame.to(`${base}/tandai`),
          verification: o.verification,
          alasan: o.alasan,
          minutes: CODE_MINUTES,
          ...(o.errors ? { errors: o.errors } : {}),
        }),
      });
    };

    scope.get(
      '/:year/baris/:id/tandai',
      { schema: { ...doc('The flag form on a published line'), params: LinePage, querystring: PageQuery } },
      async (request, reply) =>
        scrutinyOpen(ctx)
          ? formPage(request, reply, { at: request.params })
          : closed(request, reply, request.params.year),
    );

    scope.post(
      '/:year/baris/:id/tandai',
      {
        config: limited(10),
        schema: {
          ...doc('Flag a line: with a verified e-mail at once, else a code is sent first'),
          params: LinePage,
          querystring: PageQuery,
          body: Form,
        },
      },
      async (request, reply) => {
        if (!scrutinyOpen(ctx)) return closed(request, reply, request.params.year);
        const { year: y, id } = request.params;
        const v = formFields(request.body, 2000);
        const alasan = (v.alasan ?? '').trim();
        const email = (v.email ?? '').trim();
        const nik = (v.nik ?? '').replace(/\s/g, '');
        const token = sessionOf(request);
        const line = await publishedLine(request, { year: y, id });
        if (token && !email) {
          const wrong = reasonError(alasan);
          if (wrong)
            return formPage(request, reply, { at: request.params, status: 422, errors: [wrong], values: { alasan } });
          try {
            await flagLine(ctx, { tenant: request.tenant, token, year: y, id, reason: alasan });
          } catch (err) {
            if (toProblemError(err).code !== 'scrutiny_session_required') throw err;
            reply.header('set-cookie', cookie(request, '', 0));
            return formPage(request, reply, {
              at: request.params,
              values: { alasan },
              note: SESSION_ENDED,
              verified: false,
            });
          }
          return sent(request, reply, { year: y, unit: line.unit });
        }
        const errors = [reasonError(alasan), ...identityErrors(email, nik)].filter((e): e is FieldError => !!e);
        if (errors.length)
          return formPage(request, reply, {
            at: request.params,
            status: 422,
            errors,
            values: { alasan, email },
            verified: false,
          });
        const asked = await requestCode(ctx, { tenant: request.tenant, email, ...(nik ? { nik } : {}) });
        return codePage(request, reply, { at: request.params, verification: asked.verificationId, alasan });
      },
    );

    scope.post(
      '/:year/baris/:id/kode',
      {
        config: limited(30),
        schema: {
          ...doc('Confirm the e-mailed code and send the flag'),
          params: LinePage,
          querystring: PageQuery,
          body: Form,
        },
      },
      async (request, reply) => {
        if (!scrutinyOpen(ctx)) return closed(request, reply, request.params.year);
        const { year: y, id } = request.params;
        const v = formFields(request.body, 2000);
        const alasan = (v.alasan ?? '').trim();
        const kode = (v.kode ?? '').replace(/\s/g, '');
        const verification = v.verifikasi ?? '';
        // the hidden fields come back as the code page wrote them; anything else is a form from elsewhere
        if (!z.uuid().safeParse(verification).success || reasonError(alasan))
          return sendError(reply, frameOf(request, y), { status: 400 });
        const again = (message: string, status: number) =>
          codePage(request, reply, {
            at: request.params,
            verification,
            alasan,
            status,
            errors: [{ field: 'kode', message }],
          });
        const line = await publishedLine(request, { year: y, id });
        if (!/^\d{6}$/.test(kode)) return again('Kode verifikasi terdiri dari 6 angka. Salin dari e-mail kami.', 422);
        const session = await confirmCode(ctx, { tenant: request.tenant, id: verification, code: kode });
        if (!session)
          return again(
            'Kode salah atau sudah tidak berlaku. Periksa lagi e-mail terbaru dari kami, atau minta kode baru.',
            403,
          );
        reply.header('set-cookie', cookie(request, session.token, session.expiresInHours * 3600));
        await flagLine(ctx, { tenant: request.tenant, token: session.token, year: y, id, reason: alasan });
        return sent(request, reply, { year: y, unit: line.unit });
      },
    );
  }
}
