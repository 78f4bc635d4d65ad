/** What every citizen page must be: Indonesian HTML, not cached, no script, no developer text. */
import { expect } from 'vitest';

/** Visible text, roughly: tags dropped, the escaped characters restored. */
export const textOf = (body: string) =>
  body
    .replace(/<style>.*?<\/style>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Developer text and raw codes that must never reach a citizen. */
const ENGLISH =
  /\b(not found|does not match|secret|permit_type|fee-assessed|in-review|wrong_secret|application_not_found|undefined|null|NaN|Error)\b/;

export function citizenPage(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body).toMatch(/^<!doctype html><html lang="id">/);
  expect(res.body).not.toContain('<script');
  const text = textOf(res.body);
  expect(text).not.toMatch(ENGLISH);
  return text;
}
