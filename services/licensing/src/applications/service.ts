/**
 * Use cases of a permit application. Each runs in one tenant transaction that also writes the
 * timeline and the outbox, so state, history and events never disagree. Issuance (number,
 * signed document) happens in the transaction that decides, so a rollback leaves no trace.
 */
import { createHash } from 'node:crypto';
import { applicationCompleted, applicationDecided, applicationSubmitted, hashNik, maskNik, maskPersonalData, RUPIAH_MAX, type RegionProfile } from '@sinergi/contracts';
import { localDate, problems, ProblemError, type FieldError } from '@sinergi/service-kit';
import { sql, type Updateable } from 'kysely';
import type { Ctx } from '../context.js';
import type { ApplicationRow, ApplicationTable, Finding, PermitTypeRow, ReturnedItem, Trx } from '../db/schema.js';
import { completenessDue, deadlinePassed, decisionDue, serviceDays, withinServiceStandard } from '../deadlines/rules.js';
import { computeFee, FeeInputError } from '../permit-types/fees.js';
import { MAX_PERMIT_NUMBER_LENGTH, particularLabel } from '../permit-types/model.js';
import { findPermitType } from '../permit-types/service.js';
import { LEGAL_BASIS_TEXT, validUntil, verificationUrl, type PermitDocument } from '../permits/document.js';
import { formatPermitNumber } from '../permits/numbering.js';
import type { KeyRing } from '../permits/signing.js';
import { checkData } from './data.js';
import { detectFileKind, MEDIA_TYPE, safeFileName } from './files.js';
import { hashSecret, newSecret, registrationNumbers, secretMatches } from './identifiers.js';
import { applicationView, type Reader } from './views.js';
import { CLOCK_RUNNING, decide, EDITABLE, MAX_RETURNS, type Action, type Actor, type ApplicationStatus } from './workflow.js';

export interface Caller {
  kind: Actor;
  /** Token subject, `applicant` or `system`: who goes on the timeline. */
  id: string;
  /** For unit staff: their unit; undefined for admins (region-wide). */
  unit?: string | undefined;
}

/** How an applicant proves the application is theirs: their citizen token, or the secret. */
export interface ApplicantAccess {
  sub?: string | undefined;
  secret?: string | undefined;
}

export interface ApplicantInput {
  name: string;
  nik?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
}

/** A change of the applicant's details: omitted fields stay, null removes an optional one. */
export interface ApplicantPatch {
  name?: string | undefined;
  nik?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

export interface StaffInput {
  items?: ReturnedItem[] | undefined;
  assignee?: string | undefined;
  finding?: { kind: Finding['kind']; result: Finding['result']; notes: string } | undefined;
  reasons?: string[] | undefined;
  note?: string | undefined;
}

const SYSTEM: Caller = { kind: 'system', id: 'system' };


/** PostgreSQL's unique_violation, optionally on a constraint or index whose name contains `name`. */
export const isUniqueViolation = (err: unknown, name?: string) =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505' && (name === undefined || String((err as { constraint?: unknown }).constraint ?? '').includes(name));

/** How many numbers one issuance may find taken (by another type's permits) before it gives up. */
/** How far ahead one look searches for a free permit number when another type holds the next ones. */
const NUMBER_LOOKAHEAD = 1000;

/** Back-off of a failed deemed grant: 1, 2, 4 … minutes after each failure, at most 6 hours. */
const grantBackoffMs = (failures: number) => Math.min(2 ** Math.max(0, failures - 1), 360) * 60_000;

/** An error as one line for logs and the row, without personal data. */
const errorLine = (err: unknown) => {
  const e = err as { name?: unknown; code?: unknown; message?: unknown };
  const text = `${String(e?.name ?? 'Error')}${e?.code ? ` ${String(e.code)}` : ''}: ${String(e?.message ?? err)}`;
  return maskPersonalData(text).slice(0, 300);
};

const notFound = (reg: string) => problems.notFound('application_not_found', `There is no application ${reg} in this region.`);

export class ApplicationsService {
  constructor(
    private readonly ctx: Ctx,
    private readonly keys: KeyRing,
  ) {}

  // ---- reading and locking ------------------------------------------------------------------

  async #find(trx: Trx, reg: string, lock: boolean): Promise<ApplicationRow> {
    const id = registrationNumbers.normalize(reg);
    if (!id) throw notFound(reg);
    const q = trx.selectFrom('application').selectAll().where('registration_number', '=', id);
    const row = await (lock ? q.forUpdate() : q).executeTakeFirst();
    if (!row) throw notFound(reg);
    return row;
  }

