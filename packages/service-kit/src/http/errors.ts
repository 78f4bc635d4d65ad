import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DATABASE_RETRY_AFTER_S, isDatabaseConnectionError } from '../db/connection-errors.js';
import { escapeHtml, htmlPage, prefersHtml } from './html.js';
import { PROBLEM_CONTENT_TYPE, ProblemError, truncateText, type FieldError } from './problem.js';

/** Field errors spelled out in a validation problem's `detail`; `errors` carries more. */
const DETAIL_ERRORS = 3;

/** Fastify's own client-error codes, mapped to our stable problem codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    detail: 'This endpoint does not accept that Content-Type.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'body_too_large',
    detail: 'The request body is larger than this endpoint accepts.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'empty_body',
    detail: 'The Content-Type says JSON but the body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'bad_content_length',
    detail: 'Content-Length does not match the body.',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    detail: 'The Content-Type header is not valid.',
  },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', detail: 'The URL is not valid.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', detail: 'The request could not be routed.' },
};

const toFieldErrors = (error: FastifyError): FieldError[] => {
  const where = error.validationContext ?? 'body';
  return (error.validation ?? []).map((v) => ({
    in: where,
    field: (v.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.'),
    message: v.message ?? 'is invalid',
  }));
};

/** Turns anything thrown during a request into a ProblemError; the only place that decides. */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  const err = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(err) || (Array.isArray(err?.validation) && err.validation.length > 0)) {
    const errors = toFieldErrors(err);
    const listed = errors
      .slice(0, DETAIL_ERRORS)
      .map((e) => `${e.in}${e.field ? `.${truncateText(e.field)}` : ''} ${truncateText(e.message)}`);
    const more = errors.length > DETAIL_ERRORS ? `; and ${errors.length - DETAIL_ERRORS} more` : '';
    const detail = `The request is invalid: ${listed.join('; ')}${more}`;
    return new ProblemError(400, 'validation_failed', detail, { errors });
  }
  if (err?.code && FASTIFY_CODES[err.code]) {
    const known = FASTIFY_CODES[err.code]!;
    return new ProblemError(known.status, known.code, known.detail);
  }
  // fastify's JSON parser rethrows SyntaxError with statusCode 400 and no code
  if (err instanceof SyntaxError && err.statusCode === 400) {
    return new ProblemError(400, 'malformed_json', 'The request body is not valid JSON.');
  }
  if (
    typeof err?.statusCode === 'number' &&
    err.statusCode >= 400 &&
    err.statusCode < 500 &&
    !isResponseSerializationError(err)
  ) {
    return new ProblemError(err.statusCode, 'bad_request', 'The request could not be processed.');
  }
  if (isDatabaseConnectionError(error)) {
    return new ProblemError(503, 'database_unavailable', 'The database is briefly unavailable; try again shortly.', {
      headers: { 'retry-after': String(DATABASE_RETRY_AFTER_S) },
      cause: error,
    });
  }
  return new ProblemError(
    500,
    'internal_error',
    'Something went wrong on our side. The error is logged; please try again later.',
    { cause: error },
  );
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ProblemError): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problem.toProblem(request.url.split('?')[0], request.id));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblemError(error);
    if (problem.code === 'database_unavailable') {
      // an outage, not a bug: one warning per request, without a stack trace
      request.log.warn(
        { code: problem.code, reason: (error as Error).message },
        'request failed: database unavailable',
      );
    } else if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    }
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) => {
    // a person who follows a link to a page that does not exist (yet) reads Indonesian, not an API's JSON
    if (request.method === 'GET' && prefersHtml(request.headers.accept)) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(notFoundPage(request.url.split('?')[0] ?? '/'));
    }
    return sendProblem(
      request,
      reply,
      new ProblemError(404, 'route_not_found', `There is no ${request.method} ${request.url.split('?')[0]}.`),
    );
  });
}

const NOT_FOUND_STYLE =
  'body{margin:0;font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#f5f6f8}' +
  'main{max-width:36rem;margin:0 auto;padding:1.5rem 1rem}h1{font-size:1.4rem}a{color:#0b4f6c}';

/** The page a browser gets for an address no route serves: plain Indonesian, a way back home. */
function notFoundPage(path: string): string {
  return htmlPage({
    title: 'Halaman tidak ditemukan',
    style: NOT_FOUND_STYLE,
    body:
      '<h1>Halaman tidak ditemukan</h1>' +
      `<p>Alamat <strong>${escapeHtml(truncateText(path, 80))}</strong> tidak ada atau belum tersedia di layanan ini.</p>` +
      '<p>Periksa kembali alamatnya, atau kembali ke <a href="/">halaman utama</a>.</p>',
  });
}
