/**
 * Submitting a report, from every channel: checked against the region, stored with its timeline
 * and `report.submitted` in one tenant transaction, linked as support when it duplicates a nearby
 * open report, and never twice for the same source reference.
 */
import {
  findCategory,
  hashNik,
  isInIndonesiaBounds,
  maskNik,
  reportSubmitted,
  type ReportChannel,
  type ReportStatus,
  type ReportType,
} from '@sinergi/contracts';
import type { Ctx } from '../context.js';
import type { Attachment, Trx } from '../db/schema.js';
import { dispositionDue, handlingOf, informationDue, receivedTimeProblem } from '../deadlines/rules.js';
import { P } from '../problems.js';
import { SYSTEM_ACTOR, type ReportActor } from './actors.js';
import { emitSupported, findSupportTarget } from './duplicates.js';
import { hashSecret, newSecret } from './identifiers.js';
import { findBySource, insertReport, insertTimeline } from './repository.js';

export interface SubmitInput {
  type: ReportType;
  category: string;
  title: string;
  description: string;
  location?: { lat: number; lon: number } | undefined;
  address?: string | undefined;
  districtCode?: string | undefined;
  villageCode?: string | undefined;
  attachments?: Attachment[] | undefined;
  reporter?:
    | { name?: string | undefined; phone?: string | undefined; email?: string | undefined; nik?: string | undefined }
    | undefined;
  anonim: boolean;
  rahasia: boolean;
  channel: ReportChannel;
  source?: { system: string; id: string; url?: string | undefined } | undefined;
  open311Token?: string | undefined;
  /**
   * When the channel received the complaint (an SMS gateway's time, a post's time, the day a letter
   * arrived at a desk); the deadlines count from it. Absent: now.
   */
  receivedAt?: Date | undefined;
  /** A hand-over event cannot be refused: a received time out of bounds is replaced by now instead of rejected. */
  receivedAtFallsBack?: boolean | undefined;
  /** The field an error about the received time names (Open311 calls it requested_datetime). */
  receivedAtField?: string | undefined;
}

export interface Submitted {
  trackingId: string;
  secret: string;
  status: ReportStatus;
  /** The open report this one now supports, when it was a nearby duplicate (and the target is public). */
  supporting: string | null;
  dispositionDue: string;
  /** True when the same source reference had already made a report (an intake redelivery). */
  existing: boolean;
}

export interface Submission {
  tenant: string;
  input: SubmitInput;
  actor: ReportActor;
}

type FieldError = { in: string; field: string; message: string };

/**
 * The instant the deadlines count from: the channel's received time when it is usable (not in the
 * future, not older than the region's limit), else now. A web report is received when it is sent.
 */
function receivedTime(ctx: Ctx, c: { tenant: string; input: SubmitInput; now: Date; errors: FieldError[] }): Date {
  const { input, now } = c;
  if (!input.receivedAt) return now;
  const field = { in: 'body', field: input.receivedAtField ?? 'receivedAt' };
  if (input.channel === 'web') {
    c.errors.push({ ...field, message: 'is only for SMS, walk-in, social-media and Open311 reports' });
    return now;
  }
  const problem = receivedTimeProblem(input.receivedAt, now, handlingOf(ctx.region(c.tenant)).receivedTimeMaxAgeDays);
  if (problem && !input.receivedAtFallsBack) c.errors.push({ ...field, message: problem });
  if (problem) return now;
  // a sender's clock a few minutes ahead of ours is still "now"
  return input.receivedAt < now ? input.receivedAt : now;
}

/** Region-level checks of a submission against the directory; all failures at once. */
function checkAgainstRegion(ctx: Ctx, tenant: string, input: SubmitInput, now: Date) {
  const profile = ctx.region(tenant);
  const errors: FieldError[] = [];
  const category = findCategory(profile, input.category);
  if (!category)
    errors.push({ in: 'body', field: 'category', message: `is not a complaint category of ${profile.name}` });
  if (input.location && !isInIndonesiaBounds(input.location)) {
    errors.push({
      in: 'body',
      field: 'location',
      message: 'is outside Indonesia (check the signs and the order of lat and lon)',
    });
  }
  if (input.districtCode && !input.districtCode.startsWith(`${tenant}.`)) {
    errors.push({ in: 'body', field: 'districtCode', message: `is not a kecamatan of ${profile.name}` });
  }
  if (input.villageCode && !input.villageCode.startsWith(`${input.districtCode ?? tenant}.`)) {
    errors.push({
      in: 'body',
      field: 'villageCode',
      message: input.districtCode ? 'is not in the given kecamatan' : `is not a kelurahan of ${profile.name}`,
    });
  }
  const receivedAt = receivedTime(ctx, { tenant, input, now, errors });
  if (errors.length === 1 && errors[0]!.field === (input.receivedAtField ?? 'receivedAt')) {
    throw P.invalid_received_at('The received time cannot be used.', { errors });
  }
  if (!category || errors.length > 0) throw P.invalid_report('The report does not fit this region.', { errors });
  return { category, receivedAt };
}

