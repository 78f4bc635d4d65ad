/** The office's actions on an application: return, complete, review, assess the fee, approve, reject. */
import type { Ctx, Deps } from '../context.js';
import { P } from '../problems.js';
import { checkUnit, loadApplication, SYSTEM, type Caller } from './access.js';
import { deemGrant } from './deemed.js';
import { renderApplication } from './read.js';
import { act, type StaffInput } from './transitions.js';
import type { Reader } from './views.js';
import { CLOCK_RUNNING, type Action } from './workflow.js';
import { deadlinePassed } from '../deadlines/rules.js';

export interface StaffAction {
  tenant: string;
  registrationNumber: string;
  action: Action;
  caller: Caller;
  input: StaffInput;
  /** Whose view is answered. */
  reader: Reader;
  /** The time the action is taken at; tests travel in time. */
  now?: Date | undefined;
}

/**
 * A staff action. When the clock runs and the deadline has passed, the application is already
 * granted by law (fiktif positif): the officer's action is refused with 409 `deadline_passed`,
 * and the deemed grant is carried out in the same transaction (the sweep would do it anyway).
 */
export async function staffAct(ctx: Ctx, deps: Pick<Deps, 'keys'>, s: StaffAction) {
  const { tenant, action, caller } = s;
  const now = s.now ?? new Date();
  // a refusal decided here is thrown after the commit, so the deemed step it carried out is kept
  const result = await ctx.db.withTenant(tenant, async (trx) => {
    let row = await loadApplication(trx, s.registrationNumber, { lock: true });
    checkUnit(row, caller);
    if (row.status === 'submitted' && deadlinePassed(row.completeness_due, now)) {
      // the registration check ran out: the file is complete by policy from its deadline (the sweep would do it anyway)
      const due = row.completeness_due!;
      row = await act(trx, ctx, deps.keys, { tenant, row, action: 'deem-complete', caller: SYSTEM, now });
      if (action === 'return' || action === 'complete') {
        return {
          refusal: P.completeness_deadline_passed(
            `The registration check was due by ${due.toISOString()}; the file was deemed complete then and the service-standard clock runs from that moment, so it can no longer be ${action === 'return' ? 'returned' : 'declared complete'}.`,
            {
              extensions: {
                currentStatus: row.status,
                completenessDue: due.toISOString(),
                decisionDue: row.decision_due!.toISOString(),
              },
            },
          ),
        };
      }
    }
    if (row.status === 'objected' && deadlinePassed(row.objection_due, now)) {
      // UU 30/2014 Art. 77(5): an objection not decided in time is granted by law (the sweep would do it anyway)
      const due = row.objection_due!;
      const granted = await act(trx, ctx, deps.keys, {
        tenant,
        row,
        action: 'deem-grant-objection',
        caller: SYSTEM,
        now,
      });
      return {
        refusal: P.objection_deadline_passed(
          `The objection was to be decided by ${due.toISOString()}; it is deemed granted by law, and a new decision is due by ${granted.decision_due!.toISOString()}.`,
          {
            extensions: {
              currentStatus: granted.status,
              objectionDue: due.toISOString(),
              decisionDue: granted.decision_due!.toISOString(),
            },
          },
        ),
      };
    }
    if (CLOCK_RUNNING.includes(row.status) && deadlinePassed(row.decision_due, now)) {
      // a grant that failed waits for its back-off: an officer's click neither retries it early nor counts another failure
      const backingOff = row.grant_retry_at !== null && row.grant_retry_at > now;
      const granted = backingOff ? null : await deemGrant(trx, ctx, deps.keys, { tenant, row, now });
      const due = row.decision_due!;
      return {
        refusal: P.deadline_passed(
          `The decision was due by ${due.toISOString()}; without a decision by then the application is deemed granted by law (fiktif positif), so it can no longer be ${action === 'reject' ? 'rejected' : 'processed'}.`,
          {
            extensions: {
              currentStatus: granted ?? row.status,
              decisionDue: due.toISOString(),
              ...(backingOff ? { grantRetryAt: row.grant_retry_at!.toISOString() } : {}),
            },
          },
        ),
      };
    }
    const updated = await act(trx, ctx, deps.keys, { tenant, row, action, caller, input: s.input, now });
    return { view: await renderApplication(ctx, trx, updated, s.reader) };
  });
  if ('refusal' in result) throw result.refusal;
  return result.view;
}
