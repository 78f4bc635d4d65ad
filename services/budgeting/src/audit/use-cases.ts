import type { Ctx } from '../context.js';
import { readChain } from './repository.js';
import { verifyChain, type ChainVerdict } from './chain.js';

/**
 * Recomputes the year's chain and compares its end with the head row, so removing the newest
 * entries is caught as well as changing any of them.
 */
export async function verifyAuditChain(
  ctx: Ctx,
  input: { tenant: string; year: number },
): Promise<ChainVerdict | { intact: false; entries: number; brokenAt: number; reason: 'truncated' }> {
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
    return verdict;
  });
}
