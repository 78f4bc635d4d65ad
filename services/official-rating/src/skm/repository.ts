/**
 * SQL of the index: element totals and service users, marks of changed indices, the last announced
 * snapshot, declared service users. SQL only, the transaction first. The nine element totals are
 * summed by PostgreSQL over the covering index (tenant, unit, submitted_at).
 */
import { SKM_ELEMENTS } from '@sinergi/contracts';
import { sql, type Insertable } from 'kysely';
import type { Trx, UnitIndexTable } from '../db/schema.js';
import type { ElementTotal } from './ikm.js';
import { periodsContaining } from './period.js';

/** Marks the unit's periods containing `at` (or the given ones) for the refresh job, in the changing transaction. */
export async function markIndexChanged(
  trx: Trx,
  m: { tenant: string; unit: string; at: Date; timeZone: string; periods?: string[] },
): Promise<void> {
  const values = (m.periods ?? periodsContaining(m.at, m.timeZone)).map((period) => ({
    tenant_id: m.tenant,
    unit: m.unit,
    period,
  }));
  await trx
    .insertInto('index_refresh')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet({ marked_at: new Date() }))
    .execute();
}

/** The oldest mark nobody else holds, locked until the transaction ends; `skip` leaves out marks that failed this pass. */
export function claimMark(trx: Trx, skip: string[]) {
  let q = trx
    .selectFrom('index_refresh')
    .select(['unit', 'period'])
    .orderBy('marked_at')
    .limit(1)
    .forUpdate()
    .skipLocked();
  if (skip.length > 0) q = q.where(sql<boolean>`unit || '/' || period not in (${sql.join(skip)})`);
  return q.executeTakeFirst();
}

export const deleteMark = (trx: Trx, mark: { unit: string; period: string }) =>
  trx.deleteFrom('index_refresh').where('unit', '=', mark.unit).where('period', '=', mark.period).execute();

/** Moves a mark to the back of the queue. */
export const postponeMark = (trx: Trx, mark: { unit: string; period: string }) =>
  trx
    .updateTable('index_refresh')
    .set({ marked_at: new Date() })
    .where('unit', '=', mark.unit)
    .where('period', '=', mark.period)
    .execute();

export const findUnitIndex = (trx: Trx, unit: string, period: string) =>
  trx.selectFrom('unit_index').selectAll().where('unit', '=', unit).where('period', '=', period).executeTakeFirst();

export async function saveUnitIndex(trx: Trx, row: Insertable<UnitIndexTable>): Promise<void> {
  const { tenant_id: _t, unit: _u, period: _p, ...snapshot } = row;
  await trx
    .insertInto('unit_index')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'unit', 'period']).doUpdateSet(snapshot))
    .execute();
}

export async function declareServiceUsers(
  trx: Trx,
  d: { tenant: string; unit: string; period: string; count: number; by: string },
): Promise<void> {
  await trx
    .insertInto('service_users')
    .values({ tenant_id: d.tenant, unit: d.unit, period: d.period, count: d.count, declared_by: d.by })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'unit', 'period'])
        .doUpdateSet({ count: d.count, declared_by: d.by, declared_at: new Date() }),
    )
    .execute();
}

// every answer is required (not null), so each element's number of answers is the respondent count
const sums = sql.raw(SKM_ELEMENTS.map((_, i) => `sum(a${i + 1})::text as s${i + 1}`).join(', '));

type TotalsRow = { key: string; respondents: string } & Record<`s${number}`, string | null>;

function totalsOf(row: TotalsRow): ElementTotal[] {
  return SKM_ELEMENTS.map((_, i) => ({ sum: BigInt(row[`s${i + 1}`] ?? '0'), count: BigInt(row.respondents) }));
}

/**
 * Element totals for one tenant and period (and optionally one unit), grouped by unit, or by
 * service type and kind of transaction (keyed `<service type> <kind>`).
 */
