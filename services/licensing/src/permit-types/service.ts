/** Permit types of a region: admins configure them; everyone may read the active catalogue. */
import { findUnitOrThrow } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { PermitTypeRow, Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { defaultFeeKind, feeLabel, type BusinessPermit, type FeeKind } from './legal.js';
import { permitNumberPattern, permitTypeProblems, type PermitTypeInput } from './model.js';
import {
  lockRegionTypes,
  otherTypes,
  permitNumberMatching,
  savePermitType,
  selectPermitType,
  selectPermitTypes,
} from './repository.js';

export type PermitType = {
  code: string;
  name: string;
  description: string | null;
  unit: string;
  documents: PermitTypeInput['documents'];
  fields: PermitTypeInput['fields'];
  serviceStandardDays: number | null;
  completenessCheckDays: number;
  technicalReview: boolean;
  siteInspection: boolean;
  fee: PermitTypeInput['fee'];
  feeKind: FeeKind;
  feeName: string;
  payBeforeIssue: boolean;
  returnCompletionDays: number;
  returnReminderDays: number;
  objectionDecisionDays: number;
  /** local: decided by the region in Sinergi; business: decided in OSS-RBA (PP 28/2025). */
  category: 'local' | 'business';
  business: BusinessPermit | null;
  validityMonths: number | null;
  numberFormat: string;
  active: boolean;
};

export const permitTypeView = (r: PermitTypeRow): PermitType => ({
  code: r.code,
  name: r.name,
  description: r.description,
  unit: r.unit,
  documents: r.documents,
  fields: r.fields,
  serviceStandardDays: r.service_standard_days,
  completenessCheckDays: r.completeness_days,
  technicalReview: r.technical_review,
  siteInspection: r.site_inspection,
  fee: r.fee_rule,
  feeKind: r.fee_kind,
  feeName: feeLabel(r),
  payBeforeIssue: r.pay_before_issue,
  returnCompletionDays: r.return_days,
  returnReminderDays: r.return_reminder_days,
  objectionDecisionDays: r.objection_decision_days,
  category: r.business ? 'business' : 'local',
  business: r.business,
  validityMonths: r.validity_months,
  numberFormat: r.number_format,
  active: r.active,
});

/** The permit type, or 404: inside a use case's transaction. */
export async function findPermitType(trx: Trx, code: string): Promise<PermitTypeRow> {
  const row = await selectPermitType(trx, code);
  if (!row) throw P.permit_type_not_found(`There is no permit type ${code} in this region.`);
  return row;
}

/** The catalogue: the active types, or every type for admins. */
export const listPermitTypes = async (
  ctx: Ctx,
  q: { tenant: string; includeInactive: boolean },
): Promise<PermitType[]> => (await ctx.db.withTenant(q.tenant, (trx) => selectPermitTypes(trx, q))).map(permitTypeView);

export const getPermitType = (ctx: Ctx, q: { tenant: string; code: string }): Promise<PermitType> =>
  ctx.db.withTenant(q.tenant, async (trx) => permitTypeView(await findPermitType(trx, q.code)));

/** An admin's creation or replacement of a type. */
export const putPermitType = (ctx: Ctx, u: { tenant: string; type: PermitTypeInput }): Promise<PermitType> =>
  ctx.db.withTenant(u.tenant, async (trx) => permitTypeView((await upsertPermitType(trx, ctx, u))!));

/** Creates or replaces a permit type; `onlyIfMissing` leaves an existing one alone (the demo seed). */
export async function upsertPermitType(
  trx: Trx,
  ctx: Ctx,
  u: { tenant: string; type: PermitTypeInput; onlyIfMissing?: boolean },
): Promise<PermitTypeRow | undefined> {
  const { tenant, type: t } = u;
  findUnitOrThrow(ctx.region(tenant), t.unit, { field: 'unit' });
  await lockRegionTypes(trx, tenant);
  const invalid = permitTypeProblems(t, await otherTypes(trx, t.code), { maxUploadBytes: ctx.config.MAX_UPLOAD_BYTES });
  if (!invalid.some((e) => e.field === 'numberFormat')) {
    // a format is also compared with the numbers other types already issued (perhaps under a format
    // they no longer have): the unique number would otherwise be found taken only at issuance
    const taken = await permitNumberMatching(trx, {
      otherThan: t.code,
      pattern: permitNumberPattern(t.numberFormat, t.code, t.unit).source,
    });
    if (taken)
      invalid.push({
        field: 'numberFormat',
        message: `can give ${taken.number}, a number already issued to a permit of type ${taken.permit_type}; put {TYPE} or another distinct text in it`,
      });
  }
  if (invalid.length)
    throw P.invalid_permit_type('The permit type cannot work as configured.', {
      errors: invalid.map((e) => ({ in: 'body', ...e })),
    });
  return savePermitType(
    trx,
    {
      tenant_id: tenant,
      code: t.code,
      name: t.name,
      description: t.description ?? null,
      unit: t.unit,
      documents: JSON.stringify(t.documents),
      fields: JSON.stringify(t.fields),
      service_standard_days: t.serviceStandardDays,
      completeness_days: t.completenessCheckDays,
      technical_review: t.technicalReview,
      site_inspection: t.siteInspection,
      fee_rule: JSON.stringify(t.fee),
      fee_kind: t.feeKind ?? defaultFeeKind(t.fee),
      fee_name: t.feeName ?? null,
      pay_before_issue: t.payBeforeIssue,
      return_days: t.returnCompletionDays,
      return_reminder_days: t.returnReminderDays,
      objection_decision_days: t.objectionDecisionDays,
      business: t.business ? JSON.stringify(t.business) : null,
      validity_months: t.validityMonths,
      number_format: t.numberFormat,
      active: t.active,
    },
    { onlyIfMissing: u.onlyIfMissing ?? false },
  );
}
