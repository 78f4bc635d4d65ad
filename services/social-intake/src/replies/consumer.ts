/**
 * Complaints' events about reports that came from our posts become replies on the post's channel.
 * Each handler runs in the kit's consumer transaction (with the inbox record), and the outbound row
 * is unique on (post, kind, tracking id): a redelivered or re-emitted event never makes a second
 * message. The row is only queued here; the sender (sender.ts) makes the platform call.
 */
import { eventCatalog, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { SocialIntakeDB } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { applyReportPrivacy, queueReply } from './use-cases.js';

export const REPLY_CONSUMER = 'social-intake-complaints';

/** The consumer of complaints' report events (registered in app.ts). */
export function replyConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, SocialIntakeDB>({
    name: REPLY_CONSUMER,
    catalog: eventCatalog,
    handlers: {
      'sinergi.complaints.report.submitted.v1': async (event, trx) => {
        await queueReply(trx, {
          tenant: event.tenant,
          source: event.data.source,
          trackingId: event.data.trackingId,
          kind: 'received',
          status: 'submitted',
          humanDecided: false,
          setTrackingId: { trackingUrl: ctx.config.REPORT_TRACKING_URL },
        });
      },
      'sinergi.complaints.report.followed-up.v1': async (event, trx) => {
        await queueReply(trx, {
          tenant: event.tenant,
          source: event.data.source,
          trackingId: event.data.trackingId,
          kind: 'followed-up',
          status: 'followed-up',
          humanDecided: true,
        });
      },
      'sinergi.complaints.report.closed.v1': async (event, trx) => {
        const d = event.data;
        await queueReply(trx, {
          tenant: event.tenant,
          source: d.source,
          trackingId: d.trackingId,
          kind: 'closed',
          status: 'closed',
          humanDecided: d.reason !== 'auto',
        });
      },
      'sinergi.complaints.report.privacy-changed.v1': async (event, trx) => {
        await applyReportPrivacy(trx, { tenant: event.tenant, source: event.data.source, rahasia: event.data.rahasia });
      },
      'sinergi.complaints.report.status-changed.v1': async (event, trx) => {
        const d = event.data;
        if (d.to !== 'deferred') return;
        await queueReply(trx, {
          tenant: event.tenant,
          source: d.source,
          trackingId: d.trackingId,
          kind: 'needs-information',
          status: 'deferred',
          humanDecided: true,
        });
      },
    },
  });
}