/** Submits a report in its own tenant transaction (routes, Open311). */
export function submitReport(ctx: Ctx, s: Submission): Promise<Submitted> {
  return ctx.db.withTenant(s.tenant, (trx) => recordSubmission(ctx, trx, s));
}

/** Submits a report inside a transaction the caller holds (the intake consumer's, with its inbox row). */
export async function recordSubmission(ctx: Ctx, trx: Trx, { tenant, input, actor }: Submission): Promise<Submitted> {
  const now = new Date();
  const { category, receivedAt } = checkAgainstRegion(ctx, tenant, input, now);
  const secret = newSecret();
  const calendar = ctx.calendar(tenant);
  const due = dispositionDue(receivedAt, calendar);
  const nik = input.reporter?.nik;
  if (input.source) {
    const existing = await findBySource(trx, input.source);
    if (existing) {
      return {
        trackingId: existing.tracking_id,
        secret: '',
        status: existing.status,
        supporting: null,
        dispositionDue: existing.disposition_due.toISOString(),
        existing: true,
      };
    }
  }
  const target =
    input.location && !input.rahasia
      ? await findSupportTarget(ctx, trx, {
          category: input.category,
          at: input.location,
          radius: category.duplicateRadiusMeters,
        })
      : undefined;
  const status: ReportStatus = target ? 'supporting' : 'submitted';
  const inserted = await insertReport(trx, {
    tenant_id: tenant,
    secret_hash: hashSecret(secret),
    open311_token: input.open311Token ?? null,
    type: input.type,
    category: input.category,
    title: input.title,
    description: input.description,
    lat: input.location?.lat ?? null,
    lon: input.location?.lon ?? null,
    address: input.address ?? null,
    district_code: input.districtCode ?? null,
    village_code: input.villageCode ?? null,
    attachments: JSON.stringify(input.attachments ?? []),
    channel: input.channel,
    reporter_name: input.reporter?.name ?? null,
    reporter_phone: input.reporter?.phone ?? null,
    reporter_email: input.reporter?.email ?? null,
    reporter_nik_masked: nik ? maskNik(nik) : null,
    reporter_nik_hash: nik ? hashNik(nik, ctx.config.NIK_HMAC_KEY) : null,
    anonim: input.anonim,
    rahasia: input.rahasia,
    source_system: input.source?.system ?? null,
    source_id: input.source?.id ?? null,
    source_url: input.source?.url ?? null,
    status,
    supporting_id: target?.id ?? null,
    submitted_at: now,
    received_at: receivedAt,
    disposition_due: due,
    information_due: input.type === 'permintaan-informasi' ? informationDue(receivedAt, calendar) : null,
    updated_at: now,
  });
  await insertTimeline(trx, {
    tenant,
    reportId: inserted.id,
    actor,
    action: 'submit',
    from: null,
    to: 'submitted',
    unit: null,
    note: null,
  });
  await ctx.outbox.emit(trx, reportSubmitted, {
    tenant,
    subject: inserted.tracking_id,
    data: {
      trackingId: inserted.tracking_id,
      category: input.category,
      at: now.toISOString(),
      type: input.type,
      channel: input.channel,
      suggestedUnit: category.defaultUnit,
      location: input.location ?? null,
      districtCode: input.districtCode ?? null,
      villageCode: input.villageCode ?? null,
      anonim: input.anonim,
      rahasia: input.rahasia,
      source: input.source ?? null,
      dispositionDue: due.toISOString(),
    },
  });
  if (target) {
    const note = `Mendukung laporan ${target.tracking_id}`;
    await insertTimeline(trx, {
      tenant,
      reportId: inserted.id,
      actor: SYSTEM_ACTOR,
      action: 'link',
      from: 'submitted',
      to: 'supporting',
      unit: null,
      note,
    });
    await emitSupported(ctx, trx, {
      tenant,
      target,
      supporterTrackingId: inserted.tracking_id,
      category: input.category,
      linked: true,
      now,
    });
  }
  return {
    trackingId: inserted.tracking_id,
    secret,
    status,
    supporting: target && !target.rahasia ? target.tracking_id : null,
    dispositionDue: due.toISOString(),
    existing: false,
  };
}
