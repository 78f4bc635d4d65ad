/** What staff read about replies: the outbound log. */
import type { Ctx } from '../context.js';
import type { OutboundStatus } from '../db/schema.js';
import { listOutbound } from './repository.js';

/** `unit` as `listOutbound` takes it: undefined region-wide, a unit's code, or null for nothing. */
export const outboundLog = (ctx: Ctx, q: { tenant: string; unit: string | null | undefined; status?: OutboundStatus | undefined; limit: number; offset: number }) =>
  ctx.db.withTenant(q.tenant, (trx) => listOutbound(trx, q));
