import { sql, type Migration } from 'kysely';
import { createDataSubjectRequestTable, enableTenantRls } from '@sinergi/service-kit';

export const migrations: Record<string, Migration> = {
  '001_licensing': {
    async up(db) {
      await sql`
        create table permit_type (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          code text not null,
          name text not null,
          description text,
          unit text not null,
          documents jsonb not null,
          fields jsonb not null,
          service_standard_days integer check (service_standard_days between 1 and 365),
          technical_review boolean not null,
          site_inspection boolean not null,
          fee_rule jsonb not null,
          validity_months integer,
          number_format text not null,
          active boolean not null default true,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (tenant_id, code)
        )`.execute(db);
      await enableTenantRls(db, 'permit_type');

      await sql`
        create table application (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          registration_number text not null,
          secret_hash text not null,
          applicant_sub text,
          permit_type text not null,
          unit text not null,
          status text not null,
          data jsonb not null default '{}',
          applicant_name text not null,
          applicant_nik_masked text,
          applicant_nik_hash text,
          applicant_phone text,
          applicant_email text,
          rounds integer not null default 0,
          returned_items jsonb,
          service_days integer,
          submitted_at timestamptz,
          completed_at timestamptz,
          decision_due timestamptz,
          assigned_to text,
          review_required boolean not null default false,
          inspection_required boolean not null default false,
          findings jsonb not null default '[]',
          fee bigint check (fee >= 0),
          fee_explanation text,
          approved_at timestamptz,
          decided_by text,
          rejection_reasons jsonb,
          payment_reference text,
          paid_at timestamptz,
          decided_at timestamptz,
          outcome text check (outcome in ('issued', 'rejected', 'deemed-granted')),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (tenant_id, registration_number)
        )`.execute(db);
      await sql`create index application_unit on application (tenant_id, unit, status, created_at)`.execute(db);
      await sql`create index application_applicant on application (tenant_id, applicant_sub, created_at) where applicant_sub is not null`.execute(
        db,
      );
      // the fiktif-positif sweep reads only open applications, oldest deadline first
      await sql`create index application_decision_due on application (decision_due) where status in ('complete', 'in-review', 'fee-assessed')`.execute(
        db,
      );
      await sql`create unique index application_payment_reference on application (tenant_id, payment_reference) where payment_reference is not null`.execute(
        db,
      );
      await enableTenantRls(db, 'application');

      await sql`
        create table application_timeline (
          id bigserial primary key,
          tenant_id text not null,
          application_id uuid not null references application (id),
          at timestamptz not null default now(),
          actor text not null,
          actor_role text not null,
          action text not null,
          from_status text,
          to_status text not null,
          note text,
          details jsonb
        )`.execute(db);
      await sql`create index application_timeline_application on application_timeline (application_id, at)`.execute(db);
      await enableTenantRls(db, 'application_timeline');

      await sql`
        create table application_document (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          application_id uuid not null references application (id),
          requirement text not null,
          version integer not null,
          file_name text not null,
          media_type text not null,
          size_bytes integer not null,
          sha256 text not null,
          content bytea not null,
          uploaded_by text not null,
          uploaded_at timestamptz not null default now(),
          unique (application_id, requirement, version)
        )`.execute(db);
      await enableTenantRls(db, 'application_document');

      await sql`
        create table permit (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          number text not null,
          application_id uuid not null unique references application (id),
          permit_type text not null,
          holder_name text not null,
          legal_basis text not null check (legal_basis in ('decision', 'fiktif-positif')),
          issued_at timestamptz not null,
          valid_until timestamptz,
          document jsonb not null,
          signature_kid text not null,
          signature_alg text not null,
          signature text not null,
          revoked_at timestamptz,
          revoke_reason text,
          revoked_by text,
          unique (tenant_id, number)
        )`.execute(db);
      await enableTenantRls(db, 'permit');

      // one counter row per region, type and year: updated under its row lock in the issuing
      // transaction, so concurrent issuance yields 1..N and a rollback gives its number back
      await sql`
        create table permit_sequence (
          tenant_id text not null,
          permit_type text not null,
          year integer not null,
          last integer not null,
          primary key (tenant_id, permit_type, year)
        )`.execute(db);
      await enableTenantRls(db, 'permit_sequence');
    },
  },
  '002_sweep_by_tenant_and_grant_failures': {
    async up(db) {
      // the sweep runs per region: lead with the tenant so one region's scan never walks another's rows
      await sql`create index application_decision_due_by_tenant on application (tenant_id, decision_due) where status in ('complete', 'in-review', 'fee-assessed')`.execute(
        db,
      );
      await sql`drop index application_decision_due`.execute(db);
      // a deemed grant that fails (a broken permit type, a number already taken) is recorded and
      // retried later with back-off, so one bad row never blocks the region's other grants
      await sql`alter table application add column grant_failures integer not null default 0`.execute(db);
      await sql`alter table application add column grant_retry_at timestamptz`.execute(db);
      await sql`alter table application add column grant_last_error text`.execute(db);
    },
  },
  '003_completeness_deadline_and_revocation_category': {
    async up(db) {
      // the registration check has its own deadline: a file neither returned nor found complete by
      // then is deemed complete by the sweep, so an office cannot keep the service-standard clock off
      await sql`alter table permit_type add column completeness_days integer not null default 2 check (completeness_days between 1 and 30)`.execute(
        db,
      );
      await sql`alter table application add column completeness_due timestamptz`.execute(db);
      // files already waiting get two weeks from the migration: at least 2 working days even across
      // Lebaran's leave (the regions' calendars are not at hand here). Row-level security is forced
      // on these tables and a migration has no tenant: lift the force for the owner's backfill only.
      await sql`alter table application no force row level security`.execute(db);
      await sql`update application set completeness_due = now() + interval '14 days' where status = 'submitted'`.execute(
        db,
      );
      await sql`alter table application force row level security`.execute(db);
      await sql`create index application_completeness_due_by_tenant on application (tenant_id, completeness_due) where status = 'submitted'`.execute(
        db,
      );
      // public verification shows a revocation's category; the free-text reason stays with staff
      await sql`alter table permit add column revoke_category text check (revoke_category in ('requested-by-holder', 'false-information', 'conditions-violated', 'court-order', 'other'))`.execute(
        db,
      );
      await sql`alter table permit no force row level security`.execute(db);
      await sql`update permit set revoke_category = 'other' where revoked_at is not null`.execute(db);
      await sql`alter table permit force row level security`.execute(db);
    },
  },
  '004_rating_invitations': {
    async up(db) {
      // official-rating's invitation for a decided application: one per application (the one that
      // expires last wins). `url` carries a single-use bearer token: only the applicant's own view
      // reads this table; staff views, verification, permit documents, events and logs never do.
      await sql`
        create table rating_invitation (
          application_id uuid primary key references application (id),
          tenant_id text not null,
          invitation_id uuid not null,
          url text not null,
          expires_at timestamptz not null,
          received_at timestamptz not null default now()
        )`.execute(db);
      await enableTenantRls(db, 'rating_invitation');
    },
  },
  '005_fee_kinds_lapse_objection_business': {
    async up(db) {
      // issue 16: each type states its fee kind, may require payment before issue, gives returned
      // files a completion window, the office a deadline for objections, and may be a business permit
      await sql`alter table permit_type add column fee_kind text not null default 'retribusi' check (fee_kind in ('retribusi', 'pajak', 'none'))`.execute(
        db,
      );
      await sql`alter table permit_type add column fee_name text`.execute(db);
      await sql`alter table permit_type add column pay_before_issue boolean not null default false`.execute(db);
      await sql`alter table permit_type add column return_days integer not null default 14 check (return_days between 1 and 90)`.execute(
        db,
      );
      await sql`alter table permit_type add column return_reminder_days integer not null default 3 check (return_reminder_days between 0 and 30)`.execute(
        db,
      );
      await sql`alter table permit_type add column objection_decision_days integer not null default 10 check (objection_decision_days between 1 and 60)`.execute(
        db,
      );
      await sql`alter table permit_type add column business jsonb`.execute(db);
      await sql`alter table permit_type no force row level security`.execute(db);
      await sql`update permit_type set fee_kind = 'none' where fee_rule->>'kind' = 'free'`.execute(db);
      await sql`alter table permit_type force row level security`.execute(db);
      await sql`alter table application add column return_due timestamptz`.execute(db);
      await sql`alter table application add column return_remind_at timestamptz`.execute(db);
      await sql`alter table application add column objected_at timestamptz`.execute(db);
      await sql`alter table application add column objection_reasons jsonb`.execute(db);
      await sql`alter table application add column objection_due timestamptz`.execute(db);
      await sql`alter table application add column objection_outcome text check (objection_outcome in ('upheld', 'granted'))`.execute(
        db,
      );
      // files returned before this migration get the default window from now (no regional calendar here)
      await sql`alter table application no force row level security`.execute(db);
      await sql`update application set return_due = now() + interval '21 days' where status = 'returned'`.execute(db);
      await sql`alter table application force row level security`.execute(db);
      // the sweeps: returned files by lapse and reminder, objections by the office's deadline
      await sql`create index application_return_due_by_tenant on application (tenant_id, return_due) where status = 'returned'`.execute(
        db,
      );
      await sql`create index application_return_remind_by_tenant on application (tenant_id, return_remind_at) where status = 'returned' and return_remind_at is not null`.execute(
        db,
      );
      await sql`create index application_objection_due_by_tenant on application (tenant_id, objection_due) where status = 'objected'`.execute(
        db,
      );
    },
  },
  '006_personal_data': {
    async up(db) {
      // UU 27/2022: when an applicant's contacts were erased (retention or request), and the audit of
      // staff handling a data subject's request (no personal data in it)
      await sql`alter table application add column contact_erased_at timestamptz`.execute(db);
      await createDataSubjectRequestTable(db);
    },
  },
};
