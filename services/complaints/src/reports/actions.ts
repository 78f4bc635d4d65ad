/**
 * Acting on a report: the workflow's transitions (checked by the kit's `transitionOrThrow`
 * against `ACTIONS`), the reporter's replies, and the privacy flags. Each change writes the report,
 * its timeline and its events in one tenant transaction, so state, history and events never disagree.
 */
import { findCategory, reportPrivacyChanged, type HandOverDestination, type ReportStatus } from '@sinergi/contracts';
import {
  findUnitOrThrow,
  kitProblems,
  sharedProblems,
  transitionOrThrow,
  workingDayDeadline,
} from '@sinergi/service-kit';
import type { Updateable } from 'kysely';
import type { Ctx } from '../context.js';
import type { Attachment, ReportTable, Trx } from '../db/schema.js';
import { autoCloseDue, dispositionDue, followUpDue, followUpDueOf, handlingOf } from '../deadlines/rules.js';
import { P } from '../problems.js';
import type { ReportActor } from './actors.js';
import { handOverNote, handOverOf, storedHandOver } from './hand-over.js';
import { loadReport, assertSecret, renderReport } from './reading.js';
import { assertOpenForReplies, recordReply } from './replies.js';
import { insertTimeline, updateReport } from './repository.js';
import { emitTransition, sourceOf } from './transition-events.js';
import type { Reader, ReportRow } from './views.js';
import { ACTIONS, REPORT, type Action } from './workflow.js';

export interface ActionInput {
  note?: string | undefined;
  unit?: string | undefined;
  reason?: 'spam' | 'duplicate' | 'out-of-scope' | undefined;
  forwardedTo?: string | undefined;
  /** Bukan wewenang: where the report went. */
  to?: HandOverDestination | undefined;
  resolution?: string | undefined;
  photos?: Attachment[] | undefined;
}

export interface ActionRequest {
  tenant: string;
  trackingId: string;
  action: Action;
  actor: ReportActor;
  input?: ActionInput;
  now?: Date;
}

/**
 * Takes an action on a report inside the caller's transaction (a reporter's reply, the deadline
 * job), checking unit, actor and state; returns the updated row.
 */
export async function takeAction(ctx: Ctx, trx: Trx, r: ActionRequest): Promise<ReportRow> {
  const { tenant, action, actor } = r;
  const input = r.input ?? {};
  const now = r.now ?? new Date();
  const report = await loadReport(trx, r.trackingId, { lock: true });
  // the unit first: unit staff learn nothing (not even the status) of reports that are not with them
  if (actor.kind === 'unit' && report.unit !== actor.unit)
    throw kitProblems.forbidden_unit('This report is not with your unit.');
  const to = transitionOrThrow(ACTIONS, { action, state: report.status, actor: actor.kind }, REPORT);
  const { patch, unit, note: changeNote } = changesOf(ctx, { tenant, action, input, now, report });
  patch.status = to;
  patch.updated_at = now;
  const updated = await updateReport(trx, report.id, patch);
  const note = changeNote ?? input.note ?? input.resolution ?? null;
  await insertTimeline(trx, {
    tenant,
    reportId: report.id,
    actor,
    action,
    from: report.status,
    to,
    unit,
    note: note ?? null,
  });
  await emitTransition(ctx, trx, { tenant, before: report, after: updated, action, now });
  return updated;
}

