/**
 * A citizen's request about the personal data in their posts (UU 27/2022 Art. 6-8: access and
 * erasure), handled by an admin after checking who the citizen is. Correction does not apply: the
 * author's name and id are what the platform sent, not something the citizen gave us. Each action is
 * one tenant transaction with its audit row: who, when, why, which posts; never the person's data.
 */
import { auditedSubjectRequest, listDataSubjectRequests, type SubjectInput } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { P } from '../problems.js';
import { authorMatch, type Identifier } from './identifier.js';
import { erasePostAuthors, findSubjectPosts, postsDue, repliesTo } from './repository.js';

type Input = SubjectInput<Identifier>;
type Posts = Awaited<ReturnType<typeof findSubjectPosts>>;

function handle<T>(
  ctx: Ctx,
  input: Input,
  action: 'search' | 'export' | 'erase',
  act: (trx: Trx, posts: Posts) => Promise<T>,
) {
  const match = authorMatch(input.identifier);
  return ctx.db.withTenant(input.tenant, (trx) =>
    auditedSubjectRequest(
      trx,
      input,
      {
        action,
        kindOf: (identifier) => (identifier.kind === 'handle' ? `handle:${identifier.channel}` : 'phone'),
        find: () => findSubjectPosts(trx, match),
        recordId: (p) => p.id,
        notFound: () => P.data_subject_not_found('No post in this region carries the identifier given.'),
      },
      async (posts) => ({ result: await act(trx, posts), fields: action === 'erase' ? ERASED_FIELDS : [] }),
    ),
  );
}

const ERASED_FIELDS = ['author_name', 'author_platform_id', 'thread', 'text', 'raw', 'label.text', 'reply_answers'];

const summary = (p: Posts[number]) => ({
  postId: p.id,
  channel: p.channel,
  kind: p.kind,
  status: p.status,
  receivedAt: p.received_at.toISOString(),
  reportTrackingId: p.report_tracking_id,
});

export const searchSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'search', async (_trx, posts) => ({ posts: posts.map(summary) }));

export const exportSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'export', async (trx, posts) => {
    const replies = await repliesTo(
      trx,
      posts.map((p) => p.id),
    );
    return {
      exportedAt: new Date().toISOString(),
      posts: posts.map((p) => ({
        ...summary(p),
        account: p.account,
        author: { platformId: p.author_platform_id, name: p.author_name },
        text: p.text,
        place: { address: p.address, districtCode: p.district_code, villageCode: p.village_code },
        category: p.category,
        raw: p.raw,
        replies: replies
          .filter((r) => r.post_id === p.id)
          .map((r) => ({
            kind: r.kind,
            trackingId: r.tracking_id,
            status: r.status,
            text: r.text,
            createdAt: r.created_at.toISOString(),
            sentAt: r.sent_at?.toISOString() ?? null,
          })),
      })),
    };
  });

export const KEPT_ON_ERASURE =
  'The posts stay with their masked text, place, category and triage outcome (statistics and the triage model’s labelled data); no reply can reach their author any more.';

export const eraseSubject = (ctx: Ctx, input: Input) =>
  handle(ctx, input, 'erase', async (trx, posts) => {
    await erasePostAuthors(trx, postsDue(posts.map((p) => p.id)));
    return { erased: posts.map((p) => p.id), kept: KEPT_ON_ERASURE };
  });

export const dataSubjectAudit = (ctx: Ctx, tenant: string, limit: number) =>
  ctx.db.withTenant(tenant, (trx) => listDataSubjectRequests(trx, limit));
