/**
 * Two places where Node answers a client before any route runs, and where the answer must still be
 * problem+json that arrives: requests the HTTP parser refuses, and bodies over the size limit.
 */
import type { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { JsonDepthGuard } from './json-depth.js';
import { PROBLEM_CONTENT_TYPE, problemType, statusTitle } from './problem.js';

const PARSER_PROBLEMS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'headers_too_large',
    detail: 'The request headers are larger than this service accepts.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'The request was not received in time.' },
};
const MALFORMED = { status: 400, code: 'malformed_request', detail: 'The request is not valid HTTP/1.1.' };

/**
 * Fastify's `clientErrorHandler`: a bad request line, NUL in the path, Transfer-Encoding together
 * with Content-Length, a bad chunk or oversized headers. The parser's state is unknown, so the
 * answer is written on the raw socket and the connection closed.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const p = (err.code && PARSER_PROBLEMS[err.code]) || MALFORMED;
    const body = JSON.stringify({
      type: problemType(p.code),
      title: statusTitle(p.status),
      status: p.status,
      code: p.code,
      detail: p.detail,
    });
    socket.write(
      `HTTP/1.1 ${p.status} ${statusTitle(p.status)}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroySoon();
}

/** How much of a refused body is read and thrown away so the client, still sending, gets the answer. */
export const DRAIN_LIMIT = { bytes: 8 * 1_048_576, ms: 5_000 };

/**
 * A body over the limit is refused as soon as its Content-Length is seen; closing then, while the
 * client is still sending, makes the kernel answer with a reset and the client never reads the 413.
 * The rest of the body is read and discarded first, within DRAIN_LIMIT; past that the connection
 * closes anyway.
 */
export function drainRefusedBody(raw: IncomingMessage, limit = DRAIN_LIMIT): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', done);
      raw.off('error', done);
      raw.off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit.bytes) done();
    };
    const timer = setTimeout(done, limit.ms);
    raw.on('data', onData);
    raw.on('end', done);
    raw.on('error', done);
    raw.on('close', done);
    // the JSON depth guard may still hold the body: nobody reads it any more
    JsonDepthGuard.release(raw);
    raw.resume();
  });
}

/** Registered by the kit: every 413 for a body still arriving waits for the rest (bounded) first. */
export function drainBeforeRefusingBodies(app: FastifyInstance): void {
  app.addHook('onError', async (request, reply, error) => {
    if ((error as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE' || request.raw.complete) return;
    await drainRefusedBody(request.raw);
    if (!request.raw.complete) reply.header('connection', 'close');
  });
}
