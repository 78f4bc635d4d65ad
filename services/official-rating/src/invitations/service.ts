/**
 * Invitations: one single-use, expiring token per real transaction (a closed complaint, a decided
 * permit application, a visit at a counter), bound to the tenant, the unit, the service type and,
 * where known, the official. The unique (tenant, system, transaction) key makes a redelivered or
 * repeated event a no-op.
 */
import { findUnit, invitationCreated, type RatedTransaction } from '@sinergi/contracts';
import { problems, type ServiceContext } from '@sinergi/service-kit';
import type { OfficialRatingConfig } from '../config.js';
import type { OfficialRatingDB, Trx } from '../db/schema.js';
import { markIndexChanged } from '../skm/refresh.js';
import { hashToken, newToken } from './tokens.js';

export type Ctx = ServiceContext<OfficialRatingDB, OfficialRatingConfig>;

export interface InvitationInput {
  transaction: RatedTransaction;
  unit: string;
  serviceType: string;
  official: string | null;
  source?: { system: string; id: string; url?: string | undefined } | null | undefined;
  createdBy: string;
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

/** Creates the invitation unless the transaction already has one; returns null in that case. */
export async function createInvitation(ctx: Ctx, trx: Trx, tenant: string, input: InvitationInput, now = new Date()): Promise<CreatedInvitation | null> {
  const token = newToken();
  // an event replayed late (from the dead letters, say) still gives the citizen the full period
  const expiresAt = new Date(Math.max(now.getTime(), Date.now()) + ctx.config.INVITATION_DAYS * 86_400_000);
  const row = await trx
    .insertInto('invitation')
    .values({
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
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'system', 'transaction_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  const url = invitationUrl(ctx, tenant, token);
  // a counter reference is whatever the desk typed, a NIK or a phone number as easily as a queue
  // ticket: it stays in this table, where it keeps one link per visit, and the event names the visit
  // by the invitation's own id
  const transaction: RatedTransaction = input.transaction.system === 'counter' ? { system: 'counter', id: row.id } : input.transaction;
  await ctx.outbox.emit(trx, invitationCreated, {
    tenant,
    subject: row.id,
    data: {
      invitationId: row.id,
      transaction,
      source: input.source ? { system: input.source.system, id: input.source.id, ...(input.source.url ? { url: input.source.url } : {}) } : null,
      unit: input.unit,
      serviceType: input.serviceType,
      official: input.official,
      url,
      expiresAt: expiresAt.toISOString(),
    },
  });
  // one more service user for the unit: the minimum sample of its periods grows
  await markIndexChanged(ctx, trx, tenant, input.unit, now);
  return { id: row.id, token, url, expiresAt };
}

/** The official only when the directory knows them in that unit; a stale id rates nobody. */
export function knownOfficial(ctx: Ctx, tenant: string, unit: string, official: string | null | undefined): string | null {
  if (!official) return null;
  const o = ctx.directory.get(tenant)?.officials.find((x) => x.id === official);
  return o && o.unit === unit ? o.id : null;
}

export function assertKnownUnit(ctx: Ctx, tenant: string, unit: string): void {
  const profile = ctx.directory.get(tenant);
  if (!profile || !findUnit(profile, unit)) throw problems.unprocessable('unknown_unit', `Unit ${unit} is not in the region's directory.`, [{ in: 'body', field: 'unit', message: 'unknown unit' }]);
}
