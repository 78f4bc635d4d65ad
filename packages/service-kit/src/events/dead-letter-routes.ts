/**
 * The operators' view of parked events: list a region's dead letters and run one through its
 * handler again. Registered by the kit for every service that has consumers.
 */
import type { Transaction } from 'kysely';
import { z } from 'zod';
import type { Catalog } from '@sinergi/contracts';
import type { ServiceDatabase } from '../db/database.js';
import type { KitTables } from '../db/kit-tables.js';
import type { App } from '../http/app.js';
import { requireRoles } from '../http/auth.js';
import { kitProblems } from '../problems/kit.js';
import type { EventConsumer } from './consumer.js';

const DeadLetter = z.object({
  id: z.string(),
  consumer: z.string(),
  eventId: z.string(),
  type: z.string().nullable(),
  error: z.string(),
  deliveries: z.number(),
  parkedAt: z.string(),
  replayAttempts: z.number(),
});

export function deadLetterRoutes<DB>(
  app: App,
  db: ServiceDatabase<DB>,
  consumers: readonly EventConsumer<Catalog, DB>[],
): void {
  if (consumers.length === 0) return;
  const admin = { preHandler: requireRoles('admin'), schema: { tags: ['operations'], security: [{ bearerAuth: [] }] } };
  const kit = (trx: unknown) => trx as Transaction<KitTables>;

  app.get(
    '/v1/admin/dead-letters',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Events a consumer gave up on, for this region',
        response: { 200: z.object({ items: z.array(DeadLetter) }) },
      },
    },
    async (request) => {
      const rows = await db.withTenant(request.tenant, (trx) =>
        kit(trx).selectFrom('dead_letter').selectAll().orderBy('parked_at', 'desc').limit(500).execute(),
      );
      return {
        items: rows.map((r) => ({
          id: r.id,
          consumer: r.consumer,
          eventId: r.event_id,
          type: r.type,
          error: r.error,
          deliveries: r.deliveries,
          parkedAt: r.parked_at.toISOString(),
          replayAttempts: r.replay_attempts,
        })),
      };
    },
  );

  app.post(
    '/v1/admin/dead-letters/:id/replay',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Run a parked event through its handler again',
        params: z.object({ id: z.uuid() }),
        response: { 200: z.object({ replayed: z.boolean(), error: z.string().optional() }) },
      },
    },
    async (request) => {
      const row = await db.withTenant(request.tenant, (trx) =>
        kit(trx).selectFrom('dead_letter').select(['consumer']).where('id', '=', request.params.id).executeTakeFirst(),
      );
      const consumer = row && consumers.find((c) => c.def.name === row.consumer);
      if (!consumer) throw kitProblems.dead_letter_not_found('There is no such dead letter in this region.');
      return consumer.replay(request.params.id, request.tenant);
    },
  );
}
