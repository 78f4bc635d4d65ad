/** The applicant's use cases: start an application, change it, upload documents, submit or withdraw. */
import { createHash } from 'node:crypto';
import { hashNik, maskNik } from '@sinergi/contracts';
import { detectFileKind, insertWithFreshId, MEDIA_TYPE, safeFileName, sharedProblems } from '@sinergi/service-kit';
import type { Updateable } from 'kysely';
import type { Ctx, Deps } from '../context.js';
import type { ApplicationRow, ApplicationTable, Trx } from '../db/schema.js';
import { findPermitType } from '../permit-types/service.js';
import { P } from '../problems.js';
import { applicantCaller, checkApplicant, loadApplication, type ApplicantAccess } from './access.js';
import { checkData } from './data.js';
import { hashSecret, newSecret, registrationNumbers } from './identifiers.js';
import { renderApplication } from './read.js';
import {
  appendTimeline,
  insertApplication,
  insertDocument,
  lastDocumentVersion,
  touchApplication,
  updateApplication,
} from './repository.js';
import { act } from './transitions.js';
import { EDITABLE } from './workflow.js';

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

/** The application an applicant acts on, and their proof that it is theirs. */
export interface ApplicantTarget {
  tenant: string;
  registrationNumber: string;
  access: ApplicantAccess;
}

const applicantColumns = (ctx: Ctx, a: ApplicantInput) => ({
  applicant_name: a.name,
  applicant_nik_masked: a.nik ? maskNik(a.nik) : null,
  applicant_nik_hash: a.nik ? hashNik(a.nik, ctx.config.NIK_HMAC_KEY) : null,
  applicant_phone: a.phone ?? null,
  applicant_email: a.email ?? null,
});

function assertEditable(row: ApplicationRow) {
  if (!EDITABLE.includes(row.status)) {
    throw P.application_not_editable(
      `The application is ${row.status}; only drafts and returned applications can be changed.`,
      { extensions: { currentStatus: row.status } },
    );
  }
}

/** Where business permits are applied for (the national OSS-RBA system). */
export const OSS_URL = 'https://oss.go.id';

export interface NewApplication {
  tenant: string;
  permitType: string;
  applicant: ApplicantInput;
  data: Record<string, unknown>;
  sub: string | null;
}

/** Starts a draft; `sub` ties it to a citizen account. The secret is returned once and stored only hashed. */
export const createApplication = (ctx: Ctx, c: NewApplication) =>
  ctx.db.withTenant(c.tenant, (trx) => createIn(trx, ctx, c));

/** `createApplication` inside a transaction the caller holds (applying at once). */
export async function createIn(trx: Trx, ctx: Ctx, c: NewApplication) {
  {
    const type = await findPermitType(trx, c.permitType);
    if (!type.active)
      throw P.permit_type_inactive(`Permit type ${type.code} takes no new applications.`, {
        errors: [{ in: 'body', field: 'permitType', message: 'is not open for applications' }],
      });
    // a business permit is applied for, verified and decided in OSS-RBA (PP 28/2025), where the NIB
    // is issued: a second local file would be a requirement regions may not add, so none is opened
    if (type.business)
      throw P.business_permit_in_oss(
        `Permit type ${type.code} is a business permit (KBLI ${type.business.kbli}, risk ${type.business.riskLevel}); apply through OSS-RBA.`,
        { extensions: { oss: OSS_URL, kbli: type.business.kbli, riskLevel: type.business.riskLevel } },
      );
    const { data, errors } = checkData(type.fields, c.data, { requireAll: false });
    if (errors.length) throw P.invalid_data('Some data does not fit the permit type.', { errors });
    const secret = newSecret();
    const values = {
      tenant_id: c.tenant,
      secret_hash: hashSecret(secret),
      applicant_sub: c.sub,
      permit_type: type.code,
      unit: type.unit,
      status: 'draft' as const,
      data: JSON.stringify(data),
      ...applicantColumns(ctx, c.applicant),
    };
    // a collision of the 40-bit number inserts nothing and we draw again
    const row = await insertWithFreshId(trx, (id) => insertApplication(trx, { ...values, registration_number: id }), {
      generate: registrationNumbers.generate,
    });
    const caller = applicantCaller({ sub: c.sub ?? undefined });
    await appendTimeline(trx, {
      tenant: c.tenant,
      applicationId: row.id,
      actor: caller.id,
      actorRole: caller.actsAs,
      action: 'create',
      from: null,
      to: 'draft',
      note: null,
      details: null,
    });
    return { registrationNumber: row.registration_number, secret, status: row.status };
  }
}

