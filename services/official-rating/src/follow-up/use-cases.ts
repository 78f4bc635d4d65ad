/**
 * The follow-up plan (rencana tindak lanjut) of a unit for a period: PermenPANRB 14/2017 has units
 * publish the survey results together with what they will do about them. The unit head or an
 * admin sets it; every version is kept with who set it and when; the public sees the newest with
 * the results.
 */
import { maskPersonalData } from '@sinergi/contracts';
import { findUnitOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { currentFollowUp, followUpVersions, insertFollowUpPlan } from './repository.js';
import type { FollowUpItem } from './schemas.js';

export async function setFollowUpPlan(
  ctx: Ctx,
  p: { tenant: string; unit: string; period: string; items: FollowUpItem[]; by: string },
) {
  findUnitOrThrow(ctx.region(p.tenant), p.unit);
  // published text: a phone number or NIK typed into it is masked like a comment's
  const items = p.items.map((i) => ({
    ...i,
    action: maskPersonalData(i.action),
    when: maskPersonalData(i.when),
    responsible: maskPersonalData(i.responsible),
  }));
  return ctx.db.withTenant(p.tenant, async (trx) => {
    await insertFollowUpPlan(trx, { ...p, items });
    return (await publishedFollowUp(trx, p.unit, p.period))!;
  });
}

/** What is published beside the unit's results for that period, or null before a plan exists. */
export async function publishedFollowUp(trx: Trx, unit: string, period: string) {
  const current = await currentFollowUp(trx, unit, period);
  return current ? { period, items: current.items, updatedAt: current.setAt, revisions: current.revisions } : null;
}

export async function followUpHistory(ctx: Ctx, q: { tenant: string; unit: string; period: string }) {
  findUnitOrThrow(ctx.region(q.tenant), q.unit);
  const versions = await ctx.db.withTenant(q.tenant, (trx) => followUpVersions(trx, q.unit, q.period));
  return {
    unit: q.unit,
    period: q.period,
    versions: versions.map((v) => ({ items: v.items, setBy: v.set_by, setAt: v.set_at })),
  };
}
