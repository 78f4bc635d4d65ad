import { sql, type Kysely, type Migration } from 'kysely';
import { enableTenantRls } from '@sinergi/service-kit';
import { anomalyMigration } from './anomaly-migration.js';
import { effectivenessMigration } from './effectiveness-migration.js';
import { peerSignalsMigration } from './peer-signals-migration.js';

/** Applied migrations are never edited: add a new entry. Every table has tenant_id behind forced RLS. */
export const migrations: Record<string, Migration> = {
  '0001_reference_drafting_audit': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table reference_version (
          tenant_id text not null,
          version text not null,
          description text,
          created_at timestamptz not null default now(),
          primary key (tenant_id, version)
        )`.execute(db);
      await sql`
        create table nomenclature (
          tenant_id text not null,
          version text not null,
          code text not null,
          level text not null check (level in ('urusan', 'bidang', 'program', 'kegiatan', 'sub_kegiatan')),
          name text not null,
          output text,
          indicator text,
          unit_of_measure text,
          primary key (tenant_id, version, code),
          foreign key (tenant_id, version) references reference_version (tenant_id, version)
        )`.execute(db);
      await sql`
        create table account (
          tenant_id text not null,
          version text not null,
          code text not null,
          name text not null,
          primary key (tenant_id, version, code),
          foreign key (tenant_id, version) references reference_version (tenant_id, version)
        )`.execute(db);
      await sql`
        create table fiscal_year (
          tenant_id text not null,
          year integer not null check (year between 2000 and 2100),
          version text not null,
          created_at timestamptz not null default now(),
          primary key (tenant_id, year),
          foreign key (tenant_id, version) references reference_version (tenant_id, version)
        )`.execute(db);
      await sql`
        create table catalogue_item (
          tenant_id text not null,
          year integer not null,
          code text not null,
          catalogue text not null check (catalogue in ('SSH', 'SBU', 'HSPK', 'ASB')),
          name text not null,
          specification text not null,
          unit_of_measure text not null,
          max_unit_price bigint not null check (max_unit_price >= 0),
          accounts jsonb not null,
          annex text check (annex in ('I', 'II')),
          source text not null,
          updated_at timestamptz not null default now(),
          primary key (tenant_id, year, code),
          foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
        )`.execute(db);
      await sql`
        create table unit_budget (
          tenant_id text not null,
          year integer not null,
          unit text not null,
          pagu bigint not null check (pagu >= 0),
          status text not null,
          updated_at timestamptz not null default now(),
          primary key (tenant_id, year, unit),
          foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
        )`.execute(db);
      await sql`
        create table sub_activity (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          code text not null,
          pagu bigint not null check (pagu >= 0),
          planning_source text not null check (planning_source in ('rpjmd', 'musrenbang', 'pokir', 'none')),
          planning_reference text,
          indicators jsonb not null,
          created_at timestamptz not null default now(),
          unique (tenant_id, year, unit, code),
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`
        create table line_item (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          sub_activity_id uuid not null references sub_activity (id),
          account text not null,
          catalogue_item text not null,
          component_name text not null,
          specification text not null,
          unit_of_measure text not null,
          factors jsonb not null,
          volume numeric not null check (volume > 0),
          unit_price bigint not null check (unit_price >= 0),
          tax_percent numeric not null check (tax_percent between 0 and 100),
          amount bigint not null,
          tax bigint not null,
          total bigint not null check (total = amount + tax),
          funding_source text not null,
          location text not null,
          excess_reason text,
          created_by text not null,
          updated_by text not null,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          foreign key (tenant_id, year, catalogue_item) references catalogue_item (tenant_id, year, code)
        )`.execute(db);
      await sql`create index line_item_sub_activity on line_item (sub_activity_id)`.execute(db);
      await sql`create index line_item_unit on line_item (tenant_id, year, unit)`.execute(db);
      await sql`
        create table audit_head (
          tenant_id text not null,
          year integer not null,
          seq integer not null,
          hash text not null,
          primary key (tenant_id, year)
        )`.execute(db);
      await sql`
        create table audit_entry (
          tenant_id text not null,
          year integer not null,
          seq integer not null,
          at timestamptz not null,
          actor text not null,
          action text not null,
          entity text not null,
          entity_id text not null,
          data jsonb not null,
          prev_hash text not null,
          hash text not null,
          primary key (tenant_id, year, seq)
        )`.execute(db);
      for (const table of [
        'reference_version',
        'nomenclature',
        'account',
        'fiscal_year',
        'catalogue_item',
        'unit_budget',
        'sub_activity',
        'line_item',
        'audit_head',
        'audit_entry',
      ]) {
        await enableTenantRls(db, table);
      }
    },
  },
  // TAPD's review notes per line item: what the unit reads when its budget comes back
  '0002_review_note': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table review_note (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          line_item_id uuid not null references line_item (id),
          note text not null,
          author text not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index review_note_line on review_note (line_item_id)`.execute(db);
      await enableTenantRls(db, 'review_note');
    },
  },
  // mandatory-spending rules per fiscal year: thresholds and what counts are data, never constants
  '0003_spending_rule': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table spending_rule (
          tenant_id text not null,
          year integer not null,
          code text not null,
          rule jsonb not null,
          primary key (tenant_id, year, code),
          foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
        )`.execute(db);
      await enableTenantRls(db, 'spending_rule');
    },
  },
  // after the DPA is locked: budget shifts (pergeseran), the year's one APBD-P and the murni snapshot (README, "Revisions")
  '0004_revision': {
    async up(db: Kysely<unknown>) {
      // a line cut to nothing in a revision keeps its row (revised 0 beside its murni values)
      await sql`alter table line_item drop constraint line_item_volume_check`.execute(db);
      await sql`alter table line_item add constraint line_item_volume_check check (volume >= 0)`.execute(db);
      await sql`
        create table unit_murni (
          tenant_id text not null,
          year integer not null,
          unit text not null,
          pagu bigint not null,
          total bigint not null,
          sub_pagu jsonb not null,
          taken_at timestamptz not null default now(),
          primary key (tenant_id, year, unit),
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`
        create table line_murni (
          line_item_id uuid primary key references line_item (id),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          factors jsonb not null,
          volume numeric not null,
          unit_price bigint not null,
          tax_percent numeric not null,
          total bigint not null
        )`.execute(db);
      await sql`create index line_murni_unit on line_murni (tenant_id, year, unit)`.execute(db);
      await sql`
        create table budget_shift (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          kind text not null check (kind in ('within-account', 'between-accounts', 'between-sub-activities')),
          approver text not null check (approver in ('tapd', 'unit-head')),
          status text not null check (status in ('proposed', 'approved', 'rejected')),
          reason text not null,
          changes jsonb not null,
          moved bigint not null check (moved > 0),
          proposed_by text not null,
          decided_by text,
          decision_reason text,
          created_at timestamptz not null default now(),
          decided_at timestamptz,
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`create index budget_shift_unit on budget_shift (tenant_id, year, unit)`.execute(db);
      await sql`
        create table apbd_revision (
          tenant_id text not null,
          year integer not null,
          opened_by text not null,
          opened_at timestamptz not null default now(),
          primary key (tenant_id, year),
          foreign key (tenant_id, year) references fiscal_year (tenant_id, year)
        )`.execute(db);
      await sql`
        create table unit_revision (
          tenant_id text not null,
          year integer not null,
          unit text not null,
          status text not null,
          pagu bigint not null check (pagu >= 0),
          sub_pagu jsonb not null default '{}',
          updated_at timestamptz not null default now(),
          primary key (tenant_id, year, unit),
          foreign key (tenant_id, year) references apbd_revision (tenant_id, year),
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`
        create table revision_line (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          year integer not null,
          unit text not null,
          line_item_id uuid references line_item (id),
          cut boolean not null default false,
          sub_activity_id uuid not null references sub_activity (id),
          account text not null,
          catalogue_item text not null,
          component_name text not null,
          specification text not null,
          unit_of_measure text not null,
          factors jsonb not null,
          volume numeric not null check (volume >= 0),
          unit_price bigint not null check (unit_price >= 0),
          tax_percent numeric not null,
          amount bigint not null,
          tax bigint not null,
          total bigint not null check (total = amount + tax),
          funding_source text not null,
          location text not null,
          excess_reason text,
          reason text,
          created_by text not null,
          updated_by text not null,
          updated_at timestamptz not null default now(),
          unique (tenant_id, year, unit, line_item_id),
          foreign key (tenant_id, year, unit) references unit_revision (tenant_id, year, unit)
        )`.execute(db);
      for (const table of [
        'unit_murni',
        'line_murni',
        'budget_shift',
        'apbd_revision',
        'unit_revision',
        'revision_line',
      ])
        await enableTenantRls(db, table);
    },
  },
  // realization of locked budgets: one current figure per line item and month, and indicator results
  // per month or quarter; every figure and correction is in the audit chain (upsert, audited)
  '0005_realization': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table realization (
          tenant_id text not null,
          year integer not null,
          unit text not null,
          line_item_id uuid not null references line_item (id),
          month smallint not null check (month between 1 and 12),
          amount bigint not null check (amount >= 0),
          revision integer not null default 1,
          recorded_by text not null,
          recorded_at timestamptz not null default now(),
          primary key (tenant_id, line_item_id, month),
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`create index realization_unit on realization (tenant_id, year, unit)`.execute(db);
      await sql`
        create table indicator_result (
          tenant_id text not null,
          year integer not null,
          unit text not null,
          sub_activity_id uuid not null references sub_activity (id),
          indicator smallint not null check (indicator >= 1),
          period text not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'),
          realized numeric not null check (realized >= 0),
          note text not null,
          revision integer not null default 1,
          recorded_by text not null,
          recorded_at timestamptz not null default now(),
          primary key (tenant_id, sub_activity_id, indicator, period),
          foreign key (tenant_id, year, unit) references unit_budget (tenant_id, year, unit)
        )`.execute(db);
      await sql`create index indicator_result_unit on indicator_result (tenant_id, year, unit)`.execute(db);
      await enableTenantRls(db, 'realization');
      await enableTenantRls(db, 'indicator_result');
    },
  },
  // bulk import: a line's place in its sub-activity, so an export lists lines in the order they were
  // imported or drafted (ids are random, created_at is one instant for a whole import)
  '0006_import_line_order': {
    async up(db: Kysely<unknown>) {
      await sql`alter table line_item add column line_no bigint generated always as identity`.execute(db);
      await sql`create index line_item_export on line_item (tenant_id, year, unit, line_no)`.execute(db);
      // (tenant_id, year, unit) is a prefix of the new index: one index less to maintain on every insert
      await sql`drop index line_item_unit`.execute(db);
    },
  },
  // the last head of each audit chain published outside the database (the budgeting.audit.anchored event)
  '0007_audit_anchor': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table audit_anchor (
          tenant_id text not null,
          year integer not null,
          seq integer not null,
          hash text not null,
          anchored_at timestamptz not null default now(),
          primary key (tenant_id, year)
        )`.execute(db);
      await enableTenantRls(db, 'audit_anchor');
    },
  },
  // issue 14, budget effectiveness (the tables are in effectiveness-migration.ts: this file's length is capped)
  '0008_effectiveness': effectivenessMigration,
  // issue 14, signals: dated complaints and their window; other regions through audited functions only
  '0009_peer_signals': peerSignalsMigration,
  // issue 14: the anomaly pass screens lines in the database; beneficiaries per sub-activity
  '0010_anomaly_screening': anomalyMigration,
};
