/**
 * Reports from social media: social-intake's "complaint detected" event becomes a report with
 * channel `social` and the post as its source reference. The kit's inbox makes a redelivered
 * event a no-op, and the unique (tenant, source) reference makes the same post arriving as two
 * different events still one report.
 */
import { eventCatalog, findCategory, isInIndonesiaBounds, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { ComplaintsDB } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { recordSubmission } from '../reports/submission.js';

export const FALLBACK_CATEGORY = 'lainnya';

export function socialIntakeConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, ComplaintsDB>({
    name: 'complaints-social-intake',
    catalog: eventCatalog,
    handlers: {
      'sinergi.social-intake.post.complaint-detected.v1': async (event, trx) => {
        const d = event.data;
        const profile = ctx.region(event.tenant);
        const category =
          d.category && findCategory(profile, d.category)
            ? d.category
            : (profile.complaintCategories.find((c) => c.code === FALLBACK_CATEGORY)?.code ??
              profile.complaintCategories[0]?.code);
        if (!category) throw new Error(`region ${event.tenant} has no complaint categories`);
        const text = d.text.trim();
        await recordSubmission(ctx, trx, {
          tenant: event.tenant,
          actor: { kind: 'reporter', id: `social-intake:${d.postId}` },
          input: {
            type: 'pengaduan',
            category,
            // social-intake cuts its title at a sentence or phrase boundary (never after "Jl."); older events have none
            title: d.title ?? titleFrom(text),
            description: text,
            // a platform's geo can be anywhere (a citizen abroad): keep it only inside Indonesia
            location: d.location && isInIndonesiaBounds(d.location) ? d.location : undefined,
            address: d.address ?? undefined,
            districtCode: d.districtCode ?? undefined,
            villageCode: d.villageCode ?? undefined,
            // the author is known only to social-intake, which answers on the same channel
            anonim: true,
            rahasia: false,
            channel: 'social',
            // the post's own time starts the clock, not when triage let it through
            receivedAt: new Date(d.postedAt),
            receivedAtFallsBack: true,
            source: { system: `social-intake:${d.channel}`, id: d.externalId, ...(d.url ? { url: d.url } : {}) },
          },
        });
      },
    },
  });
}

/** First sentence or 80 characters of the post, on a word boundary. */
export function titleFrom(text: string): string {
  const firstSentence = text.split(/(?<=[.!?])\s/)[0]!.trim();
  const candidate =
    firstSentence.length >= 5 && firstSentence.length <= 80 ? firstSentence : text.slice(0, 80).replace(/\s+\S*$/, '');
  return candidate.length >= 5 ? candidate : text.slice(0, 80);
}
