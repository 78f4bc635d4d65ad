/**
 * Comments: published when their hold ends (negative ones wait for the unit's reply), answered
 * publicly once by the unit, hidden by an admin with a reason that stays on record.
 */
import { maskPersonalData } from '@sinergi/contracts';
import { assertUnitAccess, unitScopeOf, type Principal } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { P } from '../problems.js';
import {
  findComment,
  logModeration,
  moderationEntries,
  publishedComments,
  setHidden,
  setReply,
  unitComments,
  type CommentFilter,
  type CommentRow,
  type CommentState,
} from './repository.js';
import { publicComment, staffComment } from './views.js';

async function load(trx: Trx, id: string): Promise<CommentRow> {
  const c = await findComment(trx, id);
  if (!c) throw P.comment_not_found(`No comment ${id} in this region.`);
  return c;
}

export async function listPublishedComments(ctx: Ctx, tenant: string, filter: CommentFilter) {
  const profile = ctx.region(tenant);
  const rows = await ctx.db.withTenant(tenant, (trx) => publishedComments(trx, filter, new Date()));
  return rows.map((c) => publicComment(profile, c));
}

/** Officers and unit heads see their own unit's comments, whatever unit they ask for. */
export async function listUnitComments(
  ctx: Ctx,
  q: { tenant: string; principal: Principal; filter: CommentFilter & { state?: CommentState | undefined } },
) {
  const scope = unitScopeOf(q.principal);
  if (scope && q.filter.unit && q.filter.unit !== scope) assertUnitAccess(q.principal, q.filter.unit);
  const profile = ctx.region(q.tenant);
  const now = new Date();
  const rows = await ctx.db.withTenant(q.tenant, (trx) =>
    unitComments(trx, { ...q.filter, unit: scope ?? q.filter.unit }, now),
  );
  return rows.map((c) => staffComment(profile, c, now));
}

/** The unit answers once, publicly; the answer also publishes a held comment at once. */
export async function replyToComment(ctx: Ctx, r: { tenant: string; principal: Principal; id: string; text: string }) {
  const now = new Date();
  const row = await ctx.db.withTenant(r.tenant, async (trx) => {
    const c = await load(trx, r.id);
    assertUnitAccess(r.principal, c.unit);
    if (!(await setReply(trx, { id: r.id, text: maskPersonalData(r.text), by: r.principal.sub, at: now }))) {
      throw P.reply_exists('The unit already replied to this comment; a reply cannot be changed.');
    }
    return load(trx, r.id);
  });
  return staffComment(ctx.region(r.tenant), row, now);
}

export async function moderateComment(
  ctx: Ctx,
  m: { tenant: string; principal: Principal; id: string; action: 'hide' | 'unhide'; reason: string },
) {
  const now = new Date();
  const row = await ctx.db.withTenant(m.tenant, async (trx) => {
    await load(trx, m.id);
    const change = { id: m.id, action: m.action, reason: m.reason, by: m.principal.sub, at: now };
    if (!(await setHidden(trx, change))) {
      throw m.action === 'hide'
        ? P.already_hidden('The comment is already hidden.')
        : P.not_hidden('The comment is not hidden.');
    }
    await logModeration(trx, { tenant: m.tenant, ...change });
    return load(trx, m.id);
  });
  return staffComment(ctx.region(m.tenant), row, now);
}

export async function moderationLog(ctx: Ctx, tenant: string, id: string) {
  return ctx.db.withTenant(tenant, async (trx) => {
    await load(trx, id);
    return moderationEntries(trx, id);
  });
}
