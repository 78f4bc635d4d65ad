/**
 * Submitting a rating with an invitation token: the SKM answers, optionally stars for the official
 * with a reason (and per report-card dimension), optionally a comment. The token is spent by the
 * same statement that checks it, so of two concurrent submissions exactly one finds it unused.
 */
import { findUnit, maskPersonalData, ratingSubmitted, SKM_ELEMENTS, type RegionProfile } from '@sinergi/contracts';
import { localDate, type ProblemError } from '@sinergi/service-kit';
import { isNegative, publicCommentText } from '../comments/text.js';
import type { Ctx } from '../context.js';
import type { Trx } from '../db/schema.js';
import {
  findInvitationByToken,
  serviceTypeNames,
  otherRegionHasToken,
  spendInvitation,
  type SpentInvitation,
} from '../invitations/repository.js';
import { hashToken } from '../invitations/tokens.js';
import { P } from '../problems.js';
import { reportCardConfig } from '../report-cards/repository.js';
import { profileColumns, type RespondentProfile } from '../skm/profile.js';
import { markIndexChanged } from '../skm/repository.js';
import { insertComment, insertRating, insertRatingDimensions } from './repository.js';

export interface RatingInput {
  token: string;
  answers: number[];
  official?: { stars: number; reason: string; dimensions?: Record<string, number> | undefined } | undefined;
  comment?: string | undefined;
  respondent?: RespondentProfile | undefined;
}

export async function submitRating(
  ctx: Ctx,
  tenant: string,
  input: RatingInput,
  now = new Date(),
): Promise<{ ratingId: string; commentPublishedAt: Date | null }> {
  const profile = ctx.region(tenant);
  const tokenHash = hashToken(input.token);
  const result = await ctx.db.withTenant(tenant, async (trx) => {
    const invitation = await spendInvitation(trx, tokenHash, now);
    if (!invitation) return null;
    return record(ctx, trx, { profile, invitation, input, now });
  });
  if (result) return result;
  throw await refusal(ctx, { tenant, tokenHash, now });
}

async function record(
  ctx: Ctx,
  trx: Trx,
  r: { profile: RegionProfile; invitation: SpentInvitation; input: RatingInput; now: Date },
) {
  const { profile, invitation: inv, input, now } = r;
  const tenant = profile.code;
  if (input.official)
    await checkOfficialRating(trx, inv, { official: input.official, today: localDate(now, profile.timeZone) });
  const answers = Object.fromEntries(input.answers.map((a, i) => [`a${i + 1}`, a])) as Record<
    `a${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`,
    number
  >;
  const ratingId = await insertRating(trx, {
    tenant_id: tenant,
    invitation_id: inv.id,
    unit: inv.unit,
    service_type: inv.service_type,
    official: inv.official,
    system: inv.system,
    ...answers,
    stars: input.official?.stars ?? null,
    star_reason: input.official ? maskPersonalData(input.official.reason) : null,
    submitted_at: now,
    ...profileColumns(input.respondent),
  });
  const dimensions = Object.entries(input.official?.dimensions ?? {});
  await insertRatingDimensions(
    trx,
    dimensions.map(([dimension, stars]) => ({
      rating_id: ratingId,
      tenant_id: tenant,
      official: inv.official!,
      dimension,
      stars,
      submitted_at: now,
    })),
  );
  let commentPublishedAt: Date | null = null;
  const comment = input.comment?.trim();
  if (comment) {
    const negative = isNegative(input.official?.stars ?? null, input.answers);
    // a negative story waits for the unit's public answer a few days before it goes out (Care Opinion)
    commentPublishedAt = negative ? new Date(now.getTime() + ctx.config.COMMENT_HOLD_DAYS * 86_400_000) : now;
    await insertComment(trx, {
      rating_id: ratingId,
      tenant_id: tenant,
      unit: inv.unit,
      official: inv.official,
      service_type: inv.service_type,
      text: maskPersonalData(comment),
      public_text: publicCommentText(comment, profile.officials),
      negative,
      submitted_at: now,
      publish_at: commentPublishedAt,
    });
  }
  await markIndexChanged(trx, { tenant, unit: inv.unit, at: now, timeZone: profile.timeZone });
  await ctx.outbox.emit(trx, ratingSubmitted, {
    tenant,
    subject: ratingId,
    data: {
      ratingId,
      transactionKind: inv.system,
      unit: inv.unit,
      serviceType: inv.service_type,
      official: inv.official,
      answers: input.answers,
      stars: input.official?.stars ?? null,
      hasComment: Boolean(comment),
      at: now.toISOString(),
    },
  });
  return { ratingId, commentPublishedAt };
}

