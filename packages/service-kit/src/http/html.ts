/*
 * Small server-rendered pages for people with a browser: a citizen's rating form, the page a
 * permit's QR code opens. No templating engine: the pages are a few lines, and every value passes
 * through escapeHtml.
 */
import { negotiate } from '@fastify/accept-negotiator';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A complete page for phones: Indonesian by default, not indexed, the service's own inline style. */
export function htmlPage(o: { title: string; style: string; body: string; lang?: string }): string {
  return `<!doctype html><html lang="${escapeHtml(o.lang ?? 'id')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(o.title)}</title><style>${o.style}</style></head><body><main>${o.body}</main></body></html>`;
}

/**
 * Whether a request's `Accept` header prefers an HTML page to JSON: a browser (`text/html,…,*\/*;q=0.8`)
 * does; an API client (`application/json`, `*\/*`, no header) does not, and a tie keeps JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  return !!accept && negotiate(accept.toLowerCase(), ['application/json', 'text/html']) === 'text/html';
}
