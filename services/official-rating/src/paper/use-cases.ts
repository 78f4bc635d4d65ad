/**
 * Paper questionnaires: an officer enters a box of SKM forms filled in at the desk as one batch,
 * all or nothing. Each form becomes a rating exactly like an online one (the same nine columns,
 * the same IKM, the same respondent profile) with kind `paper`, and counts among the period's
 * service users. Against abuse: a batch belongs to one unit (the caller's), one service type and
 * one month that has begun and ended at most PAPER_BATCH_MAX_AGE_DAYS ago; it names the paper
 * archive it was typed from, once per unit; it holds at most PAPER_BATCH_MAX_FORMS forms; who
 * entered it and when is kept; and results show `respondentsByKind.paper`.
 */
import { assertUnitAccess, localDate, startOfLocalDay, unitScopeOf } from '@sinergi/service-kit';
import type { Principal } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { deskUnit } from '../desk.js';
import { P } from '../problems.js';
import { periodRange } from '../skm/period.js';
import { profileColumns } from '../skm/profile.js';
import { markIndexChanged } from '../skm/repository.js';
import { insertPaperBatch, insertPaperRatings, listPaperBatches } from './repository.js';
import type { PaperForm } from './schemas.js';

export interface PaperBatchInput {
  unit?: string | undefined;
  serviceType: string;
  period: string;
  archiveReference: string;
  forms: PaperForm[];
}

const DAY = 86_400_000;

export async function enterPaperBatch(
  ctx: Ctx,
  c: { tenant: string; principal: Principal; input: PaperBatchInput; now?: Date },
) {
  const { principal, input } = c;
  const now = c.now ?? new Date();
  const profile = ctx.region(c.tenant);
  const unit = deskUnit(profile, principal, input.unit);
  const { from, to } = periodRange(input.period, profile.timeZone);
  if (from > now || to.getTime() + ctx.config.PAPER_BATCH_MAX_AGE_DAYS * DAY < now.getTime()) {
    throw P.paper_period_closed(
      `Forms of ${input.period} can be entered from its first day until ${ctx.config.PAPER_BATCH_MAX_AGE_DAYS} days after its end.`,
      { errors: [{ in: 'body', field: 'period', message: 'not open for paper forms' }] },
    );
  }
  const stamps = formDates(ctx, { forms: input.forms, period: input.period, from, now, timeZone: profile.timeZone });
  const batch = await ctx.db.withTenant(c.tenant, async (trx) => {
    const row = await insertPaperBatch(trx, {
      tenant_id: c.tenant,
      unit,
      service_type: input.serviceType,
      period: input.period,
      archive_reference: input.archiveReference,
      forms: input.forms.length,
      entered_by: principal.sub,
    });
    if (!row) return null;
    await insertPaperRatings(
      trx,
      input.forms.map((f, i) => ({
        tenant_id: c.tenant,
        invitation_id: null,
        paper_batch_id: row.id,
        unit,
        service_type: input.serviceType,
        official: null,
        system: 'paper' as const,
        ...Object.fromEntries(f.answers.map((a, k) => [`a${k + 1}`, a])),
        stars: null,
        star_reason: null,
        submitted_at: stamps[i]!,
        ...profileColumns(f.respondent),
      })) as Parameters<typeof insertPaperRatings>[1],
    );
    await markIndexChanged(trx, { tenant: c.tenant, unit, at: from, timeZone: profile.timeZone });
    return row;
  });
  if (!batch)
    throw P.paper_batch_exists(`Unit ${unit} already entered the forms of archive ${input.archiveReference}.`);
  return {
    batchId: batch.id,
    unit,
    serviceType: input.serviceType,
    period: input.period,
    archiveReference: input.archiveReference,
    forms: input.forms.length,
    enteredBy: principal.sub,
    enteredAt: batch.entered_at,
  };
}

/**
 * When each form counts: the date written on it (inside the batch's month, not after today), or
 * the month's first day. Every row is checked before anything is written.
 */
function formDates(
  ctx: Ctx,
  b: { forms: PaperForm[]; period: string; from: Date; now: Date; timeZone: string },
): Date[] {
  const max = ctx.config.PAPER_BATCH_MAX_FORMS;
  if (b.forms.length > max)
    throw P.paper_batch_invalid(`A batch holds at most ${max} forms; split the box into several batches.`, {
      errors: [{ in: 'body', field: 'forms', message: `${b.forms.length} forms, at most ${max}` }],
    });
  const today = localDate(b.now, b.timeZone);
  const errors: { in: string; field: string; message: string }[] = [];
  const dates = b.forms.map((f, i) => {
    if (!f.filledOn) return b.from;
    if (!f.filledOn.startsWith(`${b.period}-`))
      errors.push({ in: 'body', field: `forms.${i}.filledOn`, message: `must be a day of ${b.period}` });
    else if (f.filledOn > today) errors.push({ in: 'body', field: `forms.${i}.filledOn`, message: 'is in the future' });
    return startOfLocalDay(f.filledOn, b.timeZone);
  });
  if (errors.length > 0)
    throw P.paper_batch_invalid(`${errors.length} form(s) with problems; nothing was recorded.`, {
      errors: errors.slice(0, 200),
      extensions: { rejectedRows: errors.length },
    });
  return dates;
}

/** The audit of paper entries: every batch with who entered it, when, and from which archive. */
export async function paperBatches(
  ctx: Ctx,
  q: { tenant: string; principal: Principal; unit?: string | undefined; period?: string | undefined },
) {
  const unit = q.unit ?? unitScopeOf(q.principal);
  if (unit !== undefined) assertUnitAccess(q.principal, unit);
  const rows = await ctx.db.withTenant(q.tenant, (trx) => listPaperBatches(trx, { unit, period: q.period }));
  return {
    items: rows.map((r) => ({
      batchId: r.id,
      unit: r.unit,
      serviceType: r.service_type,
      period: r.period,
      archiveReference: r.archive_reference,
      forms: r.forms,
      enteredBy: r.entered_by,
      enteredAt: r.entered_at,
    })),
  };
}
