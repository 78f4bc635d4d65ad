/** The frame of every official-rating page: the shared layout with this service's name and menu. */
import type { RegionProfile } from '@sinergi/contracts';
import { html, site, type HtmlReply, type Interpolation } from '@sinergi/ui';

export const SERVICE = 'Survei Kepuasan Masyarakat';
export const HOME = '/nilai/';
const SITE = site({ service: SERVICE, home: HOME, nav: [{ href: HOME, label: 'Indeks Kepuasan per unit' }] });

export interface PageReply {
  status?: number;
  region: RegionProfile | undefined;
  title: string;
  body: Interpolation;
}

export const sendPage = (reply: HtmlReply, o: PageReply) => SITE.send(reply, { ...o, region: o.region?.name });

/** A page that only says something: a refusal or a thank-you. */
export const messageBody = (title: string, detail: Interpolation) => html`<h1>${title}</h1><p>${detail}</p>`;
