/** Permit types of a region: admins configure them; everyone may read the active catalogue. */
import { findUnit } from '@sinergi/contracts';
import { problems } from '@sinergi/service-kit';
import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import type { PermitTypeRow, Trx } from '../db/schema.js';
import { permitNumberPattern, permitTypeProblems, type PermitTypeInput } from './model.js';

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
  validityMonths: r.validity_months,
  numberFormat: r.number_format,
  active: r.active,
});

export async function findPermitType(trx: Trx, code: string): Promise<PermitTypeRow> {
  const row = await trx.selectFrom('permit_type').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw problems.notFound('permit_type_not_found', `There is no permit type ${code} in this region.`);
  return row;
}

export async function listPermitTypes(trx: Trx, includeInactive: boolean): Promise<PermitType[]> {
  let q = trx.selectFrom('permit_type').selectAll().orderBy('name');
  if (!includeInactive) q = q.where('active', '=', true);
  return (await q.execute()).map(permitTypeView);
}

/** Creates or replaces a permit type; `onlyIfMissing` leaves an existing one alone (the demo seed). */
export async function upsertPermitType(ctx: Ctx, trx: Trx, tenant: string, t: PermitTypeInput, opts: { onlyIfMissing?: boolean } = {}): Promise<PermitTypeRow | undefined> {
  const profile = ctx.directory.get(tenant)!;
  if (!findUnit(profile, t.unit)) {
    throw problems.unprocessable('unknown_unit', `Unit ${t.unit} is not a unit of ${profile.name}.`, [{ in: 'body', field: 'unit', message: 'must be a unit of this region' }]);
  }
  // one change of a region's types at a time, so two admins cannot add two clashing formats at once
  await sql`select pg_advisory_xact_lock(hashtext(${`licensing.permit_type:${tenant}`}))`.execute(trx);
  const others = await trx.selectFrom('permit_type').select(['code', 'unit', 'number_format']).where('code', '!=', t.code).execute();
  const invalid = permitTypeProblems(t, others, { maxUploadBytes: ctx.config.MAX_UPLOAD_BYTES });
  if (!invalid.some((e) => e.field === 'numberFormat')) {
    // a format is also compared with the numbers other types already issued (perhaps under a format
    // they no longer have): the unique number would otherwise be found taken only at issuance
    const pattern = permitNumberPattern(t.numberFormat, t.code, t.unit);
    const taken = await trx
      .selectFrom('permit')
      .select(['number', 'permit_type'])
      .where('permit_type', '!=', t.code)
      .where(sql<boolean>`number ~ ${pattern.source}`)
      .limit(1)
      .executeTakeFirst();
    if (taken) invalid.push({ field: 'numberFormat', message: `can give ${taken.number}, a number already issued to a permit of type ${taken.permit_type}; put {TYPE} or another distinct text in it` });
  }
  if (invalid.length) throw problems.unprocessable('invalid_permit_type', 'The permit type cannot work as configured.', invalid.map((e) => ({ in: 'body', ...e })));
  const values = {
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
    validity_months: t.validityMonths,
    number_format: t.numberFormat,
    active: t.active,
  };
  return trx
    .insertInto('permit_type')
    .values(values)
    .onConflict((oc) => {
      const target = oc.columns(['tenant_id', 'code']);
      if (opts.onlyIfMissing) return target.doNothing();
      const { tenant_id: _t, code: _c, ...rest } = values;
      return target.doUpdateSet({ ...rest, updated_at: new Date() });
    })
    .returningAll()
    .executeTakeFirst();
}
