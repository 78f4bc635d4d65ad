import type { Ctx } from '../context.js';
import { readChain } from './repository.js';
import { checkAnchor, verifyChain, type Anchor, type ChainVerdict } from './chain.js';

type Broken = { intact: false; entries: number; brokenAt: number };
export type AuditVerdict =
  | (ChainVerdict & { anchor?: 'holds' })
  | (Broken & { reason: 'truncated' })
  | (Broken & { reason: 'anchor_missing' | 'anchor_mismatch'; anchor: 'missing' | 'mismatch' });

/**
 * Recomputes the year's chain and compares its end with the head row, so removing the newest
 * entries is caught as well as changing any of them; with an anchor kept outside the database,
 * also that the chain still holds the anchored entry unchanged.
 */
export async function verifyAuditChain(
  ctx: Ctx,
  input: { tenant: string; year: number; anchor?: Anchor | undefined },
): Promise<AuditVerdict> {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const entries = await readChain(trx, input.year);
    const verdict = verifyChain(entries);
    if (!verdict.intact) return verdict;
    const head = await trx
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('year', '=', input.year)
      .executeTakeFirst();
    const expected = head ?? { seq: 0, hash: verdict.head };
    if (expected.seq !== verdict.entries || expected.hash !== verdict.head)
      return { intact: false, entries: verdict.entries, brokenAt: verdict.entries + 1, reason: 'truncated' };
    if (!input.anchor) return verdict;
    const anchored = checkAnchor(entries, input.anchor);
    if (anchored.anchor === 'holds') return { ...verdict, anchor: 'holds' };
    return { intact: false, entries: verdict.entries, ...anchored };
  });
}
