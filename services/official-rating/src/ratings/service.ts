/**
 * Submitting a rating with an invitation token: the SKM answers, optionally stars for the official
 * with a reason (and per report-card dimension), optionally a comment. The token is spent by the
 * same statement that checks it, so of two concurrent submissions exactly one finds it unused.
 */
import { findUnit, maskPersonalData, ratingSubmitted, SKM_ELEMENTS } from '@sinergi/contracts';
import { ProblemError, problems } from '@sinergi/service-kit';
import { isNegative, publicCommentText } from '../comments/text.js';
import type { Trx } from '../db/schema.js';
import { hashToken } from '../invitations/tokens.js';
import type { Ctx } from '../invitations/service.js';
import { reportCardConfig } from '../report-cards/store.js';
import { markIndexChanged } from '../skm/refresh.js';

export interface RatingInput {
  token: string;
  answers: number[];
  official?: { stars: number; reason: string; dimensions?: Record<string, number> | undefined } | undefined;
  comment?: string | undefined;
}

type InvitationRow = { id: string; unit: string; service_type: string; official: string | null; system: 'complaints' | 'licensing' | 'counter'; transaction_id: string };

export async function submitRating(ctx: Ctx, tenant: string, input: RatingInput, now = new Date()): Promise<{ ratingId: string; commentPublishedAt: Date | null }> {
  const tokenHash = hashToken(input.token);
  const result = await ctx.db.withTenant(tenant, async (trx) => {
    const invitation = await trx
      .updateTable('invitation')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'unit', 'service_type', 'official', 'system', 'transaction_id'])
      .executeTakeFirst();
    if (!invitation) return null;
    return record(ctx, trx, tenant, invitation, input, now);
  });
  if (result) return result;
  throw await refusal(ctx, tenant, tokenHash, now);
}

async function record(ctx: Ctx, trx: Trx, tenant: string, inv: InvitationRow, input: RatingInput, now: Date) {
  const profile = ctx.directory.get(tenant)!;
  if (input.official) await checkOfficialRating(trx, inv, input.official);
  const answers = Object.fromEntries(input.answers.map((a, i) => [`a${i + 1}`, a])) as Record<`a${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`, number>;
  const rating = await trx
    .insertInto('rating')
    .values({
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
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const dimensions = Object.entries(input.official?.dimensions ?? {});
  if (dimensions.length > 0) {
    await trx
      .insertInto('rating_dimension')
      .values(dimensions.map(([dimension, stars]) => ({ rating_id: rating.id, tenant_id: tenant, official: inv.official!, dimension, stars, submitted_at: now })))
      .execute();
  }
  let commentPublishedAt: Date | null = null;
  const comment = input.comment?.trim();
  if (comment) {
    const negative = isNegative(input.official?.stars ?? null, input.answers);
    // a negative story waits for the unit's public answer a few days before it goes out (Care Opinion)
    commentPublishedAt = negative ? new Date(now.getTime() + ctx.config.COMMENT_HOLD_DAYS * 86_400_000) : now;
    await trx
      .insertInto('comment')
      .values({
        rating_id: rating.id,
        tenant_id: tenant,
        unit: inv.unit,
        official: inv.official,
        service_type: inv.service_type,
        text: maskPersonalData(comment),
        public_text: publicCommentText(comment, profile.officials),
        negative,
        submitted_at: now,
        publish_at: commentPublishedAt,
      })
      .execute();
  }
  await markIndexChanged(ctx, trx, tenant, inv.unit, now);
  await ctx.outbox.emit(trx, ratingSubmitted, {
    tenant,
    subject: rating.id,
    data: {
      ratingId: rating.id,
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
  return { ratingId: rating.id, commentPublishedAt };
}

async function checkOfficialRating(trx: Trx, inv: InvitationRow, official: NonNullable<RatingInput['official']>) {
  if (!inv.official) {
    throw problems.unprocessable('no_official_to_rate', 'This transaction has no official to rate; send the questionnaire without `official`.', [
      { in: 'body', field: 'official', message: 'not allowed for this invitation' },
    ]);
  }
  const config = await reportCardConfig(trx);
  const known = new Set(config.dimensions.map((d) => d.key));
  const unknown = Object.keys(official.dimensions ?? {}).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    throw problems.unprocessable(
      'unknown_dimension',
      `The region rates officials on ${[...known].join(', ') || 'no dimensions'}.`,
      unknown.map((k) => ({ in: 'body', field: `official.dimensions.${k}`, message: 'unknown dimension' })),
    );
  }
}

/** Why a token could not be used: spent, expired, another region's, or unknown. */
async function refusal(ctx: Ctx, tenant: string, tokenHash: string, now: Date): Promise<ProblemError> {
  const own = await ctx.db.withTenant(tenant, (trx) => trx.selectFrom('invitation').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst());
  if (own?.used_at) return problems.conflict('token_used', 'This rating link was already used: each transaction is rated once, and ratings cannot be edited.');
  if (own && own.expires_at <= now) return new ProblemError(410, 'token_expired', `This rating link expired on ${own.expires_at.toISOString()}.`);
  const elsewhere = await ctx.db.withSystem((trx) =>
    trx.selectFrom('invitation').select('tenant_id').where('token_hash', '=', tokenHash).where('tenant_id', '<>', tenant).executeTakeFirst(),
  );
  if (elsewhere) return problems.forbidden('token_other_region', 'This rating link belongs to another region: open it on that region’s site.');
  return problems.notFound('token_unknown', 'No rating link with this token exists. Check that it was copied completely.');
}

/** What the rating form shows before the citizen answers. */
export async function invitationPreview(ctx: Ctx, tenant: string, token: string, now = new Date()) {
  const tokenHash = hashToken(token);
  const row = await ctx.db.withTenant(tenant, (trx) =>
    trx.selectFrom('invitation').select(['unit', 'service_type', 'official', 'system', 'expires_at', 'used_at', 'created_at']).where('token_hash', '=', tokenHash).executeTakeFirst(),
  );
  if (!row) throw await refusal(ctx, tenant, tokenHash, now);
  const profile = ctx.directory.get(tenant)!;
  const official = row.official ? profile.officials.find((o) => o.id === row.official) : undefined;
  const config = official ? await ctx.db.withTenant(tenant, (trx) => reportCardConfig(trx)) : undefined;
  return {
    status: row.used_at ? ('used' as const) : row.expires_at <= now ? ('expired' as const) : ('open' as const),
    unit: { code: row.unit, name: findUnit(profile, row.unit)?.name ?? row.unit },
    serviceType: row.service_type,
    transactionKind: row.system,
    // the rater sees whom they rate by office; names are for the official's own report card
    official: official ? { jobTitle: official.jobTitle } : null,
    dimensions: config?.dimensions.map((d) => ({ key: d.key, label: d.label })) ?? [],
    elements: SKM_ELEMENTS.length,
    expiresAt: row.expires_at,
  };
}
