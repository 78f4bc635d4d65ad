/**
 * How long social-intake keeps the personal data in posts (UU 27/2022 Art. 43-44). The kit runs the
 * rules for every region; each erases only rows it locks (`for update skip locked`) and marks them,
 * so replicas and second passes change nothing more.
 *
 * raw-payload (default 30 days after triage): the platform's whole webhook payload (profile fields,
 * phone numbers, chat ids) is needed only to re-check triage and to debug a platform; the fields the
 * service uses are copied out at intake. A post still waiting in the triage inbox keeps it. What
 * stays of it: a Telegram chat's type (`private`, `group`), not personal, which tells whether a reply
 * is private.
 *
 * post-author (default 180 days after the matter is finished): the author's name and platform id, the
 * conversation thread (where replies go), the unmasked text (the masked text stays), the platform's
 * answers to our replies (WhatsApp's names the recipient's number), what is left of the raw payload,
 * and the text copied into labels (replaced by the masked text); replies still waiting are marked
 * impossible (`erasePostAuthors`, shared with the citizen's request). Needed to answer on the same
 * channel until the report is finished, then to send the rating invitation. Finished means: set aside
 * (not a complaint) and decided, or the last reply about the report (the post's own or, for a
 * near-duplicate, the post it supports) told closed, forwarded or archived. The post row stays with its masked text, place, category and
 * triage outcome: statistics and the triage model's labelled data.
 */
import { sql } from 'kysely';
import type { RetentionRule } from '@sinergi/service-kit';
import type { SocialIntakeDB } from '../db/schema.js';
import { erasePostAuthors } from './repository.js';

const count = (r: { rows: { n: number }[] }) => r.rows[0]?.n ?? 0;

export const rawPayload: RetentionRule<SocialIntakeDB> = {
  kind: 'raw-payload',
  description:
    'the platform’s raw webhook payload of a post, counted from its triage decision; a post waiting in the triage inbox keeps it',
  defaultDays: 30,
  async erase(trx, before, limit) {
    const result = await sql<{ n: number }>`
      with erased as (
        update post set raw_erased_at = now(), raw = (
          select case when t is null then null else jsonb_build_object('message', jsonb_build_object('chat', jsonb_build_object('type', t))) end
          from coalesce(raw->'message'->'chat'->>'type', raw->'edited_message'->'chat'->>'type') as t)
        where id in (
          select id from post
          where raw_erased_at is null and status <> 'pending' and decided_at < ${before}
          order by id limit ${limit}
          for update skip locked)
        returning 1)
      select count(*)::int as n from erased`.execute(trx);
    return count(result);
  },
};

/** The report statuses after which a post's author needs no more answers. */
const FINISHED = sql.join(['closed', 'forwarded', 'archived'].map((s) => sql`${s}`));

export const postAuthor: RetentionRule<SocialIntakeDB> = {
  kind: 'post-author',
  description:
    'a post’s author (name, platform id), thread, unmasked text, the platform’s answers to our replies and the text in labels, counted from when the post was set aside or its report finished',
  defaultDays: 180,
  erase: (trx, before, limit) =>
    erasePostAuthors(
      trx,
      sql`select p.id from post p
          left join lateral (
            select m.report_status, m.created_at from outbound_message m
            where m.post_id = coalesce(p.attached_to, p.id) and m.kind <> 'support-link'
            order by m.created_at desc, m.id desc limit 1) last on true
          where p.author_erased_at is null
            and ((p.status = 'not-complaint' and p.decided_at < ${before})
                 or (p.status in ('complaint', 'attached') and last.report_status in (${FINISHED}) and last.created_at < ${before}))
          order by p.id limit ${limit}
          for update of p skip locked`,
    ),
};

export const retentionRules: readonly RetentionRule<SocialIntakeDB>[] = [rawPayload, postAuthor];
