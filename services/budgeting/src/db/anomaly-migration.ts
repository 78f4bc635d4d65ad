/**
 * Issue 14, the anomaly pass in the database: what the rules need of a line's factors, kept beside
 * the line as stored generated columns (computed on every write, whichever path writes), so that the
 * screening query (src/review/screening.ts) reads numbers instead of parsing JSON for 250,000 lines;
 * the last pass's result per year with what it was computed from (recomputed when that changes);
 * and the beneficiaries (jumlah penerima manfaat) of a sub-activity, for quantities per beneficiary.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { enableTenantRls } from '@sinergi/service-kit';

/** The month units of `lines.ts` (trimmed, lower-cased, one trailing dot dropped), kept in step with it. */
export const MONTH_UNITS_SQL = ['bulan', 'bln', 'bl', 'bulanan', 'month', 'months', 'ob', 'o-b'];

const FACTORS = [0, 1, 2, 3]; // a line has one to four factors
const isMonth = (i: number) => `coalesce(budget_month_unit(factors->${i}->>'unit'), false)`;
const quantity = (i: number) => `coalesce((factors->${i}->>'quantity')::numeric, 1)`;
/** The product of the month factors (`months`) or of the others (`per_month`), null for a line without months. */
const product = (months: boolean) =>
  `case when ${FACTORS.map(isMonth).join(' or ')} then ${FACTORS.map(
    (i) => `(case when ${isMonth(i)} then ${months ? quantity(i) : '1'} else ${months ? '1' : quantity(i)} end)`,
  ).join(' * ')} end`;

export const anomalyMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const units = [...MONTH_UNITS_SQL, ...MONTH_UNITS_SQL.map((u) => `${u}.`)];
    await sql`
      create function budget_month_unit(u text) returns boolean
      language sql immutable parallel safe
      return lower(btrim(u, E' \t\n\r\f\v\u00a0\ufeff')) = any (${sql.lit(`{${units.join(',')}}`)}::text[])`.execute(
      db,
    );
    await sql`
      alter table line_item
        add column months numeric generated always as (${sql.raw(product(true))}) stored,
        add column per_month numeric generated always as (${sql.raw(product(false))}) stored,
        add column spec_key text generated always as (
          lower(regexp_replace(btrim(specification, E' \t\n\r\f\v\u00a0\ufeff'), '\s+', ' ', 'g'))) stored`.execute(db);
    await sql`alter table sub_activity add column beneficiaries bigint check (beneficiaries >= 0)`.execute(db);
    await sql`
      create table anomaly_review (
        tenant_id text not null,
        year integer not null,
        basis text not null,
        result jsonb not null,
        computed_at timestamptz not null default now(),
        primary key (tenant_id, year),
        foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
      )`.execute(db);
    await enableTenantRls(db, 'anomaly_review');
  },
};
