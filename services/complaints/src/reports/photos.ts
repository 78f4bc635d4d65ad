/**
 * A photo attached to a report from the web form: checked by content (JPEG or PNG) and its size by
 * the page, stripped of EXIF/GPS and text metadata here, stored in PostgreSQL with the report in one
 * transaction (row-level security like every tenant table). Who sees it follows the report: anyone
 * when the report is not rahasia, only the reporter's private link when it is.
 */
import { createHash } from 'node:crypto';
import { secretMatches, stripMetadata } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import { loadReport, reportNotFound } from './reading.js';
import { recordSubmission, type Submission, type Submitted } from './submission.js';

/** Largest photo accepted from the form (phones take 3-5 MB pictures). */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

export interface Photo {
  bytes: Buffer;
  kind: 'jpeg' | 'png';
}

/** Submits the report and stores its photo (metadata stripped) in the same transaction. */
export function submitWithPhoto(ctx: Ctx, s: Submission, photo: Photo | undefined): Promise<Submitted> {
  return ctx.db.withTenant(s.tenant, async (trx) => {
    const submitted = await recordSubmission(ctx, trx, s);
    if (!photo || submitted.existing) return submitted;
    const report = await loadReport(trx, submitted.trackingId, { lock: false });
    const clean = stripMetadata(photo.bytes, photo.kind);
    await trx
      .insertInto('report_photo')
      .values({
        tenant_id: s.tenant,
        report_id: report.id,
        media_type: photo.kind === 'jpeg' ? 'image/jpeg' : 'image/png',
        size_bytes: clean.length,
        sha256: createHash('sha256').update(clean).digest('hex'),
        content: clean,
      })
      .execute();
    return submitted;
  });
}

/**
 * The report's photo for whoever may see the report: the public unless it is rahasia, else only with
 * its secret. Without a photo, or without the right to see it, the answer is the same 404.
 */
export function reportPhoto(ctx: Ctx, q: { tenant: string; trackingId: string; secret: string | undefined }) {
  return ctx.db.withTenant(q.tenant, async (trx) => {
    const report = await loadReport(trx, q.trackingId, { lock: false });
    if (report.rahasia && !(q.secret && secretMatches(q.secret, report.secret_hash)))
      throw reportNotFound(q.trackingId);
    const photo = await trx
      .selectFrom('report_photo')
      .select(['media_type', 'content'])
      .where('report_id', '=', report.id)
      .orderBy('created_at')
      .executeTakeFirst();
    if (!photo) throw reportNotFound(q.trackingId);
    return { mediaType: photo.media_type, bytes: photo.content };
  });
}

/** Whether a report has a photo (the track page shows it only where `reportPhoto` would serve it). */
export function hasPhoto(ctx: Ctx, tenant: string, trackingId: string): Promise<boolean> {
  return ctx.db.withTenant(tenant, async (trx) => {
    const row = await trx
      .selectFrom('report_photo')
      .innerJoin('report', 'report.id', 'report_photo.report_id')
      .select('report_photo.id')
      .where('report.tracking_id', '=', trackingId)
      .executeTakeFirst();
    return !!row;
  });
}
