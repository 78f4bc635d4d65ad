/** Error handling for a scope of server-rendered pages (the words and layout are the service's, via @sinergi/ui). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toProblemError } from './errors.js';
import { ProblemError } from './problem.js';

export interface PageErrorOptions {
  /** Written to the log beside a failure (5xx), e.g. "permit page failed". */
  failure: string;
  /** Sends the page a browser gets for a refusal: by its status and stable code (`application_not_found`). */
  render(reply: FastifyReply, request: FastifyRequest, problem: ProblemError): unknown;
  /** Requests whose errors still go to the app's problem+json handler (an API client on a shared path). */
  passThrough?: (request: FastifyRequest) => boolean;
  /** Also answer unknown paths in this scope with the 404 page (only in a scope with its own prefix). */
  notFound?: boolean;
}

/**
 * Pages answer a browser with a page, whatever went wrong: the error is mapped as the API maps it
 * (status, code, headers such as `retry-after`), a failure is logged, and `render` shows the words.
 */
export function handlePageErrors(scope: FastifyInstance, o: PageErrorOptions): void {
  scope.setErrorHandler((error, request, reply) => {
    if (o.passThrough?.(request)) throw error;
    const problem = toProblemError(error);
    if (problem.status >= 500) request.log.error({ err: error }, o.failure);
    for (const [name, value] of Object.entries(problem.headers)) reply.header(name, value);
    return o.render(reply, request, problem);
  });
  if (o.notFound)
    scope.setNotFoundHandler((request, reply) =>
      o.render(reply, request, new ProblemError(404, 'route_not_found', 'There is no such page.')),
    );
}
