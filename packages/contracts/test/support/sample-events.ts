import { z } from 'zod';
import { defineCatalog, defineEvent, GeoPoint, Rupiah, UnitCode } from '../../src/index.js';

/** Sample events for tests only; the product's events live in src/events/catalog.ts. */
export const reportSubmitted = defineEvent({
  service: 'complaints',
  aggregate: 'report',
  name: 'submitted',
  version: 1,
  description: 'A citizen submitted a complaint report.',
  data: z.object({
    trackingId: z.string().min(1),
    category: z.string(),
    location: GeoPoint.nullable(),
    reporterPhone: z.string().optional(),
  }),
});

export const activityApproved = defineEvent({
  service: 'budgeting',
  aggregate: 'activity',
  name: 'approved',
  version: 2,
  description: 'TAPD approved the budget of an activity.',
  data: z.object({ unit: UnitCode, ceiling: Rupiah, lines: z.array(z.object({ code: z.string(), amount: Rupiah })) }),
});

export const pingSent = defineEvent({
  service: 'test-svc',
  aggregate: 'ping',
  name: 'sent',
  version: 1,
  description: 'A sample event of a service that is not part of the product.',
  data: z.object({ n: z.number().int().min(0), kind: z.enum(['a', 'b']) }),
});

export const sampleCatalog = defineCatalog([reportSubmitted, activityApproved, pingSent]);