/** What an allowed action changes besides the status, and the unit the report is with afterwards. */
function changesOf(ctx: Ctx, c: { tenant: string; action: Action; input: ActionInput; now: Date; report: ReportRow }) {
  const { action, input, now, report } = c;
  const calendar = ctx.calendar(c.tenant);
  const patch: Updateable<ReportTable> = {};
  let unit = report.unit;
  let note: string | undefined;
  switch (action) {
    case 'dispose':
    case 'redispose': {
      const profile = ctx.region(c.tenant);
      const target =
        input.unit ?? (action === 'dispose' ? findCategory(profile, report.category)?.defaultUnit : undefined);
      if (!target) {
        throw sharedProblems.unknown_unit(`Unit (none) is not a unit of ${profile.name}.`, {
          errors: [{ in: 'body', field: 'unit', message: 'must be a unit of this region' }],
        });
      }
      findUnitOrThrow(profile, target, { field: 'unit' });
      if (action === 'redispose' && target === report.unit) throw P.same_unit(`The report is already with ${target}.`);
      unit = target;
      Object.assign(patch, {
        unit,
        disposed_at: now,
        followup_due: followUpDueOf(report, now, calendar),
        first_response_at: action === 'redispose' ? null : report.first_response_at,
      });
      break;
    }
    case 'hand-over': {
      const h = handOverOf(ctx, { tenant: c.tenant, report, input, unitOnly: true });
      unit = h.to.kind === 'unit' ? h.to.unit : unit;
      note = handOverNote(h, input.note);
      Object.assign(patch, {
        unit,
        handed_over_to: storedHandOver(h),
        disposed_at: now,
        followup_due: followUpDueOf(report, now, calendar),
        first_response_at: null,
      });
      break;
    }
    case 'defer': {
      const limit = handlingOf(ctx.region(c.tenant)).deferralLimitWorkingDays;
      patch.deferred_due = workingDayDeadline(now, limit, calendar);
      break;
    }
    case 'provide-information':
      Object.assign(patch, { disposition_due: dispositionDue(now, calendar), deferred_due: null });
      break;
    case 'archive':
      if (!input.reason) throw P.reason_required('Archiving needs a reason: spam, duplicate or out-of-scope.');
      Object.assign(patch, { archive_reason: input.reason, closed_at: now });
      break;
    case 'forward':
    case 'reject-not-authority': {
      const h = handOverOf(ctx, { tenant: c.tenant, report, input, unitOnly: false });
      note = handOverNote(h, input.note);
      Object.assign(patch, {
        forwarded_to: h.label,
        handed_over_to: storedHandOver(h),
        closed_at: now,
        ...(action === 'reject-not-authority' ? { close_reason: 'not-authority' } : {}),
      });
      break;
    }
    case 'respond':
      patch.first_response_at = now;
      break;
    case 'follow-up':
      if (!input.resolution) throw P.resolution_required('A follow-up needs the resolution text.');
      Object.assign(patch, {
        resolution: input.resolution,
        resolution_photos: JSON.stringify(input.photos ?? []),
        followed_up_at: now,
        autoclose_due: autoCloseDue(now, calendar),
        first_response_at: report.first_response_at ?? now,
      });
      break;
    case 'dispute':
      Object.assign(patch, { followup_due: followUpDue(now, calendar), autoclose_due: null });
      break;
    case 'accept':
    case 'auto-close':
      Object.assign(patch, { close_reason: action === 'accept' ? 'accepted' : 'auto', closed_at: now });
      break;
    case 'unlink':
      Object.assign(patch, { supporting_id: null, disposition_due: dispositionDue(now, calendar) });
      break;
    case 'link':
      break;
  }
  return { patch, unit, note };
}

/** A staff action, answered with the report as that staff member reads it (same transaction). */
export function actAsStaff(ctx: Ctx, r: ActionRequest & { reader: Reader }) {
  return ctx.db.withTenant(r.tenant, async (trx) => renderReport(trx, await takeAction(ctx, trx, r), r.reader));
}

export interface ReporterAction {
  tenant: string;
  trackingId: string;
  secret: string;
  action: Action | 'reply';
  note: string | undefined;
}

/** Checks the reporter's secret, takes their action (or records their reply) and returns their view. */
export function actAsReporter(ctx: Ctx, r: ReporterAction) {
  return ctx.db.withTenant(r.tenant, async (trx) => {
    const report = await loadReport(trx, r.trackingId, { lock: true });
    assertSecret(report, r.trackingId, r.secret);
    const actor: ReportActor = { kind: 'reporter', id: 'reporter' };
    const act = (action: Action) =>
      takeAction(ctx, trx, {
        tenant: r.tenant,
        trackingId: report.tracking_id,
        action,
        actor,
        input: { note: r.note },
      });
    if (r.action !== 'reply') return renderReport(trx, await act(r.action), 'reporter');
    assertOpenForReplies(report);
    // a reply to a deferred report is the information it waited for
    if (report.status === 'deferred') return renderReport(trx, await act('provide-information'), 'reporter');
    const updated = await recordReply(ctx, trx, { tenant: r.tenant, report, actor, note: r.note ?? null });
    return renderReport(trx, updated, 'reporter');
  });
}

export interface PrivacyChange {
  tenant: string;
  trackingId: string;
  flags: { anonim?: boolean | undefined; rahasia?: boolean | undefined };
  actor: ReportActor;
}

/** Admins set the privacy flags a reporter forgot, or lift them. */
export function setPrivacy(ctx: Ctx, { tenant, trackingId, flags, actor }: PrivacyChange) {
  return ctx.db.withTenant(tenant, async (trx) => {
    const report = await loadReport(trx, trackingId, { lock: true });
    const updated = await updateReport(trx, report.id, {
      anonim: flags.anonim ?? report.anonim,
      rahasia: flags.rahasia ?? report.rahasia,
      updated_at: new Date(),
    });
    const note = `anonim=${updated.anonim}, rahasia=${updated.rahasia}`;
    const status: ReportStatus = report.status;
    await insertTimeline(trx, {
      tenant,
      reportId: report.id,
      actor,
      action: 'privacy',
      from: status,
      to: status,
      unit: report.unit,
      note,
    });
    if (updated.anonim !== report.anonim || updated.rahasia !== report.rahasia) {
      await ctx.outbox.emit(trx, reportPrivacyChanged, {
        tenant,
        subject: updated.tracking_id,
        data: {
          trackingId: updated.tracking_id,
          category: updated.category,
          at: updated.updated_at.toISOString(),
          anonim: updated.anonim,
          rahasia: updated.rahasia,
          source: sourceOf(updated),
        },
      });
    }
    return renderReport(trx, updated, 'admin');
  });
}
