/**
 * Issue 14, budget effectiveness: citizen signals folded from events, the year's complaint mapping and
 * efficiency tags (data, not constants), review settings per tenant, TAPD's cut/keep decisions, and
 * the one way to read other regions' lines: aggregates of at least three, inside the database.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { enableTenantRls } from '@sinergi/service-kit';

export const effectivenessMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table citizen_report (
        tenant_id text not null,
        tracking_id text not null,
        category text,
        unit text,
        closed boolean not null default false,
        overdue boolean not null default false,
        updated_at timestamptz not null default now(),
        primary key (tenant_id, tracking_id)
      )`.execute(db);
    await sql`
      create table unit_ikm (
        tenant_id text not null,
        unit text not null,
        period text not null,
        ikm numeric,
        computed_at timestamptz not null,
        primary key (tenant_id, unit, period)
      )`.execute(db);
    await sql`
      create table complaint_mapping (
        tenant_id text not null,
        year integer not null,
        category text not null,
        units jsonb not null,
        programs jsonb not null,
        primary key (tenant_id, year, category),
        foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
      )`.execute(db);
    await sql`
      create table efficiency_tag (
        tenant_id text not null,
        year integer not null,
        code text not null,
        label text not null,
        accounts jsonb not null,
        items jsonb not null,
        basis text not null,
        primary key (tenant_id, year, code),
        foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
      )`.execute(db);
    await sql`
      create table review_setting (
        tenant_id text primary key,
        weights jsonb not null,
        thresholds jsonb not null,
        unit_staff jsonb not null default '{}',
        updated_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table review_decision (
        tenant_id text not null,
        year integer not null,
        unit text not null,
        sub_activity_id uuid not null references sub_activity (id),
        decision text not null check (decision in ('cut', 'keep')),
        reason text,
        lines integer not null default 0,
        saved bigint not null default 0 check (saved >= 0),
        score integer,
        decided_by text not null,
        decided_at timestamptz not null default now(),
        primary key (tenant_id, sub_activity_id),
        foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
      )`.execute(db);
    await sql`create index review_decision_year on review_decision (tenant_id, year)`.execute(db);
    // other regions' lines are read only inside this function, which answers aggregates of at least three lines
    // per catalogue item (a median of one line would be that line); the policy opens line_item to it alone
    await sql`
      create policy peer_aggregates on line_item for select
      using (current_setting('app.peer_aggregates', true) = 'on')`.execute(db);
    await sql`
      create function peer_item_aggregates(p_year integer, p_items text[])
      returns table (item text, n integer, price_median int8, price_mad int8, total_median int8, total_mad int8,
                     volume_median int8, volume_mad int8)
      language sql stable
      set app.peer_aggregates = 'on'
      as $$
        with l as (
          select catalogue_item as item, unit_price as p, total as t, floor(volume * 100)::int8 as v
          from line_item
          where year = p_year and total > 0 and catalogue_item = any (p_items)
            and tenant_id <> current_setting('app.tenant', true)
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
        group by m.item, m.n, m.mp, m.mt, m.mv
      $$`.execute(db);
    // public scrutiny: one-time codes, sessions and flags hold the e-mail (and NIK) only as keyed hashes
    await sql`
      create table scrutiny_code (
        id uuid primary key default gen_random_uuid(),
        tenant_id text not null,
        email_hash text not null,
        nik_hash text,
        code_hash text not null,
        attempts integer not null default 0,
        used boolean not null default false,
        expires_at timestamptz not null,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table scrutiny_session (
        token_hash text primary key,
        tenant_id text not null,
        email_hash text not null,
        nik_hash text,
        expires_at timestamptz not null
      )`.execute(db);
    await sql`
      create table citizen_flag (
        id uuid primary key default gen_random_uuid(),
        tenant_id text not null,
        year integer not null,
        unit text not null,
        line_item_id uuid not null references line_item (id),
        email_hash text not null,
        reason text not null,
        status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
        answer text,
        moderated_by text,
        created_at timestamptz not null default now(),
        moderated_at timestamptz,
        unique (tenant_id, line_item_id, email_hash)
      )`.execute(db);
    await sql`create index citizen_flag_year on citizen_flag (tenant_id, year, status)`.execute(db);
    for (const table of [
      'scrutiny_code',
      'scrutiny_session',
      'citizen_flag',
      'citizen_report',
      'unit_ikm',
      'complaint_mapping',
      'efficiency_tag',
      'review_setting',
      'review_decision',
    ])
      await enableTenantRls(db, table);
  },
};
