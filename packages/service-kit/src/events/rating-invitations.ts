/**
 * official-rating's invitations, kept by the service whose transaction is rated (complaints for a
 * closed report, licensing for a decided application) so that its citizen finds the link in their
 * own view. One helper for the table, the consumer and the read.
 *
 * The invitation's `url` carries a bearer token: whoever holds it can rate in the citizen's name.
 * It lives in its own table, which only the citizen's own view reads (`read`): never public or staff
 * views, lists, exports, events or logs. One row per owner (report, application): the kit's inbox
 * makes a redelivery a no-op, and the primary key keeps a second invitation for the same owner to
 * one row, the one that expires last (a reissued invitation replaces an older one; a stale event
 * never replaces a newer one).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { eventCatalog, type EventCatalog, type RatedTransaction } from '@sinergi/contracts';
import type { KitTables } from '../db/kit-tables.js';
import { enableTenantRls } from '../db/migrate.js';
import { defineConsumer, type ConsumerDefinition } from './consumer.js';

export const RATING_INVITATION_TABLE = 'rating_invitation';

export interface RatingInvitationOptions {
  /** The rated system as official-rating names it: only its invitations are kept. */
  system: RatedTransaction['system'];
  /** The owning table and the column of its id here, e.g. `{ table: 'report', column: 'report_id' }`. */
  owner: { table: string; column: string };
}

export interface RatingInvitation {
  url: string;
  expiresAt: string;
}

export interface RatingConsumerOptions<DB> {
  /** Durable consumer name, e.g. `complaints-rating-invitations`. */
  name: string;
  logger: Pick<Logger, 'warn'>;
  /** The owner's id for the transaction id official-rating sent, or undefined when there is none. */
  findOwner: (trx: Transaction<DB & KitTables>, transactionId: string) => Promise<string | undefined>;
}

// the table's name and columns come from the service's code, never from a request
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyTrx = Transaction<any>;

export function ratingInvitations(opts: RatingInvitationOptions) {
  const ownerColumn = sql.ref(opts.owner.column);
  return {
    /** The migration step: the table behind row-level security. */
    async createTable(db: Kysely<unknown>): Promise<void> {
      await sql`
        create table rating_invitation (
          ${ownerColumn} uuid primary key references ${sql.table(opts.owner.table)} (id),
          tenant_id text not null,
          invitation_id uuid not null,
          url text not null,
          expires_at timestamptz not null,
          received_at timestamptz not null default now()
        )`.execute(db);
      await enableTenantRls(db, RATING_INVITATION_TABLE);
    },

    /** The consumer of `invitation.created` that stores this system's invitations. */
    consumer<DB>(c: RatingConsumerOptions<DB>): ConsumerDefinition<EventCatalog, DB> {
      return defineConsumer<EventCatalog, DB>({
        name: c.name,
        catalog: eventCatalog,
        handlers: {
          'sinergi.official-rating.invitation.created.v1': async (event, trx) => {
            const d = event.data;
            if (d.transaction.system !== opts.system) return;
            const ownerId = await c.findOwner(trx, d.transaction.id);
            if (!ownerId) {
              // an id we do not know will not become known by retrying: acknowledge and say so (never the url)
              c.logger.warn(
                {
                  eventId: event.id,
                  tenant: event.tenant,
                  invitationId: d.invitationId,
                  transactionId: d.transaction.id,
                },
                `rating invitation for an unknown ${opts.owner.table}; ignored`,
              );
              return;
            }
            await sql`
              insert into rating_invitation (${ownerColumn}, tenant_id, invitation_id, url, expires_at)
              values (${ownerId}, ${event.tenant}, ${d.invitationId}, ${d.url}, ${new Date(d.expiresAt)})
              on conflict (${ownerColumn}) do update
                 set invitation_id = excluded.invitation_id, url = excluded.url, expires_at = excluded.expires_at, received_at = now()
               where excluded.expires_at > rating_invitation.expires_at`.execute(trx as AnyTrx);
          },
        },
      });
    },

    /** The owner's invitation, for the citizen's own view only; null before official-rating sent one. */
    async read<DB>(trx: Transaction<DB>, ownerId: string): Promise<RatingInvitation | null> {
      const r = await sql<{ url: string; expires_at: Date }>`
        select url, expires_at from rating_invitation where ${ownerColumn} = ${ownerId}`.execute(trx as AnyTrx);
      const row = r.rows[0];
      return row ? { url: row.url, expiresAt: row.expires_at.toISOString() } : null;
    },
  };
}
