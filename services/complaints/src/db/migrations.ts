import { sql, type Migration } from 'kysely';
import { createDataSubjectRequestTable, enableTenantRls } from '@sinergi/service-kit';

export const migrations: Record<string, Migration> = {
  '001_reports': {
    async up(db) {
      await sql`
        create table report (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          tracking_id text not null,
          secret_hash text not null,
          open311_token text,
          type text not null check (type in ('pengaduan', 'aspirasi', 'permintaan-informasi')),
          category text not null,
          title text not null,
          description text not null,
          lat double precision check (lat between -90 and 90),
          lon double precision check (lon between -180 and 180),
          address text,
          district_code text,
          village_code text,
          attachments jsonb not null default '[]',
          channel text not null check (channel in ('web', 'sms', 'social', 'open311', 'walk-in')),
          reporter_name text,
          reporter_phone text,
          reporter_email text,
          reporter_nik_masked text,
          reporter_nik_hash text,
          anonim boolean not null,
          rahasia boolean not null,
          source_system text,
          source_id text,
          source_url text,
          status text not null,
          close_reason text,
          archive_reason text,
          forwarded_to text,
          unit text,
          supporting_id uuid references report (id),
          submitted_at timestamptz not null default now(),
          disposition_due timestamptz not null,
          disposed_at timestamptz,
          followup_due timestamptz,
          first_response_at timestamptz,
          followed_up_at timestamptz,
          autoclose_due timestamptz,
          resolution text,
          resolution_photos jsonb,
          closed_at timestamptz,
          updated_at timestamptz not null default now(),
          unique (tenant_id, tracking_id),
          unique (tenant_id, source_system, source_id),
          check ((lat is null) = (lon is null))
        )`.execute(db);
      await sql`create index report_queue on report (tenant_id, status, submitted_at)`.execute(db);
      await sql`create index report_unit on report (tenant_id, unit, status)`.execute(db);
      await sql`create index report_nearby on report (tenant_id, category, lat, lon) where lat is not null and supporting_id is null`.execute(
        db,
      );
      await sql`create index report_supporting on report (supporting_id) where supporting_id is not null`.execute(db);
      await sql`create unique index report_open311_token on report (tenant_id, open311_token) where open311_token is not null`.execute(
        db,
      );
      await enableTenantRls(db, 'report');

      await sql`
        create table report_timeline (
          id bigserial primary key,
          tenant_id text not null,
          report_id uuid not null references report (id),
          at timestamptz not null default now(),
          actor text not null,
          actor_role text not null,
          action text not null,
          from_status text,
          to_status text not null,
          unit text,
          note text
        )`.execute(db);
      await sql`create index report_timeline_report on report_timeline (report_id, at)`.execute(db);
      await enableTenantRls(db, 'report_timeline');

      // one row per report and deadline: the job emits a breach only when it inserts the row
      await sql`
        create table deadline_breach (
          tenant_id text not null,
          report_id uuid not null references report (id),
          kind text not null check (kind in ('disposition', 'follow-up')),
          due_at timestamptz not null,
          detected_at timestamptz not null default now(),
          primary key (report_id, kind, due_at)
        )`.execute(db);
      await enableTenantRls(db, 'deadline_breach');

      await sql`
        create table open311_key (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          name text not null,
          key_hash text not null unique,
          key_prefix text not null,
          created_by text not null,
          created_at timestamptz not null default now(),
          revoked_at timestamptz
        )`.execute(db);
      await enableTenantRls(db, 'open311_key');
    },
  },
  '002_rating_invitations': {
    async up(db) {
      // official-rating's invitation for a closed report: one per report (the latest-expiring one wins).
      // `url` carries a single-use bearer token: only the reporter's own view reads this table.
      await sql`
        create table rating_invitation (
          report_id uuid primary key references report (id),
          tenant_id text not null,
          invitation_id uuid not null,
          url text not null,
          expires_at timestamptz not null,
          received_at timestamptz not null default now()
        )`.execute(db);
      await enableTenantRls(db, 'rating_invitation');
    },
  },
  '003_issue_16_rules': {
    async up(db) {
      // received_at: when the channel received the complaint (the deadlines count from it);
      // information_due: an information request's UU 14/2008 deadline, extended at most once;
      // deferred_due: how long a deferred report waits for its reporter; handed_over_to: bukan wewenang's destination
      await sql`
        alter table report
          add column received_at timestamptz,
          add column information_due timestamptz,
          add column information_extended_at timestamptz,
          add column deferred_due timestamptz,
          add column handed_over_to jsonb`.execute(db);
      await sql`update report set received_at = submitted_at`.execute(db);
      await sql`alter table report alter column received_at set not null, alter column received_at set default now()`.execute(
        db,
      );
      await sql`alter table deadline_breach drop constraint deadline_breach_kind_check`.execute(db);
      await sql`alter table deadline_breach add constraint deadline_breach_kind_check check (kind in ('disposition', 'follow-up', 'deferral'))`.execute(
        db,
      );
      // one row per report, deadline and level: the job emits an escalation only when it inserts the row
      await sql`
        create table escalation (
          tenant_id text not null,
          report_id uuid not null references report (id),
          kind text not null check (kind in ('disposition', 'follow-up', 'deferral')),
          due_at timestamptz not null,
          level smallint not null check (level in (1, 2)),
          office text not null check (office in ('unit-head', 'verifier', 'oversight')),
          to_unit text,
          unit text,
          escalated_at timestamptz not null,
          next_level_due timestamptz,
          primary key (report_id, kind, due_at, level)
        )`.execute(db);
      await sql`create index escalation_open on escalation (tenant_id, level, next_level_due)`.execute(db);
      await enableTenantRls(db, 'escalation');
    },
  },
  '004_personal_data': {
    async up(db) {
      // UU 27/2022: when the reporter's personal columns were erased (retention or the reporter's own
      // request), and the audit of staff handling a data subject's request (no personal data in it)
      await sql`alter table report add column reporter_erased_at timestamptz`.execute(db);
      await createDataSubjectRequestTable(db);
    },
  },
  '005_report_photos': {
    async up(db) {
      // a photo the reporter attached from the web form: JPEG or PNG checked by content, EXIF/GPS and
      // text metadata stripped before it is stored; shown to the public only when the report is not rahasia
      await sql`
        create table report_photo (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          report_id uuid not null references report (id),
          media_type text not null check (media_type in ('image/jpeg', 'image/png')),
          size_bytes integer not null check (size_bytes > 0),
          sha256 text not null,
          content bytea not null,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index report_photo_report on report_photo (tenant_id, report_id)`.execute(db);
      await enableTenantRls(db, 'report_photo');
    },
  },
};
