/**
 * The frame a service's citizen pages share: its name and menu, one way to send a page, and the
 * refusal page a browser gets when something goes wrong. The reply is typed by shape, so this package
 * needs no web framework; a Fastify reply fits it.
 */
import { notice } from './components.js';
import { html, type Interpolation } from './html.js';
import { page } from './layout.js';
import type { Message } from './text.js';

/** What sending a page needs from a reply (Fastify's has it). */
export interface HtmlReply {
  code(status: number): HtmlReply;
  type(contentType: string): HtmlReply;
  header(name: string, value: string): HtmlReply;
  send(payload: string): unknown;
}

export interface SiteOptions {
  /** The service as citizens know it, e.g. "Perizinan". */
  service: string;
  home: string;
  nav: readonly { href: string; label: string }[];
  /** The link under a refusal, e.g. "Kembali ke halaman awal" (to `home`). */
  back?: string;
}

export interface SitePage {
  status?: number;
  /** The region's name; unknown (a wrong `?tenant=`) reads "Pemerintah Daerah". */
  region: string | undefined;
  title: string;
  body: Interpolation;
  /** This page's menu and home, when they depend on the page (a year, `?tenant=`); else the site's. */
  nav?: readonly { href: string; label: string }[];
  home?: string;
}

export interface Site {
  /** Sends a whole page, never cached (pages carry private links and secrets). */
  send(reply: HtmlReply, o: SitePage): unknown;
  /** Sends a page that says what went wrong and what to do: the title, the detail in an alert, a way back. */
  refusal(
    reply: HtmlReply,
    o: { status: number; region: string | undefined; text: Message } & Pick<SitePage, 'nav' | 'home'>,
  ): unknown;
}

export function site(o: SiteOptions): Site {
  const send = (reply: HtmlReply, p: SitePage) =>
    reply
      .code(p.status ?? 200)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        page({
          title: p.title,
          region: p.region ?? 'Pemerintah Daerah',
          service: o.service,
          home: p.home ?? o.home,
          nav: p.nav ?? o.nav,
          body: p.body,
        }),
      );
  return {
    send,
    refusal: (reply, r) =>
      send(reply, {
        ...r,
        title: r.text.title,
        body: html`<h1>${r.text.title}</h1>${notice({ tone: 'bad', role: 'alert', body: html`<p>${r.text.detail}</p>` })}${o.back ? html`<p><a href="${r.home ?? o.home}">${o.back}</a></p>` : ''}`,
      }),
  };
}
