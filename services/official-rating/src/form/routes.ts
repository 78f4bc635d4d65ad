/**
 * The page a rating link opens (`RATING_FORM_URL`, default `/r`, with `?tenant=…&token=…`; the gateway
 * shows it at `/nilai/r`): the questionnaire as HTML for phones, posted back as a classic form. It uses
 * the same submission path as the JSON API, so the same refusals hold (used, expired, other region,
 * unknown), each as an Indonesian page saying what to do next. A client that asks for JSON only
 * (`Accept: application/json`) gets problem+json instead.
 */
import fastifyFormbody from '@fastify/formbody';
import type { RegionProfile } from '@sinergi/contracts';
import { prefersHtml, ProblemError, handlePageErrors, type App } from '@sinergi/service-kit';
import { formFields, type FieldError } from '@sinergi/ui';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { messageBody, sendPage } from '../pages/layout.js';
import { refusalText } from '../pages/text.js';
import { P } from '../problems.js';
import { invitationPreview, submitRating } from '../ratings/use-cases.js';
import { RatingBody, TokenQuery } from '../schemas.js';
import { PROFILE_ATTRIBUTES } from '../skm/profile.js';
import { formErrors, ratingForm, type FormContext, type FormValues } from './html.js';

/** The profile selects the respondent filled; an empty select is "not given". */
function respondentFrom(values: FormValues): { respondent?: Record<string, string> } {
  const given = PROFILE_ATTRIBUTES.filter((a) => values[a]).map((a) => [a, values[a]!] as const);
  return given.length ? { respondent: Object.fromEntries(given) } : {};
}

/** Only a client that names JSON and not HTML gets problem+json; a browser or a bare request gets a page. */
export const wantsJson = (request: FastifyRequest) => {
  const accept = request.headers.accept;
  return !!accept && /json/i.test(accept) && !prefersHtml(accept);
};

function ratingBody(values: FormValues) {
  const dimensions = Object.fromEntries(
    Object.entries(values)
      .filter(([k, v]) => k.startsWith('dim.') && v)
      .map(([k, v]) => [k.slice(4), Number(v)]),
  );
  return RatingBody.safeParse({
    token: values.token,
    answers: Array.from({ length: 9 }, (_, i) => Number(values[`a${i + 1}`] ?? 0)),
    ...(values.stars
      ? {
          official: {
            stars: Number(values.stars),
            reason: values.reason ?? '',
            ...(Object.keys(dimensions).length ? { dimensions } : {}),
          },
        }
      : {}),
    ...(values.comment?.trim() ? { comment: values.comment } : {}),
    ...respondentFrom(values),
  });
}

export function formRoutes(app: App, ctx: Ctx): void {
  // as the JSON API: opening a link 3× the submissions, and the form's submissions their own SUBMIT_RATE_PER_MINUTE
  const openLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE * 3, timeWindow: '1 minute' } };
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  const regionOf = (tenant: string): RegionProfile | undefined => {
    try {
      return ctx.region(tenant);
    } catch {
      return undefined;
    }
  };

  /** The open invitation as the form shows it; a used or expired one is refused as the API refuses it. */
  async function context(tenant: string, token: string): Promise<FormContext> {
    const p = await invitationPreview(ctx, tenant, token);
    if (p.status === 'used') throw P.token_used('This rating link was already used.');
    if (p.status === 'expired') throw P.token_expired('This rating link has expired.');
    return {
      tenant,
      token,
      unitName: p.unit.name,
      transaction: {
        system: p.transactionKind,
        id: p.transactionId,
        serviceType: p.serviceType,
        serviceName: p.serviceName,
      },
      officialJobTitle: p.official?.jobTitle ?? null,
      dimensions: p.dimensions,
    };
  }

  const sendForm = (
    reply: FastifyReply,
    o: { tenant: string; c: FormContext; values?: FormValues; errors?: FieldError[] },
  ) =>
    sendPage(reply, {
      status: o.errors?.length ? 422 : 200,
      region: regionOf(o.tenant),
      title: o.errors?.length ? 'Mohon periksa kembali penilaian Anda' : 'Survei Kepuasan Masyarakat',
      body: ratingForm(o.c, o.values, o.errors),
    });

  void app.register(async (scope) => {
    // citizens' browsers post application/x-www-form-urlencoded; only this scope parses it
    await scope.register(fastifyFormbody);
    // a person with a browser gets a page, whatever went wrong (bad region, malformed link, too many tries)
    handlePageErrors(scope, {
      failure: 'rating form failed',
      passThrough: wantsJson, // the app's handler answers with problem+json
      render: (reply, request, problem) => {
        const text = refusalText(problem.code, problem.status);
        return sendPage(reply, {
          status: problem.status,
          region: regionOf(request.tenant),
          title: text.title,
          body: messageBody(text.title, text.detail),
        });
      },
    });
    formPages(scope as App);
  });

  function formPages(scope: App): void {
    scope.get(
      '/r',
      {
        config: openLimit,
        schema: { tags: ['public'], summary: 'The rating form a link opens (HTML)', querystring: TokenQuery },
      },
      async (request, reply) => {
        const c = await context(request.tenant, request.query.token);
        return sendForm(reply, { tenant: request.tenant, c });
      },
    );

    scope.post(
      '/r',
      {
        config: submitLimit,
        schema: {
          tags: ['public'],
          summary: 'Submit the rating form (application/x-www-form-urlencoded)',
          body: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
        },
      },
      async (request, reply) => {
        const values: FormValues = formFields(request.body);
        const tenant = request.tenant;
        const c = await context(tenant, values.token ?? '');
        const errors = formErrors(c, values);
        if (errors.length) return sendForm(reply, { tenant, c, values, errors });
        const parsed = ratingBody(values);
        if (!parsed.success) {
          // what the form's own checks do not cover (a respondent code not offered, a comment too long)
          const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
          const errs = fields.map((f) => ({
            field:
              f === 'comment' ? 'comment' : f === 'respondent' ? `p-${String(parsed.error.issues[0]?.path[1])}` : 'a1',
            message:
              f === 'comment'
                ? 'Komentar terlalu panjang (paling banyak 2000 huruf).'
                : 'Ada pilihan yang tidak dikenal; pilih lagi dari daftar.',
          }));
          return sendForm(reply, { tenant, c, values, errors: errs });
        }
        try {
          await submitRating(ctx, tenant, parsed.data);
        } catch (err) {
          // the link was spent or expired meanwhile: the refusal page; a rule of the region: the form again
          if (err instanceof ProblemError && err.status === 422)
            return sendForm(reply, {
              tenant,
              c,
              values,
              errors: [{ field: 'stars', message: 'Penilaian petugas tidak dapat diterima untuk layanan ini.' }],
            });
          throw err;
        }
        const text = 'Penilaian Anda sudah kami terima. Hasilnya dihitung dalam Indeks Kepuasan Masyarakat unit ini.';
        return sendPage(reply, {
          region: regionOf(tenant),
          title: 'Terima kasih',
          body: messageBody('Terima kasih', text),
        });
      },
    );
  }
}