export async function elementTotals(
  trx: Trx,
  opts: {
    from: Date;
    to: Date;
    groupBy: 'unit' | 'service-type-and-kind';
    unit?: string | undefined;
    serviceType?: string | undefined;
  },
): Promise<Map<string, { respondents: number; totals: ElementTotal[] }>> {
  const key = opts.groupBy === 'unit' ? sql`unit` : sql`service_type || ' ' || system`;
  const rows = await sql<TotalsRow>`
    select ${key} as key, count(*)::text as respondents, ${sums}
      from rating
     where submitted_at >= ${opts.from} and submitted_at < ${opts.to}
       ${opts.unit === undefined ? sql`` : sql`and unit = ${opts.unit}`}
       ${opts.serviceType === undefined ? sql`` : sql`and service_type = ${opts.serviceType}`}
     group by ${key}`.execute(trx);
  return new Map(rows.rows.map((r) => [r.key, { respondents: Number(r.respondents), totals: totalsOf(r) }]));
}

/**
 * Respondents per profile attribute and code (null code = not given) for one unit and period:
 * one pass with grouping sets, so the four counts come from the same rows.
 */
export type ProfileCountRow = Record<'sex' | 'age_band' | 'education' | 'occupation', string | null> & {
  attribute: string;
  n: string;
};

export async function profileCounts(
  trx: Trx,
  q: { unit: string; from: Date; to: Date; serviceType?: string | undefined },
): Promise<ProfileCountRow[]> {
  const { rows } = await sql<ProfileCountRow>`
    select sex, age_band, education, occupation,
           case when grouping(sex) = 0 then 'sex' when grouping(age_band) = 0 then 'ageBand'
                when grouping(education) = 0 then 'education' else 'occupation' end as attribute,
           count(*)::text as n
      from rating
     where unit = ${q.unit} and submitted_at >= ${q.from} and submitted_at < ${q.to}
       ${q.serviceType === undefined ? sql`` : sql`and service_type = ${q.serviceType}`}
     group by grouping sets ((sex), (age_band), (education), (occupation))`.execute(trx);
  return rows;
}

export interface ServiceUsers {
  /** Transactions that received an invitation: closed complaints, decided applications, counter visits. */
  invited: number;
  /** Paper questionnaires entered for the period: each one a service user who got no link. */
  paper: number;
  /** What the unit head declared for the period (walk-ins without a link included). */
  declared: number | undefined;
}

/** Service users of each unit in the period. Declarations are per unit, so one service type counts its invitations. */
export async function serviceUsers(
  trx: Trx,
  q: { period: string; from: Date; to: Date; unit?: string | undefined; serviceType?: string | undefined },
): Promise<Map<string, ServiceUsers>> {
  const { period, from, to, unit, serviceType } = q;
  let invited = trx
    .selectFrom('invitation')
    .select(['unit', sql<string>`count(*)::text`.as('n')])
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('unit');
  let declared = trx.selectFrom('service_users').select(['unit', 'count']).where('period', '=', period);
  if (unit !== undefined) {
    invited = invited.where('unit', '=', unit);
    declared = declared.where('unit', '=', unit);
  }
  let paper = trx
    .selectFrom('rating')
    .select(['unit', sql<string>`count(*)::text`.as('n')])
    .where('system', '=', 'paper')
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy('unit');
  if (unit !== undefined) paper = paper.where('unit', '=', unit);
  if (serviceType !== undefined) {
    invited = invited.where('service_type', '=', serviceType);
    paper = paper.where('service_type', '=', serviceType);
  }
  const out = new Map<string, ServiceUsers>();
  const entry = (u: string) => out.get(u) ?? out.set(u, { invited: 0, paper: 0, declared: undefined }).get(u)!;
  for (const r of await invited.execute()) entry(r.unit).invited = Number(r.n);
  for (const r of await paper.execute()) entry(r.unit).paper = Number(r.n);
  if (serviceType === undefined) for (const r of await declared.execute()) entry(r.unit).declared = r.count;
  return out;
}
