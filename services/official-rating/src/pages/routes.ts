/**
 * The public IKM pages under `/nilai/` (where the gateway mounts official-rating's pages): every unit
 * with its index, band in words and whether the sample is enough, and a page per unit. Thin: they
 * call the same use cases as `GET /v1/public/ikm` and `GET /v1/public/units/{unit}/ikm|respondents`.
 * Whatever goes wrong, a browser gets an Indonesian page.
 */
import type { RegionProfile } from '@sinergi/contracts';
import { RatingPeriod } from '@sinergi/contracts';
import { handlePageErrors, type App } from '@sinergi/service-kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../context.js';
import { wantsJson } from '../form/routes.js';
import { UnitParams } from '../schemas.js';
import { ikmRankings, respondentProfile, unitIkm } from '../skm/use-cases.js';
import { rankingsPage, unitPage, periodText } from './ikm.js';
import { messageBody, sendPage } from './layout.js';
import { refusalText } from './text.js';

const PageQuery = z.object({ tenant: z.string().max(20).optional(), periode: RatingPeriod.optional() });

export function ikmPageRoutes(app: App, ctx: Ctx): void {
  const regionOf = (tenant: string): RegionProfile | undefined => {
    try {
      return ctx.region(tenant);
    } catch {
      return undefined;
    }
  };

  /** Links keep the region and the period the page was opened with. */
  const query = (request: FastifyRequest) => {
    const q = request.query as { tenant?: string; periode?: string };
    const params = new URLSearchParams(
      Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    return params.size ? `?${params}` : '';
  };

  void app.register(async (plain) => {
    const scope = plain as App;
    handlePageErrors(scope, {
      failure: 'IKM page failed',
      passThrough: wantsJson,
      render: (reply, request, problem) => {
        const text =
          problem.status === 400 && problem.code !== 'unknown_tenant'
            ? {
                title: 'Alamat tidak lengkap',
                detail: 'Periode atau unit kerja pada alamat ini tidak dikenal. Mulai lagi dari daftar unit kerja.',
              }
            : refusalText(problem.code, problem.status);
        return sendPage(reply, {
          status: problem.status,
          region: regionOf(request.tenant),
          title: text.title,
          body: messageBody(text.title, text.detail),
        });
      },
    });

    scope.get(
      '/nilai/',
      { schema: { tags: ['public'], summary: 'Units and their IKM (HTML page for citizens)', querystring: PageQuery } },
      async (request, reply) => {
        const r = await ikmRankings(ctx, { tenant: request.tenant, period: request.query.periode });
        const q = query(request);
        return sendPage(reply, {
          region: regionOf(request.tenant),
          title: `Indeks Kepuasan Masyarakat ${periodText(r.period)}`,
          body: rankingsPage(r, (unit) => `unit/${encodeURIComponent(unit)}${q}`),
        });
      },
    );

    scope.get(
      '/nilai/unit/:unit',
      {
        schema: {
          tags: ['public'],
          summary: 'A unit’s IKM per service and element, follow-up plan and respondents (HTML page for citizens)',
          params: UnitParams,
          querystring: PageQuery,
        },
      },
      async (request, reply) => {
        const q = { tenant: request.tenant, unit: request.params.unit, period: request.query.periode };
        const [ikm, profile] = await Promise.all([unitIkm(ctx, q), respondentProfile(ctx, q)]);
        const region = regionOf(request.tenant);
        return sendPage(reply, {
          region,
          title: `${ikm.unit.name}: Indeks Kepuasan Masyarakat`,
          body: unitPage({ ikm, profile, timeZone: region?.timeZone ?? 'Asia/Jakarta', back: `../${query(request)}` }),
        });
      },
    );
  });
}
