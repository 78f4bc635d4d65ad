/** Report cards of the region's officials, and the region's own report-card configuration. */
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { periodOr } from '../skm/use-cases.js';
import { reportCards } from './cards.js';
import { configProblems, type ReportCardConfig } from './score.js';
import { reportCardConfig, saveReportCardConfig } from './repository.js';

export async function regionReportCards(
  ctx: Ctx,
  q: { tenant: string; period?: string | undefined; unit?: string | undefined },
) {
  const profile = ctx.region(q.tenant);
  const period = periodOr(profile, q.period);
  return ctx.db.withTenant(q.tenant, (trx) => reportCards(trx, profile, { period, unit: q.unit }));
}

export async function officialReportCard(
  ctx: Ctx,
  q: { tenant: string; official: string; period?: string | undefined },
) {
  const profile = ctx.region(q.tenant);
  const period = periodOr(profile, q.period);
  const result = await ctx.db.withTenant(q.tenant, (trx) =>
    reportCards(trx, profile, { period, official: q.official }),
  );
  const card = result.cards[0];
  if (!card) throw P.official_not_found(`No official ${q.official} in this region.`);
  return { period, ...card };
}

export const currentReportCardConfig = (ctx: Ctx, tenant: string) =>
  ctx.db.withTenant(tenant, (trx) => reportCardConfig(trx));

/** Sets the region's dimensions, bands and Bayesian minimum once they are consistent. */
export async function setReportCardConfig(
  ctx: Ctx,
  c: { tenant: string; config: ReportCardConfig; by: string },
): Promise<void> {
  const found = configProblems(c.config);
  if (found.length > 0) {
    throw P.invalid_report_card_config(found.map((p) => p.message).join('; '), {
      errors: found.map((p) => ({ in: 'body', ...p })),
    });
  }
  await ctx.db.withTenant(c.tenant, (trx) =>
    saveReportCardConfig(trx, { tenant: c.tenant, config: c.config, by: c.by }),
  );
}
