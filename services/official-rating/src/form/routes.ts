/**
 * The page a rating link opens (`RATING_FORM_URL`, default `/r`, with `?tenant=…&token=…`): the questionnaire as HTML
 * for phones, posted back as a classic form. It uses the same submission path as the JSON API, so
 * the same refusals hold (used, expired, other region, unknown).
 */
import fastifyFormbody from '@fastify/formbody';
import { ProblemError, toProblemError, type App } from '@sinergi/service-kit';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { invitationPreview, submitRating } from '../ratings/use-cases.js';
import { RatingBody, TokenQuery } from '../schemas.js';
import { PROFILE_ATTRIBUTES } from '../skm/profile.js';
import { messagePage, ratingForm, type FormContext, type FormValues } from './html.js';

const REFUSAL_TITLES: Record<string, string> = {
  token_used: 'Penilaian sudah dikirim',
  token_expired: 'Tautan sudah kedaluwarsa',
  token_other_region: 'Tautan untuk daerah lain',
  token_unknown: 'Tautan tidak dikenal',
};

const FIELD_NAMES: Record<string, string> = {
  answers: 'pertanyaan',
  official: 'penilaian petugas',
  comment: 'komentar',
  reason: 'alasan',
  respondent: 'tentang Anda',
};

/** The profile selects the respondent filled; an empty select is "not given". */
function respondentFrom(values: FormValues): { respondent?: Record<string, string> } {
  const given = PROFILE_ATTRIBUTES.filter((a) => values[a]).map((a) => [a, values[a]!] as const);
  return given.length ? { respondent: Object.fromEntries(given) } : {};
}

export function formRoutes(app: App, ctx: Ctx): void {
  // as the JSON API: opening a link 3× the submissions, and the form's submissions their own SUBMIT_RATE_PER_MINUTE
  const openLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE * 3, timeWindow: '1 minute' } };
  const submitLimit = { rateLimit: { max: ctx.config.SUBMIT_RATE_PER_MINUTE, timeWindow: '1 minute' } };

  const refusal = (err: unknown) => {
    if (!(err instanceof ProblemError)) throw err;
    return {
      status: err.status,
      html: messagePage(REFUSAL_TITLES[err.code] ?? 'Penilaian tidak dapat diproses', err.message),
    };
  };

  async function context(tenant: string, token: string): Promise<FormContext | { status: number; html: string }> {
    try {
      const p = await invitationPreview(ctx, tenant, token);
      if (p.status === 'used')
        return {
          status: 409,
          html: messagePage(REFUSAL_TITLES.token_used!, 'Setiap layanan hanya dapat dinilai sekali. Terima kasih.'),
        };
      if (p.status === 'expired')
        return {
          status: 410,
          html: messagePage(REFUSAL_TITLES.token_expired!, 'Masa berlaku tautan penilaian ini sudah habis.'),
        };
      return {
        tenant,
        token,
        unitName: p.unit.name,
        serviceType: p.serviceType,
        officialJobTitle: p.official?.jobTitle ?? null,
        dimensions: p.dimensions,
      };
    } catch (err) {
      return refusal(err);
    }
  }

  void app.register(async (scope) => {
    // citizens' browsers post application/x-www-form-urlencoded; only this scope parses it
    await scope.register(fastifyFormbody);
    // a person with a browser gets a page, whatever went wrong (bad region, malformed link, too many tries)
    scope.setErrorHandler((error, request, reply) => {
      const problem = toProblemError(error);
      if (problem.status >= 500) request.log.error({ err: error }, 'rating form failed');
      for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
      const title =
        REFUSAL_TITLES[problem.code] ??
        (problem.status === 429
          ? 'Terlalu banyak percobaan'
          : problem.status >= 500
            ? 'Terjadi gangguan'
            : 'Tautan tidak dapat dibuka');
      const detail = problem.status >= 500 ? 'Mohon coba lagi beberapa saat lagi.' : problem.message;
      return reply
        .code(problem.status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(messagePage(title, detail));
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
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
        return 'html' in c ? reply.code(c.status).send(c.html) : reply.send(ratingForm(c));
      },
    );

    scope.post(
      '/r',
      {
        config: submitLimit,
        schema: {
          tags: ['public'],
          summary: 'Submit the rating form (application/x-www-form-urlencoded)',
          body: z.record(z.string(), z.string()),
        },
      },
      async (request, reply) => {
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
        const values: FormValues = request.body;
        const c = await context(request.tenant, values.token ?? '');
        if ('html' in c) return reply.code(c.status).send(c.html);
        const dimensions = Object.fromEntries(
          Object.entries(values)
            .filter(([k, v]) => k.startsWith('dim.') && v)
            .map(([k, v]) => [k.slice(4), Number(v)]),
        );
        if (!values.stars && (values.reason?.trim() || Object.keys(dimensions).length > 0)) {
          return reply
            .code(422)
            .send(
              ratingForm(c, values, ['Pilih bintang untuk petugas, atau kosongkan alasan dan penilaian rinciannya.']),
            );
        }
        const parsed = RatingBody.safeParse({
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
        if (!parsed.success) {
          const fields = [
            ...new Set(
              parsed.error.issues.map(
                (i) => FIELD_NAMES[String(i.path.at(-1))] ?? FIELD_NAMES[String(i.path[0])] ?? String(i.path[0]),
              ),
            ),
          ];
          return reply
            .code(422)
            .send(
              ratingForm(c, values, [
                `Mohon periksa kembali: ${fields.join(', ')}. Semua pertanyaan 1-9 wajib dijawab; bintang untuk petugas perlu alasan.`,
              ]),
            );
        }
        try {
          await submitRating(ctx, request.tenant, parsed.data);
        } catch (err) {
          const r = refusal(err);
          return reply.code(r.status).send(r.status === 422 ? ratingForm(c, values, [(err as Error).message]) : r.html);
        }
        return reply.send(
          messagePage(
            'Terima kasih',
            'Penilaian Anda sudah kami terima. Hasilnya dihitung dalam Indeks Kepuasan Masyarakat unit ini.',
          ),
        );
      },
    );
  }
}
