/**
 * The transition engine: every change of an application's status goes through `act`, on a row
 * locked by the caller's transaction. It asks the workflow table (the kit's `transitionOrThrow`),
 * applies the action's own checks and effects, writes the timeline and the outbox in the same
 * transaction, and issues the permit there too, so a rollback leaves no trace.
 */
import { RUPIAH_MAX } from '@sinergi/contracts';
import { transitionOrThrow, type FieldError } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { ApplicationRow, Finding, PermitTypeRow, ReturnedItem, Trx } from '../db/schema.js';
import { completenessDue, decisionDue, serviceDays } from '../deadlines/rules.js';
import { computeFee, FeeInputError } from '../permit-types/fees.js';
import { findPermitType } from '../permit-types/service.js';
import { issuePermit } from '../permits/issue.js';
import type { KeyRing } from '../permits/signing.js';
import { P } from '../problems.js';
import { SYSTEM, type Caller } from './access.js';
import { checkData } from './data.js';
import { emitTransition } from './events.js';
import {
  deemApproveEffect,
  grantObjectionEffect,
  lapseEffect,
  objectEffect,
  remindEffect,
  returnWindow,
  upholdEffect,
  type Effect,
} from './legal-steps.js';
import { appendTimeline, lastReturnAt, updateApplication, uploadedRequirements } from './repository.js';
import { ACTIONS, DESCRIBE, MAX_RETURNS, type Action } from './workflow.js';

/** What staff send with an action: each action reads its own part. */
export interface StaffInput {
  items?: ReturnedItem[] | undefined;
  assignee?: string | undefined;
  finding?: { kind: Finding['kind']; result: Finding['result']; notes: string } | undefined;
  reasons?: string[] | undefined;
  note?: string | undefined;
}

export interface Step {
  tenant: string;
  /** The application, locked by the caller's transaction. */
  row: ApplicationRow;
  action: Action;
  caller: Caller;
  input?: (StaffInput & { paymentReference?: string; paidAt?: Date }) | undefined;
  now: Date;
}

/** Takes an action on a locked application and returns the row as it is afterwards. */
export async function act(trx: Trx, ctx: Ctx, keys: KeyRing, step: Step): Promise<ApplicationRow> {
  const { tenant, row, action, caller, now } = step;
  const input = step.input ?? {};
  const to = transitionOrThrow(ACTIONS, { action, state: row.status, actor: caller.actsAs }, DESCRIBE);
  const type = await findPermitType(trx, row.permit_type);
  const effect = await effectOf(trx, ctx, keys, { ...step, input, type });
  const updated = await updateApplication(trx, row.id, { status: to, updated_at: now, ...effect.set });
  await appendTimeline(trx, {
    tenant,
    applicationId: row.id,
    actor: caller.id,
    actorRole: caller.actsAs,
    action,
    from: row.status,
    to: updated.status,
    note: effect.note === undefined ? (input.note ?? null) : effect.note,
    details: effect.details ?? null,
  });
  await emitTransition(trx, ctx, { tenant, action, before: row, after: updated, now });
  // a permit without a fee needs no payment: approval (or a deemed one) issues it at once
  if ((action === 'approve' || action === 'deem-approve') && (updated.fee ?? 0n) === 0n)
    return act(trx, ctx, keys, { tenant, row: updated, action: 'issue', caller: SYSTEM, now });
  return updated;
}

