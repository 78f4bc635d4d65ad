import { sql, type Migration } from 'kysely';
import { createDataSubjectRequestTable, enableTenantRls } from '@sinergi/service-kit';

export const migrations: Record<string, Migration> = {
  '001_posts': {
    async up(db) {
      await sql`
        create table post (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          channel text not null,
          kind text not null,
          account text not null,
          external_id text not null,
          unit text,
          thread jsonb not null,
          author_platform_id text not null,
          author_name text,
          text text not null,
          masked_text text not null,
          lat double precision,
          lon double precision,
          address text,
          district_code text,
          village_code text,
          received_at timestamptz not null,
          raw jsonb not null,
          status text not null check (status in ('pending', 'complaint', 'not-complaint', 'attached')),
          is_complaint boolean,
          complaint_confidence double precision,
          category text,
          category_confidence double precision,
          signals jsonb not null default '[]',
          minhash text not null,
          attached_to uuid references post (id),
          report_tracking_id text,
          decided_by text not null,
          decided_at timestamptz,
          created_at timestamptz not null default now(),
          unique (tenant_id, channel, external_id)
        )`.execute(db);
      await sql`create index post_status on post (tenant_id, status, received_at)`.execute(db);
      await sql`create index post_recent_complaints on post (tenant_id, category, received_at) where status = 'complaint'`.execute(
        db,
      );
      await sql`create index post_author on post (tenant_id, channel, account, author_platform_id, received_at)`.execute(
        db,
      );
      await enableTenantRls(db, 'post');

      // staff corrections: new labelled data for the next model
      await sql`
        create table label (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          post_id uuid not null references post (id),
          text text not null,
          label text not null,
          labeled_by text not null,
          labeled_at timestamptz not null default now()
        )`.execute(db);
      await enableTenantRls(db, 'label');
    },
  },
  '002_outbound': {
    async up(db) {
      // every reply sent (or not sendable) on the post's channel, with the platform's answer
      await sql`
        create table outbound_message (
          id uuid primary key default gen_random_uuid(),
          tenant_id text not null,
          post_id uuid not null references post (id),
          tracking_id text not null,
          kind text not null check (kind in ('received', 'followed-up', 'closed', 'needs-information')),
          report_status text not null,
          method text,
          status text not null check (status in ('pending', 'sent', 'failed', 'impossible')),
          attempts int not null default 0,
          next_attempt_at timestamptz not null default now(),
          last_status_code int,
          response_body text,
          external_message_id text,
          error text,
          text text not null,
          created_at timestamptz not null default now(),
          sent_at timestamptz,
          unique (post_id, kind, tracking_id)
        )`.execute(db);
      await sql`create index outbound_due on outbound_message (tenant_id, next_attempt_at) where status = 'pending'`.execute(
        db,
      );
      await sql`create index outbound_recent on outbound_message (tenant_id, created_at desc)`.execute(db);
      await enableTenantRls(db, 'outbound_message');
    },
  },
  '003_report_confidential': {
    async up(db) {
      // set from complaints' privacy-changed events: a rahasia report gets no public reply
      await sql`alter table post add column report_confidential boolean not null default false`.execute(db);
    },
  },
  '004_rating_invitations': {
    async up(db) {
      // official-rating's invitations go out as their own kind, one per post and report like the others
      await sql`alter table outbound_message drop constraint outbound_message_kind_check`.execute(db);
      await sql`
        alter table outbound_message add constraint outbound_message_kind_check
          check (kind in ('received', 'followed-up', 'closed', 'needs-information', 'rating-invitation'))`.execute(db);
      // the link (a bearer token) is kept apart from the logged text, and only until the message is sent or failed
      await sql`alter table outbound_message add column rating_url text`.execute(db);
      await sql`alter table outbound_message add column invitation_id uuid`.execute(db);
    },
  },
  '005_external_ref': {
    async up(db) {
      // the keyed hash of (channel, external id) that events carry instead of the platform id; rows
      // from before it stay findable by their external id
      await sql`alter table post add column external_ref text`.execute(db);
      await sql`create index post_external_ref on post (tenant_id, channel, external_ref)`.execute(db);
    },
  },
  '006_support_and_lookup': {
    async up(db) {
      // a near-duplicate's author gets the tracking link of the report it supports, as its own kind
      await sql`alter table outbound_message drop constraint outbound_message_kind_check`.execute(db);
      await sql`
        alter table outbound_message add constraint outbound_message_kind_check
          check (kind in ('received', 'followed-up', 'closed', 'needs-information', 'rating-invitation', 'support-link'))`.execute(
        db,
      );
      await sql`create index post_attached_to on post (attached_to) where attached_to is not null`.execute(db);
      // the integrator (token subject) whose generic delivery stored the post: it may look the post up later
      await sql`alter table post add column delivered_by text`.execute(db);
    },
  },
  '007_personal_data': {
    async up(db) {
      // UU 27/2022: a post's raw payload and its author are erased after their retention periods;
      // the audit of staff handling a data subject's request keeps no personal data
      await sql`alter table post alter column raw drop not null`.execute(db);
      await sql`alter table post add column raw_erased_at timestamptz, add column author_erased_at timestamptz`.execute(
        db,
      );
      await createDataSubjectRequestTable(db);
    },
  },
};
