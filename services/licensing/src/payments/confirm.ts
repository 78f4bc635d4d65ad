/** A payment of the assessed fee (retribusi), confirmed by the region's payment integrator. */
import { isUniqueViolation } from '@sinergi/service-kit';
import { loadApplication, SYSTEM, type Caller } from '../applications/access.js';
import { appendTimeline, findByPaymentReference, updateApplication } from '../applications/repository.js';
import { act } from '../applications/transitions.js';
import type { Ctx, Deps } from '../context.js';
import type { ApplicationRow } from '../db/schema.js';
import { permitNumberOf } from '../permits/repository.js';
import { P } from '../problems.js';

export interface PaymentConfirmation {
  tenant: string;
  registrationNumber: string;
  paymentReference: string;
  amount: bigint;
  paidAt?: Date | undefined;
  caller: Caller;
}

const referenceUsed = () => P.payment_reference_used('This payment reference confirmed another application.');

/**
 * A payment confirmed by the payment integrator. Idempotent on the payment reference: the same
 * reference again answers as the first time and changes nothing; another reference for a paid
 * application is a conflict. An approved application is paid and issued; an application deemed
 * granted (fiktif positif) after its fee was assessed already has its permit, and the fee it
 * still owes is recorded as paid without any change of status.
 */
export const confirmPayment = (ctx: Ctx, deps: Pick<Deps, 'keys'>, input: PaymentConfirmation) =>
  ctx.db.withTenant(input.tenant, async (trx) => {
    const { tenant, caller } = input;
    const answer = (r: ApplicationRow, permitNumber: string | null, replay: boolean) => ({
      registrationNumber: r.registration_number,
      paymentReference: r.payment_reference!,
      status: r.status,
      permitNumber,
      replay,
    });
    const row = await loadApplication(trx, input.registrationNumber, { lock: true });
    if (row.payment_reference === input.paymentReference) {
      // a replay must be the same payment: another amount under the same reference is not a replay
      if ((row.fee ?? 0n) !== input.amount) {
        throw P.amount_mismatch(
          `Payment ${input.paymentReference} was confirmed for ${row.fee ?? 0n}; this confirmation says ${input.amount}.`,
          {
            errors: [{ in: 'body', field: 'amount', message: `must equal the confirmed amount ${row.fee ?? 0n}` }],
          },
        );
      }
      return answer(row, (await permitNumberOf(trx, row.id)) ?? null, true);
    }
    if (row.payment_reference !== null) {
      throw P.already_paid(`The application was already paid with another payment reference.`, {
        extensions: { currentStatus: row.status },
      });
    }
    if (await findByPaymentReference(trx, input.paymentReference)) throw referenceUsed();
    // fiktif positif issued the permit by law; a fee assessed before that stays owed, and its payment is recorded on the issued application
    const owedAfterDeemedGrant = row.status === 'issued' && row.outcome === 'deemed-granted' && (row.fee ?? 0n) > 0n;
    if ((row.status === 'approved' || owedAfterDeemedGrant) && row.fee !== input.amount) {
      throw P.amount_mismatch(`The assessed fee is ${row.fee}; the payment says ${input.amount}.`, {
        errors: [{ in: 'body', field: 'amount', message: `must equal the assessed fee ${row.fee}` }],
      });
    }
    const now = new Date();
    // two applications paid with one reference at the same moment: both pass the check above,
    // and the unique index lets only one through
    const referenceTaken = (err: unknown): never => {
      if (isUniqueViolation(err, 'payment_reference')) throw referenceUsed();
      throw err;
    };
    if (owedAfterDeemedGrant) {
      const recorded = await updateApplication(trx, row.id, {
        payment_reference: input.paymentReference,
        paid_at: input.paidAt ?? now,
        updated_at: now,
      }).catch(referenceTaken);
      await appendTimeline(trx, {
        tenant,
        applicationId: row.id,
        actor: caller.id,
        actorRole: caller.actsAs,
        action: 'confirm-payment',
        from: row.status,
        to: row.status,
        note: 'Retribusi atas izin yang terbit karena fiktif positif dibayar.',
        details: { paymentReference: input.paymentReference, amount: row.fee!.toString() },
      });
      return answer(recorded, (await permitNumberOf(trx, row.id)) ?? null, false);
    }
    const paid = await act(trx, ctx, deps.keys, {
      tenant,
      row,
      action: 'confirm-payment',
      caller,
      input: { paymentReference: input.paymentReference, paidAt: input.paidAt ?? now },
      now,
    }).catch(referenceTaken);
    const issued = await act(trx, ctx, deps.keys, { tenant, row: paid, action: 'issue', caller: SYSTEM, now });
    return answer(issued, (await permitNumberOf(trx, row.id)) ?? null, false);
  });
