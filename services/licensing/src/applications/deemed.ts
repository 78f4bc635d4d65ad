/**
 * The steps the law takes when the office does not: a file whose registration check ran out is
 * deemed complete, and an application whose decision deadline passed is deemed granted (fiktif
 * positif). The deadline sweep and a late officer's action both take them, on a locked row.
 */
import { maskPersonalData } from '@sinergi/contracts';
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import type { ApplicationRow, Trx } from '../db/schema.js';
import { findPermitType } from '../permit-types/service.js';
import type { KeyRing } from '../permits/signing.js';
import { SYSTEM } from './access.js';
import { recordGrantFailure } from './repository.js';
import { act } from './transitions.js';
import type { ApplicationStatus } from './workflow.js';

/** Back-off of a failed deemed grant: 1, 2, 4 … minutes after each failure, at most 6 hours. */
const grantBackoffMs = (failures: number) => Math.min(2 ** Math.max(0, failures - 1), 360) * 60_000;

/** An error as one line for logs and the row, without personal data. */
const errorLine = (err: unknown) => {
  const e = err as { name?: unknown; code?: unknown; message?: unknown };
  const text = `${String(e?.name ?? 'Error')}${e?.code ? ` ${String(e.code)}` : ''}: ${String(e?.message ?? err)}`;
  return maskPersonalData(text).slice(0, 300);
};

export interface Deemed {
  tenant: string;
  /** Locked by the caller's transaction. */
  row: ApplicationRow;
  now: Date;
}

/**
 * Deems a locked, submitted application complete when its registration check ran out. The file
 * counts as complete from its completeness deadline, and the service-standard clock runs from there.
 */
export const deemComplete = (trx: Trx, ctx: Ctx, keys: KeyRing, d: Deemed): Promise<ApplicationRow> =>
  act(trx, ctx, keys, { ...d, action: 'deem-complete', caller: SYSTEM });

/**
 * Deems a locked, overdue application granted, inside a savepoint: when the grant fails it is
 * rolled back alone, the failure is counted on the row with a back-off and logged without
 * personal data, and the caller's transaction goes on. A type issued only after payment (PBG: PP
 * 16/2021 Art. 261) is granted but not issued: it waits in `approved` for the fee (`deem-approve`).
 * Returns the status the grant left, or null when it failed.
 */
export async function deemGrant(trx: Trx, ctx: Ctx, keys: KeyRing, d: Deemed): Promise<ApplicationStatus | null> {
  const { tenant, row, now } = d;
  await sql`savepoint deem_grant`.execute(trx);
  try {
    const type = await findPermitType(trx, row.permit_type);
    const action = type.pay_before_issue && type.fee_kind !== 'none' ? 'deem-approve' : 'deem-grant';
    const after = await act(trx, ctx, keys, { tenant, row, action, caller: SYSTEM, now });
    await sql`release savepoint deem_grant`.execute(trx);
    return after.status;
  } catch (err) {
    await sql`rollback to savepoint deem_grant`.execute(trx);
    const failures = row.grant_failures + 1;
    const error = errorLine(err);
    await recordGrantFailure(trx, row.id, {
      failures,
      retryAt: new Date(now.getTime() + grantBackoffMs(failures)),
      error,
    });
    ctx.logger.error(
      { tenant, registrationNumber: row.registration_number, failures, error },
      'deemed grant failed; retried later',
    );
    return null;
  }
}
