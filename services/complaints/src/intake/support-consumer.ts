/**
 * Near-duplicates from social media count as support, like a nearby duplicate from Open311 or the web
 * form: social-intake's `post.duplicate-attached` becomes a report with status `supporting`, linked
 * (`supporting_id`) to the report made from the earlier post, with the same timeline (submit, link)
 * and `report.supported` carrying the new count (`countSupporters`). So the public count, lists and
 * Open311 see it as they see any supporter.
 *
 * Counted once: the kit's inbox makes a redelivered event a no-op, and the supporter keeps the post as
 * its source reference (unique per tenant), so the same post announced twice is still one supporter.
 * No `report.submitted` goes out for it: that event makes social-intake tell the author a tracking id
 * of their own, while the author of a near-duplicate gets the supported report's link instead
 * (social-intake, `support-link`). The report it supports is made by the other consumer of
 * social-intake's stream; until it exists the event is retried (and parked after the last try).
 */
import { eventCatalog, type EventCatalog, type EventOf } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { Ctx } from '../context.js';
import type { ComplaintsDB, Trx } from '../db/schema.js';
import { dispositionDue } from '../deadlines/rules.js';
import { SYSTEM_ACTOR } from '../reports/actors.js';
import { emitSupported } from '../reports/duplicates.js';
import { hashSecret, newSecret } from '../reports/identifiers.js';
import { findBySource, findReport, findReportRef, insertReport, insertTimeline } from '../reports/repository.js';

export const SOCIAL_SUPPORT_CONSUMER = 'complaints-social-support';

type Attached = EventOf<EventCatalog, 'sinergi.social-intake.post.duplicate-attached.v1'>;

export class SupportedReportNotYetMade extends Error {}

/** Links the attached post as a supporter; returns the supporter's tracking id, or null when it was one already. */
export async function recordSocialSupport(ctx: Ctx, trx: Trx, event: Attached): Promise<string | null> {
  const { tenant, data: d } = event;
  const source = { system: `social-intake:${d.channel}`, id: d.externalId };
  if (await findBySource(trx, source)) return null;
  const original = await findBySource(trx, {
    system: `social-intake:${d.original.channel}`,
    id: d.original.externalId,
  });
  if (!original) throw new SupportedReportNotYetMade(`no report yet for the post ${d.postId} repeats`);
  const made = await findReport(trx, original.tracking_id, { lock: true });
  if (!made) throw new SupportedReportNotYetMade(`report ${original.tracking_id} is not readable`);
  // support goes to the case itself, never to another supporter
  const target = made.supporting_id ? await findReportRef(trx, made.supporting_id) : made;
  if (!target) throw new SupportedReportNotYetMade(`report ${original.tracking_id} supports a missing report`);

  const now = new Date();
  const inTenant = (code: string | null) => (code?.startsWith(`${tenant}.`) ? code : null);
  const districtCode = inTenant(d.districtCode);
  const inserted = await insertReport(trx, {
    tenant_id: tenant,
    secret_hash: hashSecret(newSecret()),
    open311_token: null,
    type: 'pengaduan',
    category: made.category,
    title: d.title,
    description: d.text,
    lat: null,
    lon: null,
    address: null,
    district_code: districtCode,
    village_code: districtCode && d.villageCode?.startsWith(`${districtCode}.`) ? d.villageCode : null,
    attachments: JSON.stringify([]),
    channel: 'social',
    reporter_name: null,
    reporter_phone: null,
    reporter_email: null,
    reporter_nik_masked: null,
    reporter_nik_hash: null,
    // the author is known only to social-intake, which sends them the supported report's link
    anonim: true,
    rahasia: false,
    source_system: source.system,
    source_id: source.id,
    source_url: null,
    status: 'supporting',
    supporting_id: target.id,
    submitted_at: now,
    disposition_due: dispositionDue(now, ctx.calendar(tenant)),
    updated_at: now,
  });
  const actor = { kind: 'reporter' as const, id: `social-intake:${d.postId}` };
  const entry = { tenant, reportId: inserted.id, unit: null };
  await insertTimeline(trx, { ...entry, actor, action: 'submit', from: null, to: 'submitted', note: null });
  await insertTimeline(trx, {
    ...entry,
    actor: SYSTEM_ACTOR,
    action: 'link',
    from: 'submitted',
    to: 'supporting',
    note: `Mendukung laporan ${target.tracking_id}`,
  });
  await emitSupported(ctx, trx, {
    tenant,
    target,
    supporterTrackingId: inserted.tracking_id,
    category: made.category,
    linked: true,
    now,
  });
  return inserted.tracking_id;
}

export function socialSupportConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, ComplaintsDB>({
    name: SOCIAL_SUPPORT_CONSUMER,
    catalog: eventCatalog,
    // the supported report may still be on its way through the other consumer: wait up to ~8 minutes
    maxDeliveries: 10,
    retryDelayMs: (n) => Math.min(1000 * 2 ** (n - 1), 60_000),
    handlers: {
      'sinergi.social-intake.post.duplicate-attached.v1': async (event, trx) => {
        await recordSocialSupport(ctx, trx, event);
      },
    },
  });
}
