/**
 * Open311 answers in the format the path's suffix asks for (`.json` or `.xml`), and so do its
 * errors: `[{code, description}]` or `<errors><error>…`, with the HTTP status as the code.
 */
import { toProblemError, type ProblemError } from '@sinergi/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { xmlDocument, type XmlValue } from './xml.js';

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'text/xml; charset=utf-8';

/** How each list is itemised in XML, per the GeoReport v2 examples. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
};

/** The format a request asked for, from its path suffix; JSON when it names none (or is unroutable). */
export function formatOf(request: FastifyRequest): Format {
  const path = request.url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** Sends `body` as JSON, or as an XML document under `root` (lists itemised as the spec names them). */
export function sendAs(reply: FastifyReply, format: Format, root: string, body: unknown): FastifyReply {
  reply.code(200);
  if (format === 'xml') return reply.type(XML_TYPE).send(xmlDocument(root, body as XmlValue, ITEM_NAMES));
  return reply.type(JSON_TYPE).send(body);
}

/** Sends an Open311 error list with `status`, as JSON or as an XML document under `errors`. */
export function sendErrors(reply: FastifyReply, format: Format, errors: Open311Error[], status: number): FastifyReply {
  reply.code(status);
  if (format === 'xml')
    return reply.type(XML_TYPE).send(xmlDocument('errors', errors as unknown as XmlValue, ITEM_NAMES));
  // successes go through the route's zod response schema (which drops any field it does not
  // declare); errors bypass it, as the route may not declare that status
  reply.serializer(JSON.stringify);
  return reply.type(JSON_TYPE).send(errors);
}

export interface Open311Error {
  code: number;
  description: string;
}

/**
 * The Open311 error list for a problem: one entry per invalid field when validation failed, else
 * one with the problem's detail. The code is the HTTP status; 422 (our "does not fit the region")
 * becomes 400, the only client-error status GeoReport clients know besides 403 and 404.
 */
export function open311Errors(problem: ProblemError): { status: number; errors: Open311Error[] } {
  const status = problem.status === 422 ? 400 : problem.status;
  const fieldErrors = problem.errors ?? [];
  const errors =
    fieldErrors.length > 0
      ? fieldErrors.map((e) => ({ code: status, description: e.field ? `${e.field}: ${e.message}` : e.message }))
      : [{ code: status, description: problem.message }];
  return { status, errors };
}

/** The error handler of the Open311 scope: anything thrown becomes an Open311 error list. */
export function open311ErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const problem = toProblemError(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
  for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
  const { status, errors } = open311Errors(problem);
  return sendErrors(reply, formatOf(request), errors, status);
}
