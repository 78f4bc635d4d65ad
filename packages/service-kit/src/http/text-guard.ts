/**
 * PostgreSQL cannot store NUL (U+0000) in text or jsonb: such input would fail deep in a query as
 * a 500. Every JSON body, query string and path parameter is checked before validation, and the
 * fields that carry one are named in a 400 `nul_character`.
 */
import type { FastifyInstance } from 'fastify';
import { problems, type FieldError } from './problem.js';

function collect(value: unknown, path: string, where: FieldError['in'], out: FieldError[]): void {
  if (out.length >= 20) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push({ in: where, field: path || '(root)', message: 'must not contain NUL characters (U+0000)' });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => collect(v, path ? `${path}.${i}` : String(i), where, out));
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const key = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) out.push({ in: where, field: key.split('\u0000').join('\\u0000'), message: 'must not contain NUL characters (U+0000)' });
      collect(v, key, where, out);
    }
  }
}

/** Registered by the kit on every service's app. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    collect(request.params, '', 'path', errors);
    collect(request.query, '', 'query', errors);
    collect(request.body, '', 'body', errors);
    if (errors.length) throw problems.badRequest('nul_character', 'Text must not contain NUL characters (U+0000).', errors);
  });
}
