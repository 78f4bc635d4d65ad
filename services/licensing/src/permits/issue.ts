/** Issuing a permit: its number, the signed document and the row, inside the transaction that decides. */
import { isUniqueViolation, localDate } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import type { ApplicationRow, PermitTypeRow, Trx } from '../db/schema.js';
import { MAX_PERMIT_NUMBER_LENGTH, particularLabel } from '../permit-types/model.js';
import { P } from '../problems.js';
import { feeLabel } from '../permit-types/legal.js';
import { LEGAL_BASIS_TEXT, validUntil, verificationUrl, type PermitDocument } from './document.js';
import { formatPermitNumber } from './numbering.js';
import { heldNumbers, insertPermit, nextSequence, setSequence } from './repository.js';
import type { KeyRing } from './signing.js';

/** How far ahead one look searches for a free permit number when another type holds the next ones. */
const NUMBER_LOOKAHEAD = 1000;

export interface Issuance {
  tenant: string;
  application: ApplicationRow;
  type: PermitTypeRow;
  outcome: 'issued' | 'deemed-granted';
  now: Date;
}

/**
 * Numbers, signs and stores the permit. The sequence row is incremented under its row lock in
 * this transaction: concurrent issuers of a type and year queue on it, and a rollback returns
 * the number, so the numbers this type issues run 1..N without gaps. A number already held by
 * another type's permit (a format stored before formats were checked, or a number issued under
 * an older format) is skipped: the sequence moves past it in this same transaction, the skip is
 * logged and kept on the timeline, and the permit gets the next free number. Only a format whose
 * numbers do not change with the sequence gives up (409, nothing changed).
 */
/** The type's validity, or what the applicant asked for in its `validity: months` field when shorter. */
export function validityMonths(
  type: { validity_months: number | null; fields: readonly { code: string; validity?: 'months' }[] },
  data: Readonly<Record<string, unknown>>,
): number | null {
  const field = type.fields.find((f) => f.validity === 'months');
  const asked = field ? Number(data[field.code]) : NaN;
  if (!Number.isInteger(asked) || asked < 1) return type.validity_months;
  return type.validity_months === null ? asked : Math.min(asked, type.validity_months);
}

export async function issuePermit(
  trx: Trx,
  ctx: Ctx,
  keys: KeyRing,
  i: Issuance,
): Promise<{ number: string; skipped: string[] }> {
  const { tenant, application: row, type, outcome, now } = i;
  const profile = ctx.region(tenant);
  const date = localDate(now, profile.timeZone);
  const year = Number(date.slice(0, 4));
  const until = validUntil(now, validityMonths(type, row.data), profile.timeZone);
  const legalBasis = outcome === 'issued' ? 'decision' : 'fiktif-positif';
  // the unit that handled the application issues it, even if the type has moved to another unit since
  const unit = row.unit;
  const skipped: string[] = [];
  const numberFor = (n: number) =>
    formatPermitNumber(type.number_format, { seq: n, type: type.code, unit, localDate: date });
  let seq = await nextSequence(trx, { tenant, permitType: type.code, year });
  for (;;) {
    const number = numberFor(seq);
    if (number.length > MAX_PERMIT_NUMBER_LENGTH) {
      throw P.permit_number_too_long(
        `Permit type ${type.code}'s number format gives ${number.length} characters; at most ${MAX_PERMIT_NUMBER_LENGTH} are allowed. An admin must shorten the format.`,
      );
    }
    const document: PermitDocument = {
      format: 'sinergi-permit/1',
      number,
      region: { code: tenant, name: profile.name },
      issuer: { unit, unitName: profile.units.find((u) => u.code === unit)?.name ?? unit },
      permitType: { code: type.code, name: type.name },
      registrationNumber: row.registration_number,
      holder: { name: row.applicant_name, nik: row.applicant_nik_masked },
      particulars: Object.fromEntries(
        type.fields.filter((f) => row.data[f.code] !== undefined).map((f) => [particularLabel(f), row.data[f.code]!]),
      ),
      fee: row.fee === null ? null : row.fee.toString(),
      feeKind: type.fee_kind,
      feeName: feeLabel(type),
      issuedAt: now.toISOString(),
      validUntil: until?.toISOString() ?? null,
      legalBasis: {
        kind: legalBasis,
        text: LEGAL_BASIS_TEXT[legalBasis],
        decisionDue: row.decision_due?.toISOString() ?? null,
      },
      verificationUrl: verificationUrl(ctx.config.PUBLIC_VERIFY_BASE_URL, tenant, number),
    };
    const signature = keys.sign(tenant, document);
    // a unique violation aborts the transaction: the savepoint keeps the sequence increment and lets the next number be tried
    await sql`savepoint permit_number`.execute(trx);
    try {
      await insertPermit(trx, {
        tenant_id: tenant,
        number,
        application_id: row.id,
        permit_type: type.code,
        holder_name: row.applicant_name,
        legal_basis: legalBasis,
        issued_at: now,
        valid_until: until,
        document: JSON.stringify(document),
        signature_kid: signature.kid,
        signature_alg: signature.alg,
        signature: signature.value,
      });
      await sql`release savepoint permit_number`.execute(trx);
      return { number, skipped };
    } catch (err) {
      await sql`rollback to savepoint permit_number`.execute(trx);
      if (!isUniqueViolation(err, 'number')) throw err;
      // one look for the next free number, however many another type holds
      const ahead = Array.from({ length: NUMBER_LOOKAHEAD }, (_, k) => ({
        seq: seq + 1 + k,
        number: numberFor(seq + 1 + k),
      }));
      if (ahead[0]!.number === number) {
        throw P.permit_number_taken(
          `Permit number ${number} is already held by another permit and permit type ${type.code}'s number format does not change with the sequence. An admin must add {seq} to the format.`,
        );
      }
      const held = await heldNumbers(
        trx,
        ahead.map((c) => c.number),
      );
      const free = ahead.find((c) => !held.has(c.number));
      if (!free) {
        throw P.permit_number_taken(
          `The next ${NUMBER_LOOKAHEAD} numbers of permit type ${type.code}'s format are all held by other permits. An admin must give the type a distinct number format (with {type} or {TYPE}).`,
        );
      }
      skipped.push(number, ...ahead.filter((c) => c.seq < free.seq).map((c) => c.number));
      ctx.logger.warn(
        {
          tenant,
          permitType: type.code,
          registrationNumber: row.registration_number,
          skippedNumbers: skipped.length,
          from: number,
          next: free.number,
        },
        'permit numbers skipped: another permit type already holds them; an admin should give this type a distinct number format',
      );
      seq = free.seq;
      await setSequence(trx, { permitType: type.code, year, last: seq });
    }
  }
}
