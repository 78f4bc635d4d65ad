/**
 * Public scrutiny: a citizen verifies an e-mail address with a one-time code, then flags published
 * lines with a reason; TAPD moderates and answers, and the answer is public. The e-mail (and the NIK,
 * when given) is kept only as a keyed hash (`hashIdentifier`, `hashNik`); the code and the session
 * token only as SHA-256 hashes. The address itself only passes through to the mail relay.
 */
import { randomInt } from 'node:crypto';
import { hashIdentifier, hashNik } from '@sinergi/contracts';
import { hashSecret, newSecret } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { appendAudit } from '../audit/repository.js';
import { PUBLISHED } from '../cycle/workflow.js';
import type { BudgetCaller } from '../drafting/callers.js';
import { P } from '../problems.js';
import { yearOrThrow } from '../reference/use-cases.js';
import { httpMailSender, type MailSender } from './mail.js';
import * as repo from './repository.js';

export const CODE_MINUTES = 15;
const SESSION_HOURS = 24;
const MAX_ATTEMPTS = 5;

function configured(ctx: Ctx): { key: string; mail: MailSender } {
  const key = ctx.config.SCRUTINY_HMAC_KEY;
  const url = ctx.config.MAIL_HTTP_URL;
  if (!key || !url) throw P.scrutiny_disabled('This region has not opened public scrutiny of its budget.');
  return { key, mail: httpMailSender(url) };
}

/** Whether the region opened public scrutiny (a key and a mail relay are configured). */
export const scrutinyOpen = (ctx: Ctx): boolean => !!ctx.config.SCRUTINY_HMAC_KEY && !!ctx.config.MAIL_HTTP_URL;

const normalEmail = (email: string) => email.trim().toLowerCase();

/** Sends a six-digit code to the address; answers the verification id (never whether the address was seen). */
export async function requestCode(ctx: Ctx, input: { tenant: string; email: string; nik?: string | undefined }) {
  const { key, mail } = configured(ctx);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const row = await ctx.db.withTenant(input.tenant, (trx) =>
    repo.insertCode(trx, {
      tenant: input.tenant,
      emailHash: hashIdentifier(normalEmail(input.email), key),
      nikHash: input.nik ? hashNik(input.nik, key) : null,
      codeHash: hashSecret(code),
      expiresAt: new Date(Date.now() + CODE_MINUTES * 60_000),
    }),
  );
  await mail.send({
    to: input.email.trim(),
    subject: 'Kode verifikasi Sinergi',
    text: `Kode verifikasi Anda: ${code}. Berlaku ${CODE_MINUTES} menit. Abaikan pesan ini jika Anda tidak memintanya.`,
  });
  return { verificationId: row.id, expiresInMinutes: CODE_MINUTES };
}

/** The code for a session token: five attempts, fifteen minutes, once. */
export async function confirmCode(ctx: Ctx, input: { tenant: string; id: string; code: string }) {
  configured(ctx);
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const held = await repo.findCode(trx, input.id);
    const valid = held && !held.used && held.attempts < MAX_ATTEMPTS && held.expires_at > new Date();
    const matches = valid && held.code_hash === hashSecret(input.code);
    if (held) await repo.markCode(trx, held.id, !!matches);
    if (!matches) return undefined;
    const token = newSecret();
    await repo.insertSession(trx, {
      tenant: input.tenant,
      tokenHash: hashSecret(token),
      emailHash: held.email_hash,
      nikHash: held.nik_hash,
      expiresAt: new Date(Date.now() + SESSION_HOURS * 3_600_000),
    });
    return { token, expiresInHours: SESSION_HOURS };
  });
}

/** A verified citizen flags a published line with a reason; rate limited per identity. */
export async function flagLine(
  ctx: Ctx,
  input: { tenant: string; token: string; year: number; id: string; reason: string },
) {
  configured(ctx);
  return ctx.db.withTenant(input.tenant, async (trx) => {
    const session = await repo.findSession(trx, hashSecret(input.token));
    if (!session) throw P.scrutiny_session_required('The token is unknown or expired: verify your e-mail again.');
    const line = await repo.publishedLine(trx, { year: input.year, id: input.id, statuses: PUBLISHED });
    if (!line) throw P.line_item_not_found(`No published line ${input.id} in ${input.year}.`);
    const today = await repo.flagsSince(trx, session.email_hash, new Date(Date.now() - 86_400_000));
    if (today >= ctx.config.SCRUTINY_FLAGS_PER_DAY) {
      throw P.flag_limit_reached(`At most ${ctx.config.SCRUTINY_FLAGS_PER_DAY} flags a day.`, {
        headers: { 'retry-after': '86400' },
      });
    }
    const row = await repo.insertFlag(trx, {
      tenant: input.tenant,
      year: input.year,
      unit: line.unit,
      lineItemId: line.id,
      emailHash: session.email_hash,
      reason: input.reason,
    });
    if (!row) throw P.flag_exists('You flagged this line already; TAPD will answer it.');
    return { id: row.id, status: row.status, lineItemId: line.id };
  });
}

export async function flagsForTapd(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return repo.flagsOfYear(trx, { year: input.year, moderatedOnly: false });
  });
}

export async function publicFlags(ctx: Ctx, input: { tenant: string; year: number }) {
  return ctx.db.withTenant(input.tenant, async (trx) => {
    await yearOrThrow(trx, input.year);
    return repo.flagsOfYear(trx, { year: input.year, moderatedOnly: true });
  });
}

/** TAPD or an admin accepts or rejects a flag with a public answer (audited). */
export async function moderate(
  ctx: Ctx,
  input: { caller: BudgetCaller; id: string; status: 'accepted' | 'rejected'; answer: string },
) {
  const { caller } = input;
  return ctx.db.withTenant(caller.tenant, async (trx) => {
    const row = await repo.moderateFlag(trx, input.id, {
      status: input.status,
      answer: input.answer,
      by: caller.actor,
    });
    if (!row) throw P.flag_not_found(`There is no flag ${input.id}.`);
    await appendAudit(trx, {
      tenant: caller.tenant,
      year: row.year,
      actor: caller.actor,
      action: 'citizen_flag.moderated',
      entity: 'line_item',
      entityId: row.line_item_id,
      data: { flag: row.id, status: input.status, answer: input.answer },
    });
    return row;
  });
}
