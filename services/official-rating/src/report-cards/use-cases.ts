/** Report cards of the region's officials, and the region's own report-card configuration. */
import { localDate } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { P } from '../problems.js';
import { periodOr } from '../skm/use-cases.js';
import { reportCards } from './cards.js';
import { configProblems, type ReportCardConfig } from './score.js';
import { insertReportCardConfig, reportCardConfig, reportCardConfigVersions } from './repository.js';

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

/** The settings in force today in the region. */
export const currentReportCardConfig = (ctx: Ctx, tenant: string) =>
  ctx.db.withTenant(tenant, (trx) => reportCardConfig(trx, localDate(new Date(), ctx.region(tenant).timeZone)));

export const reportCardConfigHistory = (ctx: Ctx, tenant: string) =>
  ctx.db.withTenant(tenant, async (trx) => ({ items: await reportCardConfigVersions(trx) }));

/**
 * A new version of the region's dimensions, weights, colour bands and Bayesian minimum, with the
 * source it rests on, in force from a date (today or later: cards already published keep the
 * settings they were made with). Kept with who set it and when; never changed afterwards.
 */
export async function setReportCardConfig(
  ctx: Ctx,
  c: { tenant: string; config: ReportCardConfig; effectiveFrom?: string | undefined; basis: string; by: string },
) {
  const today = localDate(new Date(), ctx.region(c.tenant).timeZone);
  const effectiveFrom = c.effectiveFrom ?? today;
  const found = configProblems(c.config);
  if (effectiveFrom < today)
    found.push({
      field: 'effectiveFrom',
      message: `must be today (${today}) or later: published cards are not rewritten`,
    });
  if (found.length > 0) {
    throw P.invalid_report_card_config(found.map((p) => p.message).join('; '), {
      errors: found.map((p) => ({ in: 'body', ...p })),
    });
  }
  return ctx.db.withTenant(c.tenant, async (trx) => {
    await insertReportCardConfig(trx, { ...c, effectiveFrom });
    return reportCardConfig(trx, effectiveFrom);
  });
}
