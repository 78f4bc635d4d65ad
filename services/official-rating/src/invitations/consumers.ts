/**
 * Invitations from the other services' transactions. The kit's inbox makes a redelivered event a
 * no-op; the unique transaction key makes the same transaction arriving in two events one invitation.
 */
import { eventCatalog, type EventCatalog } from '@sinergi/contracts';
import { defineConsumer } from '@sinergi/service-kit';
import type { OfficialRatingDB } from '../db/schema.js';
import type { Ctx } from '../context.js';
import { saveServiceTypeName } from './repository.js';
import { createInvitation, knownOfficial } from './service.js';

/** The service type of every complaint: handling of complaints (penanganan pengaduan). */
export const COMPLAINT_SERVICE_TYPE = 'pengaduan';

export function complaintsConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, OfficialRatingDB>({
    name: 'official-rating-complaints',
    catalog: eventCatalog,
    handlers: {
      'sinergi.complaints.report.closed.v1': async (event, trx) => {
        const d = event.data;
        // not our authority: no unit of this region served the citizen
        if (d.unit === null || d.reason === 'not-authority') return;
        await createInvitation(ctx, trx, {
          tenant: event.tenant,
          transaction: { system: 'complaints', id: d.trackingId },
          unit: d.unit,
          serviceType: COMPLAINT_SERVICE_TYPE,
          official: null,
          source: d.source,
          createdBy: `event:${event.id}`,
          at: new Date(d.at),
        });
      },
    },
  });
}

export function licensingConsumer(ctx: Ctx) {
  return defineConsumer<EventCatalog, OfficialRatingDB>({
    name: 'official-rating-licensing',
    catalog: eventCatalog,
    handlers: {
      'sinergi.licensing.application.decided.v1': async (event, trx) => {
        const d = event.data;
        if (d.permitTypeName !== undefined)
          await saveServiceTypeName(trx, {
            tenant_id: event.tenant,
            service_type: d.permitType,
            name: d.permitTypeName,
            named_at: new Date(d.at),
          });
        await createInvitation(ctx, trx, {
          tenant: event.tenant,
          transaction: { system: 'licensing', id: d.registrationNumber },
          unit: d.unit,
          serviceType: d.permitType,
          official: knownOfficial(ctx.directory.get(event.tenant), d.unit, d.official),
          source: null,
          createdBy: `event:${event.id}`,
          at: new Date(d.at),
        });
      },
    },
  });
}
