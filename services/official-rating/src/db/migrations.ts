import { sql, type Migration } from 'kysely';
import { enableTenantRls } from '@sinergi/service-kit';

const answers = sql.raw(
  Array.from({ length: 9 }, (_, i) => `a${i + 1} smallint not null check (a${i + 1} between 1 and 4)`).join(',\n'),
);
const answerColumns = sql.raw(Array.from({ length: 9 }, (_, i) => `a${i + 1}`).join(', '));

export const migrations: Record<string, Migration> = {
  '001_ratings': {
    async up(db) {
      // One invitation per real transaction; the token itself is never stored, only its hash.
      await sql`
        create table invitation (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          token_hash text not null unique,
          system text not null check (system in ('complaints', 'licensing', 'counter')),
          transaction_id text not null,
          unit text not null,
          service_type text not null,
          official text,
          source_system text,
          source_id text,
          source_url text,
          created_by text not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null,
          used_at timestamptz,
          unique (tenant_id, system, transaction_id)
        )`.execute(db);
      await sql`create index invitation_unit_created on invitation (tenant_id, unit, created_at)`.execute(db);
      // system access: a token from another region is told apart from an unknown one
      await enableTenantRls(db, 'invitation', { systemAccess: true });

      await sql`
        create table rating (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          invitation_id uuid not null unique references invitation (id),
          unit text not null,
          service_type text not null,
          official text,
          ${answers},
          stars smallint check (stars between 1 and 5),
          star_reason text,
          submitted_at timestamptz not null default now(),
          check ((stars is null) = (star_reason is null))
        )`.execute(db);
      // the IKM of a unit and period reads only this index
      await sql`create index rating_unit_period on rating (tenant_id, unit, submitted_at) include (service_type, ${answerColumns})`.execute(
        db,
      );
      await sql`create index rating_official_period on rating (tenant_id, official, submitted_at) include (stars) where official is not null`.execute(
        db,
      );
      await enableTenantRls(db, 'rating');

      await sql`
        create table rating_dimension (
          rating_id uuid not null references rating (id),
          tenant_id text not null,
          official text not null,
          dimension text not null,
          stars smallint not null check (stars between 1 and 5),
          submitted_at timestamptz not null,
          primary key (rating_id, dimension)
        )`.execute(db);
      await sql`create index rating_dimension_official on rating_dimension (tenant_id, official, submitted_at) include (dimension, stars)`.execute(
        db,
      );
      await enableTenantRls(db, 'rating_dimension');

      await sql`
        create table comment (
          rating_id uuid primary key references rating (id),
          tenant_id text not null,
          unit text not null,
          official text,
          service_type text not null,
          text text not null,
          public_text text not null,
          negative boolean not null,
          submitted_at timestamptz not null,
          publish_at timestamptz not null,
          reply_text text,
          replied_at timestamptz,
          replied_by text,
          hidden_at timestamptz,
          hidden_reason text,
          hidden_by text,
          check ((reply_text is null) = (replied_at is null)),
          check ((hidden_at is null) = (hidden_reason is null))
        )`.execute(db);
      await sql`create index comment_unit on comment (tenant_id, unit, submitted_at desc)`.execute(db);
      await sql`create index comment_published on comment (tenant_id, publish_at desc) where hidden_at is null`.execute(
        db,
      );
      await enableTenantRls(db, 'comment');

      // hiding is audited, never a delete
      await sql`
        create table moderation_log (
          id bigserial primary key,
          tenant_id text not null,
          comment_id uuid not null references comment (rating_id),
          action text not null check (action in ('hide', 'unhide')),
          reason text not null,
          actor text not null,
          at timestamptz not null default now()
        )`.execute(db);
      await sql`create index moderation_log_comment on moderation_log (comment_id, at)`.execute(db);
      await enableTenantRls(db, 'moderation_log');

      await sql`
        create table report_card_config (
          tenant_id text primary key,
          config jsonb not null,
          updated_at timestamptz not null default now(),
          updated_by text not null
        )`.execute(db);
      await enableTenantRls(db, 'report_card_config');

      // the number of service users a unit declares for a period (walk-ins without tokens included)
      await sql`
        create table service_users (
          tenant_id text not null,
          unit text not null,
          period text not null,
          count integer not null check (count >= 0),
          declared_by text not null,
          declared_at timestamptz not null default now(),
          primary key (tenant_id, unit, period)
        )`.execute(db);
      await enableTenantRls(db, 'service_users');

      // units and periods whose index changed since it was last announced
      await sql`
        create table index_refresh (
          tenant_id text not null,
          unit text not null,
          period text not null,
          marked_at timestamptz not null default now(),
          primary key (tenant_id, unit, period)
        )`.execute(db);
      await enableTenantRls(db, 'index_refresh');

      await sql`
        create table unit_index (
          tenant_id text not null,
          unit text not null,
          period text not null,
          ikm numeric(5, 2),
          band text,
          respondents integer not null,
          service_users integer not null,
          minimum_sample integer not null,
          below_minimum_sample boolean not null,
          computed_at timestamptz not null,
          primary key (tenant_id, unit, period)
        )`.execute(db);
      await enableTenantRls(db, 'unit_index');
    },
  },
  '002_transaction_kind_and_indexes': {
    async up(db) {
      // which kind of transaction each answer came from, so a unit's counter share is visible
      await sql`alter table rating add column system text`.execute(db);
      await sql`update rating r set system = i.system from invitation i where i.id = r.invitation_id`.execute(db);
      await sql`alter table rating alter column system set not null`.execute(db);
      await sql`alter table rating add constraint rating_system check (system in ('complaints', 'licensing', 'counter'))`.execute(
        db,
      );
      await sql`create index comment_official on comment (tenant_id, official, submitted_at desc) where official is not null`.execute(
        db,
      );
      // the announced elements, so a change in them alone is announced too
      await sql`alter table unit_index add column elements text`.execute(db);
    },
  },
  '003_profile_paper_follow_up_config_versions': {
    async up(db) {
      // the SKM respondent profile (PermenPANRB 14/2017), each part optional for the respondent
      await sql`alter table rating add column sex text check (sex in ('L', 'P'))`.execute(db);
      await sql`alter table rating add column age_band text check (age_band in ('sampai-19', '20-29', '30-39', '40-49', '50-59', '60-ke-atas'))`.execute(
        db,
      );
      await sql`alter table rating add column education text check (education in ('sd', 'smp', 'sma', 'diploma', 's1', 's2-ke-atas'))`.execute(
        db,
      );
      await sql`alter table rating add column occupation text check (occupation in ('pns', 'tni', 'polri', 'swasta', 'wirausaha', 'lainnya'))`.execute(
        db,
      );

      // paper questionnaires entered by an officer in batches: audited, tied to a unit, month, service type and archive
      await sql`
        create table paper_batch (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          unit text not null,
          service_type text not null,
          period text not null,
          archive_reference text not null,
          forms integer not null check (forms > 0),
          entered_by text not null,
          entered_at timestamptz not null default now(),
          unique (tenant_id, unit, archive_reference)
        )`.execute(db);
      await sql`create index paper_batch_unit on paper_batch (tenant_id, unit, entered_at desc)`.execute(db);
      await enableTenantRls(db, 'paper_batch');
      await sql`alter table rating alter column invitation_id drop not null`.execute(db);
      await sql`alter table rating add column paper_batch_id uuid references paper_batch (id)`.execute(db);
      await sql`alter table rating add constraint rating_one_source check ((invitation_id is null) <> (paper_batch_id is null))`.execute(
        db,
      );
      await sql`alter table rating drop constraint rating_system`.execute(db);
      await sql`alter table rating add constraint rating_system check (system in ('complaints', 'licensing', 'counter', 'paper'))`.execute(
        db,
      );
      await sql`alter table rating add constraint rating_paper_kind check ((system = 'paper') = (paper_batch_id is not null))`.execute(
        db,
      );

      // the follow-up plan (rencana tindak lanjut) per unit and period: every version kept, the latest published
      await sql`
        create table follow_up_plan (
          id bigserial primary key,
          tenant_id text not null,
          unit text not null,
          period text not null,
          items jsonb not null,
          set_by text not null,
          set_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index follow_up_plan_unit on follow_up_plan (tenant_id, unit, period, id desc)`.execute(db);
      await enableTenantRls(db, 'follow_up_plan');

      // report-card settings by effective date: never overwritten, so every version and who set it stays
      await sql`
        create table report_card_config_version (
          id bigserial primary key,
          tenant_id text not null,
          effective_from date not null,
          config jsonb not null,
          basis text not null,
          set_by text not null,
          set_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index report_card_config_version_effective on report_card_config_version (tenant_id, effective_from desc, id desc)`.execute(
        db,
      );
      await enableTenantRls(db, 'report_card_config_version');
      // a region's row in report_card_config (set before versions were kept) stays in force until its first version
    },
  },
  '004_paper_rating_index': {
    async up(db) {
      // the sample's population counts a unit's paper forms per period: a small partial index, not a scan of every rating
      await sql`create index rating_paper_unit_period on rating (tenant_id, unit, submitted_at) include (service_type) where system = 'paper'`.execute(
        db,
      );
    },
  },
  '005_service_type_names': {
    async up(db) {
      // a service type's name as the service that owns it publishes it (licensing's permit types), so
      // pages name the service a citizen rates instead of showing its code
      await sql`
        create table service_type_name (
          tenant_id text not null,
          service_type text not null,
          name text not null,
          named_at timestamptz not null,
          primary key (tenant_id, service_type)
        )`.execute(db);
      await enableTenantRls(db, 'service_type_name');
    },
  },
};
