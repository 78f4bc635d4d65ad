/**
 * Issue 14, signals: complaints dated (so they count in a window, not all time), a window per year, and
 * the narrow path to other regions of the deployment. The application role never reads another
 * region's rows: two SECURITY DEFINER functions, owned by a role of their own that nothing logs in
 * as, read them inside the database and answer aggregates only; every call is logged, append-only.
 * This replaces 0008's policy that opened `line_item` to anyone who set `app.peer_aggregates`.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { enableTenantRls } from '@sinergi/service-kit';

/** The owner of the cross-region functions; no login, no superuser, no BYPASSRLS: policies name it. */
export const PEER_READER_ROLE = 'budgeting_peer_reader';
/** A sub-activity code is compared with other regions only when at least this many regions have it. */
export const MIN_PEER_REGIONS = 3;

/**
 * The role that owns the functions: a superuser migrating (a set-up without per-service roles) makes
 * `budgeting_peer_reader`; the service's owner role migrating (`sinergi db setup`) cannot create roles,
 * so the functions are its own: it owns the tables already, and the runtime login cannot act as it.
 */
async function peerRole(db: Kysely<unknown>): Promise<string> {
  const me = await sql<{ rolsuper: boolean; name: string }>`
    select rolsuper, current_user as name from pg_roles where rolname = current_user`.execute(db);
  if (!me.rows[0]!.rolsuper) return me.rows[0]!.name;
  // roles are cluster-wide and several databases migrate at once: a concurrent create is fine
  await sql
    .raw(
      `do $$ begin
         if not exists (select 1 from pg_roles where rolname = '${PEER_READER_ROLE}') then
           create role ${PEER_READER_ROLE} nologin nosuperuser nobypassrls;
         end if;
       exception when duplicate_object or unique_violation then null;
       end $$`,
    )
    .execute(db);
  return PEER_READER_ROLE;
}

const COST_PER_OUTPUT = `
  create function peer_cost_per_output(p_year integer, p_codes text[])
  returns table (code text, regions integer, p25 int8, median int8, p75 int8)
  language plpgsql volatile security definer
  set search_path = public, pg_temp
  as $$
  #variable_conflict use_column
  declare
    caller text := current_setting('app.tenant', true);
    answered integer;
  begin
    if caller is null or caller = '' then return; end if;
    return query
      with q as (
        select s.tenant_id, s.code, coalesce(l.total, 0) as total,
          coalesce(r.realized, case when s.indicators -> 0 ->> 'target' ~ '^[0-9]+(\\.[0-9]{1,4})?$'
                                    then (s.indicators -> 0 ->> 'target')::numeric end) as quantity
        from sub_activity s
        left join (select sub_activity_id, sum(total) as total from line_item
                   where year = p_year and tenant_id <> caller group by sub_activity_id) l on l.sub_activity_id = s.id
        left join (select sub_activity_id, max(realized) as realized from indicator_result
                   where year = p_year and indicator = 1 and tenant_id <> caller group by sub_activity_id) r
          on r.sub_activity_id = s.id
        where s.year = p_year and s.code = any (p_codes) and s.tenant_id <> caller
      ), c as (
        select tenant_id, code, floor(total / quantity)::int8 as cost from q where total > 0 and quantity > 0
      )
      select c.code, count(distinct c.tenant_id)::int,
        percentile_disc(0.25) within group (order by c.cost),
        percentile_disc(0.5) within group (order by c.cost),
        percentile_disc(0.75) within group (order by c.cost)
      from c group by c.code having count(distinct c.tenant_id) >= ${MIN_PEER_REGIONS}
      order by c.code;
    get diagnostics answered = row_count;
    insert into peer_aggregate_access (tenant_id, year, kind, asked, answered)
    values (caller, p_year, 'cost_per_output', coalesce(cardinality(p_codes), 0), answered);
  end $$`;

