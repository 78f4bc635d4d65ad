/** The events a transition emits, written to the outbox in the transaction that changes the application. */
import { applicationCompleted, applicationDecided, applicationSubmitted, type RegionProfile } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { ApplicationRow, Trx } from '../db/schema.js';
import { withinServiceStandard } from '../deadlines/rules.js';
import { permitNumberOf } from '../permits/repository.js';
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
  } else if (action === 'reject' || action === 'issue' || action === 'deem-grant') {
    const profile = ctx.region(tenant);
    const permitNumber = action === 'reject' ? null : await permitNumberOf(trx, after.id);
    if (action !== 'reject' && permitNumber === undefined)
      throw new Error(
        `application ${after.registration_number} was ${action === 'issue' ? 'issued' : 'deemed granted'} without a permit`,
      );
    const decidedAt = action === 'issue' ? after.approved_at! : now;
    await ctx.outbox.emit(trx, applicationDecided, {
      tenant,
      subject,
      data: {
        ...base,
        outcome: after.outcome!,
        permitNumber: permitNumber ?? null,
        official: action === 'deem-grant' ? null : official(profile, after.decided_by),
        fee: after.fee,
        withinServiceStandard: action === 'deem-grant' ? false : withinServiceStandard(decidedAt, after.decision_due),
      },
    });
  }
}
