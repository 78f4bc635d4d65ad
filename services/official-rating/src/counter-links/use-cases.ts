/**
 * Counter links: a desk creates a rating link for the walk-in citizen it just served, one per visit
 * reference. Against ballot stuffing, staff cannot create a link to rate themselves.
 */
import type { Principal } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { deskUnit } from '../desk.js';
import { createInvitation, type CreatedInvitation } from '../invitations/service.js';
import { P } from '../problems.js';

export interface CounterLinkInput {
  unit?: string | undefined;
  serviceType: string;
  official?: string | undefined;
  /** The queue ticket or receipt number as the desk typed it; it never leaves this service. */
  reference: string;
}

export async function createCounterLink(
  ctx: Ctx,
  c: { tenant: string; principal: Principal; input: CounterLinkInput },
): Promise<CreatedInvitation> {
  const { principal, input } = c;
  const profile = ctx.region(c.tenant);
  // the role check is here, not in the route's preHandler: one there would fix the route's config type and hide rateLimit
  const unit = deskUnit(profile, principal, input.unit);
  const official = input.official;
  if (official) {
    const o = profile.officials.find((x) => x.id === official);
    if (!o || o.unit !== unit) {
      throw P.unknown_official(`No official ${official} in unit ${unit}.`, {
        errors: [{ in: 'body', field: 'official', message: 'not an official of this unit' }],
      });
    }
    // the directory lists each official's accounts at the identity provider
    if (o.accounts.includes(principal.sub))
      throw P.self_rating('Staff cannot create a link to rate themselves; ask a colleague at the desk.');
  }
  const created = await ctx.db.withTenant(c.tenant, (trx) =>
    createInvitation(ctx, trx, {
      tenant: c.tenant,
      transaction: { system: 'counter', id: `${unit}:${input.reference}` },
      unit,
      serviceType: input.serviceType,
      official: official ?? null,
      createdBy: principal.sub,
    }),
  );
  // the reference goes back only to the staff member who typed it
  if (!created) throw P.invitation_exists(`Reference ${input.reference} already has a rating link.`);
  return created;
}
