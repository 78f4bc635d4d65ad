/**
 * Invitations: one single-use, expiring token per real transaction (a closed complaint, a decided
 * permit application, a visit at a counter), bound to the tenant, the unit, the service type and,
 * where known, the official. The unique (tenant, system, transaction) key makes a redelivered or
 * repeated event a no-op.
 */
import { invitationCreated, type RatedTransaction, type RegionProfile } from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import { markIndexChanged } from '../skm/refresh.js';
import { insertInvitation } from './repository.js';
import { hashToken, newToken } from './tokens.js';

export interface InvitationInput {
  tenant: string;
  transaction: RatedTransaction;
  unit: string;
  serviceType: string;
  official: string | null;
  source?: { system: string; id: string; url?: string | undefined } | null | undefined;
  createdBy: string;
  /** When the transaction finished; now by default. */
  at?: Date | undefined;
}

export interface CreatedInvitation {
  id: string;
  token: string;
  url: string;
  expiresAt: Date;
}

/** The form's address with the region and the token: one form serves every region hosted together. */
export function invitationUrl(ctx: Ctx, tenant: string, token: string): string {
  const url = new URL(ctx.config.RATING_FORM_URL);
  url.searchParams.set('tenant', tenant);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Creates the invitation unless the transaction already has one (null then), inside the caller's
 * transaction: a consumer's, with its inbox row, or a counter link's.
 */
export async function createInvitation(ctx: Ctx, trx: Trx, input: InvitationInput): Promise<CreatedInvitation | null> {
  const { tenant } = input;
  const now = input.at ?? new Date();
  const token = newToken();
  // an event replayed late (from the dead letters, say) still gives the citizen the full period
  const expiresAt = new Date(Math.max(now.getTime(), Date.now()) + ctx.config.INVITATION_DAYS * 86_400_000);
  const id = await insertInvitation(trx, {
    tenant_id: tenant,
    token_hash: hashToken(token),
    system: input.transaction.system,
    transaction_id: input.transaction.id,
    unit: input.unit,
    service_type: input.serviceType,
    official: input.official,
    source_system: input.source?.system ?? null,
    source_id: input.source?.id ?? null,
    source_url: input.source?.url ?? null,
    created_by: input.createdBy,
    created_at: now,
    expires_at: expiresAt,
  });
  if (!id) return null;
  const url = invitationUrl(ctx, tenant, token);
  // a counter reference is whatever the desk typed, a NIK or a phone number as easily as a queue
  // ticket: it stays in this table, where it keeps one link per visit, and the event names the visit
  // by the invitation's own id
  const transaction: RatedTransaction =
    input.transaction.system === 'counter' ? { system: 'counter', id } : input.transaction;
  await ctx.outbox.emit(trx, invitationCreated, {
    tenant,
    subject: id,
    data: {
      invitationId: id,
      transaction,
      source: input.source
        ? { system: input.source.system, id: input.source.id, ...(input.source.url ? { url: input.source.url } : {}) }
        : null,
      unit: input.unit,
      serviceType: input.serviceType,
      official: input.official,
      url,
      expiresAt: expiresAt.toISOString(),
    },
  });
  // one more service user for the unit: the minimum sample of its periods grows
  await markIndexChanged(trx, { tenant, unit: input.unit, at: now, timeZone: timeZoneOf(ctx, tenant) });
  return { id, token, url, expiresAt };
}

/** The official only when the directory knows them in that unit; a stale id rates nobody. */
export function knownOfficial(
  profile: RegionProfile | undefined,
  unit: string,
  official: string | null | undefined,
): string | null {
  if (!official) return null;
  const o = profile?.officials.find((x) => x.id === official);
  return o && o.unit === unit ? o.id : null;
}

/**
 * The region's time zone; an event may name a region this deployment dropped from its directory,
 * and its invitation is still counted (in Western Indonesian Time).
 */
export const timeZoneOf = (ctx: Ctx, tenant: string) => ctx.directory.get(tenant)?.timeZone ?? 'Asia/Jakarta';