async function checkOfficialRating(
  trx: Trx,
  inv: SpentInvitation,
  r: { official: NonNullable<RatingInput['official']>; today: string },
) {
  const { official } = r;
  if (!inv.official) {
    throw P.no_official_to_rate(
      'This transaction has no official to rate; send the questionnaire without `official`.',
      {
        errors: [{ in: 'body', field: 'official', message: 'not allowed for this invitation' }],
      },
    );
  }
  const config = await reportCardConfig(trx, r.today);
  const known = new Set(config.dimensions.map((d) => d.key));
  const unknown = Object.keys(official.dimensions ?? {}).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw P.unknown_dimension(`The region rates officials on ${[...known].join(', ') || 'no dimensions'}.`, {
      errors: unknown.map((k) => ({ in: 'body', field: `official.dimensions.${k}`, message: 'unknown dimension' })),
    });
  }
}

/** Why a token could not be used: spent, expired, another region's, or unknown. */
async function refusal(ctx: Ctx, r: { tenant: string; tokenHash: string; now: Date }): Promise<ProblemError> {
  const own = await ctx.db.withTenant(r.tenant, (trx) => findInvitationByToken(trx, r.tokenHash));
  if (own?.used_at)
    return P.token_used(
      'This rating link was already used: each transaction is rated once, and ratings cannot be edited.',
    );
  if (own && own.expires_at <= r.now)
    return P.token_expired(`This rating link expired on ${own.expires_at.toISOString()}.`);
  if (await ctx.db.withSystem((trx) => otherRegionHasToken(trx, r.tokenHash, r.tenant))) {
    return P.token_other_region('This rating link belongs to another region: open it on that region’s site.');
  }
  return P.token_unknown('No rating link with this token exists. Check that it was copied completely.');
}

/** What the rating form shows before the citizen answers. */
export async function invitationPreview(ctx: Ctx, tenant: string, token: string, now = new Date()) {
  const tokenHash = hashToken(token);
  const profile = ctx.region(tenant);
  const found = await ctx.db.withTenant(tenant, async (trx) => {
    const row = await findInvitationByToken(trx, tokenHash);
    const official = row?.official ? profile.officials.find((o) => o.id === row.official) : undefined;
    const today = localDate(now, profile.timeZone);
    const names = row ? await serviceTypeNames(trx) : undefined;
    return (
      row && {
        row,
        official,
        serviceName: names?.get(row.service_type) ?? null,
        config: official ? await reportCardConfig(trx, today) : undefined,
      }
    );
  });
  if (!found) throw await refusal(ctx, { tenant, tokenHash, now });
  const { row, official, serviceName, config } = found;
  return {
    status: row.used_at ? ('used' as const) : row.expires_at <= now ? ('expired' as const) : ('open' as const),
    unit: { code: row.unit, name: findUnit(profile, row.unit)?.name ?? row.unit },
    serviceType: row.service_type,
    /** The service's name as its owner publishes it, when it has told us (licensing's permit types). */
    serviceName,
    transactionKind: row.system,
    // the report's tracking number, the application's registration number or the counter visit's key
    transactionId: row.transaction_id,
    // the rater sees whom they rate by office; names are for the official's own report card
    official: official ? { jobTitle: official.jobTitle } : null,
    dimensions: config?.dimensions.map((d) => ({ key: d.key, label: d.label })) ?? [],
    elements: SKM_ELEMENTS.length,
    expiresAt: row.expires_at,
  };
}