const ITEM_AGGREGATES = `
  create or replace function peer_item_aggregates(p_year integer, p_items text[])
  returns table (item text, n integer, price_median int8, price_mad int8, total_median int8, total_mad int8,
                 volume_median int8, volume_mad int8)
  language plpgsql volatile security definer
  set search_path = public, pg_temp
  as $$
  #variable_conflict use_column
  declare
    caller text := current_setting('app.tenant', true);
    answered integer;
  begin
    if caller is null or caller = '' then return; end if;
    return query
      with l as (
        select catalogue_item as item, unit_price as p, total as t, floor(volume * 100)::int8 as v
        from line_item
        where year = p_year and total > 0 and catalogue_item = any (p_items) and tenant_id <> caller
      ), m as (
        select item, count(*)::int as n,
          percentile_disc(0.5) within group (order by p) as mp,
          percentile_disc(0.5) within group (order by t) as mt,
          percentile_disc(0.5) within group (order by v) as mv
        from l group by item having count(*) >= 3
      )
      select m.item, m.n, m.mp, percentile_disc(0.5) within group (order by abs(l.p - m.mp)),
        m.mt, percentile_disc(0.5) within group (order by abs(l.t - m.mt)),
        m.mv, percentile_disc(0.5) within group (order by abs(l.v - m.mv))
      from m join l using (item)
      group by m.item, m.n, m.mp, m.mt, m.mv;
    get diagnostics answered = row_count;
    insert into peer_aggregate_access (tenant_id, year, kind, asked, answered)
    values (caller, p_year, 'catalogue_item', coalesce(cardinality(p_items), 0), answered);
  end $$`;

export const peerSignalsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // when a report was submitted (the submitted event's time); reports held before this have none and
    // count in no window
    await sql`alter table citizen_report add column submitted_at timestamptz`.execute(db);
    await sql`create index citizen_report_submitted on citizen_report (tenant_id, submitted_at)`.execute(db);
    await sql`
      create table complaint_window (
        tenant_id text not null,
        year integer not null,
        from_date date not null,
        to_date date not null check (to_date >= from_date),
        primary key (tenant_id, year),
        foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
      )`.execute(db);
    await enableTenantRls(db, 'complaint_window');

    await sql`
      create table peer_aggregate_access (
        id bigint generated always as identity primary key,
        tenant_id text not null,
        year integer not null,
        kind text not null check (kind in ('cost_per_output', 'catalogue_item')),
        asked integer not null,
        answered integer not null,
        at timestamptz not null default now()
      )`.execute(db);
    await sql`create index peer_aggregate_access_tenant on peer_aggregate_access (tenant_id, at)`.execute(db);
    await enableTenantRls(db, 'peer_aggregate_access');
    // append-only, and written only by the functions: a region reads its own log and can change none of it
    const name = await peerRole(db);
    const role = sql.id(name);
    await sql`
      create policy written_by_functions on peer_aggregate_access as restrictive for insert
      with check (current_user = ${sql.lit(name)})`.execute(db);
    await sql`create policy append_only on peer_aggregate_access as restrictive for update using (false)`.execute(db);
    await sql`create policy never_deleted on peer_aggregate_access as restrictive for delete using (false)`.execute(db);

    await sql`grant usage on schema public to ${role}`.execute(db);
    await sql`grant select on sub_activity, line_item, indicator_result to ${role}`.execute(db);
    await sql`grant insert on peer_aggregate_access to ${role}`.execute(db);
    for (const table of ['sub_activity', 'line_item', 'indicator_result']) {
      await sql`create policy peer_reader on ${sql.table(table)} for select to ${role} using (true)`.execute(db);
    }
    await sql`drop policy peer_aggregates on line_item`.execute(db);
    await sql.raw(ITEM_AGGREGATES).execute(db);
    await sql.raw(COST_PER_OUTPUT).execute(db);
    for (const fn of ['peer_item_aggregates(integer, text[])', 'peer_cost_per_output(integer, text[])']) {
      await sql`alter function ${sql.raw(fn)} owner to ${role}`.execute(db);
    }
  },
};
