import { describe, expect, it } from 'vitest';
import { errorSummary, escapeHtml, html, page, raw, textField, timeline } from '../../src/index.js';

describe('html', () => {
  it('escapes every interpolation, in content and attributes', () => {
    const evil = `<script>alert("x")</script>' onmouseover='y`;
    const out = html`<p title="${evil}">${evil}</p>`.toString();
    expect(out).not.toContain('<script>');
    expect(out).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y</p>`,
    );
  });

  it('keeps nested html and raw() as written, escapes strings in lists, renders nothing for null, undefined and false', () => {
    const items = ['<a>', html`<b>ok</b>`];
    expect(
      html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${undefined}${false}${raw('<hr>')}${0}`.toString(),
    ).toBe('<ul><li>&lt;a&gt;</li><li><b>ok</b></li></ul><hr>0');
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('components escape what citizens typed: a field value, an error, a timeline note', () => {
    const field = textField({
      name: 'judul',
      label: 'Judul',
      value: '"><script>x</script>',
      error: '<b>salah</b>',
    }).toString();
    expect(field).not.toContain('<script>');
    expect(field).toContain('value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
    expect(field).toContain('aria-invalid="true"');
    expect(errorSummary([{ field: 'judul', message: '<i>x</i>' }]).toString()).toContain('&lt;i&gt;x&lt;/i&gt;');
    expect(
      timeline([{ at: '2026-12-07T09:48:00Z', title: '<u>', detail: '<img src=x>' }], 'Asia/Jakarta').toString(),
    ).not.toMatch(/<u>|<img/);
  });

  it('a page escapes its title and region and is Indonesian', () => {
    const out = page({ title: '<t>', region: 'Kota <B>', service: 'LAPOR!', home: '/lapor/', body: html`<p>x</p>` });
    expect(out.startsWith('<!doctype html><html lang="id">')).toBe(true);
    expect(out).toContain('<title>&lt;t&gt; · Kota &lt;B&gt;</title>');
    expect(out).not.toMatch(/<t>|<B>/);
  });
});
