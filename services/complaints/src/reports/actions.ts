/**
 * Acting on a report: the workflow's transitions (checked by the kit's `transitionOrThrow`
 * against `ACTIONS`), the reporter's replies, and the privacy flags. Each change writes the report,
 * its timeline and its events in one tenant transaction, so state, history and events never disagree.
 */
import { findCategory, reportPrivacyChanged, type ReportStatus } from '@sinergi/contracts';
import { findUnitOrThrow, kitProblems, sharedProblems, transitionOrThrow } from '@sinergi/service-kit';
import type { Updateable } from 'kysely';
import type { Ctx } from '../context.js';
import type { Attachment, ReportTable, Trx } from '../db/schema.js';
import { autoCloseDue, dispositionDue, followUpDue } from '../deadlines/rules.js';
import { P } from '../problems.js';
import type { ReportActor } from './actors.js';
import { loadReport, assertSecret, renderReport } from './reading.js';
import { insertTimeline, touchReport, updateReport } from './repository.js';
import { emitTransition, sourceOf } from './transition-events.js';
import type { Reader, ReportRow } from './views.js';
import { ACTIONS, FINAL_STATUSES, REPORT, type Action } from './workflow.js';

export interface ActionInput {
  note?: string | undefined;
  unit?: string | undefined;
  reason?: 'spam' | 'duplicate' | 'out-of-scope' | undefined;
  forwardedTo?: string | undefined;
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
  const { patch, unit } = changesOf(ctx, { tenant, action, input, now, report });
  patch.status = to;
  patch.updated_at = now;
  const updated = await updateReport(trx, report.id, patch);
  const note = input.note ?? input.resolution ?? (input.forwardedTo ? `Diteruskan ke ${input.forwardedTo}` : null);
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
        followup_due: followUpDue(now, calendar),
        first_response_at: action === 'redispose' ? null : report.first_response_at,
      });
      break;
    }
    case 'provide-information':
      patch.disposition_due = dispositionDue(now, calendar);
      break;
    case 'archive':
      if (!input.reason) throw P.reason_required('Archiving needs a reason: spam, duplicate or out-of-scope.');
      Object.assign(patch, { archive_reason: input.reason, closed_at: now });
      break;
    case 'forward':
      if (!input.forwardedTo) throw P.forwarded_to_required('Say which agency the report was forwarded to.');
      Object.assign(patch, { forwarded_to: input.forwardedTo, closed_at: now });
      break;
    case 'reject-not-authority':
      Object.assign(patch, { close_reason: 'not-authority', closed_at: now });
      break;
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
    case 'defer':
    case 'link':
      break;
  }
  return { patch, unit };
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
    if (FINAL_STATUSES.includes(report.status)) {
      throw P.report_finished(`The report is ${report.status}; submit a new report instead.`, {
        extensions: { currentStatus: report.status },
      });
    }
    // a reply to a deferred report is the information it waited for
    if (report.status === 'deferred') return renderReport(trx, await act('provide-information'), 'reporter');
    await insertTimeline(trx, {
      tenant: r.tenant,
      reportId: report.id,
      actor,
      action: 'reply',
      from: report.status,
      to: report.status,
      unit: report.unit,
      note: r.note ?? null,
    });
    await touchReport(trx, report.id);
    return renderReport(trx, report, 'reporter');
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
