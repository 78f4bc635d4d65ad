/** The frame of every official-rating page: the shared layout with this service's name and menu. */
import type { RegionProfile } from '@sinergi/contracts';
import { html, page, type Interpolation } from '@sinergi/ui';
import type { FastifyReply } from 'fastify';

export const SERVICE = 'Survei Kepuasan Masyarakat';
export const HOME = '/nilai/';
const NAV = [{ href: HOME, label: 'Indeks Kepuasan per unit' }];

export interface PageReply {
  status?: number;
  region: RegionProfile | undefined;
  title: string;
  body: Interpolation;
}

export function sendPage(reply: FastifyReply, o: PageReply) {
  return reply
    .code(o.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      page({
        title: o.title,
        region: o.region?.name ?? 'Pemerintah Daerah',
        service: SERVICE,
        home: HOME,
        nav: NAV,
        body: o.body,
      }),
    );
}

/** A page that only says something: a refusal or a thank-you. */
export const messageBody = (title: string, detail: Interpolation) => html`<h1>${title}</h1><p>${detail}</p>`;