export const updateApplicationData = (
  ctx: Ctx,
  t: ApplicantTarget,
  patch: { applicant?: ApplicantPatch | undefined; data?: Record<string, unknown> | undefined },
) =>
  ctx.db.withTenant(t.tenant, async (trx) => {
    const row = await loadApplication(trx, t.registrationNumber, { lock: true });
    checkApplicant(row, t.access);
    assertEditable(row);
    const type = await findPermitType(trx, row.permit_type);
    const set: Updateable<ApplicationTable> = { updated_at: new Date() };
    if (patch.data) {
      // a patch merges: null removes a value
      const merged: Record<string, unknown> = { ...row.data, ...patch.data };
      for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
      const { data, errors } = checkData(type.fields, merged, { requireAll: false });
      if (errors.length) throw P.invalid_data('Some data does not fit the permit type.', { errors });
      set.data = JSON.stringify(data);
    }
    if (patch.applicant) {
      // a patch merges: fields left out keep their value, null removes an optional one
      const a = patch.applicant;
      if (a.name !== undefined) set.applicant_name = a.name;
      if (a.nik !== undefined)
        Object.assign(set, {
          applicant_nik_masked: a.nik && maskNik(a.nik),
          applicant_nik_hash: a.nik && hashNik(a.nik, ctx.config.NIK_HMAC_KEY),
        });
      if (a.phone !== undefined) set.applicant_phone = a.phone;
      if (a.email !== undefined) set.applicant_email = a.email;
    }
    return renderApplication(ctx, trx, await updateApplication(trx, row.id, set), 'applicant');
  });

export interface UploadedDocument {
  requirement: string;
  bytes: Buffer;
  fileName: string | undefined;
}

/** A new version of a required document, checked by its content against what the requirement allows. */
export const uploadDocument = (ctx: Ctx, t: ApplicantTarget, file: UploadedDocument) =>
  ctx.db.withTenant(t.tenant, (trx) => uploadIn(trx, t, file));

/** `uploadDocument` inside a transaction the caller holds (applying at once). */
export async function uploadIn(trx: Trx, t: ApplicantTarget, file: UploadedDocument) {
  {
    const { requirement, bytes } = file;
    const row = await loadApplication(trx, t.registrationNumber, { lock: true });
    checkApplicant(row, t.access);
    assertEditable(row);
    const type = await findPermitType(trx, row.permit_type);
    const req = type.documents.find((d) => d.code === requirement);
    if (!req)
      throw P.unknown_requirement(
        `Permit type ${type.code} asks for no document ${requirement}; it asks for ${type.documents.map((d) => d.code).join(', ')}.`,
      );
    if (bytes.length === 0) throw sharedProblems.empty_file('The file is empty.');
    if (bytes.length > req.maxBytes)
      throw sharedProblems.file_too_large(
        `${req.label} may be at most ${req.maxBytes} bytes; this file has ${bytes.length}.`,
        {
          extensions: { maxBytes: req.maxBytes },
        },
      );
    const kind = detectFileKind(bytes);
    if (!kind)
      throw sharedProblems.unrecognized_file('The content is not a PDF, PNG or JPEG file, whatever its name says.');
    if (!req.types.includes(kind)) {
      throw sharedProblems.file_type_not_allowed(
        `${req.label} must be ${req.types.join(' or ')}; this file is ${kind}.`,
        {
          extensions: { allowed: req.types, detected: kind },
        },
      );
    }
    const doc = await insertDocument(trx, {
      tenant_id: t.tenant,
      application_id: row.id,
      requirement,
      version: (await lastDocumentVersion(trx, row.id, requirement)) + 1,
      file_name: safeFileName(file.fileName, kind, requirement),
      media_type: MEDIA_TYPE[kind],
      size_bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: bytes,
      uploaded_by: t.access.sub ?? 'applicant',
    });
    await touchApplication(trx, row.id);
    return {
      id: doc.id,
      requirement: doc.requirement,
      version: doc.version,
      fileName: doc.file_name,
      mediaType: doc.media_type,
      sizeBytes: doc.size_bytes,
      sha256: doc.sha256,
      uploadedAt: doc.uploaded_at.toISOString(),
    };
  }
}

export type ApplicantAction = ApplicantTarget & {
  action: 'submit' | 'withdraw' | 'object';
  note?: string | undefined;
  reasons?: string[];
};

/** Submit (or resubmit a returned file), withdraw, or object to a rejection (keberatan). */
export const applicantAct = (ctx: Ctx, deps: Pick<Deps, 'keys'>, t: ApplicantAction) =>
  ctx.db.withTenant(t.tenant, (trx) => actIn(trx, ctx, deps, t));

/** `applicantAct` inside a transaction the caller holds (applying at once). */
export async function actIn(trx: Trx, ctx: Ctx, deps: Pick<Deps, 'keys'>, t: ApplicantAction) {
  {
    const row = await loadApplication(trx, t.registrationNumber, { lock: true });
    checkApplicant(row, t.access);
    const updated = await act(trx, ctx, deps.keys, {
      tenant: t.tenant,
      row,
      action: t.action,
      caller: applicantCaller(t.access),
      input: { note: t.note, reasons: t.reasons },
      now: new Date(),
    });
    return renderApplication(ctx, trx, updated, 'applicant');
  }
}
