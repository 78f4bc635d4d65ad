import { html, raw, type Interpolation, type SafeHtml } from './html.js';
import { STYLE } from './style.js';

export interface PageOptions {
  /** The page's own title, before the region's name in the browser tab. */
  title: string;
  /** The region (pemerintah daerah) whose page this is, e.g. "Kota Bandung". */
  region: string;
  /** The service as citizens know it, e.g. "LAPOR! Pengaduan"; links to `home`. */
  service: string;
  home: string;
  nav?: readonly { href: string; label: string }[];
  body: Interpolation;
}

/** A complete page: Indonesian, phone first, not indexed (reports and permits are not for search engines). */
export function page(o: PageOptions): string {
  const nav = o.nav?.length
    ? html`<nav class="site" aria-label="Menu">${o.nav.map((n) => html`<a href="${n.href}">${n.label}</a>`)}</nav>`
    : '';
  return `<!doctype html>${html`<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${o.title} · ${o.region}</title><style>${raw(STYLE)}</style></head><body><header class="site"><span class="region">${o.region}</span><a class="service" href="${o.home}">${o.service}</a>${nav}</header><main id="konten">${o.body}</main><footer class="site">${o.service} · ${o.region}</footer></body></html>`}`;
}

export type { SafeHtml };
