/**
 * Anchoring: the head (seq, hash) of every audit chain of a tenant is published outside the
 * database as a `budgeting.audit.anchored` event whenever it moved since the last one. Whoever keeps
 * those events (a subscriber of the stream, an auditor's archive) can later ask the verifier whether
 * the chain still holds that entry with that hash: a chain rewritten wholesale by someone with owner
 * access to the database verifies on its own, but not against an anchor taken before the rewrite.
 */
import { auditAnchored } from '@sinergi/contracts';
import { startTenantJob } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';

/** Chains whose head is not the one last anchored. */
const movedHeads = (trx: Trx) =>
  trx
    .selectFrom('audit_head as h')
    .leftJoin('audit_anchor as a', (j) => j.onRef('a.tenant_id', '=', 'h.tenant_id').onRef('a.year', '=', 'h.year'))
    .select(['h.year', 'h.seq', 'h.hash'])
    .where('h.seq', '>', 0)
    .where((eb) => eb.or([eb('a.seq', 'is', null), eb('a.seq', '<', eb.ref('h.seq'))]))
    .orderBy('h.year')
    .execute();

/**
 * Records the new anchor only when it is ahead of the stored one; a replica running the same pass
 * waits on the row and then finds nothing to do, so each head is announced once.
 */
const advanceAnchor = (trx: Trx, a: { tenant: string; year: number; seq: number; hash: string }) =>
  trx
    .insertInto('audit_anchor')
    .values({ tenant_id: a.tenant, year: a.year, seq: a.seq, hash: a.hash })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'year'])
        .doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq'), hash: eb.ref('excluded.hash'), anchored_at: new Date() }))
        .where('audit_anchor.seq', '<', (eb) => eb.ref('excluded.seq')),
    )
    .returning(['year', 'seq', 'hash', 'anchored_at'])
    .executeTakeFirst();

/** One pass over one tenant: every chain whose head moved gets a new anchor and its event, in one transaction. */
export async function anchorHeads(ctx: Ctx, tenant: string): Promise<{ anchored: number }> {
  return ctx.db.withTenant(tenant, async (trx) => {
    let anchored = 0;
    for (const head of await movedHeads(trx)) {
      const row = await advanceAnchor(trx, { tenant, ...head });
      if (!row) continue;
      await ctx.outbox.emit(trx, auditAnchored, {
        tenant,
        subject: String(row.year),
        data: { year: row.year, seq: row.seq, hash: row.hash, at: row.anchored_at.toISOString() },
      });
      anchored++;
    }
    return { anchored };
  });
}

export const startAnchorJob = (ctx: Ctx) =>
  startTenantJob(ctx, {
    name: 'audit anchoring',
    intervalMs: ctx.config.AUDIT_ANCHOR_MS,
    run: (tenant) => anchorHeads(ctx, tenant),
  });

/** The chain's head as the database holds it now, and the last one published. */
export async function chainHead(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const head = await trx
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('year', '=', input.year)
      .executeTakeFirst();
    const anchor = await trx
      .selectFrom('audit_anchor')
      .select(['seq', 'hash', 'anchored_at'])
      .where('year', '=', input.year)
      .executeTakeFirst();
    return {
      seq: head?.seq ?? 0,
      hash: head?.hash ?? null,
      anchored: anchor ? { seq: anchor.seq, hash: anchor.hash, at: anchor.anchored_at.toISOString() } : null,
    };
  });
}