async function effectOf(
  trx: Trx,
  ctx: Ctx,
  keys: KeyRing,
  s: Step & { input: NonNullable<Step['input']>; type: PermitTypeRow },
): Promise<Effect> {
  const { tenant, row, action, caller, input, type, now } = s;
  const legal = { row, type, cal: ctx.calendar(tenant), now, reasons: input.reasons };
  switch (action) {
    case 'submit': {
      const missing = await missingRequirements(trx, row, type);
      if (missing.length)
        throw P.incomplete_application('Some requirements are missing or invalid; complete them and submit again.', {
          errors: missing,
        });
      const due = completenessDue(now, type.completeness_days, ctx.calendar(tenant));
      return {
        set: {
          submitted_at: now,
          rounds: row.rounds + 1,
          returned_items: null,
          completeness_due: due,
          return_due: null,
          return_remind_at: null,
        },
        details: { completenessDue: due.toISOString() },
      };
    }
    case 'return': {
      const effect = returnEffect(row, type, input.items ?? []);
      const window = returnWindow(legal);
      return {
        set: { ...effect.set, ...window },
        details: { ...(effect.details as object), completeBy: window.return_due.toISOString() },
      };
    }
    case 'remind-completion':
      return remindEffect(legal);
    case 'lapse':
      return lapseEffect(legal);
    case 'object':
      return objectEffect(legal);
    case 'uphold-rejection':
      return upholdEffect(legal);
    case 'grant-objection':
    case 'deem-grant-objection':
      return grantObjectionEffect({ ...legal, deemed: action === 'deem-grant-objection' });
    case 'deem-approve':
      return deemApproveEffect({
        ...legal,
        fee:
          row.fee === null
            ? computedFee(row, type)
            : { amount: row.fee, explanation: row.fee_explanation ?? row.fee.toString() },
      });
    case 'complete':
    case 'deem-complete': {
      // deemed complete as of the last moment of the check's last day (completeness_due is the
      // local midnight after it), not from when the sweep got there: the same decision deadline as
      // an officer declaring it complete that evening, never a day more
      const completedAt = action === 'deem-complete' ? new Date(row.completeness_due!.getTime() - 1) : now;
      const due = decisionDue(completedAt, type.service_standard_days, ctx.calendar(tenant));
      const days = serviceDays(type.service_standard_days);
      return {
        set: {
          completed_at: completedAt,
          completeness_due: null,
          decision_due: due,
          service_days: days,
          review_required: type.technical_review,
          inspection_required: type.site_inspection,
        },
        details: { decisionDue: due.toISOString(), serviceStandardDays: days },
        ...(action === 'deem-complete'
          ? { note: 'Berkas dianggap lengkap: pemeriksaan kelengkapan tidak selesai sampai batas waktunya.' }
          : {}),
      };
    }
    case 'start-review': {
      const assignee = input.assignee ?? caller.id;
      return { set: { assigned_to: assignee }, details: { assignee } };
    }
    case 'record-findings': {
      const f = input.finding!;
      const required =
        (f.kind === 'technical-review' && row.review_required) ||
        (f.kind === 'site-inspection' && row.inspection_required);
      if (!required)
        throw P.step_not_required(`Permit type ${type.code} has no ${f.kind} step.`, {
          errors: [{ in: 'body', field: 'kind', message: 'is not a step of this permit type' }],
        });
      const finding: Finding = { ...f, by: caller.id, at: now.toISOString() };
      // a later finding of the same kind supersedes the earlier one (a re-inspection); the timeline keeps both
      return {
        set: { findings: JSON.stringify([...row.findings.filter((x) => x.kind !== f.kind), finding]) },
        note: f.notes,
        details: { kind: f.kind, result: f.result },
      };
    }
    case 'assess-fee':
      return assessFee(row, type);
    case 'approve':
      return { set: { approved_at: now, decided_by: caller.id } };
    case 'reject': {
      const reasons = input.reasons ?? [];
      if (reasons.length === 0)
        throw P.reasons_required('A rejection needs its reasons.', {
          errors: [{ in: 'body', field: 'reasons', message: 'give at least one reason' }],
        });
      return {
        set: {
          rejection_reasons: JSON.stringify(reasons),
          decided_at: now,
          decided_by: caller.id,
          outcome: 'rejected',
        },
        details: { reasons },
      };
    }
    case 'confirm-payment':
      return {
        set: { payment_reference: input.paymentReference!, paid_at: input.paidAt ?? now },
        details: { paymentReference: input.paymentReference, amount: row.fee?.toString() ?? '0' },
      };
    case 'issue':
    case 'deem-grant': {
      // PP 16/2021 Art. 261: a type issued only after payment never gets its permit unpaid,
      // whether approved by the office or deemed granted (then it waits in `approved`)
      if (type.pay_before_issue && (row.fee ?? 0n) > 0n && row.payment_reference === null)
        throw P.unpaid_permit(`Permit type ${type.code} is issued only after its fee is paid.`, {
          extensions: { currentStatus: row.status },
        });
      // a deemed grant waiting for payment is issued on that legal basis
      const outcome = action === 'issue' && row.outcome !== 'deemed-granted' ? 'issued' : 'deemed-granted';
      const permit = await issuePermit(trx, ctx, keys, { tenant, application: row, type, outcome, now });
      return {
        set: { decided_at: row.decided_at ?? now, outcome },
        ...(action === 'deem-grant'
          ? { note: 'Dianggap dikabulkan secara hukum (fiktif positif): tidak ada keputusan sampai batas waktu.' }
          : { note: null }),
        details: {
          permitNumber: permit.number,
          ...(permit.skipped.length
            ? { skippedPermitNumbers: permit.skipped.slice(0, 20), skippedCount: permit.skipped.length }
            : {}),
        },
      };
    }
    case 'withdraw':
      return { set: {} };
  }
}

