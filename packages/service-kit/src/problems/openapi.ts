/**
 * Every OpenAPI document lists the problem codes its service can answer with: a table in
 * `info.description` for people, and `components.schemas.ProblemCode` (an enum) plus
 * `x-problem-codes` (code, status, title) for tools that generate clients.
 */
import type { App } from '../http/app.js';
import type { ProblemEntry } from './catalogue.js';

export function problemTable(entries: readonly ProblemEntry[]): string {
  const rows = [...entries]
    .sort((a, b) => a.status - b.status || a.code.localeCompare(b.code))
    .map((e) => `| \`${e.code}\` | ${e.status} | ${e.title.replaceAll('|', '\\|')} |`);
  return [
    '## Problem codes',
    '',
    'Errors are RFC 9457 `application/problem+json` with one of these `code`s.',
    '',
    '| code | status | meaning |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

interface OpenApiDocument {
  info?: { description?: string };
  components?: { schemas?: Record<string, unknown> };
  [extension: string]: unknown;
}

/** Adds the codes to the generated document once the app is ready (the document is built and cached then). */
export function documentProblems(app: App, entries: readonly ProblemEntry[]): void {
  app.addHook('onReady', async () => {
    const doc = app.swagger() as unknown as OpenApiDocument;
    if (doc['x-problem-codes']) return;
    doc.info = {
      ...doc.info,
      description: [doc.info?.description, problemTable(entries)].filter(Boolean).join('\n\n'),
    };
    doc.components = {
      ...doc.components,
      schemas: { ...doc.components?.schemas, ProblemCode: { type: 'string', enum: entries.map((e) => e.code) } },
    };
    doc['x-problem-codes'] = entries.map((e) => ({ ...e }));
  });
}
