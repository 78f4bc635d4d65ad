import { describe, expect, it } from 'vitest';
import { escapeHtml, htmlPage, prefersHtml } from '../../src/index.js';

describe('pages for browsers', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<b onclick="x('y')">A & B</b>`)).toBe(
      '&lt;b onclick=&quot;x(&#39;y&#39;)&quot;&gt;A &amp; B&lt;/b&gt;',
    );
  });

  it('builds a page whose title is escaped and whose body is taken as given', () => {
    const page = htmlPage({ title: 'Izin <1>', style: 'p{margin:0}', body: '<p>ok</p>' });
    expect(page).toContain('<html lang="id">');
    expect(page).toContain('<title>Izin &lt;1&gt;</title>');
    expect(page).toContain('<style>p{margin:0}</style>');
    expect(page).toContain('<main><p>ok</p></main>');
  });

  it('prefers HTML only when a browser asks for it over JSON', () => {
    const chrome = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
    for (const accept of [chrome, 'TEXT/HTML', 'application/json;q=0.5, text/html'])
      expect(prefersHtml(accept), accept).toBe(true);
    for (const accept of [
      undefined,
      '',
      '*/*',
      'application/json',
      'text/html, application/json',
      'text/html;q=0, */*',
      'text/html;q=0.5, application/json',
      'text/plain',
    ]) {
      expect(prefersHtml(accept), String(accept)).toBe(false);
    }
  });
});
