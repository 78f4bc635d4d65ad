/**
 * What staff do with posts: read the triage inbox and a post, decide a post the model was unsure
 * about (kept as labelled data for the next model), and count posts over time. Each opens its own
 * tenant transaction; `unit` is the caller's unit scope (officers and unit heads), undefined for
 * region-wide readers.
 */
import { postComplaintDetected } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { PostStatus } from '../db/schema.js';
import { P } from '../problems.js';
import { handOverEvent } from './hand-over.js';
import {
  findPost,
  findPostForUpdate,
  insertLabel,
  listPostsByStatus,
  updatePost,
  volumeByDay,
  type PostRow,
  type VolumeRow,
} from './repository.js';

/** The label a "not a complaint" decision is stored with (the dataset's own). */
const NOT_COMPLAINT = 'bukan-aduan';
const DAY_MS = 86_400_000;

interface Scoped {
  tenant: string;
  unit: string | undefined;
}

const visible = (p: PostRow | undefined, unit: string | undefined): PostRow => {
  if (!p || (unit && p.unit !== unit)) throw P.post_not_found('There is no such post for you in this region.');
  return p;
};

export const listTriage = (ctx: Ctx, q: Scoped & { status: PostStatus; limit: number; offset: number }) =>
  ctx.db.withTenant(q.tenant, (trx) => listPostsByStatus(trx, q));

export const readPost = (ctx: Ctx, q: Scoped & { id: string }) =>
  ctx.db.withTenant(q.tenant, async (trx) => visible(await findPost(trx, q.id), q.unit));

export type StaffDecision = { complaint: true; category: string } | { complaint: false };

/**
 * A person's decision on a post: stored as a label, applied to the post, and, when it makes the post
 * a complaint for the first time, handed over to complaints in the same transaction. A post already
 * handed over cannot be taken back here.
 */
export function recordDecision(
  ctx: Ctx,
  input: Scoped & { id: string; decidedBy: string; decision: StaffDecision },
): Promise<PostRow> {
  const { tenant, decision } = input;
  return ctx.db.withTenant(tenant, async (trx) => {
    const p = visible(await findPostForUpdate(trx, input.id), input.unit);
    if (decision.complaint) {
      const profile = ctx.region(tenant);
      if (!profile.complaintCategories.some((c) => c.code === decision.category)) {
        throw P.unknown_category(`${decision.category} is not a complaint category of ${profile.name}.`, {
          errors: [{ in: 'body', field: 'category', message: 'is not a category of this region' }],
        });
      }
    }
    if (p.status === 'complaint' && !decision.complaint) {
      throw P.already_handed_over('This post is already a report in complaints; archive the report there instead.');
    }
    await insertLabel(trx, {
      tenant_id: tenant,
      post_id: p.id,
      text: p.masked_text,
      label: decision.complaint ? decision.category : NOT_COMPLAINT,
      labeled_by: input.decidedBy,
    });
    const updated = await updatePost(trx, p.id, {
      status: decision.complaint ? 'complaint' : 'not-complaint',
      is_complaint: decision.complaint,
      category: decision.complaint ? decision.category : p.category,
      decided_by: input.decidedBy,
      decided_at: new Date(),
      ...(decision.complaint ? { category_confidence: 1, complaint_confidence: 1 } : {}),
    });
    if (decision.complaint && p.status !== 'complaint') {
      await ctx.outbox.emit(trx, postComplaintDetected, handOverEvent(ctx.config.IDENTIFIER_HMAC_KEY, tenant, updated));
    }
    return updated;
  });
}

/** Posts per local day of the region, by account, unit or category; the last 30 days by default. */
export async function postVolume(
  ctx: Ctx,
  q: {
    tenant: string;
    by: 'account' | 'unit' | 'category';
    from?: string | undefined;
    to?: string | undefined;
    unit?: string | undefined;
  },
): Promise<{ from: string; to: string; rows: VolumeRow[] }> {
  const to = q.to ?? new Date().toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
  if (Date.parse(to) - Date.parse(from) > 366 * DAY_MS || from > to) {
    throw P.bad_period('The period must run forward and span at most 366 days.');
  }
  const timeZone = ctx.region(q.tenant).timeZone;
  const rows = await ctx.db.withTenant(q.tenant, (trx) =>
    volumeByDay(trx, { by: q.by, from, to, timeZone, unit: q.unit }),
  );
  return { from, to, rows };
}