  #checkApplicant(row: ApplicationRow, access: ApplicantAccess): void {
    if (access.secret !== undefined) {
      if (!secretMatches(access.secret, row.secret_hash)) throw new ProblemError(403, 'wrong_secret', 'The secret does not match this application.');
      return;
    }
    if (access.sub !== undefined && row.applicant_sub === access.sub) return;
    if (access.sub !== undefined) throw problems.forbidden('not_your_application', 'This application was not made with your account; use its secret.');
    throw new ProblemError(401, 'credentials_required', 'Send the X-Application-Secret header, or sign in with the citizen account that made the application.');
  }

  /** Staff: an unsubmitted draft is the applicant's alone (it does not exist for staff); officers only their unit. */
  #checkUnit(row: ApplicationRow, caller: Caller): void {
    if (row.status === 'draft') throw notFound(row.registration_number);
    if (caller.kind === 'unit' && caller.unit !== undefined && row.unit !== caller.unit) {
      throw problems.forbidden('forbidden_unit', 'This application is handled by another unit.');
    }
  }

  async #render(trx: Trx, row: ApplicationRow, reader: Reader) {
    const [type, timeline, documents, permit] = await Promise.all([
      findPermitType(trx, row.permit_type),
      trx.selectFrom('application_timeline').selectAll().where('application_id', '=', row.id).orderBy('at').orderBy('id').execute(),
      trx
        .selectFrom('application_document')
        .select(['id', 'requirement', 'version', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
        .where('application_id', '=', row.id)
        .orderBy('requirement')
        .orderBy('version')
        .execute(),
      trx.selectFrom('permit').select(['number', 'issued_at', 'valid_until', 'revoked_at', 'legal_basis', 'document']).where('application_id', '=', row.id).executeTakeFirst(),
    ]);
    // the rating link is a bearer capability: read for the applicant only, so no other reader's view can carry it
    const ratingInvitation = reader === 'applicant' ? await this.#ratingInvitation(trx, row.id) : undefined;
    return applicationView(row, reader, { type, timeline, documents, permit: permit ?? null, now: new Date(), maxUploadBytes: this.ctx.config.MAX_UPLOAD_BYTES, ratingInvitation });
  }

  async #ratingInvitation(trx: Trx, applicationId: string) {
    const r = await trx.selectFrom('rating_invitation').select(['url', 'expires_at']).where('application_id', '=', applicationId).executeTakeFirst();
    return r ? { url: r.url, expiresAt: r.expires_at.toISOString() } : null;
  }

  /** The applicant's rating invitation, or 404 `rating_invitation_not_found` before official-rating sent one. */
  async ratingInvitationFor(tenant: string, reg: string, access: ApplicantAccess) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, false);
      this.#checkApplicant(row, access);
      const invitation = await this.#ratingInvitation(trx, row.id);
      if (!invitation) {
        throw problems.notFound('rating_invitation_not_found', `There is no rating invitation for ${row.registration_number} yet; it comes once the application is decided.`);
      }
      return invitation;
    });
  }

  async view(tenant: string, reg: string, access: ApplicantAccess) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, false);
      this.#checkApplicant(row, access);
      return this.#render(trx, row, 'applicant');
    });
  }

  async staffView(tenant: string, reg: string, caller: Caller, reader: Reader) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, false);
      this.#checkUnit(row, caller);
      return this.#render(trx, row, reader);
    });
  }

  // ---- the applicant -------------------------------------------------------------------------

  async create(tenant: string, input: { permitType: string; applicant: ApplicantInput; data: Record<string, unknown> }, sub: string | null) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const type = await findPermitType(trx, input.permitType);
      if (!type.active) throw problems.unprocessable('permit_type_inactive', `Permit type ${type.code} takes no new applications.`, [{ in: 'body', field: 'permitType', message: 'is not open for applications' }]);
      const { data, errors } = checkData(type.fields, input.data, { requireAll: false });
      if (errors.length) throw problems.unprocessable('invalid_data', 'Some data does not fit the permit type.', errors);
      const secret = newSecret();
      const values = {
        tenant_id: tenant,
        secret_hash: hashSecret(secret),
        applicant_sub: sub,
        permit_type: type.code,
        unit: type.unit,
        status: 'draft' as const,
        data: JSON.stringify(data),
        ...this.#applicantColumns(input.applicant),
      };
      let row: ApplicationRow | undefined;
      // a collision of the 40-bit number inserts nothing and we draw again
      for (let attempt = 0; attempt < 5 && !row; attempt++) {
        row = await trx
          .insertInto('application')
          .values({ ...values, registration_number: registrationNumbers.generate() })
          .onConflict((oc) => oc.columns(['tenant_id', 'registration_number']).doNothing())
          .returningAll()
          .executeTakeFirst();
      }
      if (!row) throw new Error('could not draw a free registration number in 5 attempts');
      await this.#timeline(trx, tenant, row.id, { kind: 'applicant', id: sub ?? 'applicant' }, 'create', null, 'draft', null, null);
      return { registrationNumber: row.registration_number, secret, status: row.status };
    });
  }

  #applicantColumns(a: ApplicantInput) {
    return {
      applicant_name: a.name,
      applicant_nik_masked: a.nik ? maskNik(a.nik) : null,
      applicant_nik_hash: a.nik ? hashNik(a.nik, this.ctx.config.NIK_HMAC_KEY) : null,
      applicant_phone: a.phone ?? null,
      applicant_email: a.email ?? null,
    };
  }

  #assertEditable(row: ApplicationRow) {
    if (!EDITABLE.includes(row.status)) {
      throw problems.conflict('application_not_editable', `The application is ${row.status}; only drafts and returned applications can be changed.`, { currentStatus: row.status });
    }
  }

  async update(tenant: string, reg: string, access: ApplicantAccess, patch: { applicant?: ApplicantPatch | undefined; data?: Record<string, unknown> | undefined }) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, true);
      this.#checkApplicant(row, access);
      this.#assertEditable(row);
      const type = await findPermitType(trx, row.permit_type);
      const set: Updateable<ApplicationTable> = { updated_at: new Date() };
      if (patch.data) {
        // a patch merges: null removes a value
        const merged: Record<string, unknown> = { ...row.data, ...patch.data };
        for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
        const { data, errors } = checkData(type.fields, merged, { requireAll: false });
        if (errors.length) throw problems.unprocessable('invalid_data', 'Some data does not fit the permit type.', errors);
        set.data = JSON.stringify(data);
      }
      if (patch.applicant) {
        // a patch merges: fields left out keep their value, null removes an optional one
        const a = patch.applicant;
        if (a.name !== undefined) set.applicant_name = a.name;
        if (a.nik !== undefined) Object.assign(set, { applicant_nik_masked: a.nik && maskNik(a.nik), applicant_nik_hash: a.nik && hashNik(a.nik, this.ctx.config.NIK_HMAC_KEY) });
        if (a.phone !== undefined) set.applicant_phone = a.phone;
        if (a.email !== undefined) set.applicant_email = a.email;
      }
      const updated = await trx.updateTable('application').set(set).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
      return this.#render(trx, updated, 'applicant');
    });
  }

  async upload(tenant: string, reg: string, access: ApplicantAccess, requirement: string, bytes: Buffer, fileName: string | undefined) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, true);
      this.#checkApplicant(row, access);
      this.#assertEditable(row);
      const type = await findPermitType(trx, row.permit_type);
      const req = type.documents.find((d) => d.code === requirement);
      if (!req) throw problems.notFound('unknown_requirement', `Permit type ${type.code} asks for no document ${requirement}; it asks for ${type.documents.map((d) => d.code).join(', ')}.`);
      if (bytes.length === 0) throw problems.unprocessable('empty_file', 'The file is empty.');
      if (bytes.length > req.maxBytes) throw new ProblemError(413, 'file_too_large', `${req.label} may be at most ${req.maxBytes} bytes; this file has ${bytes.length}.`, { extensions: { maxBytes: req.maxBytes } });
      const kind = detectFileKind(bytes);
      if (!kind) throw new ProblemError(415, 'unrecognized_file', 'The content is not a PDF, PNG or JPEG file, whatever its name says.');
      if (!req.types.includes(kind)) {
        throw new ProblemError(415, 'file_type_not_allowed', `${req.label} must be ${req.types.join(' or ')}; this file is ${kind}.`, { extensions: { allowed: req.types, detected: kind } });
      }
      const last = await trx
        .selectFrom('application_document')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('application_id', '=', row.id)
        .where('requirement', '=', requirement)
        .executeTakeFirst();
      const doc = await trx
        .insertInto('application_document')
        .values({
          tenant_id: tenant,
          application_id: row.id,
          requirement,
          version: (last?.v ?? 0) + 1,
          file_name: safeFileName(fileName, kind, requirement),
          media_type: MEDIA_TYPE[kind],
          size_bytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          content: bytes,
          uploaded_by: access.sub ?? 'applicant',
        })
        .returning(['id', 'requirement', 'version', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
        .executeTakeFirstOrThrow();
      await sql`update application set updated_at = now() where id = ${row.id}`.execute(trx);
      return { id: doc.id, requirement: doc.requirement, version: doc.version, fileName: doc.file_name, mediaType: doc.media_type, sizeBytes: doc.size_bytes, sha256: doc.sha256, uploadedAt: doc.uploaded_at.toISOString() };
    });
  }

  /** A stored document, for its applicant or the handling unit; never on a public route. */
  async document(tenant: string, reg: string, documentId: string, who: { applicant: ApplicantAccess } | { staff: Caller }) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, false);
      if ('applicant' in who) this.#checkApplicant(row, who.applicant);
      else this.#checkUnit(row, who.staff);
      const doc = /^[0-9a-f-]{36}$/.test(documentId)
        ? await trx.selectFrom('application_document').select(['file_name', 'media_type', 'content', 'sha256']).where('application_id', '=', row.id).where('id', '=', documentId).executeTakeFirst()
        : undefined;
      if (!doc) throw problems.notFound('document_not_found', 'The application has no such document.');
      return doc;
    });
  }

  /** The issued permit of an application, for its applicant or the handling unit. */
  async permit(tenant: string, reg: string, who: { applicant: ApplicantAccess } | { staff: Caller }) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, false);
      if ('applicant' in who) this.#checkApplicant(row, who.applicant);
      else this.#checkUnit(row, who.staff);
      const p = await trx.selectFrom('permit').selectAll().where('application_id', '=', row.id).executeTakeFirst();
      if (!p) throw problems.conflict('permit_not_issued', `No permit has been issued for this application; it is ${row.status}.`, { currentStatus: row.status });
      return p;
    });
  }

  async applicantAct(tenant: string, reg: string, access: ApplicantAccess, action: 'submit' | 'withdraw', note?: string) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const row = await this.#find(trx, reg, true);
      this.#checkApplicant(row, access);
      const updated = await this.#act(trx, tenant, row, action, { kind: 'applicant', id: access.sub ?? 'applicant' }, { note }, new Date());
      return this.#render(trx, updated, 'applicant');
    });
  }

  // ---- staff and integrators ----------------------------------------------------------------

  /**
   * A staff action. When the clock runs and the deadline has passed, the application is already
   * granted by law (fiktif positif): the officer's action is refused with 409 `deadline_passed`,
   * and the deemed grant is carried out in the same transaction (the sweep would do it anyway).
   */
  async staffAct(tenant: string, reg: string, action: Action, caller: Caller, input: StaffInput, reader: Reader, now = new Date()) {
    // a refusal decided here is thrown after the commit, so the deemed step it carried out is kept
    const result = await this.ctx.db.withTenant(tenant, async (trx) => {
      let row = await this.#find(trx, reg, true);
      this.#checkUnit(row, caller);
      if (row.status === 'submitted' && deadlinePassed(row.completeness_due, now)) {
        // the registration check ran out: the file is complete by policy from its deadline (the sweep would do it anyway)
        const due = row.completeness_due!;
        row = await this.#act(trx, tenant, row, 'deem-complete', SYSTEM, {}, now);
        if (action === 'return' || action === 'complete') {
          return {
            refusal: problems.conflict(
              'completeness_deadline_passed',
              `The registration check was due by ${due.toISOString()}; the file was deemed complete then and the service-standard clock runs from that moment, so it can no longer be ${action === 'return' ? 'returned' : 'declared complete'}.`,
              { currentStatus: row.status, completenessDue: due.toISOString(), decisionDue: row.decision_due!.toISOString() },
            ),
          };
        }
      }
      if (CLOCK_RUNNING.includes(row.status) && deadlinePassed(row.decision_due, now)) {
        // a grant that failed waits for its back-off: an officer's click neither retries it early nor counts another failure
        const backingOff = row.grant_retry_at !== null && row.grant_retry_at > now;
        const granted = !backingOff && (await this.deemGrantLocked(trx, tenant, row, now));
        const due = row.decision_due!;
        return {
          refusal: problems.conflict(
            'deadline_passed',
            `The decision was due by ${due.toISOString()}; without a decision by then the application is deemed granted by law (fiktif positif), so it can no longer be ${action === 'reject' ? 'rejected' : 'processed'}.`,
            { currentStatus: granted ? 'issued' : row.status, decisionDue: due.toISOString(), ...(backingOff ? { grantRetryAt: row.grant_retry_at!.toISOString() } : {}) },
          ),
        };
      }
      const updated = await this.#act(trx, tenant, row, action, caller, input, now);
      return { view: await this.#render(trx, updated, reader) };
    });
    if ('refusal' in result) throw result.refusal;
    return result.view;
  }

  /**
   * Deems a locked, submitted application complete when its registration check ran out (the
   * sweep). The file counts as complete from its completeness deadline, and the service-standard
   * clock runs from there.
   */
  async deemCompleteLocked(trx: Trx, tenant: string, row: ApplicationRow, now: Date): Promise<ApplicationRow> {
    return this.#act(trx, tenant, row, 'deem-complete', SYSTEM, {}, now);
  }

  /**
   * Deems a locked, overdue application granted, inside a savepoint: when the grant fails it is
   * rolled back alone, the failure is counted on the row with a back-off and logged without
   * personal data, and the caller's transaction goes on. Returns whether the grant happened.
   */
  async deemGrantLocked(trx: Trx, tenant: string, row: ApplicationRow, now: Date): Promise<boolean> {
    await sql`savepoint deem_grant`.execute(trx);
    try {
      await this.#act(trx, tenant, row, 'deem-grant', SYSTEM, {}, now);
      await sql`release savepoint deem_grant`.execute(trx);
      return true;
    } catch (err) {
      await sql`rollback to savepoint deem_grant`.execute(trx);
      const failures = row.grant_failures + 1;
      const error = errorLine(err);
      await trx
        .updateTable('application')
        .set({ grant_failures: failures, grant_retry_at: new Date(now.getTime() + grantBackoffMs(failures)), grant_last_error: error })
        .where('id', '=', row.id)
        .execute();
      this.ctx.logger.error({ tenant, registrationNumber: row.registration_number, failures, error }, 'deemed grant failed; retried later');
      return false;
    }
  }

  /**
   * A payment confirmed by the payment integrator. Idempotent on the payment reference: the same
   * reference again answers as the first time and changes nothing; another reference for a paid
   * application is a conflict. An approved application is paid and issued; an application deemed
   * granted (fiktif positif) after its fee was assessed already has its permit, and the fee it
   * still owes is recorded as paid without any change of status.
   */
  async confirmPayment(tenant: string, input: { registrationNumber: string; paymentReference: string; amount: bigint; paidAt?: Date | undefined }, caller: Caller) {
    return this.ctx.db.withTenant(tenant, async (trx) => {
      const answer = (r: ApplicationRow, permitNumber: string | null, replay: boolean) => ({
        registrationNumber: r.registration_number,
        paymentReference: r.payment_reference!,
        status: r.status,
        permitNumber,
        replay,
      });
      const row = await this.#find(trx, input.registrationNumber, true);
      if (row.payment_reference === input.paymentReference) {
        // a replay must be the same payment: another amount under the same reference is not a replay
        if ((row.fee ?? 0n) !== input.amount) {
          throw problems.unprocessable('amount_mismatch', `Payment ${input.paymentReference} was confirmed for ${row.fee ?? 0n}; this confirmation says ${input.amount}.`, [
            { in: 'body', field: 'amount', message: `must equal the confirmed amount ${row.fee ?? 0n}` },
          ]);
        }
        const permit = await trx.selectFrom('permit').select('number').where('application_id', '=', row.id).executeTakeFirst();
        return answer(row, permit?.number ?? null, true);
      }
      if (row.payment_reference !== null) {
        throw problems.conflict('already_paid', `The application was already paid with another payment reference.`, { currentStatus: row.status });
      }
      const used = await trx.selectFrom('application').select('registration_number').where('payment_reference', '=', input.paymentReference).executeTakeFirst();
      if (used) throw problems.conflict('payment_reference_used', 'This payment reference confirmed another application.');
      // fiktif positif issued the permit by law; a fee assessed before that stays owed, and its payment is recorded on the issued application
      const owedAfterDeemedGrant = row.status === 'issued' && row.outcome === 'deemed-granted' && (row.fee ?? 0n) > 0n;
      if ((row.status === 'approved' || owedAfterDeemedGrant) && row.fee !== input.amount) {
        throw problems.unprocessable('amount_mismatch', `The assessed fee is ${row.fee}; the payment says ${input.amount}.`, [{ in: 'body', field: 'amount', message: `must equal the assessed fee ${row.fee}` }]);
      }
      const now = new Date();
      const referenceTaken = (err: unknown) => {
        if (isUniqueViolation(err, 'payment_reference')) throw problems.conflict('payment_reference_used', 'This payment reference confirmed another application.');
        throw err;
      };
      if (owedAfterDeemedGrant) {
        const recorded = await trx
          .updateTable('application')
          .set({ payment_reference: input.paymentReference, paid_at: input.paidAt ?? now, updated_at: now })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch(referenceTaken);
        await this.#timeline(trx, tenant, row.id, caller, 'confirm-payment', row.status, row.status, 'Retribusi atas izin yang terbit karena fiktif positif dibayar.', { paymentReference: input.paymentReference, amount: row.fee!.toString() });
        const permit = await trx.selectFrom('permit').select('number').where('application_id', '=', row.id).executeTakeFirstOrThrow();
        return answer(recorded, permit.number, false);
      }
      // two applications paid with one reference at the same moment: both pass the check above,
      // and the unique index lets only one through
      const paid = await this.#act(trx, tenant, row, 'confirm-payment', caller, { paymentReference: input.paymentReference, paidAt: input.paidAt ?? now }, now).catch(referenceTaken);
      const issued = await this.#act(trx, tenant, paid, 'issue', SYSTEM, {}, now);
      const permit = await trx.selectFrom('permit').select('number').where('application_id', '=', row.id).executeTakeFirstOrThrow();
      return answer(issued, permit.number, false);
    });
  }

  // ---- the workflow --------------------------------------------------------------------------

  async #timeline(trx: Trx, tenant: string, applicationId: string, caller: Caller, action: string, from: ApplicationStatus | null, to: ApplicationStatus, note: string | null, details: unknown) {
    await trx
      .insertInto('application_timeline')
      .values({ tenant_id: tenant, application_id: applicationId, actor: caller.id, actor_role: caller.kind, action, from_status: from, to_status: to, note, details: details === null ? null : JSON.stringify(details) })
      .execute();
  }

  /** Takes an action on a locked application (the body of every transition). Public for the deadline job. */
  async actLocked(trx: Trx, tenant: string, row: ApplicationRow, action: Action, caller: Caller, now: Date): Promise<ApplicationRow> {
    return this.#act(trx, tenant, row, action, caller, {}, now);
  }

  async #act(
    trx: Trx,
    tenant: string,
    row: ApplicationRow,
    action: Action,
    caller: Caller,
    input: StaffInput & { paymentReference?: string; paidAt?: Date },
    now: Date,
  ): Promise<ApplicationRow> {
    const decision = decide(action, row.status, caller.kind);
    if (!decision.ok) {
      // `currentStatus`, not `status`: a problem's `status` is its HTTP status
      throw decision.reason === 'wrong_actor'
        ? problems.forbidden('forbidden_action', decision.detail)
        : problems.conflict('invalid_transition', decision.detail, { currentStatus: row.status });
    }
    const type = await findPermitType(trx, row.permit_type);
    const set: Updateable<ApplicationTable> = { status: decision.to, updated_at: now };
    let note: string | null = input.note ?? null;
    let details: unknown = null;

    switch (action) {
      case 'submit': {
        const missing = await this.#missingRequirements(trx, row, type);
        if (missing.length) throw problems.unprocessable('incomplete_application', 'Some requirements are missing or invalid; complete them and submit again.', missing);
        Object.assign(set, { submitted_at: now, rounds: row.rounds + 1, returned_items: null, completeness_due: completenessDue(now, type.completeness_days, this.ctx.calendar(tenant)) });
        details = { completenessDue: set.completeness_due!.toISOString() };
        break;
      }
      case 'return': {
        // each return is a resubmission round; after MAX_RETURNS the office must decide on the file as it is
        if (row.rounds - 1 >= MAX_RETURNS) {
          throw problems.conflict('return_limit_reached', `The file was already returned ${row.rounds - 1} times; declare it complete or reject it with reasons.`, { currentStatus: row.status, maxReturns: MAX_RETURNS });
        }
        set.completeness_due = null;
        const items = input.items ?? [];
        const known = new Set([...type.documents.map((d) => d.code), ...type.fields.map((f) => f.code), 'lainnya']);
        const errors: FieldError[] = items.flatMap((it, i) => (known.has(it.requirement) ? [] : [{ in: 'body', field: `items.${i}.requirement`, message: `is not a requirement of ${type.code}` }]));
        if (items.length === 0) errors.push({ in: 'body', field: 'items', message: 'name at least one missing or invalid item' });
        if (errors.length) throw problems.unprocessable('invalid_return', 'Say which requirements are missing or invalid.', errors);
        set.returned_items = JSON.stringify(items);
        details = { items };
        break;
      }
      case 'complete':
      case 'deem-complete': {
        // deemed complete as of the last moment of the check's last day (completeness_due is the
        // local midnight after it), not from when the sweep got there: the same decision deadline as
        // an officer declaring it complete that evening, never a day more
        const completedAt = action === 'deem-complete' ? new Date(row.completeness_due!.getTime() - 1) : now;
        const due = decisionDue(completedAt, type.service_standard_days, this.ctx.calendar(tenant));
        Object.assign(set, {
          completed_at: completedAt,
          completeness_due: null,
          decision_due: due,
          service_days: serviceDays(type.service_standard_days),
          review_required: type.technical_review,
          inspection_required: type.site_inspection,
        });
        details = { decisionDue: due.toISOString(), serviceStandardDays: serviceDays(type.service_standard_days) };
        if (action === 'deem-complete') note = 'Berkas dianggap lengkap: pemeriksaan kelengkapan tidak selesai sampai batas waktunya.';
        break;
      }
      case 'start-review':
        set.assigned_to = input.assignee ?? caller.id;
        details = { assignee: set.assigned_to };
        break;
      case 'record-findings': {
        const f = input.finding!;
        const required = (f.kind === 'technical-review' && row.review_required) || (f.kind === 'site-inspection' && row.inspection_required);
        if (!required) throw problems.unprocessable('step_not_required', `Permit type ${type.code} has no ${f.kind} step.`, [{ in: 'body', field: 'kind', message: 'is not a step of this permit type' }]);
        const finding: Finding = { ...f, by: caller.id, at: now.toISOString() };
        // a later finding of the same kind supersedes the earlier one (a re-inspection); the timeline keeps both
        set.findings = JSON.stringify([...row.findings.filter((x) => x.kind !== f.kind), finding]);
        note = f.notes;
        details = { kind: f.kind, result: f.result };
        break;
      }
      case 'assess-fee': {
        const pending = [row.review_required && 'technical-review', row.inspection_required && 'site-inspection'].filter(
          (k): k is Finding['kind'] => !!k && !row.findings.some((f) => f.kind === k),
        );
        if (pending.length) throw problems.conflict('review_pending', `Record the findings of ${pending.join(' and ')} first.`, { currentStatus: row.status, pending });
        const failed = row.findings.filter((f) => f.result === 'does-not-meet');
        if (failed.length) throw problems.conflict('review_failed', 'A review found the requirements not met: reject the application with reasons instead.', { currentStatus: row.status });
        try {
          const fee = computeFee(type.fee_rule, row.data);
          if (fee.amount > RUPIAH_MAX) {
            const fields = type.fee_rule.kind === 'product' ? type.fee_rule.factors.flatMap((f) => ('field' in f ? [f.field] : [])) : [];
            throw problems.unprocessable(
              'fee_not_computable',
              `The fee (${fee.explanation}) exceeds the largest amount that can be stored; check the values it is computed from.`,
              fields.length ? fields.map((f) => ({ in: 'body', field: `data.${f}`, message: 'makes the fee too large' })) : [{ in: 'body', field: 'fee', message: 'is too large' }],
            );
          }
          Object.assign(set, { fee: fee.amount, fee_explanation: fee.explanation });
          details = { fee: fee.amount.toString(), explanation: fee.explanation };
        } catch (err) {
          if (err instanceof FeeInputError) throw problems.unprocessable('fee_not_computable', err.message, [{ in: 'body', field: `data.${err.field}`, message: err.message }]);
          throw err;
        }
        break;
      }
      case 'approve':
        Object.assign(set, { approved_at: now, decided_by: caller.id });
        break;
      case 'reject': {
        const reasons = input.reasons ?? [];
        if (reasons.length === 0) throw problems.unprocessable('reasons_required', 'A rejection needs its reasons.', [{ in: 'body', field: 'reasons', message: 'give at least one reason' }]);
        Object.assign(set, { rejection_reasons: JSON.stringify(reasons), decided_at: now, decided_by: caller.id, outcome: 'rejected' });
        details = { reasons };
        break;
      }
      case 'confirm-payment':
        Object.assign(set, { payment_reference: input.paymentReference!, paid_at: input.paidAt ?? now });
        details = { paymentReference: input.paymentReference, amount: row.fee?.toString() ?? '0' };
        break;
      case 'issue':
      case 'deem-grant': {
        const outcome = action === 'issue' ? 'issued' : 'deemed-granted';
        const permit = await this.#issuePermit(trx, tenant, row, type, outcome, now);
        Object.assign(set, { decided_at: now, outcome });
        note = action === 'deem-grant' ? 'Dianggap dikabulkan secara hukum (fiktif positif): tidak ada keputusan sampai batas waktu.' : null;
        details = { permitNumber: permit.number, ...(permit.skipped.length ? { skippedPermitNumbers: permit.skipped.slice(0, 20), skippedCount: permit.skipped.length } : {}) };
        break;
      }
      case 'withdraw':
        break;
    }

    const updated = await trx.updateTable('application').set(set).where('id', '=', row.id).returningAll().executeTakeFirstOrThrow();
    await this.#timeline(trx, tenant, row.id, caller, action, row.status, updated.status, note, details);
    await this.#emit(trx, tenant, action, row, updated, now);
    // a permit without a fee needs no payment: approval issues it at once
    if (action === 'approve' && (updated.fee ?? 0n) === 0n) return this.#act(trx, tenant, updated, 'issue', SYSTEM, {}, now);
    return updated;
  }

  async #missingRequirements(trx: Trx, row: ApplicationRow, type: PermitTypeRow): Promise<FieldError[]> {
    const { errors } = checkData(type.fields, row.data, { requireAll: true });
    const uploaded = new Set(
      (await trx.selectFrom('application_document').select('requirement').distinct().where('application_id', '=', row.id).execute()).map((d) => d.requirement),
    );
    // a returned file must bring a new version of every document named in the return
    const returned = row.status === 'returned' ? (row.returned_items ?? []) : [];
    const replaced = returned.length
      ? new Set(
          (
            await trx
              .selectFrom('application_document')
              .select('requirement')
              .where('application_id', '=', row.id)
              .where('uploaded_at', '>', (await this.#lastReturnAt(trx, row.id)) ?? new Date(0))
              .execute()
          ).map((d) => d.requirement),
        )
      : new Set<string>();
    for (const d of type.documents) {
      if (d.required && !uploaded.has(d.code)) errors.push({ in: 'documents', field: d.code, message: `${d.label} is missing` });
      else if (returned.some((r) => r.requirement === d.code) && !replaced.has(d.code)) errors.push({ in: 'documents', field: d.code, message: `${d.label} was returned and needs a new file` });
    }
    return errors;
  }

  async #lastReturnAt(trx: Trx, applicationId: string): Promise<Date | undefined> {
    const r = await trx.selectFrom('application_timeline').select('at').where('application_id', '=', applicationId).where('action', '=', 'return').orderBy('at', 'desc').limit(1).executeTakeFirst();
    return r?.at;
  }

  /** The directory id of the deciding official: the one whose identity-provider accounts include the decider's. */
  #official(profile: RegionProfile, decidedBy: string | null): string | null {
    if (!decidedBy) return null;
    return profile.officials.find((o) => o.accounts.includes(decidedBy) || o.id === decidedBy)?.id ?? null;
  }

  async #emit(trx: Trx, tenant: string, action: Action, before: ApplicationRow, after: ApplicationRow, now: Date) {
    const base = { registrationNumber: after.registration_number, permitType: after.permit_type, unit: after.unit, at: now.toISOString() };
    const subject = after.registration_number;
    if (action === 'submit') {
      await this.ctx.outbox.emit(trx, applicationSubmitted, { tenant, subject, data: { ...base, resubmission: before.status === 'returned' } });
    } else if (action === 'complete' || action === 'deem-complete') {
      await this.ctx.outbox.emit(trx, applicationCompleted, { tenant, subject, data: { ...base, serviceStandardWorkingDays: after.service_days!, decisionDue: after.decision_due!.toISOString() } });
    } else if (action === 'reject' || action === 'issue' || action === 'deem-grant') {
      const profile = this.ctx.directory.get(tenant)!;
      const permit = action === 'reject' ? undefined : await trx.selectFrom('permit').select('number').where('application_id', '=', after.id).executeTakeFirstOrThrow();
      const decidedAt = action === 'issue' ? after.approved_at! : now;
      await this.ctx.outbox.emit(trx, applicationDecided, {
        tenant,
        subject,
        data: {
          ...base,
          outcome: after.outcome!,
          permitNumber: permit?.number ?? null,
          official: action === 'deem-grant' ? null : this.#official(profile, after.decided_by),
          fee: after.fee,
          withinServiceStandard: action === 'deem-grant' ? false : withinServiceStandard(decidedAt, after.decision_due),
        },
      });
    }
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
  async #issuePermit(trx: Trx, tenant: string, row: ApplicationRow, type: PermitTypeRow, outcome: 'issued' | 'deemed-granted', now: Date) {
    const profile = this.ctx.directory.get(tenant)!;
    const date = localDate(now, profile.timeZone);
    const year = Number(date.slice(0, 4));
    const until = validUntil(now, type.validity_months, profile.timeZone);
    const legalBasis = outcome === 'issued' ? 'decision' : 'fiktif-positif';
    // the unit that handled the application issues it, even if the type has moved to another unit since
    const unit = row.unit;
    const skipped: string[] = [];
    const numberFor = (n: number) => formatPermitNumber(type.number_format, { seq: n, type: type.code, unit, localDate: date });
    let seq = (
      await trx
        .insertInto('permit_sequence')
        .values({ tenant_id: tenant, permit_type: type.code, year, last: 1 })
        .onConflict((oc) => oc.columns(['tenant_id', 'permit_type', 'year']).doUpdateSet({ last: sql`permit_sequence.last + 1` }))
        .returning('last')
        .executeTakeFirstOrThrow()
    ).last;
    for (;;) {
      const number = numberFor(seq);
      if (number.length > MAX_PERMIT_NUMBER_LENGTH) {
        throw problems.conflict('permit_number_too_long', `Permit type ${type.code}'s number format gives ${number.length} characters; at most ${MAX_PERMIT_NUMBER_LENGTH} are allowed. An admin must shorten the format.`);
      }
      const document: PermitDocument = {
        format: 'sinergi-permit/1',
        number,
        region: { code: tenant, name: profile.name },
        issuer: { unit, unitName: profile.units.find((u) => u.code === unit)?.name ?? unit },
        permitType: { code: type.code, name: type.name },
        registrationNumber: row.registration_number,
        holder: { name: row.applicant_name, nik: row.applicant_nik_masked },
        particulars: Object.fromEntries(type.fields.filter((f) => row.data[f.code] !== undefined).map((f) => [particularLabel(f), row.data[f.code]!])),
        fee: row.fee === null ? null : row.fee.toString(),
        issuedAt: now.toISOString(),
        validUntil: until?.toISOString() ?? null,
        legalBasis: { kind: legalBasis, text: LEGAL_BASIS_TEXT[legalBasis], decisionDue: row.decision_due?.toISOString() ?? null },
        verificationUrl: verificationUrl(this.ctx.config.PUBLIC_VERIFY_BASE_URL, tenant, number),
      };
      const signature = this.keys.sign(tenant, document);
      // a unique violation aborts the transaction: the savepoint keeps the sequence increment and lets the next number be tried
      await sql`savepoint permit_number`.execute(trx);
      try {
        await trx
          .insertInto('permit')
          .values({
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
          })
          .execute();
        await sql`release savepoint permit_number`.execute(trx);
        return { number, skipped };
      } catch (err) {
        await sql`rollback to savepoint permit_number`.execute(trx);
        if (!isUniqueViolation(err, 'number')) throw err;
        // one look for the next free number, however many another type holds
        const ahead = Array.from({ length: NUMBER_LOOKAHEAD }, (_, i) => ({ seq: seq + 1 + i, number: numberFor(seq + 1 + i) }));
        if (ahead[0]!.number === number) {
          throw problems.conflict('permit_number_taken', `Permit number ${number} is already held by another permit and permit type ${type.code}'s number format does not change with the sequence. An admin must add {seq} to the format.`);
        }
        const held = new Set((await trx.selectFrom('permit').select('number').where('number', 'in', ahead.map((c) => c.number)).execute()).map((r) => r.number));
        const free = ahead.find((c) => !held.has(c.number));
        if (!free) {
          throw problems.conflict('permit_number_taken', `The next ${NUMBER_LOOKAHEAD} numbers of permit type ${type.code}'s format are all held by other permits. An admin must give the type a distinct number format (with {type} or {TYPE}).`);
        }
        skipped.push(number, ...ahead.filter((c) => c.seq < free.seq).map((c) => c.number));
        this.ctx.logger.warn(
          { tenant, permitType: type.code, registrationNumber: row.registration_number, skippedNumbers: skipped.length, from: number, next: free.number },
          'permit numbers skipped: another permit type already holds them; an admin should give this type a distinct number format',
        );
        seq = free.seq;
        await trx.updateTable('permit_sequence').set({ last: seq }).where('permit_type', '=', type.code).where('year', '=', year).execute();
      }
    }
  }
}