function returnEffect(row: ApplicationRow, type: PermitTypeRow, items: ReturnedItem[]): Effect {
  // each return is a resubmission round; after MAX_RETURNS the office must decide on the file as it is
  if (row.rounds - 1 >= MAX_RETURNS) {
    throw P.return_limit_reached(
      `The file was already returned ${row.rounds - 1} times; declare it complete or reject it with reasons.`,
      { extensions: { currentStatus: row.status, maxReturns: MAX_RETURNS } },
    );
  }
  const known = new Set([...type.documents.map((d) => d.code), ...type.fields.map((f) => f.code), 'lainnya']);
  const errors: FieldError[] = items.flatMap((it, i) =>
    known.has(it.requirement)
      ? []
      : [{ in: 'body', field: `items.${i}.requirement`, message: `is not a requirement of ${type.code}` }],
  );
  if (items.length === 0)
    errors.push({ in: 'body', field: 'items', message: 'name at least one missing or invalid item' });
  if (errors.length) throw P.invalid_return('Say which requirements are missing or invalid.', { errors });
  return { set: { completeness_due: null, returned_items: JSON.stringify(items) }, details: { items } };
}

function assessFee(row: ApplicationRow, type: PermitTypeRow): Effect {
  const pending = [row.review_required && 'technical-review', row.inspection_required && 'site-inspection'].filter(
    (k): k is Finding['kind'] => !!k && !row.findings.some((f) => f.kind === k),
  );
  if (pending.length)
    throw P.review_pending(`Record the findings of ${pending.join(' and ')} first.`, {
      extensions: { currentStatus: row.status, pending },
    });
  if (row.findings.some((f) => f.result === 'does-not-meet')) {
    throw P.review_failed('A review found the requirements not met: reject the application with reasons instead.', {
      extensions: { currentStatus: row.status },
    });
  }
  const fee = computedFee(row, type);
  return {
    set: { fee: fee.amount, fee_explanation: fee.explanation },
    details: { fee: fee.amount.toString(), explanation: fee.explanation },
  };
}

/** The fee by the type's rule from the application's data, or 422 naming the fields it comes from. */
function computedFee(row: ApplicationRow, type: PermitTypeRow): { amount: bigint; explanation: string } {
  let fee: ReturnType<typeof computeFee>;
  try {
    fee = computeFee(type.fee_rule, row.data);
  } catch (err) {
    if (err instanceof FeeInputError)
      throw P.fee_not_computable(err.message, {
        errors: [{ in: 'body', field: `data.${err.field}`, message: err.message }],
      });
    throw err;
  }
  if (fee.amount > RUPIAH_MAX) {
    const fields =
      type.fee_rule.kind === 'product' ? type.fee_rule.factors.flatMap((f) => ('field' in f ? [f.field] : [])) : [];
    throw P.fee_not_computable(
      `The fee (${fee.explanation}) exceeds the largest amount that can be stored; check the values it is computed from.`,
      {
        errors: fields.length
          ? fields.map((f) => ({ in: 'body', field: `data.${f}`, message: 'makes the fee too large' }))
          : [{ in: 'body', field: 'fee', message: 'is too large' }],
      },
    );
  }
  return fee;
}

/** What keeps a file from being submitted: data and documents missing, and returned documents not replaced. */
async function missingRequirements(trx: Trx, row: ApplicationRow, type: PermitTypeRow): Promise<FieldError[]> {
  const { errors } = checkData(type.fields, row.data, { requireAll: true });
  const uploaded = await uploadedRequirements(trx, row.id);
  // a returned file must bring a new version of every document named in the return
  const returned = row.status === 'returned' ? (row.returned_items ?? []) : [];
  const replaced = returned.length
    ? await uploadedRequirements(trx, row.id, (await lastReturnAt(trx, row.id)) ?? new Date(0))
    : new Set<string>();
  for (const d of type.documents) {
    if (d.required && !uploaded.has(d.code))
      errors.push({ in: 'documents', field: d.code, message: `${d.label} is missing` });
    else if (returned.some((r) => r.requirement === d.code) && !replaced.has(d.code))
      errors.push({ in: 'documents', field: d.code, message: `${d.label} was returned and needs a new file` });
  }
  return errors;
}
