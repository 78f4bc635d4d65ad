/** The SQL of permit types: each takes the transaction first and never opens one. */
import { sql, type Insertable } from 'kysely';
import type { PermitTypeRow, PermitTypeTable, Trx } from '../db/schema.js';

export const selectPermitType = (trx: Trx, code: string): Promise<PermitTypeRow | undefined> =>
  trx.selectFrom('permit_type').selectAll().where('code', '=', code).executeTakeFirst();

export const selectPermitTypes = (trx: Trx, opts: { includeInactive: boolean }): Promise<PermitTypeRow[]> => {
  let q = trx.selectFrom('permit_type').selectAll().orderBy('name');
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.execute();
};

/** One change of a region's types at a time (until the transaction ends), so two admins cannot add two clashing formats at once. */
export const lockRegionTypes = async (trx: Trx, tenant: string) => {
  await sql`select pg_advisory_xact_lock(hashtext(${`licensing.permit_type:${tenant}`}))`.execute(trx);
};

/** The other types' units and number formats. */
export const otherTypes = (trx: Trx, code: string) =>
  trx.selectFrom('permit_type').select(['code', 'unit', 'number_format']).where('code', '!=', code).execute();

/** A permit of another type whose number matches `pattern` (a PostgreSQL regular expression). */
export const permitNumberMatching = (trx: Trx, q: { otherThan: string; pattern: string }) =>
  trx
    .selectFrom('permit')
    .select(['number', 'permit_type'])
    .where('permit_type', '!=', q.otherThan)
    .where(sql<boolean>`number ~ ${q.pattern}`)
    .limit(1)
    .executeTakeFirst();

/** Inserts or replaces a type; with `onlyIfMissing` an existing one stays and undefined comes back. */
export const savePermitType = (
  trx: Trx,
  values: Insertable<PermitTypeTable> & { tenant_id: string; code: string },
  opts: { onlyIfMissing: boolean },
) =>
  trx
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
