/**
 * PostgreSQL cannot store NUL (U+0000) in text or jsonb: such input would fail deep in a query as
 * a 500. Every JSON body, query string and path parameter is checked before validation, and the
 * fields that carry one are named in a 400 `nul_character`.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH, tooDeeplyNested } from './json-depth.js';
import { MAX_FIELD_ERRORS, problems, type FieldError } from './problem.js';

const NUL_MESSAGE = 'must not contain NUL characters (U+0000)';

/**
 * An explicit stack, not recursion: the walk's depth must never be the caller's to choose. Bodies
 * are depth-checked before parsing; a value built some other way that is deeper still is refused.
 */
function collect(root: unknown, where: FieldError['in'], out: FieldError[]): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0 && out.length < MAX_FIELD_ERRORS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) out.push({ in: where, field: path || '(root)', message: NUL_MESSAGE });
      continue;
    }
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_JSON_DEPTH) throw tooDeeplyNested();
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    // pushed in reverse so fields are reported in document order
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i]!;
      const key = path ? `${path}.${k}` : k;
      stack.push({ value: v, path: key, depth: depth + 1 });
      if (k.includes('\u0000'))
        stack.push({ value: '\u0000', path: key.split('\u0000').join('\\u0000'), depth: depth + 1 });
    }
  }
}

/** Registered by the kit on every service's app. */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    collect(request.params, 'path', errors);
    collect(request.query, 'query', errors);
    collect(request.body, 'body', errors);
    if (errors.length)
      throw problems.badRequest('nul_character', 'Text must not contain NUL characters (U+0000).', errors);
  });
}
