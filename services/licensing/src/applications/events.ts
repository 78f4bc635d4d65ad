/** The events a transition emits, written to the outbox in the transaction that changes the application. */
import {
  applicationCompleted,
  applicationCompletionReminded,
  applicationDecided,
  applicationLapsed,
  applicationObjected,
  applicationObjectionDecided,
  applicationSubmitted,
  type RegionProfile,
} from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { ApplicationRow, Trx } from '../db/schema.js';
import { withinServiceStandard } from '../deadlines/rules.js';
import { permitNumberOf } from '../permits/repository.js';
import { selectPermitType } from '../permit-types/repository.js';
import type { Action } from './workflow.js';

export interface Transitioned {
  tenant: string;
  action: Action;
  before: ApplicationRow;
  after: ApplicationRow;
  now: Date;
}

/** The directory id of the deciding official: the one whose identity-provider accounts include the decider's. */
function official(profile: RegionProfile, decidedBy: string | null): string | null {
  if (!decidedBy) return null;
  return profile.officials.find((o) => o.accounts.includes(decidedBy) || o.id === decidedBy)?.id ?? null;
}

export async function emitTransition(trx: Trx, ctx: Ctx, t: Transitioned): Promise<void> {
  const { tenant, action, before, after, now } = t;
  const base = {
    registrationNumber: after.registration_number,
    permitType: after.permit_type,
    unit: after.unit,
    at: now.toISOString(),
  };
  const subject = after.registration_number;
  if (action === 'submit') {
    await ctx.outbox.emit(trx, applicationSubmitted, {
      tenant,
      subject,
      data: { ...base, resubmission: before.status === 'returned' },
    });
  } else if (action === 'complete' || action === 'deem-complete') {
    await ctx.outbox.emit(trx, applicationCompleted, {
      tenant,
      subject,
      data: {
        ...base,
        serviceStandardWorkingDays: after.service_days!,
        decisionDue: after.decision_due!.toISOString(),
      },
    });
  } else if (action === 'remind-completion' || action === 'lapse') {
    const event = action === 'lapse' ? applicationLapsed : applicationCompletionReminded;
    await ctx.outbox.emit(trx, event, {
      tenant,
      subject,
      data: { ...base, completeBy: before.return_due!.toISOString() },
    });
  } else if (action === 'object') {
    await ctx.outbox.emit(trx, applicationObjected, {
      tenant,
      subject,
      data: { ...base, objectionDue: after.objection_due!.toISOString() },
    });
  } else if (action === 'uphold-rejection' || action === 'grant-objection' || action === 'deem-grant-objection') {
    const granted = action !== 'uphold-rejection';
    await ctx.outbox.emit(trx, applicationObjectionDecided, {
      tenant,
      subject,
      data: {
        ...base,
        outcome: granted ? 'granted' : 'upheld',
        deemed: action === 'deem-grant-objection',
        withinDeadline:
          action !== 'deem-grant-objection' && before.objection_due !== null && now < before.objection_due,
        decisionDue: granted ? after.decision_due!.toISOString() : null,
      },
    });
  } else if (action === 'issue' && before.outcome === 'deemed-granted') {
    // granted by law at `deem-approve` (which emitted `decided`); paid and issued now: no second decision
  } else if (action === 'reject' || action === 'issue' || action === 'deem-grant' || action === 'deem-approve') {
    const profile = ctx.region(tenant);
    const permitNumber = action === 'reject' || action === 'deem-approve' ? null : await permitNumberOf(trx, after.id);
    if (action !== 'reject' && action !== 'deem-approve' && permitNumber === undefined)
      throw new Error(
        `application ${after.registration_number} was ${action === 'issue' ? 'issued' : 'deemed granted'} without a permit`,
      );
    const decidedAt = action === 'issue' ? after.approved_at! : now;
    const deemed = action === 'deem-grant' || action === 'deem-approve';
    await ctx.outbox.emit(trx, applicationDecided, {
      tenant,
      subject,
      data: {
        ...base,
        outcome: after.outcome!,
        permitNumber: permitNumber ?? null,
        permitTypeName: (await selectPermitType(trx, after.permit_type))?.name,
        official: deemed ? null : official(profile, after.decided_by),
        fee: after.fee,
        withinServiceStandard: deemed ? false : withinServiceStandard(decidedAt, after.decision_due),
      },
    });
  }
}
